"""Every Java param is in Python under its Java name, with the Java doc and default (and nothing else)."""

import inspect
import typing
from typing import List, Optional

import pytest
from py4j.java_gateway import JavaObject

from sparkgrad import _params
from sparkgrad.ml import SparkgradClassificationModel, SparkgradClassifier, SparkgradRegressionModel, SparkgradRegressor


def _java_default(java, p):
    value = java.getDefault(p)
    if value.isEmpty():
        return None
    v = value.get()
    if isinstance(v, JavaObject) or hasattr(v, "__len__") and not isinstance(v, str):
        return list(v)
    return v


@pytest.mark.parametrize("stage", [SparkgradClassifier, SparkgradRegressor])
def test_the_python_estimator_has_exactly_the_java_params(spark, stage):
    est = stage()
    java = est._java_obj
    java_params = {p.name(): p for p in java.params()}
    assert {p.name for p in est.params} == set(java_params)
    for name, p in java_params.items():
        assert est.getParam(name).doc == p.doc(), name
        if not est.hasDefault(name):
            # a param without a default (linkPower, as MLlib's: 1 - variancePower unless set) has none in Java either
            assert _java_default(java, p) is None, name
            continue
        assert est.getOrDefault(name) == _java_default(java, p), name
    assert "maxIter: maximum number of iterations (>= 1) (default: 100)" in est.explainParams()


def test_the_python_models_have_the_java_models_params(spark):
    for model, java_class in ((SparkgradClassificationModel, "SparkgradClassificationModel"),
                              (SparkgradRegressionModel, "SparkgradRegressionModel")):
        java = getattr(spark._jvm.io.sparkgrad.spark.ml, java_class)()
        assert {p.name for p in model().params} == {p.name() for p in java.params()}
        assert model._java_class == _params.JAVA_CLASSES[java_class]


def test_params_set_from_python_reach_the_java_stage_with_their_java_types(spark):
    est = SparkgradClassifier(seed=123456789012, hiddenLayers=[16, 8], learningRate=0.5, standardization=False,
                              modelOptions=["a=1"])
    java = est._transfer_params_to_java() or est._java_obj
    assert java.getOrDefault(java.seed()) == 123456789012
    assert list(java.getOrDefault(java.hiddenLayers())) == [16, 8]
    assert java.getOrDefault(java.learningRate()) == 0.5
    assert java.getOrDefault(java.standardization()) is False
    assert list(java.getOrDefault(java.modelOptions())) == ["a=1"]
    assert est.getSeed() == 123456789012 and est.getHiddenLayers() == [16, 8]


def test_the_constructor_getters_and_setters_are_typed_for_an_ide():
    init = inspect.signature(SparkgradClassifier.__init__).parameters
    assert init["maxIter"].annotation == Optional[int] and init["maxIter"].kind is inspect.Parameter.KEYWORD_ONLY
    assert init["hiddenLayers"].annotation == Optional[List[int]]
    assert typing.get_type_hints(SparkgradRegressor.setHiddenLayers)["value"] == List[int]
    assert typing.get_type_hints(SparkgradClassificationModel.getProbabilityCol)["return"] is str
