#!/usr/bin/env bash
# Builds python/dist/sparkgrad-*.whl with the application jar inside (sparkgrad/jars/), so that
# sparkgrad.jar_path() finds it wherever the wheel is installed. Build the jar first:
#   mvn -B -pl spark-jobs -am package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
jar="$(ls spark-jobs/target/sparkgrad-spark-jobs-*.jar 2>/dev/null | grep -v -e 'original-' -e '-sources' -e '-tests' | head -n 1 || true)"
if [ -z "$jar" ]; then
    echo "error: no spark-jobs/target/sparkgrad-spark-jobs-*.jar; build it with: mvn -B -pl spark-jobs -am package -DskipTests" >&2
    exit 1
fi
trap 'rm -rf python/sparkgrad/jars python/build python/sparkgrad.egg-info' EXIT
rm -rf python/sparkgrad/jars
mkdir -p python/sparkgrad/jars
cp "$jar" python/sparkgrad/jars/
python3 -m pip wheel -q --no-deps -w python/dist ./python
ls python/dist/sparkgrad-*.whl
