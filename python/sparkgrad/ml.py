"""sparkgrad's Spark ML stages for pyspark: thin wrappers of the Java ones in ``io.sparkgrad.spark.ml``.

Every param (name, doc, type, default) comes from the Java stage (``_params.py`` is generated
from it), and so does every check: a value the Java param refuses is refused when it is set,
with the Java side's message, and a fit is the Java fit. The stages work in ``Pipeline``,
``CrossValidator`` and ``TrainValidationSplit``, save and load in Spark ML's layout (a
``PipelineModel`` saved from Scala or Java loads here, and the other way round), and through
Spark Connect (the JVM side registers them with Spark's ML ``ServiceLoader``).
"""

import sys
from typing import Any, Dict, List

from py4j.java_gateway import JavaObject, JavaPackage
from py4j.protocol import Py4JJavaError
from pyspark.ml.util import JavaMLReadable, JavaMLReader, JavaMLWritable
from pyspark.ml.wrapper import JavaEstimator, JavaModel, JavaWrapper

from sparkgrad import _params

__all__ = [
    "SparkgradClassifier",
    "SparkgradClassificationModel",
    "SparkgradRegressor",
    "SparkgradRegressionModel",
    "JarNotLoadedError",
]

_JAVA_PACKAGE = "io.sparkgrad.spark.ml"


class JarNotLoadedError(RuntimeError):
    """The Spark session's JVM has no sparkgrad classes: it was started without the jar."""


def _is_remote() -> bool:
    from pyspark.sql.utils import is_remote

    return is_remote()


def _check_jvm_has(java_class: str) -> None:
    """Fails with what to do when there is no session, or its JVM lacks ``java_class``."""
    if _is_remote():
        return  # Spark Connect: the server makes the stage
    from pyspark import SparkContext

    sc = SparkContext._active_spark_context
    if sc is None:
        raise JarNotLoadedError(
            "no active SparkSession: start one with sparkgrad's jar before making a sparkgrad stage:\n"
            "    SparkSession.builder.config(\"spark.jars\", sparkgrad.jar_path()).getOrCreate()")
    found: Any = sc._jvm
    for part in java_class.split("."):
        found = getattr(found, part)
    if isinstance(found, JavaPackage):
        import sparkgrad

        try:
            where = "the jar is at " + sparkgrad.jar_path()
        except sparkgrad.JarNotFoundError as e:
            where = str(e)
        raise JarNotLoadedError(
            f"the Spark session's JVM has no class {java_class}: it was started without sparkgrad's jar. "
            "Stop it and start one with\n"
            "    SparkSession.builder.config(\"spark.jars\", sparkgrad.jar_path()).getOrCreate()\n"
            f"(or spark-submit --jars). {where}")


class _Reader(JavaMLReader):
    """pyspark's reader maps ``pyspark.`` to ``org.apache.spark.``; sparkgrad's classes live elsewhere."""

    def __init__(self, clazz: Any) -> None:
        _check_jvm_has(clazz._java_class)
        super().__init__(clazz)

    @classmethod
    def _java_loader_class(cls, clazz: Any) -> str:
        return clazz._java_class  # type: ignore[no-any-return]


class _JavaStage(JavaMLReadable, JavaMLWritable):
    """What every sparkgrad stage shares: its Java class, the reader, and params checked by Java."""

    _java_class: str = ""

    @classmethod
    def read(cls) -> Any:
        """An ML reader that loads this stage with its Java class (over Spark Connect: pyspark's own)."""
        if _is_remote():
            return super().read()  # pyspark's RemoteMLReader: the server loads the Java class
        return _Reader(cls)

    def _set(self, **kwargs: Any) -> Any:
        for name in kwargs:
            if not self.hasParam(name):  # type: ignore[attr-defined]
                self._refuse_unknown(name)
        for name, value in kwargs.items():
            try:
                super()._set(**{name: value})  # type: ignore[misc]
            except TypeError as e:
                raise TypeError(f"{type(self).__name__}.{name}: {e}. {self._describe_java_param(name)}") from None
            java = getattr(self, "_java_obj", None)
            if isinstance(java, JavaObject) and value is not None:
                # a ParamPair runs the Java param's validator: a refused value fails here, with Java's
                # message, instead of in a later fit (nothing is set on the Java side)
                self._make_java_param_pair(self.getParam(name), self.getOrDefault(name))  # type: ignore[attr-defined]
        return self

    def _transfer_params_to_java(self) -> None:
        # pyspark's sends every default as well, three py4j calls a param; these defaults are the Java
        # stage's own (generated from it, PythonParamsTest keeps them so), so only set params travel
        java = getattr(self, "_java_obj", None)
        if not isinstance(java, JavaObject):
            return
        for param, value in self._paramMap.items():  # type: ignore[attr-defined]
            java.set(self._make_java_param_pair(param, value))  # type: ignore[attr-defined]

    def _describe_java_param(self, name: str) -> str:
        java = getattr(self, "_java_obj", None)
        kind = "param"
        if isinstance(java, JavaObject):
            kind = str(java.getParam(name).getClass().getSimpleName())  # IntParam, StringArrayParam, ...
        return f"The Java side's {kind} {self._java_class}.{name}: {self.getParam(name).doc}"  # type: ignore

    def _refuse_unknown(self, name: str) -> None:
        known = ", ".join(p.name for p in self.params)  # type: ignore[attr-defined]
        java = getattr(self, "_java_obj", None)
        message = f"Param {name} does not exist."
        if isinstance(java, JavaObject):
            try:
                java.getParam(name)
            except Py4JJavaError as e:
                message = str(e.java_exception.getMessage())
        raise ValueError(f"{type(self).__name__} ({self._java_class}): {message} Its params: {known}")


def _new_java_stage(java_class: str, uid: str) -> Any:
    _check_jvm_has(java_class)
    return JavaWrapper._new_java_obj(java_class, uid)


class SparkgradClassificationModel(_params._SparkgradClassificationModelParams, _JavaStage, JavaModel):
    """A fitted :class:`SparkgradClassifier`: appends ``rawPrediction``, ``probability`` and ``prediction``."""

    _java_class = _params.JAVA_CLASSES["SparkgradClassificationModel"]

    @property
    def numClasses(self) -> int:
        """The number of classes."""
        return int(self._call_java("numClasses"))

    @property
    def numFeatures(self) -> int:
        """The number of features the model reads."""
        return int(self._call_java("numFeatures"))

    @property
    def featureNames(self) -> List[str]:
        """The names of the features the model reads, in order."""
        return [str(n) for n in self._java_obj.featureNames()]  # type: ignore[union-attr]

    @property
    def coefficients(self) -> Any:
        """A linear-family model's weights in the original feature space (the Java side says when there are none)."""
        return self._call_java("coefficients")

    @property
    def intercept(self) -> float:
        """A linear-family model's intercept."""
        return float(self._call_java("intercept"))

    @property
    def coefficientMatrix(self) -> Any:
        """Softmax regression's weights, one row per class, in the original feature space."""
        return self._call_java("coefficientMatrix")

    @property
    def interceptVector(self) -> Any:
        """Softmax regression's intercepts, one per class."""
        return self._call_java("interceptVector")

    @property
    def hasSummary(self) -> bool:
        """Whether the model carries its fit's summary (a loaded one does not)."""
        return bool(self._call_java("hasSummary"))

    @property
    def summary(self) -> Dict[str, Any]:
        """The fit's summary: ``train`` and ``validation`` metrics, ``totalIterations``, ``objectiveHistory``."""
        return _summary(self._java_obj)


class SparkgradRegressionModel(_params._SparkgradRegressionModelParams, _JavaStage, JavaModel):
    """A fitted :class:`SparkgradRegressor`: appends ``prediction``."""

    _java_class = _params.JAVA_CLASSES["SparkgradRegressionModel"]

    @property
    def numFeatures(self) -> int:
        """The number of features the model reads."""
        return int(self._call_java("numFeatures"))

    @property
    def featureNames(self) -> List[str]:
        """The names of the features the model reads, in order."""
        return [str(n) for n in self._java_obj.featureNames()]  # type: ignore[union-attr]

    @property
    def coefficients(self) -> Any:
        """A linear-family model's weights in the original feature space (the Java side says when there are none)."""
        return self._call_java("coefficients")

    @property
    def intercept(self) -> float:
        """A linear-family model's intercept."""
        return float(self._call_java("intercept"))

    @property
    def scale(self) -> float:
        """A Huber model's fitted scale sigma, as MLlib's ``LinearRegressionModel.scale`` (1.0 for squared error)."""
        return float(self._call_java("scale"))

    @property
    def hasSummary(self) -> bool:
        """Whether the model carries its fit's summary (a loaded one does not)."""
        return bool(self._call_java("hasSummary"))

    @property
    def summary(self) -> Dict[str, Any]:
        """The fit's summary: ``train`` and ``validation`` metrics, ``totalIterations``, ``objectiveHistory``."""
        return _summary(self._java_obj)


def _summary(java_model: Any) -> Dict[str, Any]:
    s = java_model.summary()  # the Java side says when there is none
    return {
        "train": {str(k): float(v) for k, v in s.train().items()},
        "validation": {str(k): float(v) for k, v in s.validation().items()},
        "totalIterations": int(s.totalIterations()),
        "objectiveHistory": [float(x) for x in s.objectiveHistory()],
    }


class SparkgradClassifier(_params._SparkgradClassifierParams, _JavaStage,
                          JavaEstimator[SparkgradClassificationModel]):
    """Trains a sparkgrad classifier (logistic or softmax regression by default, an ``mlp``, or a
    user's model class): ``io.sparkgrad.spark.ml.SparkgradClassifier``. Params may be given by keyword::

        SparkgradClassifier(modelType="mlp", hiddenLayers=[64], maxIter=150)
    """

    _java_class = _params.JAVA_CLASSES["SparkgradClassifier"]

    def _init_java(self) -> None:
        self._java_obj = _new_java_stage(self._java_class, self.uid)

    def _create_model(self, java_model: Any) -> SparkgradClassificationModel:
        return SparkgradClassificationModel(java_model)


class SparkgradRegressor(_params._SparkgradRegressorParams, _JavaStage, JavaEstimator[SparkgradRegressionModel]):
    """Trains a sparkgrad regressor (least squares by default, an ``mlp``, or a user's model class):
    ``io.sparkgrad.spark.ml.SparkgradRegressor``. Params may be given by keyword."""

    _java_class = _params.JAVA_CLASSES["SparkgradRegressor"]

    def _init_java(self) -> None:
        self._java_obj = _new_java_stage(self._java_class, self.uid)

    def _create_model(self, java_model: Any) -> SparkgradRegressionModel:
        return SparkgradRegressionModel(java_model)


# pyspark maps names between the two sides by text: JavaParams._from_java (PipelineModel.load,
# CrossValidatorModel.load, ...) imports the Python class named as the Java class with
# "org.apache.spark" replaced by "pyspark", and Spark Connect's reader names the Java class as the
# Python class's module with "pyspark" replaced by "org.apache.spark". So the stages say they live
# in io.sparkgrad.spark.ml, their Java package, and that module name is this module.
sys.modules.setdefault(_JAVA_PACKAGE, sys.modules[__name__])
for _stage in (SparkgradClassifier, SparkgradClassificationModel, SparkgradRegressor, SparkgradRegressionModel):
    _stage.__module__ = _JAVA_PACKAGE
