"""Through Spark Connect: a local Connect server (pyspark's remote("local[2]")) fits, scores, saves and
loads sparkgrad's stages — found through their ServiceLoader registration — with the same results as
the classic session; and what Connect does not allow a third-party model (its attributes) is named."""

import importlib.util
import json
import os
import subprocess
import sys

import pytest
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.feature import VectorAssembler

import sparkgrad
from conftest import DATASETS, ROOT, features_of, read_csv
from sparkgrad.ml import SparkgradClassificationModel, SparkgradClassifier


def _missing_connect_packages():
    missing = []
    for module in ("pandas", "pyarrow", "grpc", "grpc_status", "google.rpc", "zstandard"):
        try:
            found = importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:
            found = False
        if not found:
            missing.append(module)
    return missing


def test_a_pipeline_fits_scores_saves_and_loads_through_spark_connect(spark, tmp_path):
    missing = _missing_connect_packages()
    if missing:
        message = f"Spark Connect's client needs {', '.join(missing)}: python3 -m pip install 'pyspark[connect]==4.1.0'"
        if os.environ.get("SPARKGRAD_REQUIRE_PYTHON") == "1":
            pytest.fail(message)
        pytest.skip(message)
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python"))
    run = subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "connect_client.py"),
                          sparkgrad.jar_path(), DATASETS, str(tmp_path)],
                         env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-4000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert report["remote"].startswith("pyspark.sql.connect")
    assert report["accuracy"] >= 0.95
    assert report["loadedStage"] == "SparkgradClassificationModel" and report["loadedSame"]
    assert report["modelLoaded"] == "SparkgradClassificationModel"
    assert "ATTRIBUTE_NOT_ALLOWED" in report["attribute"]

    # the same fit in the classic session gives the same bits, and reads what Connect saved
    data = read_csv(spark, "breast_cancer")
    classic = Pipeline(stages=[VectorAssembler(inputCols=features_of(data), outputCol="features"),
                               SparkgradClassifier(regParam=0.001, numPartitions=2)]).fit(data)
    assert [list(r.probability) for r in classic.transform(data).select("probability").collect()] == \
        report["probabilities"]
    saved_by_connect = PipelineModel.load(str(tmp_path / "pipeline"))
    assert isinstance(saved_by_connect.stages[1], SparkgradClassificationModel)
    assert [list(r.probability) for r in saved_by_connect.transform(data).select("probability").collect()] == \
        report["probabilities"]
