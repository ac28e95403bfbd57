"""The Spark Connect side of test_connect.py, in a process of its own (a Connect session cannot share
the suite's classic one): fits and scores sparkgrad's stages through a local Connect server and
reports what it saw as one JSON line.

    python3 connect_client.py JAR DATASETS OUT_DIR
"""

import json
import sys

from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.evaluation import MulticlassClassificationEvaluator
from pyspark.ml.feature import VectorAssembler
from pyspark.sql import SparkSession

from sparkgrad.ml import SparkgradClassificationModel, SparkgradClassifier

jar, datasets, out = sys.argv[1:4]
spark = SparkSession.builder.remote("local[2]").config("spark.jars", jar).getOrCreate()
report = {"remote": type(spark).__module__}
data = spark.read.option("header", True).option("inferSchema", True).csv(f"{datasets}/breast_cancer.csv")
assembler = VectorAssembler(inputCols=[c for c in data.columns if c != "label"], outputCol="features")
model = Pipeline(stages=[assembler, SparkgradClassifier(regParam=0.001, numPartitions=2)]).fit(data)
scored = model.transform(data)
report["accuracy"] = MulticlassClassificationEvaluator(metricName="accuracy").evaluate(scored)
report["probabilities"] = [list(r.probability) for r in scored.select("probability").collect()]
try:
    model.stages[1].numClasses
    report["attribute"] = "allowed"
except Exception as e:  # Spark Connect's allow-list of model attributes names Spark's own classes only
    report["attribute"] = str(e).splitlines()[0]
model.write().overwrite().save(f"{out}/pipeline")
loaded = PipelineModel.load(f"{out}/pipeline")
report["loadedStage"] = type(loaded.stages[1]).__name__
report["loadedSame"] = [list(r.probability) for r in loaded.transform(data).select("probability").collect()] == \
    report["probabilities"]
alone = loaded.stages[1]
alone.write().overwrite().save(f"{out}/model")
report["modelLoaded"] = type(SparkgradClassificationModel.load(f"{out}/model")).__name__
spark.stop()
print(json.dumps(report))
