#!/usr/bin/env bash
# Factorization machines, sparkgrad against Spark MLlib's FMClassifier on the same cached rows in
# one process, local[2] (issue 21):
#
#   bench/fm.sh                         # 300,000 rows x 2^20 hashed features, 40 stored per row, factorSize 8
#   bench/fm.sh 300000 1048576 40 30 0.01   # rows, features, stored per row, iterations, adamW step size
#
# BENCH_PARTITIONS (default 2, one per core) partitions for both. Builds first; prints the seconds per
# pass, the time to MLlib's final training loss, and the sparkgrad / MLlib ratios. Not part of the tests.
#
#   bench/fm.sh hashed10 [rows] [iterations]   # default 50000 15
#
# The issue's other target, with nothing to compare against (MLlib's FMClassifier is binary only):
# a 10-class FM (factorSize 8, lbfgs) on rows x 2^20 hashed features, 40 raw counts (1..10^4) stored
# per row, no scaling (data.standardize = false). Writes the table once (bench/fm_hashed_counts.py)
# under BENCH_DIR (default /tmp/sparkgrad-bench-fm), trains it with TrainJob in one JVM, local[2], with
# -Xmx$BENCH_HEAP (default 10g), and prints the losses (every one finite), the seconds per iteration and
# the heap the JVM held after its largest collection (from its GC log).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl bench -am package -DskipTests dependency:build-classpath -Dmdep.includeScope=compile \
    -Dmdep.outputFile=target/spark-classpath.txt
FLAGS=$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' spark-jobs/pom.xml)
export SPARK_LOCAL_IP=127.0.0.1
if [[ "${1:-}" == "hashed10" ]]; then
    rows=${2:-50000}
    iterations=${3:-15}
    dir=${BENCH_DIR:-/tmp/sparkgrad-bench-fm}
    mkdir -p "$dir"
    data="$dir/hashed10-$rows.libsvm"
    [[ -s "$data" ]] || python3 bench/fm_hashed_counts.py "$data" "$rows" 1048576 40 10 7
    cat > "$dir/hashed10.conf" <<EOF_CONF
data { path = "$data", format = libsvm, numFeatures = 1048576, standardize = false, validationFraction = 0.2, seed = 7 }
model { type = fm, classes = 10, factorSize = 8, initStd = 0.01 }
optimizer { type = lbfgs }
training { maxIterations = $iterations, tolerance = 0, partitions = 2, seed = 7 }
output { path = "$dir/out-hashed10", overwrite = true }
EOF_CONF
    rm -f "$dir/gc.log"
    start=$(date +%s)
    # shellcheck disable=SC2086 # FLAGS, BENCH_JAVA_OPTS: lists of JVM flags
    java -Xmx${BENCH_HEAP:-10g} -Xlog:gc:file="$dir/gc.log" -Dspark.master='local[2]' ${BENCH_JAVA_OPTS:-} $FLAGS \
        -Dlog4j2.configurationFile="file:conf/log4j2.properties" \
        -cp "bench/target/classes:$(cat bench/target/spark-classpath.txt)" io.sparkgrad.spark.TrainJob "$dir/hashed10.conf"
    echo "== 10-class fm, $rows rows x 2^20 hashed raw counts, heap -Xmx${BENCH_HEAP:-10g}: $(( $(date +%s) - start )) s in all =="
    python3 - "$dir" <<'EOF_PY'
import json, math, re, sys
d = sys.argv[1]
its = [json.loads(l) for l in open(d + "/out-hashed10/metrics.jsonl")]
s = json.load(open(d + "/out-hashed10/summary.json"))
losses = [m["loss"] for m in its]
print("losses (train objective) per iteration:", " ".join("%.6g" % v for v in losses))
print("every loss finite:", all(math.isfinite(v) for v in losses), "| non-increasing:",
      all(b <= a for a, b in zip(losses, losses[1:])))
print("iterations %d, train %.1f s, median %.2f s per iteration, %d passes" % (s["iterations"], s["trainSeconds"],
      s["medianSecondsPerIteration"], sum(m["passes"] for m in its)))
print("train", s["train"], "| validation", s["validation"])
peak = max(int(m.group(2)) for m in (re.search(r"(\d+)M->(\d+)M", l) for l in open(d + "/gc.log")) if m)
print("largest heap after a collection: %d MB" % peak)
EOF_PY
    exit 0
fi
# shellcheck disable=SC2086 # FLAGS, BENCH_JAVA_OPTS: lists of JVM flags
exec java -Xmx${BENCH_HEAP:-12g} -Dbench.partitions=${BENCH_PARTITIONS:-2} ${BENCH_JAVA_OPTS:-} $FLAGS \
    -Dlog4j2.configurationFile="file:conf/log4j2.properties" \
    -cp "bench/target/classes:$(cat bench/target/spark-classpath.txt)" io.sparkgrad.bench.FmComparison "$@"
