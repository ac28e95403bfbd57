"""The example scripts in python/examples run on the shipped data and get what they say."""

import importlib.util
import os

from conftest import ROOT


def _load(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(ROOT, "python", "examples", name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_breast_cancer_example_runs_on_the_shipped_data(spark):
    out = _load("breast_cancer").run(spark)
    assert out["accuracy"] >= 0.95 and out["areaUnderROC"] >= 0.99
    assert out["mlpAccuracy"] >= 0.95
    assert len(out["cvAreasUnderROC"]) == 3 and min(out["cvAreasUnderROC"]) > 0.98
    assert out["loadedSame"] is True
