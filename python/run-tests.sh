#!/usr/bin/env bash
# Runs the Python suite (python/tests, pytest on a local[2] pyspark) against the built jar.
# `mvn -B verify` calls this after spark-jobs is packaged:  python/run-tests.sh SPARK_VERSION [pytest args]
#
# Without python3, pytest, numpy or pyspark (at the JVM's Spark version) it says so and skips,
# unless SPARKGRAD_REQUIRE_PYTHON=1 (as .ci/run sets), which makes that an error. The Spark Connect
# test also needs pyspark[connect]'s client packages, the typing test mypy (each skipped without
# them, failed if required).
set -euo pipefail
cd "$(dirname "$0")"
want="${1:?usage: python/run-tests.sh SPARK_VERSION [pytest args]}"
shift
PY="${PYTHON:-python3}"
install="$PY -m pip install pyspark==$want numpy pytest"

problem=""
if ! command -v "$PY" >/dev/null 2>&1; then
    problem="no $PY on the PATH"
else
    problem="$("$PY" - "$want" <<'EOF_PY'
import importlib.util, sys
missing = [m for m in ("pytest", "numpy", "pyspark") if importlib.util.find_spec(m) is None]
if missing:
    print("missing Python packages: " + ", ".join(missing))
else:
    import pyspark
    if pyspark.__version__ != sys.argv[1]:
        print(f"pyspark {pyspark.__version__} is installed; the JVM side is built against Spark {sys.argv[1]}")
EOF_PY
)"
fi
if [ -n "$problem" ]; then
    if [ "${SPARKGRAD_REQUIRE_PYTHON:-}" = 1 ]; then
        echo "error: the Python tests cannot run: $problem (install with: $install)" >&2
        exit 1
    fi
    echo "SKIPPED the Python tests (python/tests): $problem. Install with: $install" \
        "(SPARKGRAD_REQUIRE_PYTHON=1 turns this skip into an error)"
    exit 0
fi

# pip's pyspark runs its own bundled Spark; a SPARK_HOME set for another install must not redirect it
unset SPARK_HOME PYSPARK_SUBMIT_ARGS
export PYTHONDONTWRITEBYTECODE=1 SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
exec "$PY" -m pytest -p no:cacheprovider -q tests "$@"
