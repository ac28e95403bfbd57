"""A notebook's first cells: sparkgrad from PySpark on the shipped breast-cancer data.

    PYTHONPATH=python python3 python/examples/breast_cancer.py     # from the repository root, after building the jar

Fits Pipeline(VectorAssembler, SparkgradClassifier) on 80 % of the rows, evaluates it on the
rest with Spark's evaluators, tunes regParam with CrossValidator, saves the PipelineModel and
loads it back.
"""

import os
import tempfile

from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.evaluation import BinaryClassificationEvaluator, MulticlassClassificationEvaluator
from pyspark.ml.feature import VectorAssembler
from pyspark.ml.tuning import CrossValidator, ParamGridBuilder
from pyspark.sql import SparkSession

import sparkgrad
from sparkgrad.ml import SparkgradClassifier

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(spark: SparkSession) -> dict:
    """The example's steps on a session that has sparkgrad's jar; returns what it printed."""
    data = spark.read.option("header", True).option("inferSchema", True).csv(f"{ROOT}/datasets/breast_cancer.csv")
    train, test = data.randomSplit([0.8, 0.2], seed=7)

    assembler = VectorAssembler(inputCols=[c for c in data.columns if c != "label"], outputCol="features")
    classifier = SparkgradClassifier(regParam=0.001)  # logistic regression with L-BFGS, as MLlib's
    model = Pipeline(stages=[assembler, classifier]).fit(train)
    scored = model.transform(test)
    out = {
        "accuracy": MulticlassClassificationEvaluator(metricName="accuracy").evaluate(scored),
        "areaUnderROC": BinaryClassificationEvaluator().evaluate(scored),
        "iterations": model.stages[1].summary["totalIterations"],
    }
    print("test accuracy      ", out["accuracy"])
    print("test area under ROC", out["areaUnderROC"])
    print("L-BFGS iterations  ", out["iterations"])
    scored.select("label", "probability", "prediction").show(5, truncate=False)

    # an mlp instead, and any job key through config
    mlp = SparkgradClassifier(modelType="mlp", hiddenLayers=[32], maxIter=100, learningRate=0.01,
                              config="optimizer.schedule { type = cosine }")
    out["mlpAccuracy"] = MulticlassClassificationEvaluator(metricName="accuracy").evaluate(
        Pipeline(stages=[assembler, mlp]).fit(train).transform(test))
    print("mlp test accuracy  ", out["mlpAccuracy"])

    grid = ParamGridBuilder().addGrid(classifier.regParam, [0.1, 0.01, 0.001]).build()
    cv = CrossValidator(estimator=Pipeline(stages=[assembler, classifier]), estimatorParamMaps=grid,
                        evaluator=BinaryClassificationEvaluator(), numFolds=3, seed=3).fit(train)
    out["cvAreasUnderROC"] = [round(float(m), 4) for m in cv.avgMetrics]
    print("cross-validated areas under ROC for regParam 0.1, 0.01, 0.001:", out["cvAreasUnderROC"])

    with tempfile.TemporaryDirectory() as tmp:
        model.write().overwrite().save(f"{tmp}/cancer")
        again = PipelineModel.load(f"{tmp}/cancer")  # Scala and Java read the same directory
        out["loadedSame"] = again.transform(test).select("probability").collect() == \
            scored.select("probability").collect()
    print("the saved and loaded model predicts the same:", out["loadedSame"])
    return out


if __name__ == "__main__":
    session = (SparkSession.builder.master("local[2]").appName("sparkgrad-example")
               .config("spark.jars", sparkgrad.jar_path())
               .config("spark.ui.showConsoleProgress", "false")
               .getOrCreate())
    session.sparkContext.setLogLevel("WARN")
    run(session)
    session.stop()
