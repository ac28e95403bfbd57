"""CrossValidator and TrainValidationSplit from Python choose between settings of the sparkgrad estimator."""

from pyspark.ml import Pipeline
from pyspark.ml.evaluation import BinaryClassificationEvaluator
from pyspark.ml.feature import VectorAssembler
from pyspark.ml.tuning import CrossValidator, CrossValidatorModel, ParamGridBuilder, TrainValidationSplit

from conftest import features_of, read_csv
from sparkgrad.ml import SparkgradClassificationModel, SparkgradClassifier


def _setup(spark):
    data = read_csv(spark, "breast_cancer")
    classifier = SparkgradClassifier(maxIter=30)
    pipeline = Pipeline(stages=[VectorAssembler(inputCols=features_of(data), outputCol="features"), classifier])
    grid = ParamGridBuilder().addGrid(classifier.regParam, [10.0, 0.001]).build()
    return data, classifier, pipeline, grid


def test_cross_validator_chooses_the_better_of_two_settings_and_saves(spark, tmp_path):
    data, classifier, pipeline, grid = _setup(spark)
    cv = CrossValidator(estimator=pipeline, estimatorParamMaps=grid, evaluator=BinaryClassificationEvaluator(),
                        numFolds=2, seed=3)
    fitted = cv.fit(data)
    assert fitted.avgMetrics[1] > fitted.avgMetrics[0] > 0.5
    best = fitted.bestModel.stages[1]
    assert isinstance(best, SparkgradClassificationModel)
    # the best model's Java side was fitted with regParam 0.001
    assert best._java_obj.parent().getOrDefault(best._java_obj.parent().regParam()) == 0.001
    # the original estimator is untouched by the grid
    assert classifier.getRegParam() == 0.0
    assert classifier._java_obj.isSet(classifier._java_obj.regParam()) is False
    path = str(tmp_path / "cv")
    fitted.write().overwrite().save(path)
    loaded = CrossValidatorModel.load(path)
    assert loaded.avgMetrics == fitted.avgMetrics
    assert isinstance(loaded.bestModel.stages[1], SparkgradClassificationModel)


def test_train_validation_split_chooses_the_better_of_two_settings(spark):
    data, classifier, pipeline, grid = _setup(spark)
    tvs = TrainValidationSplit(estimator=pipeline, estimatorParamMaps=grid, evaluator=BinaryClassificationEvaluator(),
                               trainRatio=0.75, seed=3)
    fitted = tvs.fit(data)
    assert fitted.validationMetrics[1] > fitted.validationMetrics[0]
    assert fitted.bestModel.stages[1]._java_obj.parent().getOrDefault(
        fitted.bestModel.stages[1]._java_obj.parent().regParam()) == 0.001
