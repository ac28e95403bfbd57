#!/usr/bin/env bash
# Runs a sparkgrad job.
#
#   ./submit.sh CONFIG [--set key=value]... [-- spark-submit options...]
#   ./submit.sh --class io.sparkgrad.spark.PredictJob JOB ARGS... [-- spark-submit options...]
#
# Builds the application jar first when it is missing or older than any source. Then uses
# $SPARK_HOME/bin/spark-submit, or a spark-submit on the PATH, when there is one; otherwise runs
# the embedded Spark (the Maven-resolved jars) in local[*] through
# org.apache.spark.deploy.SparkSubmit. Paths in CONFIG are resolved against the directory this is
# started from (normally the repository root). The exit status is the job's.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODULE="$ROOT/spark-jobs"
MAIN_CLASS="io.sparkgrad.spark.TrainJob"

usage() {
    cat <<'EOF_USAGE'
usage: ./submit.sh CONFIG [--set key=value]... [-- spark-submit options...]
       ./submit.sh --class io.sparkgrad.spark.PredictJob --model DIR --input PATH --output DIR [...] [-- ...]

Runs a sparkgrad job: TrainJob on CONFIG (a HOCON file, e.g. conf/breast-cancer.conf), or the
class given with --class. Builds the application jar first when it is missing or older than any
source. Uses $SPARK_HOME/bin/spark-submit or a spark-submit on the PATH when there is one;
otherwise runs an embedded Spark in local[*] (its UI at http://localhost:4040 while the job runs).
Options after -- go to spark-submit.

  ./submit.sh conf/digits.conf --set training.maxIterations=50
  ./submit.sh --class io.sparkgrad.spark.TrainJob --help      the job's own options
  ./submit.sh --class io.sparkgrad.spark.PredictJob --help

Every configuration key, its default and its range: conf/README.md
Exit status: the job's (0 success, 2 a configuration or command-line problem, 1 anything else).
EOF_USAGE
}

if [[ $# -ge 1 && ( "$1" == "--help" || "$1" == "-h" ) ]]; then
    usage
    exit 0
fi
if [[ $# -ge 2 && "$1" == "--class" ]]; then
    MAIN_CLASS="$2"
    shift 2
elif [[ $# -lt 1 || "$1" == -* ]]; then
    usage >&2
    exit 2
fi

JOB_ARGS=()
SPARK_OPTS=()
while [[ $# -gt 0 ]]; do
    if [[ "$1" == "--" ]]; then
        shift
        SPARK_OPTS=("$@")
        break
    fi
    JOB_ARGS+=("$1")
    shift
done

# Runs a command in the repository root; its output is shown only when it fails.
quietly() {
    local log
    log="$(mktemp)"
    if ! (cd "$ROOT" && "$@") >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        echo "error: '$*' failed" >&2
        exit 1
    fi
    rm -f "$log"
}

# --- build when the jar is missing or stale ----------------------------------------------------
jar_path() {
    ls "$MODULE"/target/sparkgrad-spark-jobs-*.jar 2>/dev/null | grep -v -e '-sources' -e '-tests' -e 'original-' | head -n 1 || true
}
JAR="$(jar_path)"
stale=""
if [[ -z "$JAR" ]]; then
    stale="missing"
else
    newer="$(find "$ROOT/pom.xml" "$ROOT/engine/pom.xml" "$ROOT/engine/src/main" "$MODULE/pom.xml" "$MODULE/src/main" \
        -newer "$JAR" -type f -print -quit 2>/dev/null || true)"
    [[ -n "$newer" ]] && stale="older than $newer"
fi
if [[ -n "$stale" ]]; then
    if [[ "$stale" == "missing" ]]; then
        echo "submit.sh: building the application jar (none built yet; the first build downloads Spark's jars from" \
            "Maven Central and takes a few minutes)..." >&2
    else
        echo "submit.sh: rebuilding the application jar (it is $stale)..." >&2
    fi
    # Maven's incremental compiler does not notice an engine API change; recompiling this module
    # from scratch costs seconds and avoids a NoSuchMethodError at run time.
    rm -rf "$MODULE/target/classes"
    quietly mvn -q -B -pl spark-jobs -am package -DskipTests
    JAR="$(jar_path)"
    [[ -n "$JAR" ]] || { echo "error: build produced no jar in $MODULE/target" >&2; exit 1; }
fi

LOG_CONFIG="$ROOT/conf/log4j2.properties"

# --- a Spark installation: hand over to its spark-submit ---------------------------------------
SUBMIT=""
if [[ -n "${SPARK_HOME:-}" && -x "${SPARK_HOME}/bin/spark-submit" ]]; then
    SUBMIT="${SPARK_HOME}/bin/spark-submit"
elif command -v spark-submit >/dev/null 2>&1; then
    SUBMIT="$(command -v spark-submit)"
fi
if [[ -n "$SUBMIT" ]]; then
    if [[ -n "${JAVA_OPTS:-}" ]]; then
        # spark-submit starts the driver JVM itself: a heap given here would be silently ignored
        echo "submit.sh: JAVA_OPTS is not passed to $SUBMIT; give the driver's heap as its option instead," \
            "e.g. ./submit.sh CONFIG -- --driver-memory 10g" >&2
    fi
    exec "$SUBMIT" --class "$MAIN_CLASS" \
        --conf "spark.driver.extraJavaOptions=-Dlog4j2.configurationFile=file:$LOG_CONFIG" \
        ${SPARK_OPTS[@]+"${SPARK_OPTS[@]}"} "$JAR" ${JOB_ARGS[@]+"${JOB_ARGS[@]}"}
fi

# --- no installation: embedded Spark on the Maven-resolved jars, local[*] -----------------------
CLASSPATH_FILE="$MODULE/target/classpath.txt"
if [[ ! -s "$CLASSPATH_FILE" || "$ROOT/pom.xml" -nt "$CLASSPATH_FILE" || "$MODULE/pom.xml" -nt "$CLASSPATH_FILE" ]]; then
    echo "submit.sh: resolving the embedded Spark classpath..." >&2
    # compile (a no-op after the build above) lets Maven resolve the engine from the reactor;
    # scope "compile" here means compile + provided, i.e. Spark, Scala and Hadoop too.
    quietly mvn -q -B -pl spark-jobs -am compile dependency:build-classpath \
        -Dmdep.includeScope=compile -Dmdep.outputFile=target/classpath.txt
fi

# The --add-opens list Spark's own launcher passes on JDK 17.
JAVA_FLAGS=(
    -XX:+IgnoreUnrecognizedVMOptions
    --add-modules=jdk.incubator.vector
    --add-opens=java.base/java.lang=ALL-UNNAMED
    --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
    --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
    --add-opens=java.base/java.io=ALL-UNNAMED
    --add-opens=java.base/java.net=ALL-UNNAMED
    --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/java.util=ALL-UNNAMED
    --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
    --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
    --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
    --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
    --add-opens=java.base/sun.security.action=ALL-UNNAMED
    --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
    -Djdk.reflect.useDirectMethodHandle=false
    -Dio.netty.tryReflectionSetAccessible=true
    --enable-native-access=ALL-UNNAMED
)
# local mode needs no network: keep Spark on the loopback interface
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of flags by design
echo "submit.sh: running $MAIN_CLASS on an embedded Spark, local[*]; its UI is at http://localhost:4040 while the job runs" >&2
exec java ${JAVA_OPTS:-} "${JAVA_FLAGS[@]}" -Dlog4j2.configurationFile="file:$LOG_CONFIG" \
    -cp "$JAR:$(cat "$CLASSPATH_FILE")" org.apache.spark.deploy.SparkSubmit \
    --master 'local[*]' --class "$MAIN_CLASS" ${SPARK_OPTS[@]+"${SPARK_OPTS[@]}"} \
    "$JAR" ${JOB_ARGS[@]+"${JOB_ARGS[@]}"}
