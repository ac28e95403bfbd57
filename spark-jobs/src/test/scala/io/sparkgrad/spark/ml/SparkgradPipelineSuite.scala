package io.sparkgrad.spark.ml

import io.sparkgrad.spark.LocalSpark
import org.apache.spark.ml.{Pipeline, PipelineModel}
import org.apache.spark.ml.evaluation.{BinaryClassificationEvaluator, MulticlassClassificationEvaluator}
import org.apache.spark.ml.feature.VectorAssembler
import org.apache.spark.ml.linalg.Vector
import org.apache.spark.ml.tuning.{CrossValidator, CrossValidatorModel, ParamGridBuilder}
import org.apache.spark.sql.{DataFrame, SparkSession}
import org.scalatest.BeforeAndAfterAll
import org.scalatest.funsuite.AnyFunSuite

import java.nio.file.Files

/**
 * The Spark ML door as a Scala user writes it: pipelines on the shipped data reaching the
 * examples' accuracies, Spark's evaluators reading the output, a saved PipelineModel that loads
 * and predicts the same, CrossValidator choosing between settings, and a model written in Scala.
 */
class SparkgradPipelineSuite extends AnyFunSuite with BeforeAndAfterAll {
  private var spark: SparkSession = _
  private lazy val dir = Files.createTempDirectory("sparkgrad-scala")

  override def beforeAll(): Unit = spark = LocalSpark.start()

  override def afterAll(): Unit = {
    LocalSpark.stop(spark)
    if (Files.exists(dir)) {
      Files.walk(dir).sorted(java.util.Comparator.reverseOrder[java.nio.file.Path]()).forEach(p => Files.delete(p))
    }
  }

  private def csv(name: String): DataFrame =
    spark.read.option("header", "true").option("inferSchema", "true").csv(s"datasets/$name.csv")

  private def assembler(df: DataFrame) =
    new VectorAssembler().setInputCols(df.columns.filter(_ != "label")).setOutputCol("features")

  private def accuracy(scored: DataFrame): Double =
    new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(scored)

  test("Pipeline(VectorAssembler, SparkgradClassifier) on breast cancer: the example's accuracy, read by Spark's evaluators") {
    val data = csv("breast_cancer")
    val Array(train, test) = data.randomSplit(Array(0.8, 0.2), seed = 7)
    val model = new Pipeline().setStages(Array(assembler(data), new SparkgradClassifier().setRegParam(0.001))).fit(train)
    val scored = model.transform(test)
    assert(accuracy(scored) >= 0.95)
    assert(new BinaryClassificationEvaluator().evaluate(scored) >= 0.99, "area under ROC")
    val fitted = model.stages(1).asInstanceOf[SparkgradClassificationModel]
    assert(fitted.summary.totalIterations < 100, "L-BFGS converged")
    assert(fitted.summary.train.get("areaUnderROC") > 0.99)
  }

  test("an mlp on the digits reaches the example's accuracy") {
    val data = csv("digits")
    val Array(train, test) = data.randomSplit(Array(0.8, 0.2), seed = 7)
    val mlp = new SparkgradClassifier().setModelType("mlp").setHiddenLayers(64).setMaxIter(150).setRegParam(0.0001)
      .setLearningRate(0.01).setConfig("optimizer.schedule { type = cosine, etaMin = 0.0005 }").setNumPartitions(2)
    val model = new Pipeline().setStages(Array(assembler(data), mlp)).fit(train)
    assert(accuracy(model.transform(test)) >= 0.95)
  }

  test("a saved PipelineModel loads with PipelineModel.load and predicts the same") {
    val data = csv("iris")
    val model = new Pipeline().setStages(Array(assembler(data), new SparkgradClassifier())).fit(data)
    val path = dir.resolve("iris-pipeline").toString
    model.write.overwrite().save(path)
    val loaded = PipelineModel.load(path)
    val before = model.transform(data).select("probability", "prediction").collect().toSeq
    val after = loaded.transform(data).select("probability", "prediction").collect().toSeq
    assert(before == after)
    assert(loaded.stages(1).asInstanceOf[SparkgradClassificationModel].numClasses == 3)
    assert(before.head.getAs[Vector]("probability").size == 3)
  }

  test("CrossValidator chooses the better of two settings") {
    val data = csv("breast_cancer")
    val classifier = new SparkgradClassifier().setMaxIter(30)
    val grid = new ParamGridBuilder().addGrid(classifier.regParam, Array(10.0, 0.001)).build()
    val cv = new CrossValidator().setEstimator(new Pipeline().setStages(Array(assembler(data), classifier)))
      .setEstimatorParamMaps(grid).setEvaluator(new BinaryClassificationEvaluator()).setNumFolds(2).setSeed(3)
    val best = cv.fit(data).bestModel.asInstanceOf[PipelineModel].stages(1).asInstanceOf[SparkgradClassificationModel]
    assert(best.parent.asInstanceOf[SparkgradClassifier].getOrDefault(classifier.regParam) == 0.001)
  }

  test("a model written in Scala is trained by the estimator") {
    val data = csv("breast_cancer")
    val estimator = new SparkgradClassifier().setModelType("class").setModelClass(classOf[ScalaLogisticModel].getName)
      .setModelOptions("scale=2").setOptimizer("adam").setLearningRate(0.05).setMaxIter(100).setValidationFraction(0.2)
    val model = new Pipeline().setStages(Array(assembler(data), estimator)).fit(data)
    val fitted = model.stages(1).asInstanceOf[SparkgradClassificationModel]
    assert(fitted.summary.validation.get("accuracy") >= 0.95)
    assert(fitted.savedModel.spec.className == classOf[ScalaLogisticModel].getName)
  }

  test("a SparkgradRegressor fits least squares on the diabetes data") {
    val data = csv("diabetes")
    val model = new Pipeline().setStages(Array(assembler(data), new SparkgradRegressor())).fit(data)
    val fitted = model.stages(1).asInstanceOf[SparkgradRegressionModel]
    // ordinary least squares on all 442 rows explains 51.77 % of the variance (scikit-learn's LinearRegression)
    val r2 = fitted.summary.train.get("r2")
    assert(math.abs(r2 - 0.5177) < 0.0005, s"train r2 $r2")
    assert(model.transform(data).columns.contains("prediction"))
  }
}
