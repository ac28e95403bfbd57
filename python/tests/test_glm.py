"""The GLM params from Python: a Poisson fit matches pyspark's GeneralizedLinearRegression on the same rows."""

import math
import random

from pyspark.ml.linalg import Vectors
from pyspark.ml.regression import GeneralizedLinearRegression

from sparkgrad.ml import SparkgradRegressor


def _counts(spark):
    rng = random.Random(5)
    rows = []
    for _ in range(300):
        a, b = rng.uniform(-1, 1), rng.uniform(-1, 1)
        mean = math.exp(0.3 + 0.7 * a - 0.5 * b)
        # inversion sampling of a Poisson count
        k, p, u = 0, math.exp(-mean), rng.random()
        cdf = p
        while u > cdf:
            k += 1
            p *= mean / k
            cdf += p
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
