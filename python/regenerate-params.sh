#!/usr/bin/env bash
# Rewrites python/sparkgrad/_params.py from the Java stages' params (run after adding or changing
# a param of SparkgradClassifier, SparkgradRegressor or their models). PythonParamsTest, part of
# `mvn -B verify`, fails while the file is out of date; with SPARKGRAD_WRITE_PYTHON_PARAMS=1 it
# writes the file instead.
set -euo pipefail
cd "$(dirname "$0")/.."
SPARKGRAD_WRITE_PYTHON_PARAMS=1 mvn -B -q test -pl spark-jobs -am -Dtest=PythonParamsTest \
    -Dsurefire.failIfNoSpecifiedTests=false -DwildcardSuites=io.sparkgrad.none "$@"
git diff --stat -- python/sparkgrad/_params.py
