#!/usr/bin/env bash
# Runs the engine's JMH benchmarks and the same shapes in numpy / PyTorch, alternately in one run
# (engine, reference, engine, reference: ROUNDS=2 times each), and prints engine / reference
# ratios of the best 1-second round of each side, so that both see the same spells of load on a
# shared machine. Single-threaded float64 on both sides.
#
#   bench/compare.sh                 # everything (about 6 minutes)
#   bench/compare.sh MatmulBench     # a JMH include pattern: only those engine benchmarks
#   ROUNDS=1 bench/compare.sh        # one run of each side (about 3 minutes)
#
# Python: $PYTHON, default /usr/bin/python3 with Debian's python3-numpy and python3-torch.
# Results are kept in bench/target/compare/ (jmh-N.json, reference-N.json, report.md).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-/usr/bin/python3}"
OUT=bench/target/compare
ROUNDS="${ROUNDS:-2}"

mvn -q -B -pl bench -am package -DskipTests
rm -rf "$OUT"
mkdir -p "$OUT"

{
    echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
    echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar io.sparkgrad.bench.KernelInfo
} > "$OUT/header.txt" 2>/dev/null

JMH=()
REF=()
for round in $(seq 1 "$ROUNDS"); do
    java -jar bench/target/benchmarks.jar -rf json -rff "$OUT/jmh-$round.json" "$@"
    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 "$PYTHON" bench/reference.py > "$OUT/reference-$round.json"
    JMH+=("$OUT/jmh-$round.json")
    REF+=("$OUT/reference-$round.json")
done

{
    cat "$OUT/header.txt"
    echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    "$PYTHON" bench/reference.py --report "${JMH[@]}" -- "${REF[@]}"
} | tee "$OUT/report.md"
