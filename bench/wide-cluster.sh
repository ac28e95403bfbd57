#!/usr/bin/env bash
# Issue 19, item 6: `bench/mllib.sh wide` on a standalone cluster on 127.0.0.1, so that gradients and θ cross a real
# network stack (executors are JVMs of their own), beside the same run in local[2]:
#
#   bench/wide-cluster.sh [--quick] [rows dim stored]   # default 320,000 x 2^22 x 40 in 32 partitions
#   BENCH_LOCAL=0 bench/wide-cluster.sh                 # the cluster run alone
#
# The cluster is the reliability suite's (StandaloneClusterTest): a Master and two Workers of one core each, started
# from the project's own classpath with a $SPARK_HOME whose jars/ links that classpath's jars; this script's JVM is the
# driver. Every process it starts is stopped by its PID when it exits (the Workers' executors first).
# BENCH_HEAP (driver, default 6g) and BENCH_EXECUTOR_MEMORY (each executor, default 4g) size the JVMs.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl bench -am package -DskipTests dependency:build-classpath -Dmdep.includeScope=compile \
    -Dmdep.outputFile=target/spark-classpath.txt
FLAGS=$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' spark-jobs/pom.xml)
CP="bench/target/classes:$(cat bench/target/spark-classpath.txt)"
EXECUTOR_MEMORY=${BENCH_EXECUTOR_MEMORY:-4g}
export SPARK_LOCAL_IP=127.0.0.1

local_out=""
if [[ "${BENCH_LOCAL:-1}" != 0 ]]; then
    local_out=$(mktemp /tmp/sparkgrad-wide-local.XXXXXX)
    echo "== the same rows in local[2] first =="
    BENCH_HEAP=${BENCH_LOCAL_HEAP:-10g} bench/mllib.sh wide "$@" | tee "$local_out"
fi

work=$(mktemp -d /tmp/sparkgrad-cluster.XXXXXX)
mkdir -p "$work/spark-home/jars" "$work/logs"
echo "sparkgrad bench cluster" > "$work/spark-home/RELEASE"
dirs=()
IFS=: read -r -a entries <<< "$CP"
for e in "${entries[@]}"; do
    if [[ "$e" == *.jar && -f "$e" ]]; then
        ln -sf "$(realpath "$e")" "$work/spark-home/jars/"
    elif [[ -d "$e" ]]; then
        dirs+=("$(realpath "$e")")
    fi
done
export SPARK_HOME="$work/spark-home" SPARK_SCALA_VERSION=2.13

pids=()
stop() {
    # the Workers' children (executor JVMs) first, then Workers and Master, each by its PID
    for p in "${pids[@]}"; do
        for c in $(pgrep -P "$p" || true); do kill "$c" 2>/dev/null || true; done
    done
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap stop EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
ui=$(free_port)
# shellcheck disable=SC2086 # FLAGS is a list of JVM flags
java -Xmx512m $FLAGS -cp "$CP" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" \
    --webui-port "$ui" > "$work/logs/master.log" 2>&1 &
pids+=($!)
for w in 1 2; do
    # shellcheck disable=SC2086
    java -Xmx512m $FLAGS -cp "$CP" org.apache.spark.deploy.worker.Worker "spark://127.0.0.1:$port" --host 127.0.0.1 \
        --cores 1 --memory "$EXECUTOR_MEMORY" --webui-port "$(free_port)" --work-dir "$work/work$w" \
        > "$work/logs/worker$w.log" 2>&1 &
    pids+=($!)
done
for _ in $(seq 1 360); do
    if python3 - "$ui" <<'EOF' 2>/dev/null; then break; fi
import json, sys, urllib.request
state = json.load(urllib.request.urlopen("http://127.0.0.1:%s/json/" % sys.argv[1], timeout=2))
sys.exit(0 if state.get("aliveworkers") == 2 else 1)
EOF
    sleep 0.5
done
echo "== standalone cluster spark://127.0.0.1:$port: 2 workers x 1 core, executors of $EXECUTOR_MEMORY (logs in $work/logs) =="
cluster_out="$work/driver.out"
# shellcheck disable=SC2086
java -Xmx${BENCH_HEAP:-6g} $FLAGS -Dlog4j2.configurationFile="file:conf/log4j2.properties" \
    -Dbench.master="spark://127.0.0.1:$port" -Dbench.data="$PWD/bench/data" \
    -Dspark.executor.memory="$EXECUTOR_MEMORY" -Dspark.executor.cores=1 -Dspark.cores.max=2 \
    -Dspark.executor.extraClassPath="$(IFS=:; echo "${dirs[*]}")" -Dspark.executor.extraJavaOptions="$FLAGS" \
    ${BENCH_PARTITIONS:+-Dbench.partitions=$BENCH_PARTITIONS} ${BENCH_JAVA_OPTS:-} \
    -cp "$CP" io.sparkgrad.bench.WideComparison "$@" | tee "$cluster_out"

echo
echo "== per pass against MLlib's per-iteration job, each measured in its own run =="
if [[ -n "$local_out" ]]; then
    grep -E "^seconds per pass|^MB shipped" "$local_out" | sed 's/^/local[2]:              /'
fi
grep -E "^seconds per pass|^MB shipped" "$cluster_out" | sed 's/^/standalone 127.0.0.1:  /'
