"""A wrong param name, type or value is refused with the Java side's message, when it is given."""

import pytest
from pyspark.errors import IllegalArgumentException

from conftest import features_of, read_csv
from sparkgrad.ml import SparkgradClassifier, SparkgradRegressor


def test_an_unknown_param_name_carries_the_java_message(spark):
    with pytest.raises(ValueError) as e:
        SparkgradClassifier(maxIters=3)
    assert "Param maxIters does not exist." in str(e.value)  # Params.getParam's own words
    assert "maxIter" in str(e.value)


def test_a_value_of_the_wrong_type_names_the_param_and_its_java_doc(spark):
    with pytest.raises(TypeError) as e:
        SparkgradClassifier().setMaxIter("ten")
    assert "SparkgradClassifier.maxIter" in str(e.value)
    assert "IntParam io.sparkgrad.spark.ml.SparkgradClassifier.maxIter: maximum number of iterations (>= 1)" \
        in str(e.value)
    with pytest.raises(TypeError, match="StringArrayParam .*featureCols"):
        SparkgradRegressor(featureCols="a,b")


def test_a_value_the_java_param_refuses_fails_when_set_with_its_message(spark):
    with pytest.raises(IllegalArgumentException, match="parameter maxIter given invalid value 0"):
        SparkgradClassifier(maxIter=0)
    with pytest.raises(IllegalArgumentException, match="parameter validationFraction given invalid value 1.0"):
        SparkgradRegressor().setValidationFraction(1.0)


def test_a_bad_config_key_and_a_missing_column_fail_the_fit_with_the_java_message(spark):
    data = read_csv(spark, "breast_cancer")
    with pytest.raises(IllegalArgumentException, match="unknown config key 'training.maxIteration'"):
        SparkgradClassifier(featureCols=features_of(data), config="training.maxIteration = 3").fit(data)
    with pytest.raises(IllegalArgumentException, match="features column 'nope' not found"):
        SparkgradClassifier(featuresCol="nope").fit(data)
