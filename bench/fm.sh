#!/usr/bin/env bash
# Factorization machines, sparkgrad against Spark MLlib's FMClassifier on the same cached rows in
# one process, local[2] (issue 21):
#
#   bench/fm.sh                         # 300,000 rows x 2^20 hashed features, 40 stored per row, factorSize 8
#   bench/fm.sh 300000 1048576 40 30 0.01   # rows, features, stored per row, iterations, adamW step size
#
# BENCH_PARTITIONS (default 2, one per core) partitions for both. Builds first; prints the seconds per
# pass, the time to MLlib's final training loss, and the sparkgrad / MLlib ratios. Not part of the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl bench -am package -DskipTests dependency:build-classpath -Dmdep.includeScope=compile \
    -Dmdep.outputFile=target/spark-classpath.txt
FLAGS=$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' spark-jobs/pom.xml)
export SPARK_LOCAL_IP=127.0.0.1
# shellcheck disable=SC2086 # FLAGS, BENCH_JAVA_OPTS: lists of JVM flags
exec java -Xmx${BENCH_HEAP:-12g} -Dbench.partitions=${BENCH_PARTITIONS:-2} ${BENCH_JAVA_OPTS:-} $FLAGS \
    -Dlog4j2.configurationFile="file:conf/log4j2.properties" \
    -cp "bench/target/classes:$(cat bench/target/spark-classpath.txt)" io.sparkgrad.bench.FmComparison "$@"
