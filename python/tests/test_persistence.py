"""Save and load from Python in Spark ML's layout; models saved from Java load here and the other way round."""

from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.feature import VectorAssembler

from conftest import features_of, read_csv
from sparkgrad.ml import SparkgradClassificationModel, SparkgradClassifier, SparkgradRegressionModel, SparkgradRegressor


def scores(model, df, columns=("probability", "prediction")):
    return [tuple(r) for r in model.transform(df).select(*columns).collect()]


def test_a_saved_pipeline_model_loads_and_predicts_the_same(spark, tmp_path):
    data = read_csv(spark, "iris")
    model = Pipeline(stages=[VectorAssembler(inputCols=features_of(data), outputCol="features"),
                             SparkgradClassifier(modelType="mlp", hiddenLayers=[8], maxIter=30)]).fit(data)
    path = str(tmp_path / "iris-pipeline")
    model.write().overwrite().save(path)
    loaded = PipelineModel.load(path)
    assert isinstance(loaded.stages[1], SparkgradClassificationModel)
    assert loaded.stages[1].uid == model.stages[1].uid
    assert loaded.stages[1].numClasses == 3
    assert not loaded.stages[1].hasSummary
    assert scores(loaded, data) == scores(model, data)


def test_a_model_and_an_estimator_save_and_load_on_their_own(spark, tmp_path):
    data = read_csv(spark, "diabetes")
    estimator = SparkgradRegressor(featureCols=features_of(data), regParam=0.01, maxIter=50)
    estimator.save(str(tmp_path / "estimator"))
    again = SparkgradRegressor.load(str(tmp_path / "estimator"))
    assert again.getRegParam() == 0.01 and again.getMaxIter() == 50 and again.getFeatureCols() == features_of(data)
    model = estimator.fit(data)
    model.save(str(tmp_path / "model"))
    loaded = SparkgradRegressionModel.load(str(tmp_path / "model"))
    assert loaded.getFeatureCols() == features_of(data)
    assert scores(loaded, data, ("prediction",)) == scores(model, data, ("prediction",))


def test_a_pipeline_saved_from_java_loads_in_python_and_the_other_way_round(spark, tmp_path):
    data = read_csv(spark, "breast_cancer")
    jvm = spark._jvm
    gateway = spark.sparkContext._gateway
    # fitted and saved by the JVM alone, as a Scala or Java program does
    assembler = jvm.org.apache.spark.ml.feature.VectorAssembler().setInputCols(
        _string_array(gateway, features_of(data))).setOutputCol("features")
    classifier = jvm.io.sparkgrad.spark.ml.SparkgradClassifier().setRegParam(0.001).setMaxIter(50)
    stages = gateway.new_array(jvm.org.apache.spark.ml.PipelineStage, 2)
    stages[0] = assembler
    stages[1] = classifier
    java_model = jvm.org.apache.spark.ml.Pipeline().setStages(stages).fit(data._jdf)
    from_java = str(tmp_path / "from-java")
    java_model.write().overwrite().save(from_java)
    java_scores = [(tuple(r.get(0).toArray()), r.getDouble(1)) for r in
                   java_model.transform(data._jdf).select("probability", _seq(jvm, ["prediction"])).collectAsList()]

    in_python = PipelineModel.load(from_java)
    assert isinstance(in_python.stages[1], SparkgradClassificationModel)
    assert in_python.stages[1].getOrDefault("probabilityCol") == "probability"
    assert [(tuple(p), y) for p, y in scores(in_python, data)] == java_scores

    from_python = str(tmp_path / "from-python")
    in_python.write().overwrite().save(from_python)
    back_in_java = jvm.org.apache.spark.ml.PipelineModel.load(from_python)
    assert back_in_java.stages()[1].getClass().getName() == "io.sparkgrad.spark.ml.SparkgradClassificationModel"
    again = [(tuple(r.get(0).toArray()), r.getDouble(1)) for r in
             back_in_java.transform(data._jdf).select("probability", _seq(jvm, ["prediction"])).collectAsList()]
    assert again == java_scores


def _string_array(gateway, values):
    array = gateway.new_array(gateway.jvm.java.lang.String, len(values))
    for i, v in enumerate(values):
        array[i] = v
    return array


def _seq(jvm, values):
    return jvm.scala.jdk.javaapi.CollectionConverters.asScala(values).toSeq()
