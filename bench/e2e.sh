#!/usr/bin/env bash
# From a file to a committed model, sparkgrad's job against a Java MLlib program, each a fresh
# process, alternating (issue 17). Not part of the tests; run it alone on the machine.
#
#   bench/e2e.sh parquet    1M x 50 Parquet: ./submit.sh bench/e2e.conf (logistic, l2 = 1e-3, no hold-out,
#                           to convergence) against VectorAssembler + LogisticRegression (regParam 1e-3,
#                           standardization) fit and save; and a plain decoding pass over the same table,
#                           spark.read.parquet(p).rdd().count(), against the job's read + pack; and the final
#                           evaluation against one training pass (the iterations' seconds over their passes)
#   bench/e2e.sh libsvm     320,000 rows x 2^22 features, 40 stored per row: the job's read + pack + evaluate
#                           (one iteration) against MLlib's read + cache + Spark ML's evaluators; then parse
#   bench/e2e.sh parse      the same file: Spark's libsvm reader, .rdd().count(), against LibsvmParser
#                           over Hadoop's text lines, alternately in one process
#   bench/e2e.sh scale      the parquet comparison at --rows and --big-rows (4M): how time grows with the rows
#   bench/e2e.sh data       only generate the tables (cached in bench/data/, or $E2E_DATA)
#   bench/e2e.sh all        parquet, libsvm, parse and scale
#
# Options (quick runs: --rows 100000 --libsvm-rows 40000 --big-rows 400000 --rounds 1):
#   --rows N (1000000) --features D (50) --big-rows N (4000000) --rounds R (2)
#   --libsvm-rows N (320000) --libsvm-features D (4194304) --libsvm-stored K (40)
# E2E_JAVA_OPTS: JVM options for both sides (default -Xmx8g: the job's statistics of 2^22 libsvm features
# do not fit the default heap's result store) and E2E_DRIVER_MEMORY (8g) when ./submit.sh hands over to a
# spark-submit on the PATH; E2E_NO_BUILD=1 skips the build.
# Every process's output is kept in bench/data/logs/. Prints each process's seconds, the ratio,
# both final objectives, and whatever phases the job logs ("sparkgrad: ... (x.x s)").
set -euo pipefail
cd "$(dirname "$0")/.."

WHAT=all
ROWS=1000000
FEATURES=50
BIG_ROWS=4000000
ROUNDS=2
LIBSVM_ROWS=320000
LIBSVM_DIM=4194304
LIBSVM_STORED=40
while [[ $# -gt 0 ]]; do
    case "$1" in
        parquet|libsvm|parse|scale|data|all) WHAT="$1" ;;
        --rows) ROWS="$2"; shift ;;
        --features) FEATURES="$2"; shift ;;
        --big-rows) BIG_ROWS="$2"; shift ;;
        --rounds) ROUNDS="$2"; shift ;;
        --libsvm-rows) LIBSVM_ROWS="$2"; shift ;;
        --libsvm-features) LIBSVM_DIM="$2"; shift ;;
        --libsvm-stored) LIBSVM_STORED="$2"; shift ;;
        *) sed -n '2,25p' "$0" >&2; exit 2 ;;
    esac
    shift
done
DATA="${E2E_DATA:-bench/data}"
LOGS="$DATA/logs"
mkdir -p "$LOGS"

if [[ -z "${E2E_NO_BUILD:-}" ]]; then
    # one reactor build: the bench classes, the job's jar (submit.sh then finds it fresh) and the classpath
    mvn -q -B -pl bench -am package -DskipTests dependency:build-classpath -Dmdep.includeScope=compile \
        -Dmdep.outputFile=target/spark-classpath.txt
fi
FLAGS=$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' spark-jobs/pom.xml)
export SPARK_LOCAL_IP=127.0.0.1

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

# the MLlib side, a fresh JVM each time
mllib() {
    # shellcheck disable=SC2086 # FLAGS and E2E_JAVA_OPTS are lists of JVM flags
    java ${E2E_JAVA_OPTS:--Xmx8g} $FLAGS -Dlog4j2.configurationFile="file:conf/log4j2.properties" \
        -cp "bench/target/classes:$(cat bench/target/spark-classpath.txt)" io.sparkgrad.bench.EndToEnd "$@"
}
# the job, as a user runs it
job() {
    # the heap both ways: JAVA_OPTS for submit.sh's embedded Spark, --driver-memory for a spark-submit on the PATH
    JAVA_OPTS="${E2E_JAVA_OPTS:--Xmx8g}" ./submit.sh bench/e2e.conf --set "output.path=$DATA/out-sparkgrad" "$@" \
        -- --driver-memory "${E2E_DRIVER_MEMORY:-8g}"
}
# seconds of the "e2e <what>: s" line of an MLlib log whose <what> starts with $2
e2e_value() { sed -n "s/^e2e $2[^:]*: \([0-9.]*\).*/\1/p" "$1" | head -n 1; }
# the job's phase lines: "  <seconds>  <what>"
phases() { sed -n 's/.*sparkgrad: \(.*\) (\([0-9.]*\) s)$/\2 \1/p' "$1" | awk '{ s = $1; $1 = ""; printf "      %6.1f s %.90s\n", s, $0 }'; }
# the sum of the job's phases whose description starts with one of the words given
phase_sum() {
    local log="$1"
    shift
    sed -n 's/.*sparkgrad: \(.*\) (\([0-9.]*\) s)$/\2 \1/p' "$log" |
        awk -v words="$*" 'BEGIN { n = split(words, w, " ") } { sub(/:$/, "", $2); for (i = 1; i <= n; i++) if ($2 == w[i]) s += $1 } END { printf "%.1f", s }'
}
objective() { sed -n 's/.*"finalObjective" *: *\([-0-9.eE+]*\).*/\1/p' "$DATA/out-sparkgrad/summary.json"; }
# one training pass of the job just run, "seconds passes": the median over its iterations of an iteration's
# seconds over its passes (metrics.jsonl), so the first iteration's JIT warm-up does not weigh on it; one line,
# newline-terminated, since `read` under `set -e` fails on a last line without one
training_pass() {
    sed -n 's/.*"passes" *: *\([0-9]*\).*"seconds" *: *\([0-9.eE+-]*\).*/\1 \2/p' "$DATA/out-sparkgrad/metrics.jsonl" |
        awk '$1 > 0 { t[++n] = $2 / $1; p += $1 }
             END {
                 if (n == 0) { printf "nan 0\n"; exit }
                 for (i = 2; i <= n; i++) { v = t[i]; for (j = i - 1; j >= 1 && t[j] > v; j--) t[j + 1] = t[j]; t[j + 1] = v }
                 m = (n % 2) ? t[(n + 1) / 2] : (t[n / 2] + t[n / 2 + 1]) / 2
                 printf "%.3f %d\n", m, p
             }'
}
READ_PACK_WORDS="opened read packed ingested counted spread"

parquet_table() {
    local rows="$1" out="$DATA/parquet-${1}x$FEATURES"
    if [[ ! -f "$out/_SUCCESS" ]]; then
        echo "generating $out ..." >&2
        ./submit.sh --class io.sparkgrad.spark.data.SyntheticData --rows "$rows" --features "$FEATURES" --output "$out" \
            --partitions 2 --overwrite > "$LOGS/generate-parquet-$rows.log" 2>&1 || failed "$LOGS/generate-parquet-$rows.log"
    fi
    echo "$out"
}
libsvm_file() {
    local out="$DATA/libsvm-${LIBSVM_ROWS}x${LIBSVM_DIM}x$LIBSVM_STORED.libsvm"
    if [[ ! -f "$out" ]]; then
        echo "generating $out ..." >&2
        mllib libsvm-data "$out" "$LIBSVM_ROWS" "$LIBSVM_DIM" "$LIBSVM_STORED" >&2 || exit 1
    fi
    echo "$out"
}

# a process failed: say which and stop
failed() {
    echo "error: a process failed; the end of its log $1:" >&2
    grep -v '^\s*at ' "$1" | tail -n 5 >&2
    exit 1
}

SUMMARY=()
say() { echo "$*"; SUMMARY+=("$*"); }

# one round of the parquet comparison at $1 rows; sets SG_SECONDS and ML_SECONDS
parquet_round() {
    local rows="$1" round="$2" table log t0 t1
    table=$(parquet_table "$rows")
    echo "== parquet $rows x $FEATURES, round $round =="
    log="$LOGS/sparkgrad-parquet-$rows-$round.log"
    t0=$(now); job --set "data.path=$table" --set data.format=parquet > "$log" 2>&1 || failed "$log"; t1=$(now)
    SG_SECONDS=$(elapsed "$t0" "$t1")
    SG_OBJECTIVE=$(objective)
    SG_READ_PACK=$(phase_sum "$log" $READ_PACK_WORDS)
    SG_EVALUATE=$(phase_sum "$log" evaluated)
    read -r SG_PASS SG_PASSES < <(training_pass)
    echo "  sparkgrad ./submit.sh: $SG_SECONDS s as a process, final objective $SG_OBJECTIVE; its phases:"
    phases "$log"
    log="$LOGS/mllib-parquet-$rows-$round.log"
    t0=$(now); mllib mllib-parquet "$table" "$DATA/out-mllib" > "$log" 2>&1 || failed "$log"; t1=$(now)
    ML_SECONDS=$(elapsed "$t0" "$t1")
    ML_OBJECTIVE=$(sed -n 's/^e2e objective: //p' "$log")
    echo "  MLlib pipeline: $ML_SECONDS s as a process, final objective $ML_OBJECTIVE ($(sed -n 's/^e2e iterations: //p' "$log")" \
        "iterations); Spark start $(e2e_value "$log" "spark start") s, fit $(e2e_value "$log" fit) s, save $(e2e_value "$log" save) s"
}

parquet() {
    local decode
    for round in $(seq 1 "$ROUNDS"); do
        parquet_round "$ROWS" "$round"
        log="$LOGS/decode-parquet-$ROWS-$round.log"
        mllib decode-parquet "$(parquet_table "$ROWS")" > "$log" 2>&1 || failed "$log"
        decode=$(e2e_value "$log" "decode pass")
        echo "  plain decoding pass spark.read.parquet(p).rdd().count(), a fresh process: $decode s"
        say "parquet $ROWS x $FEATURES round $round: sparkgrad $SG_SECONDS s, MLlib $ML_SECONDS s, ratio" \
            "$(ratio "$SG_SECONDS" "$ML_SECONDS") (target <= 0.5); objectives sparkgrad $SG_OBJECTIVE, MLlib $ML_OBJECTIVE"
        say "parquet $ROWS x $FEATURES round $round: read + pack $SG_READ_PACK s, decoding pass $decode s, ratio" \
            "$(ratio "$SG_READ_PACK" "$decode") (target <= 1.5)"
        say "parquet $ROWS x $FEATURES round $round: final evaluation $SG_EVALUATE s, one training pass $SG_PASS s" \
            "(median per pass over $SG_PASSES passes), ratio $(ratio "$SG_EVALUATE" "$SG_PASS") (target <= 3)"
    done
}

libsvm() {
    local file log t0 t1 sg ml sg_part ml_part
    file=$(libsvm_file)
    for round in $(seq 1 "$ROUNDS"); do
        echo "== libsvm $file, round $round =="
        log="$LOGS/sparkgrad-libsvm-$round.log"
        t0=$(now)
        job --set "data.path=$file" --set data.format=libsvm --set "data.numFeatures=$LIBSVM_DIM" \
            --set training.maxIterations=1 > "$log" 2>&1 || failed "$log"
        t1=$(now)
        sg=$(elapsed "$t0" "$t1")
        sg_part=$(phase_sum "$log" $READ_PACK_WORDS evaluated)
        echo "  sparkgrad ./submit.sh, one iteration: $sg s as a process; read + pack + evaluate $sg_part s; its phases:"
        phases "$log"
        log="$LOGS/mllib-libsvm-$round.log"
        t0=$(now); mllib mllib-libsvm "$file" "$LIBSVM_DIM" "$LIBSVM_STORED" > "$log" 2>&1 || failed "$log"; t1=$(now)
        ml=$(elapsed "$t0" "$t1")
        ml_part=$(awk -v a="$(e2e_value "$log" "read + cache")" -v b="$(e2e_value "$log" evaluate)" 'BEGIN { printf "%.1f", a + b }')
        echo "  MLlib: $ml s as a process; read + cache $(e2e_value "$log" "read + cache") s, evaluators" \
            "$(e2e_value "$log" evaluate) s (on the model the file was drawn from)"
        sed -n 's/^e2e metrics: /    MLlib metrics: /p' "$log"
        say "libsvm round $round: read + pack + evaluate sparkgrad $sg_part s, MLlib read + cache + evaluate $ml_part s," \
            "ratio $(ratio "$sg_part" "$ml_part"); processes $sg s and $ml s"
    done
    parse
}

parse() {
    local file log
    file=$(libsvm_file)
    echo "== parsing $file ($(du -m "$file" | cut -f1) MB), both in one process =="
    log="$LOGS/parse-libsvm.log"
    mllib parse-libsvm "$file" "$LIBSVM_DIM" "$ROUNDS" > "$log" 2>&1 || failed "$log"
    sed -n 's/^e2e parse /  /p' "$log"
    while read -r line; do
        say "libsvm parse $line"
    done < <(sed -n 's/^e2e parse \(round [0-9]* MB\/s.*\)/\1/p' "$log")
}

scale() {
    parquet_round "$ROWS" 1
    local sg1=$SG_SECONDS ml1=$ML_SECONDS
    parquet_round "$BIG_ROWS" 1
    local sg4=$SG_SECONDS ml4=$ML_SECONDS
    local sgs mls
    sgs=$(awk -v a="$sg1" -v b="$sg4" -v r="$ROWS" -v R="$BIG_ROWS" 'BEGIN { printf "%.2f", (b - a) / (R - r) * 1e6 }')
    mls=$(awk -v a="$ml1" -v b="$ml4" -v r="$ROWS" -v R="$BIG_ROWS" 'BEGIN { printf "%.2f", (b - a) / (R - r) * 1e6 }')
    say "scale $ROWS -> $BIG_ROWS rows: sparkgrad $sg1 -> $sg4 s (x$(ratio "$sg4" "$sg1") for x$(ratio "$BIG_ROWS" "$ROWS")" \
        "the rows), MLlib $ml1 -> $ml4 s (x$(ratio "$ml4" "$ml1"))"
    say "scale: seconds per million more rows: sparkgrad $sgs, MLlib $mls, ratio $(ratio "$sgs" "$mls") (target < 1)"
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
case "$WHAT" in
    data) parquet_table "$ROWS"; parquet_table "$BIG_ROWS"; libsvm_file ;;
    parquet) parquet ;;
    libsvm) libsvm ;;
    parse) parse ;;
    scale) scale ;;
    all) parquet; libsvm; scale ;;
esac
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ ${#SUMMARY[@]} -gt 0 ]]; then
    echo
    echo "== summary =="
    printf '%s\n' "${SUMMARY[@]}"
fi
