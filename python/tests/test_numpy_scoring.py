"""A model TrainJob wrote is loaded and scored with numpy alone, equal to PredictJob's scores."""

import importlib.util
import json
import os

import numpy as np
import pytest

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


def _libsvm(path, rows, features, classes, seed):
    """Lines `label index:value ...` of a user and an item one-hot plus a raw count, label (user + item) mod classes."""
    rng = np.random.default_rng(seed)
    dense = np.zeros((rows, features))
    labels = np.zeros(rows)
    with open(path, "w") as f:
        for r in range(rows):
            u, i = rng.integers(10), rng.integers(10)
            c = 20 + int(rng.integers(features - 20))
            dense[r, [u, 10 + i, c]] = [1.0, 1.0, float(rng.integers(1, 50))]
            labels[r] = (u + i) % classes
            entries = sorted([(u, 1.0), (10 + i, 1.0), (c, dense[r, c])])
            f.write(f"{int(labels[r])} " + " ".join(f"{j + 1}:{v:g}" for j, v in entries) + "\n")
    return dense, labels


@pytest.mark.parametrize("classes", [2, 3])
def test_an_fm_model_is_safetensors_and_json_that_numpy_scores_as_predictjob_does(spark, tmp_path, classes):
    jvm, gateway = spark._jvm, spark.sparkContext._gateway
    data, out, scored = str(tmp_path / "fm.libsvm"), str(tmp_path / "fm"), str(tmp_path / "scored")
    x, labels = _libsvm(data, 600, 30, classes, 5)
    conf = tmp_path / "fm.conf"
    task = "task = binary" if classes == 2 else f"classes = {classes}"
    conf.write_text(f'data {{ path = "{data}", format = libsvm, numFeatures = 30, standardize = false }}\n'
                    f"model {{ type = fm, {task}, factorSize = 4, initStd = 0.1 }}\n"
                    "training { maxIterations = 120, tolerance = 0, partitions = 2, seed = 3 }\n"
                    "optimizer { type = adam, lr = 0.05 }\n"
                    f'output {{ path = "{out}", overwrite = true }}\n')
    config = jvm.io.sparkgrad.spark.TrainJob.parseArguments(_args(gateway, [str(conf)]))
    jvm.io.sparkgrad.spark.TrainJob.train(spark._jsparkSession, config)
    model_dir = os.path.join(out, "model")
    with open(os.path.join(model_dir, "model.json")) as f:
        spec = json.load(f)
    assert spec["model"]["type"] == "fm" and spec["model"]["fm"]["factorSize"] == 4
    p = _example().load_safetensors(os.path.join(model_dir, spec["parametersFile"]))
    assert p["factors"].shape == (30, 4) and p["factors"].dtype == np.float64
    assert p["linear"].shape == (1 if classes == 2 else classes, 30)
    assert ("factorWeights" in p) == (classes > 2)
    options = jvm.io.sparkgrad.spark.PredictJob.parseArguments(_args(gateway, [
        "--model", out, "--input", data, "--output", scored, "--format", "libsvm"]))
    jvm.io.sparkgrad.spark.PredictJob.predict(spark._jsparkSession, options)
    rows = spark.read.parquet(scored).collect()
    assert len(rows) == len(labels)
    # numpy scores the file's rows; PredictJob's output holds no features: compare the scores in sorted order
    mine = _example().predict(model_dir, x)
    theirs = np.array([r.probability[1] if classes == 2 else r.probability.toArray() for r in rows])
    order = (lambda a: np.argsort(a, kind="stable")) if classes == 2 else (lambda a: np.lexsort(a.T[::-1]))
    np.testing.assert_allclose(mine[order(mine)], theirs[order(theirs)], rtol=1e-10, atol=1e-13)
    # the interaction is learned: no linear model of one-hot user and item gets this from (u + i) mod m
    predicted = (mine > 0.5) if classes == 2 else mine.argmax(axis=1)
    assert (predicted == labels).mean() >= 0.9
