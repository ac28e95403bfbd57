"""What the Python door costs: the same fit from Python and from Java, in one session, alternating.

    PYTHONPATH=python /work/wt/bin/quiet python3 python/bench/fit_overhead.py [rounds]

For each case the Java estimator is a copy of the Python one's Java object (the same params), fitted
with py4j's one call `fit(df._jdf)`; the Python fit is `estimator.fit(df)`, which adds the param
transfer, the model's wrapper and its params. Prints each side's median seconds and their ratio,
and the Python side's own part of its fits (its time less the Java fit's inside it), which is what
the door costs without the run-to-run noise of the fits themselves.
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
rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 10

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
    inner = []
    fit_java = estimator._fit_java

    def timed_fit_java(dataset, fit_java=fit_java):
        t = time.perf_counter()
        try:
            return fit_java(dataset)
        finally:
            inner.append(time.perf_counter() - t)

    estimator._fit_java = timed_fit_java  # the Java call inside the Python fit, to time the edges alone
    python_s, java_s, edges = [], [], []

    def python_fit():
        t = time.perf_counter()
        estimator.fit(df)
        python_s.append(time.perf_counter() - t)
        edges.append(python_s[-1] - inner[-1])

    def java_fit():
        t = time.perf_counter()
        java.fit(df._jdf)
        java_s.append(time.perf_counter() - t)

    for r in range(rounds + 1):  # alternating which goes first; round 0 warms both up and is dropped
        for f in ((python_fit, java_fit) if r % 2 == 0 else (java_fit, python_fit)):
            f()
        if r == 0:
            for warm_up in (python_s, java_s, edges):
                warm_up.clear()
    mp, mj, me = statistics.median(python_s), statistics.median(java_s), statistics.median(edges)
    print(f"{label}: Python {mp:.4f} s, Java {mj:.4f} s (medians of {rounds}, alternating), Python / Java = "
          f"{mp / mj:.3f}; the Python side's own part of its fit (param transfer, model wrapper): {me * 1000:.1f} ms "
          f"= {me / mj:.3f} of the Java fit")
spark.stop()
