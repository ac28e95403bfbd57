"""The Spark Connect side of test_connect.py, in a process of its own (a Connect session cannot share
the suite's classic one): starts a local Connect server with sparkgrad's jar, fits, scores, saves
and loads sparkgrad's stages through it, and reports what it saw as one JSON line.

    python3 connect_client.py JAR DATASETS OUT_DIR
"""

import json
import os
import socket
import sys

from pyspark import SparkConf, SparkContext
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.evaluation import MulticlassClassificationEvaluator
from pyspark.ml.feature import VectorAssembler
from pyspark.sql.connect.session import SparkSession as RemoteSession
from pyspark.sql.session import SparkSession as ClassicSession

from sparkgrad.ml import SparkgradClassificationModel, SparkgradClassifier

jar, datasets, out = sys.argv[1:4]
# what remote("local[2]") does, on a free port rather than Connect's fixed 15002: runs on a shared
# machine must not meet on one port
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
conf = (SparkConf().setMaster("local[2]").set("spark.jars", jar).set("spark.ui.enabled", "false")
        .set("spark.plugins", "org.apache.spark.sql.connect.SparkConnectPlugin")
        .set("spark.connect.grpc.binding.address", "127.0.0.1").set("spark.connect.grpc.binding.port", str(port)))
server = ClassicSession(SparkContext.getOrCreate(conf))
os.environ["SPARK_CONNECT_MODE_ENABLED"] = "1"  # as pyspark's builder does before it makes a client
spark = RemoteSession.builder.remote(f"sc://127.0.0.1:{port}").getOrCreate()
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
server.stop()
print(json.dumps(report))
