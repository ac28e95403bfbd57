"""A model TrainJob wrote is loaded and scored with numpy alone, equal to PredictJob's scores."""

import importlib.util
import json
import os

import numpy as np

from conftest import DATASETS, ROOT


def _example():
    path = os.path.join(ROOT, "python", "examples", "score_with_numpy.py")
    spec = importlib.util.spec_from_file_location("score_with_numpy", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _args(gateway, values):
    array = gateway.new_array(gateway.jvm.java.lang.String, len(values))
    for i, v in enumerate(values):
        array[i] = v
    return array


def test_a_trainjob_model_scored_with_numpy_alone_matches_predictjob(spark, tmp_path):
    jvm, gateway = spark._jvm, spark.sparkContext._gateway
    out, scored = str(tmp_path / "breast-cancer"), str(tmp_path / "scored")
    data = os.path.join(DATASETS, "breast_cancer.csv")
    config = jvm.io.sparkgrad.spark.TrainJob.parseArguments(_args(gateway, [
        os.path.join(ROOT, "conf", "breast-cancer.conf"), "--set", "data.path=" + data, "--set", "output.path=" + out]))
    jvm.io.sparkgrad.spark.TrainJob.train(spark._jsparkSession, config)
    assert os.path.exists(os.path.join(out, "_SUCCESS"))
    options = jvm.io.sparkgrad.spark.PredictJob.parseArguments(_args(gateway, [
        "--model", out, "--input", data, "--output", scored]))
    jvm.io.sparkgrad.spark.PredictJob.predict(spark._jsparkSession, options)

    numpy_scoring = _example()
    model_dir = os.path.join(out, "model")
    from_csv = numpy_scoring.predict(model_dir, numpy_scoring.read_rows(model_dir, data))
    assert from_csv.shape == (569,)
    # PredictJob's rows keep every input column: score those very rows with numpy and compare
    with open(os.path.join(model_dir, "model.json")) as f:
        features = json.load(f)["features"]
    rows = spark.read.parquet(scored).collect()
    mine = numpy_scoring.predict(model_dir, [[r[c] for c in features] for r in rows])
    theirs = np.array([r.probability[1] for r in rows])
    np.testing.assert_allclose(mine, theirs, rtol=1e-12, atol=1e-15)
    labels = np.array([float(r.label) for r in rows])  # PredictJob keeps the input column as read: text
    assert ((mine > 0.5) == (labels == 1)).mean() >= 0.95
    np.testing.assert_allclose(np.sort(from_csv), np.sort(mine), rtol=1e-12, atol=1e-15)
