"""What the Python door costs: the same fit from Python and from Java, in one session, alternating.

    PYTHONPATH=python /work/wt/bin/quiet python3 python/bench/fit_overhead.py [rounds]

For each case the Java estimator is a copy of the Python one's Java object (the same params), fitted
with py4j's one call `fit(df._jdf)`; the Python fit is `estimator.fit(df)`, which adds the param
transfer, the model's wrapper and its params. Prints each side's median seconds and the ratio.
"""

import os
import statistics
import sys
import time

from pyspark.ml.feature import VectorAssembler
from pyspark.sql import SparkSession

import sparkgrad
from sparkgrad.ml import SparkgradClassifier

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 7

spark = (SparkSession.builder.master("local[2]").appName("sparkgrad-fit-overhead")
         .config("spark.jars", sparkgrad.jar_path()).config("spark.ui.enabled", "false")
         .config("spark.driver.memory", "2g").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")


def table(name):
    df = spark.read.option("header", True).option("inferSchema", True).csv(f"{ROOT}/datasets/{name}.csv")
    df = VectorAssembler(inputCols=[c for c in df.columns if c != "label"], outputCol="features").transform(df)
    df = df.select("features", "label").cache()
    df.count()
    return df


cases = [
    ("breast cancer, logistic (L-BFGS)", table("breast_cancer"), SparkgradClassifier(regParam=0.001, numPartitions=2)),
    ("digits, mlp 64, 60 Adam steps", table("digits"),
     SparkgradClassifier(modelType="mlp", hiddenLayers=[64], maxIter=60, learningRate=0.01, numPartitions=2)),
]
empty = spark._jvm.org.apache.spark.ml.param.ParamMap()
for label, df, estimator in cases:
    estimator._transfer_params_to_java()
    java = estimator._java_obj.copy(empty)
    python_s, java_s = [], []
    for r in range(rounds + 1):  # the first round warms both up and is not counted
        t = time.perf_counter()
        estimator.fit(df)
        p = time.perf_counter() - t
        t = time.perf_counter()
        java.fit(df._jdf)
        j = time.perf_counter() - t
        if r > 0:
            python_s.append(p)
            java_s.append(j)
    mp, mj = statistics.median(python_s), statistics.median(java_s)
    print(f"{label}: Python {mp:.4f} s, Java {mj:.4f} s (medians of {rounds}), Python / Java = {mp / mj:.3f}")
spark.stop()
