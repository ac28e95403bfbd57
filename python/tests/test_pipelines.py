"""Pipelines from Python on the shipped data reach the JVM suite's accuracies, and are the Java fit."""

from pyspark.ml import Pipeline
from pyspark.ml.evaluation import BinaryClassificationEvaluator, MulticlassClassificationEvaluator, RegressionEvaluator
from pyspark.ml.feature import VectorAssembler

from conftest import features_of, read_csv
from sparkgrad.ml import SparkgradClassificationModel, SparkgradClassifier, SparkgradRegressor


def accuracy(scored):
    return MulticlassClassificationEvaluator(metricName="accuracy").evaluate(scored)


def assembler(df):
    return VectorAssembler(inputCols=features_of(df), outputCol="features")


def test_breast_cancer_pipeline_reaches_the_jvm_suites_accuracy(spark):
    data = read_csv(spark, "breast_cancer")
    train, test = data.randomSplit([0.8, 0.2], seed=7)
    model = Pipeline(stages=[assembler(data), SparkgradClassifier(regParam=0.001)]).fit(train)
    scored = model.transform(test)
    assert accuracy(scored) >= 0.95
    assert BinaryClassificationEvaluator().evaluate(scored) >= 0.99
    fitted = model.stages[1]
    assert isinstance(fitted, SparkgradClassificationModel)
    assert fitted.numClasses == 2 and fitted.numFeatures == 30
    assert fitted.featureNames[0] == "mean_radius"
    summary = fitted.summary
    assert summary["totalIterations"] < 100
    assert summary["train"]["areaUnderROC"] > 0.99
    row = scored.select("probability", "prediction").first()
    assert abs(sum(row.probability) - 1.0) < 1e-12


def test_digits_mlp_reaches_the_jvm_suites_accuracy(spark):
    data = read_csv(spark, "digits")
    train, test = data.randomSplit([0.8, 0.2], seed=7)
    mlp = SparkgradClassifier(modelType="mlp", hiddenLayers=[64], maxIter=150, regParam=0.0001, learningRate=0.01,
                              config="optimizer.schedule { type = cosine, etaMin = 0.0005 }", numPartitions=2)
    model = Pipeline(stages=[assembler(data), mlp]).fit(train)
    assert model.stages[1].numClasses == 10
    assert accuracy(model.transform(test)) >= 0.95


def test_the_fit_from_python_is_the_java_fit_bit_for_bit(spark):
    data = read_csv(spark, "breast_cancer")
    columns = features_of(data)
    python = SparkgradClassifier(featureCols=columns, regParam=0.001, numPartitions=2, seed=7,
                                 validationFraction=0.2).fit(data)
    jvm = spark._jvm
    java = (jvm.io.sparkgrad.spark.ml.SparkgradClassifier().setRegParam(0.001).setNumPartitions(2).setSeed(7)
            .setValidationFraction(0.2))
    java.set(java.featureCols().w(columns))
    java_model = java.fit(data._jdf)
    a = python._java_obj.savedModel().parameters()
    b = java_model.savedModel().parameters()
    assert sorted(a.keySet()) == sorted(b.keySet())
    for name in a.keySet():
        assert list(a.get(name).toArray()) == list(b.get(name).toArray()), name


def test_a_regressor_fits_least_squares_on_the_diabetes_data(spark):
    data = read_csv(spark, "diabetes")
    model = Pipeline(stages=[assembler(data), SparkgradRegressor()]).fit(data)
    scored = model.transform(data)
    # ordinary least squares on all 442 rows explains 51.77 % of the variance (the JVM suite's figure)
    assert abs(RegressionEvaluator(metricName="r2").evaluate(scored) - 0.5177) < 0.001
    assert model.stages[1].numFeatures == 10


def test_linear_models_give_their_coefficients_and_intercept_from_java(spark):
    data = read_csv(spark, "diabetes")
    model = SparkgradRegressor(featureCols=features_of(data)).fit(data)
    java = model._java_obj
    assert list(model.coefficients) == list(java.coefficients().toArray())
    assert len(model.coefficients) == 10 and model.intercept == java.intercept()


def test_hinge_and_huber_losses_reach_the_java_models(spark):
    cancer = read_csv(spark, "breast_cancer")
    svc = SparkgradClassifier(featureCols=features_of(cancer), loss="hinge", regParam=0.01, maxIter=50).fit(cancer)
    scored = svc.transform(cancer)
    # LinearSVC's columns: margins as rawPrediction, no probability
    assert "probability" not in scored.columns
    row = scored.select("rawPrediction", "prediction").first()
    assert row.rawPrediction[0] == -row.rawPrediction[1]
    assert row.prediction == (1.0 if row.rawPrediction[1] > 0 else 0.0)
    diabetes = read_csv(spark, "diabetes")
    huber = SparkgradRegressor(featureCols=features_of(diabetes), loss="huber", epsilon=1.5, maxIter=200).fit(diabetes)
    assert huber.scale == huber._java_obj.scale() and huber.scale > 1.0
    assert SparkgradRegressor(featureCols=features_of(diabetes), maxIter=5).fit(diabetes).scale == 1.0
