"""The GLM params from Python: a Poisson fit, with and without offsetCol, matches pyspark's GeneralizedLinearRegression
on the same rows."""

import math
import random

import pytest
from pyspark.errors import IllegalArgumentException
from pyspark.ml.linalg import Vectors
from pyspark.ml.regression import GeneralizedLinearRegression

from sparkgrad.ml import SparkgradRegressor


def _poisson(rng, mean):
    """A Poisson count of the given mean, by inversion sampling: one draw of rng."""
    k, p, u = 0, math.exp(-mean), rng.random()
    cdf = p
    while u > cdf:
        k += 1
        p *= mean / k
        cdf += p
    return k


def _counts(spark):
    rng = random.Random(5)
    rows = []
    for _ in range(300):
        a, b = rng.uniform(-1, 1), rng.uniform(-1, 1)
        k = _poisson(rng, math.exp(0.3 + 0.7 * a - 0.5 * b))
        rows.append((Vectors.dense([a, b]), float(k)))
    return spark.createDataFrame(rows, ["features", "label"])


def test_a_poisson_glm_from_python_matches_pysparks_glr(spark):
    data = _counts(spark).cache()
    est = SparkgradRegressor(family="poisson", tol=0.0, maxIter=500, numPartitions=2,
                             config="training.gradientTolerance = 1e-12")
    assert est.getFamily() == "poisson" and est.getVariancePower() == 0.0
    model = est.fit(data)
    reference = GeneralizedLinearRegression(family="poisson", tol=1e-12, maxIter=100).fit(data)
    scale = max(abs(reference.intercept), *(abs(c) for c in reference.coefficients))
    for ours, theirs in zip(model.coefficients, reference.coefficients):
        assert abs(ours - theirs) <= 1e-4 * scale
    assert abs(model.intercept - reference.intercept) <= 1e-4 * scale
    train = model.summary["train"]
    assert abs(train["deviance"] - reference.summary.deviance) <= 1e-7 * reference.summary.deviance
    assert abs(train["aic"] - reference.summary.aic) <= 1e-7 * reference.summary.aic
    assert train["dispersion"] == 1.0


def _exposed_counts(spark):
    """Counts over an exposure t in [0.2, 5): y ~ Poisson(t · exp(0.3 + 0.7a − 0.5b)), offset log t."""
    rng = random.Random(7)
    rows = []
    for _ in range(300):
        a, b = rng.uniform(-1, 1), rng.uniform(-1, 1)
        log_t = math.log(rng.uniform(0.2, 5))
        k = _poisson(rng, math.exp(0.3 + 0.7 * a - 0.5 * b + log_t))
        rows.append((Vectors.dense([a, b]), a, b, float(k), log_t))
    return spark.createDataFrame(rows, ["features", "a", "b", "label", "logt"])


def test_offset_col_from_python_matches_pysparks_glr_through_either_features_param(spark):
    data = _exposed_counts(spark).cache()
    reference = GeneralizedLinearRegression(family="poisson", offsetCol="logt", tol=1e-12, maxIter=100).fit(data)
    scale = max(abs(reference.intercept), *(abs(c) for c in reference.coefficients))
    for features in ({}, {"featureCols": ["a", "b"]}):
        est = SparkgradRegressor(family="poisson", offsetCol="logt", tol=1e-12, maxIter=500, numPartitions=2,
                                 config="training.gradientTolerance = 1e-9", **features)
        assert est.getOffsetCol() == "logt"
        model = est.fit(data)
        for ours, theirs in zip(model.coefficients, reference.coefficients):
            assert abs(ours - theirs) <= 1e-4 * scale, features
        assert abs(model.intercept - reference.intercept) <= 1e-4 * scale, features
        train = model.summary["train"]
        assert abs(train["deviance"] - reference.summary.deviance) <= 1e-7 * reference.summary.deviance
        assert abs(train["nullDeviance"] - reference.summary.nullDeviance) <= 1e-9 * reference.summary.nullDeviance
        # transform adds the row's offset to eta, as pyspark's model does
        ours_mu = [r.prediction for r in model.transform(data).select("prediction").limit(20).collect()]
        theirs_mu = [r.prediction for r in reference.transform(data).select("prediction").limit(20).collect()]
        for o, t in zip(ours_mu, theirs_mu):
            assert abs(o - t) <= 1e-4 * t
    # the offset moves the fit: without it the intercept absorbs the mean exposure
    plain = SparkgradRegressor(family="poisson", maxIter=200, numPartitions=2).fit(data)
    assert abs(plain.intercept - model.intercept) > 0.05


def test_a_missing_offset_column_is_refused_naming_it(spark):
    data = _exposed_counts(spark)
    with pytest.raises(IllegalArgumentException, match=r"offset column 'exposure' \(offsetCol\) not found"):
        SparkgradRegressor(family="poisson", offsetCol="exposure").fit(data)
