# Generated from the Java stages by io.sparkgrad.spark.ml.PythonParams (spark-jobs test sources).
# Do not edit: after adding or changing a Java param, run python/regenerate-params.sh.
# PythonParamsTest, part of `mvn -B verify`, fails while this file is out of date.
"""The params of sparkgrad's Spark ML stages: the Java side's names, doc strings, types and defaults."""

from typing import Any, Dict, List, Optional, TypeVar

from pyspark.ml.param import Param, Params, TypeConverters

_S = TypeVar("_S", bound=Params)

#: the Java class of each stage, by its Python name
JAVA_CLASSES: Dict[str, str] = {
    "SparkgradClassifier": "io.sparkgrad.spark.ml.SparkgradClassifier",
    "SparkgradRegressor": "io.sparkgrad.spark.ml.SparkgradRegressor",
    "SparkgradClassificationModel": "io.sparkgrad.spark.ml.SparkgradClassificationModel",
    "SparkgradRegressionModel": "io.sparkgrad.spark.ml.SparkgradRegressionModel",
}


class _SparkgradClassifierParams(Params):
    """The params of ``io.sparkgrad.spark.ml.SparkgradClassifier``."""

    activation: "Param[str]" = Param(
        Params._dummy(), "activation", "mlp: relu, tanh, sigmoid or gelu", typeConverter=TypeConverters.toString
    )
    aggregationDepth: "Param[int]" = Param(
        Params._dummy(), "aggregationDepth", "depth of the gradient merge tree", typeConverter=TypeConverters.toInt
    )
    blockSize: "Param[int]" = Param(
        Params._dummy(), "blockSize", "rows stacked into one block for the engine (0: 4096 dense, 65536 sparse)", typeConverter=TypeConverters.toInt
    )
    checkpointDir: "Param[str]" = Param(
        Params._dummy(), "checkpointDir", "where checkpoints go (empty: SparkContext's checkpoint directory)", typeConverter=TypeConverters.toString
    )
    checkpointInterval: "Param[int]" = Param(
        Params._dummy(), "checkpointInterval", "checkpoint every k iterations into checkpointDir (0: never)", typeConverter=TypeConverters.toInt
    )
    classWeights: "Param[str]" = Param(
        Params._dummy(), "classWeights", "per-class weights: 'balanced', or comma-separated numbers, one per class; empty for none", typeConverter=TypeConverters.toString
    )
    config: "Param[str]" = Param(
        Params._dummy(), "config", "further job configuration keys as HOCON, e.g. \"optimizer.beta2 = 0.99\"; the params win over it", typeConverter=TypeConverters.toString
    )
    earlyStoppingMetric: "Param[str]" = Param(
        Params._dummy(), "earlyStoppingMetric", "stop when this validation metric stops improving, keeping the best parameters (empty: never)", typeConverter=TypeConverters.toString
    )
    earlyStoppingPatience: "Param[int]" = Param(
        Params._dummy(), "earlyStoppingPatience", "validations without improvement before early stopping", typeConverter=TypeConverters.toInt
    )
    elasticNetParam: "Param[float]" = Param(
        Params._dummy(), "elasticNetParam", "the ElasticNet mixing parameter in [0, 1], as MLlib's: 0 is an L2 penalty, 1 an L1 penalty (fitted by OWL-QN with lbfgs, exact zeros)", typeConverter=TypeConverters.toFloat
    )
    factorSize: "Param[int]" = Param(
        Params._dummy(), "factorSize", "fm: dimensionality of the factor vectors, which give the pairwise interactions between features", typeConverter=TypeConverters.toInt
    )
    featureCols: "Param[List[str]]" = Param(
        Params._dummy(), "featureCols", "numeric feature columns, used instead of featuresCol when set", typeConverter=TypeConverters.toListString
    )
    featuresCol: "Param[str]" = Param(
        Params._dummy(), "featuresCol", "features column name (an ML Vector)", typeConverter=TypeConverters.toString
    )
    fitIntercept: "Param[bool]" = Param(
        Params._dummy(), "fitIntercept", "fm and glm: whether to fit an intercept term", typeConverter=TypeConverters.toBoolean
    )
    fitLinear: "Param[bool]" = Param(
        Params._dummy(), "fitLinear", "fm: whether to fit the linear term (aka 1-way term)", typeConverter=TypeConverters.toBoolean
    )
    hiddenLayers: "Param[List[int]]" = Param(
        Params._dummy(), "hiddenLayers", "mlp: hidden layer widths", typeConverter=TypeConverters.toListInt
    )
    initStd: "Param[float]" = Param(
        Params._dummy(), "initStd", "fm: standard deviation of the factors' normal initialisation", typeConverter=TypeConverters.toFloat
    )
    l1: "Param[float]" = Param(
        Params._dummy(), "l1", "further L1 regularization (>= 0), on weights only, added to regParam * elasticNetParam", typeConverter=TypeConverters.toFloat
    )
    labelCol: "Param[str]" = Param(
        Params._dummy(), "labelCol", "label column name", typeConverter=TypeConverters.toString
    )
    learningRate: "Param[float]" = Param(
        Params._dummy(), "learningRate", "the optimizer's lr (-1: its default)", typeConverter=TypeConverters.toFloat
    )
    loss: "Param[str]" = Param(
        Params._dummy(), "loss", "the loss of a logistic or softmax model: logLoss (logistic regression) or hinge (MLlib's LinearSVC: mean hinge + regParam/2 * ||w||^2, fitted by OWL-QN as MLlib's; with more than two classes one-vs-rest, fitted together); case-insensitive", typeConverter=TypeConverters.toString
    )
    maxIter: "Param[int]" = Param(
        Params._dummy(), "maxIter", "maximum number of iterations (>= 1)", typeConverter=TypeConverters.toInt
    )
    miniBatchFraction: "Param[float]" = Param(
        Params._dummy(), "miniBatchFraction", "fraction of the rows each iteration uses, drawn per row (reproducibly) with this probability", typeConverter=TypeConverters.toFloat
    )
    modelClass: "Param[str]" = Param(
        Params._dummy(), "modelClass", "class: a io.sparkgrad.spark.model.Model implementation", typeConverter=TypeConverters.toString
    )
    modelOptions: "Param[List[str]]" = Param(
        Params._dummy(), "modelOptions", "class: key=value settings handed to the model", typeConverter=TypeConverters.toListString
    )
    modelType: "Param[str]" = Param(
        Params._dummy(), "modelType", "the model: linear, logistic, softmax, glm (regressor), mlp, fm or class (empty: the convex model the task needs; a regressor with a GLM param set is a glm)", typeConverter=TypeConverters.toString
    )
    numPartitions: "Param[int]" = Param(
        Params._dummy(), "numPartitions", "partitions the rows are spread over (0: Spark's default parallelism)", typeConverter=TypeConverters.toInt
    )
    optimizer: "Param[str]" = Param(
        Params._dummy(), "optimizer", "lbfgs, sgd, adam or adamw (empty: lbfgs for convex models, adam otherwise)", typeConverter=TypeConverters.toString
    )
    predictionCol: "Param[str]" = Param(
        Params._dummy(), "predictionCol", "prediction column name", typeConverter=TypeConverters.toString
    )
    probabilityCol: "Param[str]" = Param(
        Params._dummy(), "probabilityCol", "class probabilities column name (an ML Vector)", typeConverter=TypeConverters.toString
    )
    rawPredictionCol: "Param[str]" = Param(
        Params._dummy(), "rawPredictionCol", "raw prediction column name: log of each class's probability", typeConverter=TypeConverters.toString
    )
    regParam: "Param[float]" = Param(
        Params._dummy(), "regParam", "regularization strength (>= 0), on weights only, as MLlib's LogisticRegression and LinearRegression: regParam * (elasticNetParam * L1 + (1 - elasticNetParam) / 2 * L2 norm squared), on the standardized coefficients when standardization is true", typeConverter=TypeConverters.toFloat
    )
    resumeFrom: "Param[str]" = Param(
        Params._dummy(), "resumeFrom", "a run, model, checkpoint or checkpoint directory to continue from", typeConverter=TypeConverters.toString
    )
    seed: "Param[int]" = Param(
        Params._dummy(), "seed", "random seed (initial parameters, hold-out)", typeConverter=TypeConverters.toInt
    )
    solver: "Param[str]" = Param(
        Params._dummy(), "solver", "fm: adamW (MLlib's default), gd (step learningRate / sqrt(iteration)) or lbfgs; regParam is then MLlib's: adamW decays every coefficient by regParam each step, gd adds regParam times the coefficients to the gradient, lbfgs adds regParam / 2 · ||w||² (weights only) to the objective (empty: adamW for fm; other models use optimizer)", typeConverter=TypeConverters.toString
    )
    standardization: "Param[bool]" = Param(
        Params._dummy(), "standardization", "whether to standardize the features before fitting", typeConverter=TypeConverters.toBoolean
    )
    tol: "Param[float]" = Param(
        Params._dummy(), "tol", "convergence tolerance on the objective's relative change (-1: the optimizer's default)", typeConverter=TypeConverters.toFloat
    )
    validateEvery: "Param[int]" = Param(
        Params._dummy(), "validateEvery", "compute validation metrics every k iterations (0: only at the end)", typeConverter=TypeConverters.toInt
    )
    validationFraction: "Param[float]" = Param(
        Params._dummy(), "validationFraction", "share of rows held out (stratified for classifiers) for validation metrics and early stopping", typeConverter=TypeConverters.toFloat
    )
    weightCol: "Param[str]" = Param(
        Params._dummy(), "weightCol", "weight column name; empty: every row weighs 1", typeConverter=TypeConverters.toString
    )

    def __init__(
        self,
        *,
        activation: Optional[str] = None,
        aggregationDepth: Optional[int] = None,
        blockSize: Optional[int] = None,
        checkpointDir: Optional[str] = None,
        checkpointInterval: Optional[int] = None,
        classWeights: Optional[str] = None,
        config: Optional[str] = None,
        earlyStoppingMetric: Optional[str] = None,
        earlyStoppingPatience: Optional[int] = None,
        elasticNetParam: Optional[float] = None,
        factorSize: Optional[int] = None,
        featureCols: Optional[List[str]] = None,
        featuresCol: Optional[str] = None,
        fitIntercept: Optional[bool] = None,
        fitLinear: Optional[bool] = None,
        hiddenLayers: Optional[List[int]] = None,
        initStd: Optional[float] = None,
        l1: Optional[float] = None,
        labelCol: Optional[str] = None,
        learningRate: Optional[float] = None,
        loss: Optional[str] = None,
        maxIter: Optional[int] = None,
        miniBatchFraction: Optional[float] = None,
        modelClass: Optional[str] = None,
        modelOptions: Optional[List[str]] = None,
        modelType: Optional[str] = None,
        numPartitions: Optional[int] = None,
        optimizer: Optional[str] = None,
        predictionCol: Optional[str] = None,
        probabilityCol: Optional[str] = None,
        rawPredictionCol: Optional[str] = None,
        regParam: Optional[float] = None,
        resumeFrom: Optional[str] = None,
        seed: Optional[int] = None,
        solver: Optional[str] = None,
        standardization: Optional[bool] = None,
        tol: Optional[float] = None,
        validateEvery: Optional[int] = None,
        validationFraction: Optional[float] = None,
        weightCol: Optional[str] = None,
        **others: Any,
    ) -> None:
        super().__init__()
        self._setDefault(
            activation="relu",
            aggregationDepth=2,
            blockSize=0,
            checkpointDir="",
            checkpointInterval=0,
            classWeights="",
            config="",
            earlyStoppingMetric="",
            earlyStoppingPatience=5,
            elasticNetParam=0.0,
            factorSize=8,
            featureCols=[],
            featuresCol="features",
            fitIntercept=True,
            fitLinear=True,
            hiddenLayers=[64],
            initStd=0.01,
            l1=0.0,
            labelCol="label",
            learningRate=-1.0,
            loss="logLoss",
            maxIter=100,
            miniBatchFraction=1.0,
            modelClass="",
            modelOptions=[],
            modelType="",
            numPartitions=0,
            optimizer="",
            predictionCol="prediction",
            probabilityCol="probability",
            rawPredictionCol="rawPrediction",
            regParam=0.0,
            resumeFrom="",
            seed=42,
            solver="",
            standardization=True,
            tol=-1.0,
            validateEvery=0,
            validationFraction=0.0,
            weightCol="",
        )
        self._init_java()  # type: ignore[attr-defined]
        self.setParams(
            activation=activation,
            aggregationDepth=aggregationDepth,
            blockSize=blockSize,
            checkpointDir=checkpointDir,
            checkpointInterval=checkpointInterval,
            classWeights=classWeights,
            config=config,
            earlyStoppingMetric=earlyStoppingMetric,
            earlyStoppingPatience=earlyStoppingPatience,
            elasticNetParam=elasticNetParam,
            factorSize=factorSize,
            featureCols=featureCols,
            featuresCol=featuresCol,
            fitIntercept=fitIntercept,
            fitLinear=fitLinear,
            hiddenLayers=hiddenLayers,
            initStd=initStd,
            l1=l1,
            labelCol=labelCol,
            learningRate=learningRate,
            loss=loss,
            maxIter=maxIter,
            miniBatchFraction=miniBatchFraction,
            modelClass=modelClass,
            modelOptions=modelOptions,
            modelType=modelType,
            numPartitions=numPartitions,
            optimizer=optimizer,
            predictionCol=predictionCol,
            probabilityCol=probabilityCol,
            rawPredictionCol=rawPredictionCol,
            regParam=regParam,
            resumeFrom=resumeFrom,
            seed=seed,
            solver=solver,
            standardization=standardization,
            tol=tol,
            validateEvery=validateEvery,
            validationFraction=validationFraction,
            weightCol=weightCol,
            **others,
        )

    def getActivation(self) -> str:
        """The value of ``activation`` or its default: mlp: relu, tanh, sigmoid or gelu."""
        return self.getOrDefault(self.activation)  # type: ignore[no-any-return]

    def setActivation(self: _S, value: str) -> _S:
        """Sets ``activation``: mlp: relu, tanh, sigmoid or gelu."""
        return self._set(activation=value)

    def getAggregationDepth(self) -> int:
        """The value of ``aggregationDepth`` or its default: depth of the gradient merge tree."""
        return self.getOrDefault(self.aggregationDepth)  # type: ignore[no-any-return]

    def setAggregationDepth(self: _S, value: int) -> _S:
        """Sets ``aggregationDepth``: depth of the gradient merge tree."""
        return self._set(aggregationDepth=value)

    def getBlockSize(self) -> int:
        """The value of ``blockSize`` or its default: rows stacked into one block for the engine (0: 4096 dense, 65536 sparse)."""
        return self.getOrDefault(self.blockSize)  # type: ignore[no-any-return]

    def setBlockSize(self: _S, value: int) -> _S:
        """Sets ``blockSize``: rows stacked into one block for the engine (0: 4096 dense, 65536 sparse)."""
        return self._set(blockSize=value)

    def getCheckpointDir(self) -> str:
        """The value of ``checkpointDir`` or its default: where checkpoints go (empty: SparkContext's checkpoint directory)."""
        return self.getOrDefault(self.checkpointDir)  # type: ignore[no-any-return]

    def setCheckpointDir(self: _S, value: str) -> _S:
        """Sets ``checkpointDir``: where checkpoints go (empty: SparkContext's checkpoint directory)."""
        return self._set(checkpointDir=value)

    def getCheckpointInterval(self) -> int:
        """The value of ``checkpointInterval`` or its default: checkpoint every k iterations into checkpointDir (0: never)."""
        return self.getOrDefault(self.checkpointInterval)  # type: ignore[no-any-return]

    def setCheckpointInterval(self: _S, value: int) -> _S:
        """Sets ``checkpointInterval``: checkpoint every k iterations into checkpointDir (0: never)."""
        return self._set(checkpointInterval=value)

    def getClassWeights(self) -> str:
        """The value of ``classWeights`` or its default: per-class weights: 'balanced', or comma-separated numbers, one per class; empty for none."""
        return self.getOrDefault(self.classWeights)  # type: ignore[no-any-return]

    def setClassWeights(self: _S, value: str) -> _S:
        """Sets ``classWeights``: per-class weights: 'balanced', or comma-separated numbers, one per class; empty for none."""
        return self._set(classWeights=value)

    def getConfig(self) -> str:
        """The value of ``config`` or its default: further job configuration keys as HOCON, e.g. \"optimizer.beta2 = 0.99\"; the params win over it."""
        return self.getOrDefault(self.config)  # type: ignore[no-any-return]

    def setConfig(self: _S, value: str) -> _S:
        """Sets ``config``: further job configuration keys as HOCON, e.g. \"optimizer.beta2 = 0.99\"; the params win over it."""
        return self._set(config=value)

    def getEarlyStoppingMetric(self) -> str:
        """The value of ``earlyStoppingMetric`` or its default: stop when this validation metric stops improving, keeping the best parameters (empty: never)."""
        return self.getOrDefault(self.earlyStoppingMetric)  # type: ignore[no-any-return]

    def setEarlyStoppingMetric(self: _S, value: str) -> _S:
        """Sets ``earlyStoppingMetric``: stop when this validation metric stops improving, keeping the best parameters (empty: never)."""
        return self._set(earlyStoppingMetric=value)

    def getEarlyStoppingPatience(self) -> int:
        """The value of ``earlyStoppingPatience`` or its default: validations without improvement before early stopping."""
        return self.getOrDefault(self.earlyStoppingPatience)  # type: ignore[no-any-return]

    def setEarlyStoppingPatience(self: _S, value: int) -> _S:
        """Sets ``earlyStoppingPatience``: validations without improvement before early stopping."""
        return self._set(earlyStoppingPatience=value)

    def getElasticNetParam(self) -> float:
        """The value of ``elasticNetParam`` or its default: the ElasticNet mixing parameter in [0, 1], as MLlib's: 0 is an L2 penalty, 1 an L1 penalty (fitted by OWL-QN with lbfgs, exact zeros)."""
        return self.getOrDefault(self.elasticNetParam)  # type: ignore[no-any-return]

    def setElasticNetParam(self: _S, value: float) -> _S:
        """Sets ``elasticNetParam``: the ElasticNet mixing parameter in [0, 1], as MLlib's: 0 is an L2 penalty, 1 an L1 penalty (fitted by OWL-QN with lbfgs, exact zeros)."""
        return self._set(elasticNetParam=value)

    def getFactorSize(self) -> int:
        """The value of ``factorSize`` or its default: fm: dimensionality of the factor vectors, which give the pairwise interactions between features."""
        return self.getOrDefault(self.factorSize)  # type: ignore[no-any-return]

    def setFactorSize(self: _S, value: int) -> _S:
        """Sets ``factorSize``: fm: dimensionality of the factor vectors, which give the pairwise interactions between features."""
        return self._set(factorSize=value)

    def getFeatureCols(self) -> List[str]:
        """The value of ``featureCols`` or its default: numeric feature columns, used instead of featuresCol when set."""
        return self.getOrDefault(self.featureCols)  # type: ignore[no-any-return]

    def setFeatureCols(self: _S, value: List[str]) -> _S:
        """Sets ``featureCols``: numeric feature columns, used instead of featuresCol when set."""
        return self._set(featureCols=value)

    def getFeaturesCol(self) -> str:
        """The value of ``featuresCol`` or its default: features column name (an ML Vector)."""
        return self.getOrDefault(self.featuresCol)  # type: ignore[no-any-return]

    def setFeaturesCol(self: _S, value: str) -> _S:
        """Sets ``featuresCol``: features column name (an ML Vector)."""
        return self._set(featuresCol=value)

    def getFitIntercept(self) -> bool:
        """The value of ``fitIntercept`` or its default: fm and glm: whether to fit an intercept term."""
        return self.getOrDefault(self.fitIntercept)  # type: ignore[no-any-return]

    def setFitIntercept(self: _S, value: bool) -> _S:
        """Sets ``fitIntercept``: fm and glm: whether to fit an intercept term."""
        return self._set(fitIntercept=value)

    def getFitLinear(self) -> bool:
        """The value of ``fitLinear`` or its default: fm: whether to fit the linear term (aka 1-way term)."""
        return self.getOrDefault(self.fitLinear)  # type: ignore[no-any-return]

    def setFitLinear(self: _S, value: bool) -> _S:
        """Sets ``fitLinear``: fm: whether to fit the linear term (aka 1-way term)."""
        return self._set(fitLinear=value)

    def getHiddenLayers(self) -> List[int]:
        """The value of ``hiddenLayers`` or its default: mlp: hidden layer widths."""
        return self.getOrDefault(self.hiddenLayers)  # type: ignore[no-any-return]

    def setHiddenLayers(self: _S, value: List[int]) -> _S:
        """Sets ``hiddenLayers``: mlp: hidden layer widths."""
        return self._set(hiddenLayers=value)

    def getInitStd(self) -> float:
        """The value of ``initStd`` or its default: fm: standard deviation of the factors' normal initialisation."""
        return self.getOrDefault(self.initStd)  # type: ignore[no-any-return]

    def setInitStd(self: _S, value: float) -> _S:
        """Sets ``initStd``: fm: standard deviation of the factors' normal initialisation."""
        return self._set(initStd=value)

    def getL1(self) -> float:
        """The value of ``l1`` or its default: further L1 regularization (>= 0), on weights only, added to regParam * elasticNetParam."""
        return self.getOrDefault(self.l1)  # type: ignore[no-any-return]

    def setL1(self: _S, value: float) -> _S:
        """Sets ``l1``: further L1 regularization (>= 0), on weights only, added to regParam * elasticNetParam."""
        return self._set(l1=value)

    def getLabelCol(self) -> str:
        """The value of ``labelCol`` or its default: label column name."""
        return self.getOrDefault(self.labelCol)  # type: ignore[no-any-return]

    def setLabelCol(self: _S, value: str) -> _S:
        """Sets ``labelCol``: label column name."""
        return self._set(labelCol=value)

    def getLearningRate(self) -> float:
        """The value of ``learningRate`` or its default: the optimizer's lr (-1: its default)."""
        return self.getOrDefault(self.learningRate)  # type: ignore[no-any-return]

    def setLearningRate(self: _S, value: float) -> _S:
        """Sets ``learningRate``: the optimizer's lr (-1: its default)."""
        return self._set(learningRate=value)

    def getLoss(self) -> str:
        """The value of ``loss`` or its default: the loss of a logistic or softmax model: logLoss (logistic regression) or hinge (MLlib's LinearSVC: mean hinge + regParam/2 * ||w||^2, fitted by OWL-QN as MLlib's; with more than two classes one-vs-rest, fitted together); case-insensitive."""
        return self.getOrDefault(self.loss)  # type: ignore[no-any-return]

    def setLoss(self: _S, value: str) -> _S:
        """Sets ``loss``: the loss of a logistic or softmax model: logLoss (logistic regression) or hinge (MLlib's LinearSVC: mean hinge + regParam/2 * ||w||^2, fitted by OWL-QN as MLlib's; with more than two classes one-vs-rest, fitted together); case-insensitive."""
        return self._set(loss=value)

    def getMaxIter(self) -> int:
        """The value of ``maxIter`` or its default: maximum number of iterations (>= 1)."""
        return self.getOrDefault(self.maxIter)  # type: ignore[no-any-return]

    def setMaxIter(self: _S, value: int) -> _S:
        """Sets ``maxIter``: maximum number of iterations (>= 1)."""
        return self._set(maxIter=value)

    def getMiniBatchFraction(self) -> float:
        """The value of ``miniBatchFraction`` or its default: fraction of the rows each iteration uses, drawn per row (reproducibly) with this probability."""
        return self.getOrDefault(self.miniBatchFraction)  # type: ignore[no-any-return]

    def setMiniBatchFraction(self: _S, value: float) -> _S:
        """Sets ``miniBatchFraction``: fraction of the rows each iteration uses, drawn per row (reproducibly) with this probability."""
        return self._set(miniBatchFraction=value)

    def getModelClass(self) -> str:
        """The value of ``modelClass`` or its default: class: a io.sparkgrad.spark.model.Model implementation."""
        return self.getOrDefault(self.modelClass)  # type: ignore[no-any-return]

    def setModelClass(self: _S, value: str) -> _S:
        """Sets ``modelClass``: class: a io.sparkgrad.spark.model.Model implementation."""
        return self._set(modelClass=value)

    def getModelOptions(self) -> List[str]:
        """The value of ``modelOptions`` or its default: class: key=value settings handed to the model."""
        return self.getOrDefault(self.modelOptions)  # type: ignore[no-any-return]

    def setModelOptions(self: _S, value: List[str]) -> _S:
        """Sets ``modelOptions``: class: key=value settings handed to the model."""
        return self._set(modelOptions=value)

    def getModelType(self) -> str:
        """The value of ``modelType`` or its default: the model: linear, logistic, softmax, glm (regressor), mlp, fm or class (empty: the convex model the task needs; a regressor with a GLM param set is a glm)."""
        return self.getOrDefault(self.modelType)  # type: ignore[no-any-return]

    def setModelType(self: _S, value: str) -> _S:
        """Sets ``modelType``: the model: linear, logistic, softmax, glm (regressor), mlp, fm or class (empty: the convex model the task needs; a regressor with a GLM param set is a glm)."""
        return self._set(modelType=value)

    def getNumPartitions(self) -> int:
        """The value of ``numPartitions`` or its default: partitions the rows are spread over (0: Spark's default parallelism)."""
        return self.getOrDefault(self.numPartitions)  # type: ignore[no-any-return]

    def setNumPartitions(self: _S, value: int) -> _S:
        """Sets ``numPartitions``: partitions the rows are spread over (0: Spark's default parallelism)."""
        return self._set(numPartitions=value)

    def getOptimizer(self) -> str:
        """The value of ``optimizer`` or its default: lbfgs, sgd, adam or adamw (empty: lbfgs for convex models, adam otherwise)."""
        return self.getOrDefault(self.optimizer)  # type: ignore[no-any-return]

    def setOptimizer(self: _S, value: str) -> _S:
        """Sets ``optimizer``: lbfgs, sgd, adam or adamw (empty: lbfgs for convex models, adam otherwise)."""
        return self._set(optimizer=value)

    def getPredictionCol(self) -> str:
        """The value of ``predictionCol`` or its default: prediction column name."""
        return self.getOrDefault(self.predictionCol)  # type: ignore[no-any-return]

    def setPredictionCol(self: _S, value: str) -> _S:
        """Sets ``predictionCol``: prediction column name."""
        return self._set(predictionCol=value)

    def getProbabilityCol(self) -> str:
        """The value of ``probabilityCol`` or its default: class probabilities column name (an ML Vector)."""
        return self.getOrDefault(self.probabilityCol)  # type: ignore[no-any-return]

    def setProbabilityCol(self: _S, value: str) -> _S:
        """Sets ``probabilityCol``: class probabilities column name (an ML Vector)."""
        return self._set(probabilityCol=value)

    def getRawPredictionCol(self) -> str:
        """The value of ``rawPredictionCol`` or its default: raw prediction column name: log of each class's probability."""
        return self.getOrDefault(self.rawPredictionCol)  # type: ignore[no-any-return]

    def setRawPredictionCol(self: _S, value: str) -> _S:
        """Sets ``rawPredictionCol``: raw prediction column name: log of each class's probability."""
        return self._set(rawPredictionCol=value)

    def getRegParam(self) -> float:
        """The value of ``regParam`` or its default: regularization strength (>= 0), on weights only, as MLlib's LogisticRegression and LinearRegression: regParam * (elasticNetParam * L1 + (1 - elasticNetParam) / 2 * L2 norm squared), on the standardized coefficients when standardization is true."""
        return self.getOrDefault(self.regParam)  # type: ignore[no-any-return]

    def setRegParam(self: _S, value: float) -> _S:
        """Sets ``regParam``: regularization strength (>= 0), on weights only, as MLlib's LogisticRegression and LinearRegression: regParam * (elasticNetParam * L1 + (1 - elasticNetParam) / 2 * L2 norm squared), on the standardized coefficients when standardization is true."""
        return self._set(regParam=value)

    def getResumeFrom(self) -> str:
        """The value of ``resumeFrom`` or its default: a run, model, checkpoint or checkpoint directory to continue from."""
        return self.getOrDefault(self.resumeFrom)  # type: ignore[no-any-return]

    def setResumeFrom(self: _S, value: str) -> _S:
        """Sets ``resumeFrom``: a run, model, checkpoint or checkpoint directory to continue from."""
        return self._set(resumeFrom=value)

    def getSeed(self) -> int:
        """The value of ``seed`` or its default: random seed (initial parameters, hold-out)."""
        return self.getOrDefault(self.seed)  # type: ignore[no-any-return]

    def setSeed(self: _S, value: int) -> _S:
        """Sets ``seed``: random seed (initial parameters, hold-out)."""
        return self._set(seed=value)

    def getSolver(self) -> str:
        """The value of ``solver`` or its default: fm: adamW (MLlib's default), gd (step learningRate / sqrt(iteration)) or lbfgs; regParam is then MLlib's: adamW decays every coefficient by regParam each step, gd adds regParam times the coefficients to the gradient, lbfgs adds regParam / 2 · ||w||² (weights only) to the objective (empty: adamW for fm; other models use optimizer)."""
        return self.getOrDefault(self.solver)  # type: ignore[no-any-return]

    def setSolver(self: _S, value: str) -> _S:
        """Sets ``solver``: fm: adamW (MLlib's default), gd (step learningRate / sqrt(iteration)) or lbfgs; regParam is then MLlib's: adamW decays every coefficient by regParam each step, gd adds regParam times the coefficients to the gradient, lbfgs adds regParam / 2 · ||w||² (weights only) to the objective (empty: adamW for fm; other models use optimizer)."""
        return self._set(solver=value)

    def getStandardization(self) -> bool:
        """The value of ``standardization`` or its default: whether to standardize the features before fitting."""
        return self.getOrDefault(self.standardization)  # type: ignore[no-any-return]

    def setStandardization(self: _S, value: bool) -> _S:
        """Sets ``standardization``: whether to standardize the features before fitting."""
        return self._set(standardization=value)

    def getTol(self) -> float:
        """The value of ``tol`` or its default: convergence tolerance on the objective's relative change (-1: the optimizer's default)."""
        return self.getOrDefault(self.tol)  # type: ignore[no-any-return]

    def setTol(self: _S, value: float) -> _S:
        """Sets ``tol``: convergence tolerance on the objective's relative change (-1: the optimizer's default)."""
        return self._set(tol=value)

    def getValidateEvery(self) -> int:
        """The value of ``validateEvery`` or its default: compute validation metrics every k iterations (0: only at the end)."""
        return self.getOrDefault(self.validateEvery)  # type: ignore[no-any-return]

    def setValidateEvery(self: _S, value: int) -> _S:
        """Sets ``validateEvery``: compute validation metrics every k iterations (0: only at the end)."""
        return self._set(validateEvery=value)

    def getValidationFraction(self) -> float:
        """The value of ``validationFraction`` or its default: share of rows held out (stratified for classifiers) for validation metrics and early stopping."""
        return self.getOrDefault(self.validationFraction)  # type: ignore[no-any-return]

    def setValidationFraction(self: _S, value: float) -> _S:
        """Sets ``validationFraction``: share of rows held out (stratified for classifiers) for validation metrics and early stopping."""
        return self._set(validationFraction=value)

    def getWeightCol(self) -> str:
        """The value of ``weightCol`` or its default: weight column name; empty: every row weighs 1."""
        return self.getOrDefault(self.weightCol)  # type: ignore[no-any-return]

    def setWeightCol(self: _S, value: str) -> _S:
        """Sets ``weightCol``: weight column name; empty: every row weighs 1."""
        return self._set(weightCol=value)

    def setParams(
        self: _S,
        *,
        activation: Optional[str] = None,
        aggregationDepth: Optional[int] = None,
        blockSize: Optional[int] = None,
        checkpointDir: Optional[str] = None,
        checkpointInterval: Optional[int] = None,
        classWeights: Optional[str] = None,
        config: Optional[str] = None,
        earlyStoppingMetric: Optional[str] = None,
        earlyStoppingPatience: Optional[int] = None,
        elasticNetParam: Optional[float] = None,
        factorSize: Optional[int] = None,
        featureCols: Optional[List[str]] = None,
        featuresCol: Optional[str] = None,
        fitIntercept: Optional[bool] = None,
        fitLinear: Optional[bool] = None,
        hiddenLayers: Optional[List[int]] = None,
        initStd: Optional[float] = None,
        l1: Optional[float] = None,
        labelCol: Optional[str] = None,
        learningRate: Optional[float] = None,
        loss: Optional[str] = None,
        maxIter: Optional[int] = None,
        miniBatchFraction: Optional[float] = None,
        modelClass: Optional[str] = None,
        modelOptions: Optional[List[str]] = None,
        modelType: Optional[str] = None,
        numPartitions: Optional[int] = None,
        optimizer: Optional[str] = None,
        predictionCol: Optional[str] = None,
        probabilityCol: Optional[str] = None,
        rawPredictionCol: Optional[str] = None,
        regParam: Optional[float] = None,
        resumeFrom: Optional[str] = None,
        seed: Optional[int] = None,
        solver: Optional[str] = None,
        standardization: Optional[bool] = None,
        tol: Optional[float] = None,
        validateEvery: Optional[int] = None,
        validationFraction: Optional[float] = None,
        weightCol: Optional[str] = None,
        **others: Any,
    ) -> _S:
        """Sets the params given by keyword; ``None`` leaves a param as it is. A name the Java stage
        does not have is refused with the Java side's message."""
        given = {
            "activation": activation,
            "aggregationDepth": aggregationDepth,
            "blockSize": blockSize,
            "checkpointDir": checkpointDir,
            "checkpointInterval": checkpointInterval,
            "classWeights": classWeights,
            "config": config,
            "earlyStoppingMetric": earlyStoppingMetric,
            "earlyStoppingPatience": earlyStoppingPatience,
            "elasticNetParam": elasticNetParam,
            "factorSize": factorSize,
            "featureCols": featureCols,
            "featuresCol": featuresCol,
            "fitIntercept": fitIntercept,
            "fitLinear": fitLinear,
            "hiddenLayers": hiddenLayers,
            "initStd": initStd,
            "l1": l1,
            "labelCol": labelCol,
            "learningRate": learningRate,
            "loss": loss,
            "maxIter": maxIter,
            "miniBatchFraction": miniBatchFraction,
            "modelClass": modelClass,
            "modelOptions": modelOptions,
            "modelType": modelType,
            "numPartitions": numPartitions,
            "optimizer": optimizer,
            "predictionCol": predictionCol,
            "probabilityCol": probabilityCol,
            "rawPredictionCol": rawPredictionCol,
            "regParam": regParam,
            "resumeFrom": resumeFrom,
            "seed": seed,
            "solver": solver,
            "standardization": standardization,
            "tol": tol,
            "validateEvery": validateEvery,
            "validationFraction": validationFraction,
            "weightCol": weightCol,
        }
        return self._set(**{k: v for k, v in given.items() if v is not None}, **others)


class _SparkgradRegressorParams(Params):
    """The params of ``io.sparkgrad.spark.ml.SparkgradRegressor``."""

    activation: "Param[str]" = Param(
        Params._dummy(), "activation", "mlp: relu, tanh, sigmoid or gelu", typeConverter=TypeConverters.toString
    )
    aggregationDepth: "Param[int]" = Param(
        Params._dummy(), "aggregationDepth", "depth of the gradient merge tree", typeConverter=TypeConverters.toInt
    )
    blockSize: "Param[int]" = Param(
        Params._dummy(), "blockSize", "rows stacked into one block for the engine (0: 4096 dense, 65536 sparse)", typeConverter=TypeConverters.toInt
    )
    checkpointDir: "Param[str]" = Param(
        Params._dummy(), "checkpointDir", "where checkpoints go (empty: SparkContext's checkpoint directory)", typeConverter=TypeConverters.toString
    )
    checkpointInterval: "Param[int]" = Param(
        Params._dummy(), "checkpointInterval", "checkpoint every k iterations into checkpointDir (0: never)", typeConverter=TypeConverters.toInt
    )
    config: "Param[str]" = Param(
        Params._dummy(), "config", "further job configuration keys as HOCON, e.g. \"optimizer.beta2 = 0.99\"; the params win over it", typeConverter=TypeConverters.toString
    )
    earlyStoppingMetric: "Param[str]" = Param(
        Params._dummy(), "earlyStoppingMetric", "stop when this validation metric stops improving, keeping the best parameters (empty: never)", typeConverter=TypeConverters.toString
    )
    earlyStoppingPatience: "Param[int]" = Param(
        Params._dummy(), "earlyStoppingPatience", "validations without improvement before early stopping", typeConverter=TypeConverters.toInt
    )
    elasticNetParam: "Param[float]" = Param(
        Params._dummy(), "elasticNetParam", "the ElasticNet mixing parameter in [0, 1], as MLlib's: 0 is an L2 penalty, 1 an L1 penalty (fitted by OWL-QN with lbfgs, exact zeros)", typeConverter=TypeConverters.toFloat
    )
    epsilon: "Param[float]" = Param(
        Params._dummy(), "epsilon", "the shape parameter of the huber loss (> 1.0): where it turns from quadratic to linear, in units of the scale", typeConverter=TypeConverters.toFloat
    )
    factorSize: "Param[int]" = Param(
        Params._dummy(), "factorSize", "fm: dimensionality of the factor vectors, which give the pairwise interactions between features", typeConverter=TypeConverters.toInt
    )
    family: "Param[str]" = Param(
        Params._dummy(), "family", "glm: the name of family which is a description of the error distribution to be used in the model. Supported options: gaussian, binomial, poisson, gamma, tweedie.", typeConverter=TypeConverters.toString
    )
    featureCols: "Param[List[str]]" = Param(
        Params._dummy(), "featureCols", "numeric feature columns, used instead of featuresCol when set", typeConverter=TypeConverters.toListString
    )
    featuresCol: "Param[str]" = Param(
        Params._dummy(), "featuresCol", "features column name (an ML Vector)", typeConverter=TypeConverters.toString
    )
    fitIntercept: "Param[bool]" = Param(
        Params._dummy(), "fitIntercept", "fm and glm: whether to fit an intercept term", typeConverter=TypeConverters.toBoolean
    )
    fitLinear: "Param[bool]" = Param(
        Params._dummy(), "fitLinear", "fm: whether to fit the linear term (aka 1-way term)", typeConverter=TypeConverters.toBoolean
    )
    hiddenLayers: "Param[List[int]]" = Param(
        Params._dummy(), "hiddenLayers", "mlp: hidden layer widths", typeConverter=TypeConverters.toListInt
    )
    initStd: "Param[float]" = Param(
        Params._dummy(), "initStd", "fm: standard deviation of the factors' normal initialisation", typeConverter=TypeConverters.toFloat
    )
    l1: "Param[float]" = Param(
        Params._dummy(), "l1", "further L1 regularization (>= 0), on weights only, added to regParam * elasticNetParam", typeConverter=TypeConverters.toFloat
    )
    labelCol: "Param[str]" = Param(
        Params._dummy(), "labelCol", "label column name", typeConverter=TypeConverters.toString
    )
    learningRate: "Param[float]" = Param(
        Params._dummy(), "learningRate", "the optimizer's lr (-1: its default)", typeConverter=TypeConverters.toFloat
    )
    link: "Param[str]" = Param(
        Params._dummy(), "link", "glm: the name of link function which provides the relationship between the linear predictor and the mean of the distribution function. Supported options: identity, log, inverse, logit, probit, cloglog, sqrt (not for tweedie, whose link is linkPower; default: the family's)", typeConverter=TypeConverters.toString
    )
    linkPower: "Param[float]" = Param(
        Params._dummy(), "linkPower", "glm: the index in the power link function. Only applicable to the Tweedie family (default: 1 - variancePower)", typeConverter=TypeConverters.toFloat
    )
    loss: "Param[str]" = Param(
        Params._dummy(), "loss", "the loss of a linear model, as MLlib's LinearRegression: squaredError or huber (with the scale fitted jointly); case-insensitive", typeConverter=TypeConverters.toString
    )
    maxIter: "Param[int]" = Param(
        Params._dummy(), "maxIter", "maximum number of iterations (>= 1)", typeConverter=TypeConverters.toInt
    )
    miniBatchFraction: "Param[float]" = Param(
        Params._dummy(), "miniBatchFraction", "fraction of the rows each iteration uses, drawn per row (reproducibly) with this probability", typeConverter=TypeConverters.toFloat
    )
    modelClass: "Param[str]" = Param(
        Params._dummy(), "modelClass", "class: a io.sparkgrad.spark.model.Model implementation", typeConverter=TypeConverters.toString
    )
    modelOptions: "Param[List[str]]" = Param(
        Params._dummy(), "modelOptions", "class: key=value settings handed to the model", typeConverter=TypeConverters.toListString
    )
    modelType: "Param[str]" = Param(
        Params._dummy(), "modelType", "the model: linear, logistic, softmax, glm (regressor), mlp, fm or class (empty: the convex model the task needs; a regressor with a GLM param set is a glm)", typeConverter=TypeConverters.toString
    )
    numPartitions: "Param[int]" = Param(
        Params._dummy(), "numPartitions", "partitions the rows are spread over (0: Spark's default parallelism)", typeConverter=TypeConverters.toInt
    )
    optimizer: "Param[str]" = Param(
        Params._dummy(), "optimizer", "lbfgs, sgd, adam or adamw (empty: lbfgs for convex models, adam otherwise)", typeConverter=TypeConverters.toString
    )
    predictionCol: "Param[str]" = Param(
        Params._dummy(), "predictionCol", "prediction column name", typeConverter=TypeConverters.toString
    )
    regParam: "Param[float]" = Param(
        Params._dummy(), "regParam", "regularization strength (>= 0), on weights only, as MLlib's LogisticRegression and LinearRegression: regParam * (elasticNetParam * L1 + (1 - elasticNetParam) / 2 * L2 norm squared), on the standardized coefficients when standardization is true", typeConverter=TypeConverters.toFloat
    )
    resumeFrom: "Param[str]" = Param(
        Params._dummy(), "resumeFrom", "a run, model, checkpoint or checkpoint directory to continue from", typeConverter=TypeConverters.toString
    )
    seed: "Param[int]" = Param(
        Params._dummy(), "seed", "random seed (initial parameters, hold-out)", typeConverter=TypeConverters.toInt
    )
    solver: "Param[str]" = Param(
        Params._dummy(), "solver", "fm: adamW (MLlib's default), gd (step learningRate / sqrt(iteration)) or lbfgs; regParam is then MLlib's: adamW decays every coefficient by regParam each step, gd adds regParam times the coefficients to the gradient, lbfgs adds regParam / 2 · ||w||² (weights only) to the objective (empty: adamW for fm; other models use optimizer)", typeConverter=TypeConverters.toString
    )
    standardization: "Param[bool]" = Param(
        Params._dummy(), "standardization", "whether to standardize the features before fitting", typeConverter=TypeConverters.toBoolean
    )
    tol: "Param[float]" = Param(
        Params._dummy(), "tol", "convergence tolerance on the objective's relative change (-1: the optimizer's default)", typeConverter=TypeConverters.toFloat
    )
    validateEvery: "Param[int]" = Param(
        Params._dummy(), "validateEvery", "compute validation metrics every k iterations (0: only at the end)", typeConverter=TypeConverters.toInt
    )
    validationFraction: "Param[float]" = Param(
        Params._dummy(), "validationFraction", "share of rows held out (stratified for classifiers) for validation metrics and early stopping", typeConverter=TypeConverters.toFloat
    )
    variancePower: "Param[float]" = Param(
        Params._dummy(), "variancePower", "glm: the power in the variance function of the Tweedie distribution which characterizes the relationship between the variance and mean of the distribution. Only applicable to the Tweedie family. Supported values: 0 and [1, Inf).", typeConverter=TypeConverters.toFloat
    )
    weightCol: "Param[str]" = Param(
        Params._dummy(), "weightCol", "weight column name; empty: every row weighs 1", typeConverter=TypeConverters.toString
    )

    def __init__(
        self,
        *,
        activation: Optional[str] = None,
        aggregationDepth: Optional[int] = None,
        blockSize: Optional[int] = None,
        checkpointDir: Optional[str] = None,
        checkpointInterval: Optional[int] = None,
        config: Optional[str] = None,
        earlyStoppingMetric: Optional[str] = None,
        earlyStoppingPatience: Optional[int] = None,
        elasticNetParam: Optional[float] = None,
        epsilon: Optional[float] = None,
        factorSize: Optional[int] = None,
        family: Optional[str] = None,
        featureCols: Optional[List[str]] = None,
        featuresCol: Optional[str] = None,
        fitIntercept: Optional[bool] = None,
        fitLinear: Optional[bool] = None,
        hiddenLayers: Optional[List[int]] = None,
        initStd: Optional[float] = None,
        l1: Optional[float] = None,
        labelCol: Optional[str] = None,
        learningRate: Optional[float] = None,
        link: Optional[str] = None,
        linkPower: Optional[float] = None,
        loss: Optional[str] = None,
        maxIter: Optional[int] = None,
        miniBatchFraction: Optional[float] = None,
        modelClass: Optional[str] = None,
        modelOptions: Optional[List[str]] = None,
        modelType: Optional[str] = None,
        numPartitions: Optional[int] = None,
        optimizer: Optional[str] = None,
        predictionCol: Optional[str] = None,
        regParam: Optional[float] = None,
        resumeFrom: Optional[str] = None,
        seed: Optional[int] = None,
        solver: Optional[str] = None,
        standardization: Optional[bool] = None,
        tol: Optional[float] = None,
        validateEvery: Optional[int] = None,
        validationFraction: Optional[float] = None,
        variancePower: Optional[float] = None,
        weightCol: Optional[str] = None,
        **others: Any,
    ) -> None:
        super().__init__()
        self._setDefault(
            activation="relu",
            aggregationDepth=2,
            blockSize=0,
            checkpointDir="",
            checkpointInterval=0,
            config="",
            earlyStoppingMetric="",
            earlyStoppingPatience=5,
            elasticNetParam=0.0,
            epsilon=1.35,
            factorSize=8,
            family="gaussian",
            featureCols=[],
            featuresCol="features",
            fitIntercept=True,
            fitLinear=True,
            hiddenLayers=[64],
            initStd=0.01,
            l1=0.0,
            labelCol="label",
            learningRate=-1.0,
            loss="squaredError",
            maxIter=100,
            miniBatchFraction=1.0,
            modelClass="",
            modelOptions=[],
            modelType="",
            numPartitions=0,
            optimizer="",
            predictionCol="prediction",
            regParam=0.0,
            resumeFrom="",
            seed=42,
            solver="",
            standardization=True,
            tol=-1.0,
            validateEvery=0,
            validationFraction=0.0,
            variancePower=0.0,
            weightCol="",
        )
        self._init_java()  # type: ignore[attr-defined]
        self.setParams(
            activation=activation,
            aggregationDepth=aggregationDepth,
            blockSize=blockSize,
            checkpointDir=checkpointDir,
            checkpointInterval=checkpointInterval,
            config=config,
            earlyStoppingMetric=earlyStoppingMetric,
            earlyStoppingPatience=earlyStoppingPatience,
            elasticNetParam=elasticNetParam,
            epsilon=epsilon,
            factorSize=factorSize,
            family=family,
            featureCols=featureCols,
            featuresCol=featuresCol,
            fitIntercept=fitIntercept,
            fitLinear=fitLinear,
            hiddenLayers=hiddenLayers,
            initStd=initStd,
            l1=l1,
            labelCol=labelCol,
            learningRate=learningRate,
            link=link,
            linkPower=linkPower,
            loss=loss,
            maxIter=maxIter,
            miniBatchFraction=miniBatchFraction,
            modelClass=modelClass,
            modelOptions=modelOptions,
            modelType=modelType,
            numPartitions=numPartitions,
            optimizer=optimizer,
            predictionCol=predictionCol,
            regParam=regParam,
            resumeFrom=resumeFrom,
            seed=seed,
            solver=solver,
            standardization=standardization,
            tol=tol,
            validateEvery=validateEvery,
            validationFraction=validationFraction,
            variancePower=variancePower,
            weightCol=weightCol,
            **others,
        )

    def getActivation(self) -> str:
        """The value of ``activation`` or its default: mlp: relu, tanh, sigmoid or gelu."""
        return self.getOrDefault(self.activation)  # type: ignore[no-any-return]

    def setActivation(self: _S, value: str) -> _S:
        """Sets ``activation``: mlp: relu, tanh, sigmoid or gelu."""
        return self._set(activation=value)

    def getAggregationDepth(self) -> int:
        """The value of ``aggregationDepth`` or its default: depth of the gradient merge tree."""
        return self.getOrDefault(self.aggregationDepth)  # type: ignore[no-any-return]

    def setAggregationDepth(self: _S, value: int) -> _S:
        """Sets ``aggregationDepth``: depth of the gradient merge tree."""
        return self._set(aggregationDepth=value)

    def getBlockSize(self) -> int:
        """The value of ``blockSize`` or its default: rows stacked into one block for the engine (0: 4096 dense, 65536 sparse)."""
        return self.getOrDefault(self.blockSize)  # type: ignore[no-any-return]

    def setBlockSize(self: _S, value: int) -> _S:
        """Sets ``blockSize``: rows stacked into one block for the engine (0: 4096 dense, 65536 sparse)."""
        return self._set(blockSize=value)

    def getCheckpointDir(self) -> str:
        """The value of ``checkpointDir`` or its default: where checkpoints go (empty: SparkContext's checkpoint directory)."""
        return self.getOrDefault(self.checkpointDir)  # type: ignore[no-any-return]

    def setCheckpointDir(self: _S, value: str) -> _S:
        """Sets ``checkpointDir``: where checkpoints go (empty: SparkContext's checkpoint directory)."""
        return self._set(checkpointDir=value)

    def getCheckpointInterval(self) -> int:
        """The value of ``checkpointInterval`` or its default: checkpoint every k iterations into checkpointDir (0: never)."""
        return self.getOrDefault(self.checkpointInterval)  # type: ignore[no-any-return]

    def setCheckpointInterval(self: _S, value: int) -> _S:
        """Sets ``checkpointInterval``: checkpoint every k iterations into checkpointDir (0: never)."""
        return self._set(checkpointInterval=value)

    def getConfig(self) -> str:
        """The value of ``config`` or its default: further job configuration keys as HOCON, e.g. \"optimizer.beta2 = 0.99\"; the params win over it."""
        return self.getOrDefault(self.config)  # type: ignore[no-any-return]

    def setConfig(self: _S, value: str) -> _S:
        """Sets ``config``: further job configuration keys as HOCON, e.g. \"optimizer.beta2 = 0.99\"; the params win over it."""
        return self._set(config=value)

    def getEarlyStoppingMetric(self) -> str:
        """The value of ``earlyStoppingMetric`` or its default: stop when this validation metric stops improving, keeping the best parameters (empty: never)."""
        return self.getOrDefault(self.earlyStoppingMetric)  # type: ignore[no-any-return]

    def setEarlyStoppingMetric(self: _S, value: str) -> _S:
        """Sets ``earlyStoppingMetric``: stop when this validation metric stops improving, keeping the best parameters (empty: never)."""
        return self._set(earlyStoppingMetric=value)

    def getEarlyStoppingPatience(self) -> int:
        """The value of ``earlyStoppingPatience`` or its default: validations without improvement before early stopping."""
        return self.getOrDefault(self.earlyStoppingPatience)  # type: ignore[no-any-return]

    def setEarlyStoppingPatience(self: _S, value: int) -> _S:
        """Sets ``earlyStoppingPatience``: validations without improvement before early stopping."""
        return self._set(earlyStoppingPatience=value)

    def getElasticNetParam(self) -> float:
        """The value of ``elasticNetParam`` or its default: the ElasticNet mixing parameter in [0, 1], as MLlib's: 0 is an L2 penalty, 1 an L1 penalty (fitted by OWL-QN with lbfgs, exact zeros)."""
        return self.getOrDefault(self.elasticNetParam)  # type: ignore[no-any-return]

    def setElasticNetParam(self: _S, value: float) -> _S:
        """Sets ``elasticNetParam``: the ElasticNet mixing parameter in [0, 1], as MLlib's: 0 is an L2 penalty, 1 an L1 penalty (fitted by OWL-QN with lbfgs, exact zeros)."""
        return self._set(elasticNetParam=value)

    def getEpsilon(self) -> float:
        """The value of ``epsilon`` or its default: the shape parameter of the huber loss (> 1.0): where it turns from quadratic to linear, in units of the scale."""
        return self.getOrDefault(self.epsilon)  # type: ignore[no-any-return]

    def setEpsilon(self: _S, value: float) -> _S:
        """Sets ``epsilon``: the shape parameter of the huber loss (> 1.0): where it turns from quadratic to linear, in units of the scale."""
        return self._set(epsilon=value)

    def getFactorSize(self) -> int:
        """The value of ``factorSize`` or its default: fm: dimensionality of the factor vectors, which give the pairwise interactions between features."""
        return self.getOrDefault(self.factorSize)  # type: ignore[no-any-return]

    def setFactorSize(self: _S, value: int) -> _S:
        """Sets ``factorSize``: fm: dimensionality of the factor vectors, which give the pairwise interactions between features."""
        return self._set(factorSize=value)

    def getFamily(self) -> str:
        """The value of ``family`` or its default: glm: the name of family which is a description of the error distribution to be used in the model. Supported options: gaussian, binomial, poisson, gamma, tweedie."""
        return self.getOrDefault(self.family)  # type: ignore[no-any-return]

    def setFamily(self: _S, value: str) -> _S:
        """Sets ``family``: glm: the name of family which is a description of the error distribution to be used in the model. Supported options: gaussian, binomial, poisson, gamma, tweedie."""
        return self._set(family=value)

    def getFeatureCols(self) -> List[str]:
        """The value of ``featureCols`` or its default: numeric feature columns, used instead of featuresCol when set."""
        return self.getOrDefault(self.featureCols)  # type: ignore[no-any-return]

    def setFeatureCols(self: _S, value: List[str]) -> _S:
        """Sets ``featureCols``: numeric feature columns, used instead of featuresCol when set."""
        return self._set(featureCols=value)

    def getFeaturesCol(self) -> str:
        """The value of ``featuresCol`` or its default: features column name (an ML Vector)."""
        return self.getOrDefault(self.featuresCol)  # type: ignore[no-any-return]

    def setFeaturesCol(self: _S, value: str) -> _S:
        """Sets ``featuresCol``: features column name (an ML Vector)."""
        return self._set(featuresCol=value)

    def getFitIntercept(self) -> bool:
        """The value of ``fitIntercept`` or its default: fm and glm: whether to fit an intercept term."""
        return self.getOrDefault(self.fitIntercept)  # type: ignore[no-any-return]

    def setFitIntercept(self: _S, value: bool) -> _S:
        """Sets ``fitIntercept``: fm and glm: whether to fit an intercept term."""
        return self._set(fitIntercept=value)

    def getFitLinear(self) -> bool:
        """The value of ``fitLinear`` or its default: fm: whether to fit the linear term (aka 1-way term)."""
        return self.getOrDefault(self.fitLinear)  # type: ignore[no-any-return]

    def setFitLinear(self: _S, value: bool) -> _S:
        """Sets ``fitLinear``: fm: whether to fit the linear term (aka 1-way term)."""
        return self._set(fitLinear=value)

    def getHiddenLayers(self) -> List[int]:
        """The value of ``hiddenLayers`` or its default: mlp: hidden layer widths."""
        return self.getOrDefault(self.hiddenLayers)  # type: ignore[no-any-return]

    def setHiddenLayers(self: _S, value: List[int]) -> _S:
        """Sets ``hiddenLayers``: mlp: hidden layer widths."""
        return self._set(hiddenLayers=value)

    def getInitStd(self) -> float:
        """The value of ``initStd`` or its default: fm: standard deviation of the factors' normal initialisation."""
        return self.getOrDefault(self.initStd)  # type: ignore[no-any-return]

    def setInitStd(self: _S, value: float) -> _S:
        """Sets ``initStd``: fm: standard deviation of the factors' normal initialisation."""
        return self._set(initStd=value)

    def getL1(self) -> float:
        """The value of ``l1`` or its default: further L1 regularization (>= 0), on weights only, added to regParam * elasticNetParam."""
        return self.getOrDefault(self.l1)  # type: ignore[no-any-return]

    def setL1(self: _S, value: float) -> _S:
        """Sets ``l1``: further L1 regularization (>= 0), on weights only, added to regParam * elasticNetParam."""
        return self._set(l1=value)

    def getLabelCol(self) -> str:
        """The value of ``labelCol`` or its default: label column name."""
        return self.getOrDefault(self.labelCol)  # type: ignore[no-any-return]

    def setLabelCol(self: _S, value: str) -> _S:
        """Sets ``labelCol``: label column name."""
        return self._set(labelCol=value)

    def getLearningRate(self) -> float:
        """The value of ``learningRate`` or its default: the optimizer's lr (-1: its default)."""
        return self.getOrDefault(self.learningRate)  # type: ignore[no-any-return]

    def setLearningRate(self: _S, value: float) -> _S:
        """Sets ``learningRate``: the optimizer's lr (-1: its default)."""
        return self._set(learningRate=value)

    def getLink(self) -> str:
        """The value of ``link`` or its default: glm: the name of link function which provides the relationship between the linear predictor and the mean of the distribution function. Supported options: identity, log, inverse, logit, probit, cloglog, sqrt (not for tweedie, whose link is linkPower; default: the family's)."""
        return self.getOrDefault(self.link)  # type: ignore[no-any-return]

    def setLink(self: _S, value: str) -> _S:
        """Sets ``link``: glm: the name of link function which provides the relationship between the linear predictor and the mean of the distribution function. Supported options: identity, log, inverse, logit, probit, cloglog, sqrt (not for tweedie, whose link is linkPower; default: the family's)."""
        return self._set(link=value)

    def getLinkPower(self) -> float:
        """The value of ``linkPower`` or its default: glm: the index in the power link function. Only applicable to the Tweedie family (default: 1 - variancePower)."""
        return self.getOrDefault(self.linkPower)  # type: ignore[no-any-return]

    def setLinkPower(self: _S, value: float) -> _S:
        """Sets ``linkPower``: glm: the index in the power link function. Only applicable to the Tweedie family (default: 1 - variancePower)."""
        return self._set(linkPower=value)

    def getLoss(self) -> str:
        """The value of ``loss`` or its default: the loss of a linear model, as MLlib's LinearRegression: squaredError or huber (with the scale fitted jointly); case-insensitive."""
        return self.getOrDefault(self.loss)  # type: ignore[no-any-return]

    def setLoss(self: _S, value: str) -> _S:
        """Sets ``loss``: the loss of a linear model, as MLlib's LinearRegression: squaredError or huber (with the scale fitted jointly); case-insensitive."""
        return self._set(loss=value)

    def getMaxIter(self) -> int:
        """The value of ``maxIter`` or its default: maximum number of iterations (>= 1)."""
        return self.getOrDefault(self.maxIter)  # type: ignore[no-any-return]

    def setMaxIter(self: _S, value: int) -> _S:
        """Sets ``maxIter``: maximum number of iterations (>= 1)."""
        return self._set(maxIter=value)

    def getMiniBatchFraction(self) -> float:
        """The value of ``miniBatchFraction`` or its default: fraction of the rows each iteration uses, drawn per row (reproducibly) with this probability."""
        return self.getOrDefault(self.miniBatchFraction)  # type: ignore[no-any-return]

    def setMiniBatchFraction(self: _S, value: float) -> _S:
        """Sets ``miniBatchFraction``: fraction of the rows each iteration uses, drawn per row (reproducibly) with this probability."""
        return self._set(miniBatchFraction=value)

    def getModelClass(self) -> str:
        """The value of ``modelClass`` or its default: class: a io.sparkgrad.spark.model.Model implementation."""
        return self.getOrDefault(self.modelClass)  # type: ignore[no-any-return]

    def setModelClass(self: _S, value: str) -> _S:
        """Sets ``modelClass``: class: a io.sparkgrad.spark.model.Model implementation."""
        return self._set(modelClass=value)

    def getModelOptions(self) -> List[str]:
        """The value of ``modelOptions`` or its default: class: key=value settings handed to the model."""
        return self.getOrDefault(self.modelOptions)  # type: ignore[no-any-return]

    def setModelOptions(self: _S, value: List[str]) -> _S:
        """Sets ``modelOptions``: class: key=value settings handed to the model."""
        return self._set(modelOptions=value)

    def getModelType(self) -> str:
        """The value of ``modelType`` or its default: the model: linear, logistic, softmax, glm (regressor), mlp, fm or class (empty: the convex model the task needs; a regressor with a GLM param set is a glm)."""
        return self.getOrDefault(self.modelType)  # type: ignore[no-any-return]

    def setModelType(self: _S, value: str) -> _S:
        """Sets ``modelType``: the model: linear, logistic, softmax, glm (regressor), mlp, fm or class (empty: the convex model the task needs; a regressor with a GLM param set is a glm)."""
        return self._set(modelType=value)

    def getNumPartitions(self) -> int:
        """The value of ``numPartitions`` or its default: partitions the rows are spread over (0: Spark's default parallelism)."""
        return self.getOrDefault(self.numPartitions)  # type: ignore[no-any-return]

    def setNumPartitions(self: _S, value: int) -> _S:
        """Sets ``numPartitions``: partitions the rows are spread over (0: Spark's default parallelism)."""
        return self._set(numPartitions=value)

    def getOptimizer(self) -> str:
        """The value of ``optimizer`` or its default: lbfgs, sgd, adam or adamw (empty: lbfgs for convex models, adam otherwise)."""
        return self.getOrDefault(self.optimizer)  # type: ignore[no-any-return]

    def setOptimizer(self: _S, value: str) -> _S:
        """Sets ``optimizer``: lbfgs, sgd, adam or adamw (empty: lbfgs for convex models, adam otherwise)."""
        return self._set(optimizer=value)

    def getPredictionCol(self) -> str:
        """The value of ``predictionCol`` or its default: prediction column name."""
        return self.getOrDefault(self.predictionCol)  # type: ignore[no-any-return]

    def setPredictionCol(self: _S, value: str) -> _S:
        """Sets ``predictionCol``: prediction column name."""
        return self._set(predictionCol=value)

    def getRegParam(self) -> float:
        """The value of ``regParam`` or its default: regularization strength (>= 0), on weights only, as MLlib's LogisticRegression and LinearRegression: regParam * (elasticNetParam * L1 + (1 - elasticNetParam) / 2 * L2 norm squared), on the standardized coefficients when standardization is true."""
        return self.getOrDefault(self.regParam)  # type: ignore[no-any-return]

    def setRegParam(self: _S, value: float) -> _S:
        """Sets ``regParam``: regularization strength (>= 0), on weights only, as MLlib's LogisticRegression and LinearRegression: regParam * (elasticNetParam * L1 + (1 - elasticNetParam) / 2 * L2 norm squared), on the standardized coefficients when standardization is true."""
        return self._set(regParam=value)

    def getResumeFrom(self) -> str:
        """The value of ``resumeFrom`` or its default: a run, model, checkpoint or checkpoint directory to continue from."""
        return self.getOrDefault(self.resumeFrom)  # type: ignore[no-any-return]

    def setResumeFrom(self: _S, value: str) -> _S:
        """Sets ``resumeFrom``: a run, model, checkpoint or checkpoint directory to continue from."""
        return self._set(resumeFrom=value)

    def getSeed(self) -> int:
        """The value of ``seed`` or its default: random seed (initial parameters, hold-out)."""
        return self.getOrDefault(self.seed)  # type: ignore[no-any-return]

    def setSeed(self: _S, value: int) -> _S:
        """Sets ``seed``: random seed (initial parameters, hold-out)."""
        return self._set(seed=value)

    def getSolver(self) -> str:
        """The value of ``solver`` or its default: fm: adamW (MLlib's default), gd (step learningRate / sqrt(iteration)) or lbfgs; regParam is then MLlib's: adamW decays every coefficient by regParam each step, gd adds regParam times the coefficients to the gradient, lbfgs adds regParam / 2 · ||w||² (weights only) to the objective (empty: adamW for fm; other models use optimizer)."""
        return self.getOrDefault(self.solver)  # type: ignore[no-any-return]

    def setSolver(self: _S, value: str) -> _S:
        """Sets ``solver``: fm: adamW (MLlib's default), gd (step learningRate / sqrt(iteration)) or lbfgs; regParam is then MLlib's: adamW decays every coefficient by regParam each step, gd adds regParam times the coefficients to the gradient, lbfgs adds regParam / 2 · ||w||² (weights only) to the objective (empty: adamW for fm; other models use optimizer)."""
        return self._set(solver=value)

    def getStandardization(self) -> bool:
        """The value of ``standardization`` or its default: whether to standardize the features before fitting."""
        return self.getOrDefault(self.standardization)  # type: ignore[no-any-return]

    def setStandardization(self: _S, value: bool) -> _S:
        """Sets ``standardization``: whether to standardize the features before fitting."""
        return self._set(standardization=value)

    def getTol(self) -> float:
        """The value of ``tol`` or its default: convergence tolerance on the objective's relative change (-1: the optimizer's default)."""
        return self.getOrDefault(self.tol)  # type: ignore[no-any-return]

    def setTol(self: _S, value: float) -> _S:
        """Sets ``tol``: convergence tolerance on the objective's relative change (-1: the optimizer's default)."""
        return self._set(tol=value)

    def getValidateEvery(self) -> int:
        """The value of ``validateEvery`` or its default: compute validation metrics every k iterations (0: only at the end)."""
        return self.getOrDefault(self.validateEvery)  # type: ignore[no-any-return]

    def setValidateEvery(self: _S, value: int) -> _S:
        """Sets ``validateEvery``: compute validation metrics every k iterations (0: only at the end)."""
        return self._set(validateEvery=value)

    def getValidationFraction(self) -> float:
        """The value of ``validationFraction`` or its default: share of rows held out (stratified for classifiers) for validation metrics and early stopping."""
        return self.getOrDefault(self.validationFraction)  # type: ignore[no-any-return]

    def setValidationFraction(self: _S, value: float) -> _S:
        """Sets ``validationFraction``: share of rows held out (stratified for classifiers) for validation metrics and early stopping."""
        return self._set(validationFraction=value)

    def getVariancePower(self) -> float:
        """The value of ``variancePower`` or its default: glm: the power in the variance function of the Tweedie distribution which characterizes the relationship between the variance and mean of the distribution. Only applicable to the Tweedie family. Supported values: 0 and [1, Inf)."""
        return self.getOrDefault(self.variancePower)  # type: ignore[no-any-return]

    def setVariancePower(self: _S, value: float) -> _S:
        """Sets ``variancePower``: glm: the power in the variance function of the Tweedie distribution which characterizes the relationship between the variance and mean of the distribution. Only applicable to the Tweedie family. Supported values: 0 and [1, Inf)."""
        return self._set(variancePower=value)

    def getWeightCol(self) -> str:
        """The value of ``weightCol`` or its default: weight column name; empty: every row weighs 1."""
        return self.getOrDefault(self.weightCol)  # type: ignore[no-any-return]

    def setWeightCol(self: _S, value: str) -> _S:
        """Sets ``weightCol``: weight column name; empty: every row weighs 1."""
        return self._set(weightCol=value)

    def setParams(
        self: _S,
        *,
        activation: Optional[str] = None,
        aggregationDepth: Optional[int] = None,
        blockSize: Optional[int] = None,
        checkpointDir: Optional[str] = None,
        checkpointInterval: Optional[int] = None,
        config: Optional[str] = None,
        earlyStoppingMetric: Optional[str] = None,
        earlyStoppingPatience: Optional[int] = None,
        elasticNetParam: Optional[float] = None,
        epsilon: Optional[float] = None,
        factorSize: Optional[int] = None,
        family: Optional[str] = None,
        featureCols: Optional[List[str]] = None,
        featuresCol: Optional[str] = None,
        fitIntercept: Optional[bool] = None,
        fitLinear: Optional[bool] = None,
        hiddenLayers: Optional[List[int]] = None,
        initStd: Optional[float] = None,
        l1: Optional[float] = None,
        labelCol: Optional[str] = None,
        learningRate: Optional[float] = None,
        link: Optional[str] = None,
        linkPower: Optional[float] = None,
        loss: Optional[str] = None,
        maxIter: Optional[int] = None,
        miniBatchFraction: Optional[float] = None,
        modelClass: Optional[str] = None,
        modelOptions: Optional[List[str]] = None,
        modelType: Optional[str] = None,
        numPartitions: Optional[int] = None,
        optimizer: Optional[str] = None,
        predictionCol: Optional[str] = None,
        regParam: Optional[float] = None,
        resumeFrom: Optional[str] = None,
        seed: Optional[int] = None,
        solver: Optional[str] = None,
        standardization: Optional[bool] = None,
        tol: Optional[float] = None,
        validateEvery: Optional[int] = None,
        validationFraction: Optional[float] = None,
        variancePower: Optional[float] = None,
        weightCol: Optional[str] = None,
        **others: Any,
    ) -> _S:
        """Sets the params given by keyword; ``None`` leaves a param as it is. A name the Java stage
        does not have is refused with the Java side's message."""
        given = {
            "activation": activation,
            "aggregationDepth": aggregationDepth,
            "blockSize": blockSize,
            "checkpointDir": checkpointDir,
            "checkpointInterval": checkpointInterval,
            "config": config,
            "earlyStoppingMetric": earlyStoppingMetric,
            "earlyStoppingPatience": earlyStoppingPatience,
            "elasticNetParam": elasticNetParam,
            "epsilon": epsilon,
            "factorSize": factorSize,
            "family": family,
            "featureCols": featureCols,
            "featuresCol": featuresCol,
            "fitIntercept": fitIntercept,
            "fitLinear": fitLinear,
            "hiddenLayers": hiddenLayers,
            "initStd": initStd,
            "l1": l1,
            "labelCol": labelCol,
            "learningRate": learningRate,
            "link": link,
            "linkPower": linkPower,
            "loss": loss,
            "maxIter": maxIter,
            "miniBatchFraction": miniBatchFraction,
            "modelClass": modelClass,
            "modelOptions": modelOptions,
            "modelType": modelType,
            "numPartitions": numPartitions,
            "optimizer": optimizer,
            "predictionCol": predictionCol,
            "regParam": regParam,
            "resumeFrom": resumeFrom,
            "seed": seed,
            "solver": solver,
            "standardization": standardization,
            "tol": tol,
            "validateEvery": validateEvery,
            "validationFraction": validationFraction,
            "variancePower": variancePower,
            "weightCol": weightCol,
        }
        return self._set(**{k: v for k, v in given.items() if v is not None}, **others)


class _SparkgradClassificationModelParams(Params):
    """The params of ``io.sparkgrad.spark.ml.SparkgradClassificationModel``."""

    featureCols: "Param[List[str]]" = Param(
        Params._dummy(), "featureCols", "numeric feature columns, used instead of featuresCol", typeConverter=TypeConverters.toListString
    )
    featuresCol: "Param[str]" = Param(
        Params._dummy(), "featuresCol", "features column name (an ML Vector)", typeConverter=TypeConverters.toString
    )
    predictionCol: "Param[str]" = Param(
        Params._dummy(), "predictionCol", "prediction column name", typeConverter=TypeConverters.toString
    )
    probabilityCol: "Param[str]" = Param(
        Params._dummy(), "probabilityCol", "class probabilities column name (an ML Vector)", typeConverter=TypeConverters.toString
    )
    rawPredictionCol: "Param[str]" = Param(
        Params._dummy(), "rawPredictionCol", "raw prediction column name: log of each class's probability", typeConverter=TypeConverters.toString
    )

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._setDefault(
            featureCols=[],
            featuresCol="features",
            predictionCol="prediction",
            probabilityCol="probability",
            rawPredictionCol="rawPrediction",
        )

    def getFeatureCols(self) -> List[str]:
        """The value of ``featureCols`` or its default: numeric feature columns, used instead of featuresCol."""
        return self.getOrDefault(self.featureCols)  # type: ignore[no-any-return]

    def setFeatureCols(self: _S, value: List[str]) -> _S:
        """Sets ``featureCols``: numeric feature columns, used instead of featuresCol."""
        return self._set(featureCols=value)

    def getFeaturesCol(self) -> str:
        """The value of ``featuresCol`` or its default: features column name (an ML Vector)."""
        return self.getOrDefault(self.featuresCol)  # type: ignore[no-any-return]

    def setFeaturesCol(self: _S, value: str) -> _S:
        """Sets ``featuresCol``: features column name (an ML Vector)."""
        return self._set(featuresCol=value)

    def getPredictionCol(self) -> str:
        """The value of ``predictionCol`` or its default: prediction column name."""
        return self.getOrDefault(self.predictionCol)  # type: ignore[no-any-return]

    def setPredictionCol(self: _S, value: str) -> _S:
        """Sets ``predictionCol``: prediction column name."""
        return self._set(predictionCol=value)

    def getProbabilityCol(self) -> str:
        """The value of ``probabilityCol`` or its default: class probabilities column name (an ML Vector)."""
        return self.getOrDefault(self.probabilityCol)  # type: ignore[no-any-return]

    def setProbabilityCol(self: _S, value: str) -> _S:
        """Sets ``probabilityCol``: class probabilities column name (an ML Vector)."""
        return self._set(probabilityCol=value)

    def getRawPredictionCol(self) -> str:
        """The value of ``rawPredictionCol`` or its default: raw prediction column name: log of each class's probability."""
        return self.getOrDefault(self.rawPredictionCol)  # type: ignore[no-any-return]

    def setRawPredictionCol(self: _S, value: str) -> _S:
        """Sets ``rawPredictionCol``: raw prediction column name: log of each class's probability."""
        return self._set(rawPredictionCol=value)

    def setParams(
        self: _S,
        *,
        featureCols: Optional[List[str]] = None,
        featuresCol: Optional[str] = None,
        predictionCol: Optional[str] = None,
        probabilityCol: Optional[str] = None,
        rawPredictionCol: Optional[str] = None,
        **others: Any,
    ) -> _S:
        """Sets the params given by keyword; ``None`` leaves a param as it is. A name the Java stage
        does not have is refused with the Java side's message."""
        given = {
            "featureCols": featureCols,
            "featuresCol": featuresCol,
            "predictionCol": predictionCol,
            "probabilityCol": probabilityCol,
            "rawPredictionCol": rawPredictionCol,
        }
        return self._set(**{k: v for k, v in given.items() if v is not None}, **others)


class _SparkgradRegressionModelParams(Params):
    """The params of ``io.sparkgrad.spark.ml.SparkgradRegressionModel``."""

    featureCols: "Param[List[str]]" = Param(
        Params._dummy(), "featureCols", "numeric feature columns, used instead of featuresCol", typeConverter=TypeConverters.toListString
    )
    featuresCol: "Param[str]" = Param(
        Params._dummy(), "featuresCol", "features column name (an ML Vector)", typeConverter=TypeConverters.toString
    )
    predictionCol: "Param[str]" = Param(
        Params._dummy(), "predictionCol", "prediction column name", typeConverter=TypeConverters.toString
    )

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._setDefault(
            featureCols=[],
            featuresCol="features",
            predictionCol="prediction",
        )

    def getFeatureCols(self) -> List[str]:
        """The value of ``featureCols`` or its default: numeric feature columns, used instead of featuresCol."""
        return self.getOrDefault(self.featureCols)  # type: ignore[no-any-return]

    def setFeatureCols(self: _S, value: List[str]) -> _S:
        """Sets ``featureCols``: numeric feature columns, used instead of featuresCol."""
        return self._set(featureCols=value)

    def getFeaturesCol(self) -> str:
        """The value of ``featuresCol`` or its default: features column name (an ML Vector)."""
        return self.getOrDefault(self.featuresCol)  # type: ignore[no-any-return]

    def setFeaturesCol(self: _S, value: str) -> _S:
        """Sets ``featuresCol``: features column name (an ML Vector)."""
        return self._set(featuresCol=value)

    def getPredictionCol(self) -> str:
        """The value of ``predictionCol`` or its default: prediction column name."""
        return self.getOrDefault(self.predictionCol)  # type: ignore[no-any-return]

    def setPredictionCol(self: _S, value: str) -> _S:
        """Sets ``predictionCol``: prediction column name."""
        return self._set(predictionCol=value)

    def setParams(
        self: _S,
        *,
        featureCols: Optional[List[str]] = None,
        featuresCol: Optional[str] = None,
        predictionCol: Optional[str] = None,
        **others: Any,
    ) -> _S:
        """Sets the params given by keyword; ``None`` leaves a param as it is. A name the Java stage
        does not have is refused with the Java side's message."""
        given = {
            "featureCols": featureCols,
            "featuresCol": featuresCol,
            "predictionCol": predictionCol,
        }
        return self._set(**{k: v for k, v in given.items() if v is not None}, **others)
