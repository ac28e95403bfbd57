#!/usr/bin/env bash
# sparkgrad against Spark MLlib on the same cached data in one process, local[2]:
#
#   bench/mllib.sh                      # issue 10: 200,000 x 100 dense rows, and the fixed cost on 1,000 x 10
#   bench/mllib.sh dense 400000 50      # other sizes
#   bench/mllib.sh sparse               # issue 13: 1,000,000 rows x 2^20 features, 40 stored per row
#   bench/mllib.sh sparse 200000 1048576 40
#   bench/mllib.sh wide                 # issue 19: 320,000 rows x 2^22 binary features, 40 stored per row, libsvm,
#                                       # 32 partitions: per pass vs MLlib per-iteration job, vs compute-only, bytes
#   bench/mllib.sh wide --quick         # 40,000 x 2^20 x 40 in 8 partitions, for trying things
#   bench/mllib.sh wide --huge          # 640,000 x 2^24 x 40 in 64 partitions, and 12 iterations of the job's L-BFGS
#                                       # (run it with BENCH_HEAP=12g: the issue's -Xmx12g)
#   bench/wide-cluster.sh               # the wide case on a standalone cluster on 127.0.0.1 (two workers), beside local[2]
#   bench/mllib.sh lbfgs [n]            # the engine's L-BFGS alone at n = 2^24 parameters, history 10: heap, memory speed
#   bench/mllib.sh linear               # issue 20: elastic-net logistic and linear, LinearSVC, Huber, Poisson GLM; 200,000 x 100
#   bench/mllib.sh linear 400000 50
#
# Both tools train on the same cached data in the same partitions: BENCH_PARTITIONS (default 2, one
# per core). Builds first; prints each figure and the sparkgrad / MLlib ratio. Not part of the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
# one reactor build, so the engine and spark-jobs resolve from it (scope compile includes provided: Spark, MLlib)
mvn -q -B -pl bench -am package -DskipTests dependency:build-classpath -Dmdep.includeScope=compile \
    -Dmdep.outputFile=target/spark-classpath.txt
FLAGS=$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' spark-jobs/pom.xml)
MAIN=io.sparkgrad.bench.MllibComparison
if [[ "${1:-}" == "sparse" ]]; then
    MAIN=io.sparkgrad.bench.SparseComparison
    shift
elif [[ "${1:-}" == "wide" ]]; then
    MAIN=io.sparkgrad.bench.WideComparison
    shift
elif [[ "${1:-}" == "lbfgs" ]]; then
    MAIN=io.sparkgrad.bench.LbfgsMemory
    shift
elif [[ "${1:-}" == "linear" ]]; then
    MAIN=io.sparkgrad.bench.LinearFamilyComparison
    shift
elif [[ "${1:-}" == "dense" ]]; then
    shift
fi
export SPARK_LOCAL_IP=127.0.0.1
# shellcheck disable=SC2086 # FLAGS is a list of JVM flags
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS: extra JVM options, e.g. -Xlog:gc
exec java -Xmx${BENCH_HEAP:-14g} ${BENCH_PARTITIONS:+-Dbench.partitions=$BENCH_PARTITIONS} ${BENCH_JAVA_OPTS:-} $FLAGS -Dlog4j2.configurationFile="file:conf/log4j2.properties" \
    -cp "bench/target/classes:$(cat bench/target/spark-classpath.txt)" "$MAIN" "$@"
