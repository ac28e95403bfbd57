#!/usr/bin/env bash
# Runs the engine's JMH benchmarks and the same shapes in numpy / PyTorch, one after the other in
# one run, and prints engine / reference ratios. Single-threaded float64 on both sides.
#
#   bench/compare.sh                 # everything (about 6 minutes)
#   bench/compare.sh Matmul          # a JMH include pattern: only those engine benchmarks
#
# Python: $PYTHON, default /usr/bin/python3 with Debian's python3-numpy and python3-torch.
# Results are kept in bench/target/compare/ (jmh.json, reference.json, report.md).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-/usr/bin/python3}"
OUT=bench/target/compare

mvn -q -B -pl bench -am package -DskipTests
mkdir -p "$OUT"

{
    echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
    echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar io.sparkgrad.bench.KernelInfo
} > "$OUT/header.txt" 2>/dev/null

java -jar bench/target/benchmarks.jar -rf json -rff "$OUT/jmh.json" "$@"
OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 "$PYTHON" bench/reference.py > "$OUT/reference.json"

{
    cat "$OUT/header.txt"
    echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    "$PYTHON" bench/reference.py --report "$OUT/jmh.json" "$OUT/reference.json"
} | tee "$OUT/report.md"
