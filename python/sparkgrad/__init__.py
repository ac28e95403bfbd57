"""sparkgrad from Python: the JVM's Spark ML estimators, wrapped for pyspark.

    import sparkgrad
    from pyspark.sql import SparkSession
    from sparkgrad.ml import SparkgradClassifier

    spark = SparkSession.builder.config("spark.jars", sparkgrad.jar_path()).getOrCreate()

The package keeps no logic of its own: every param, check and fit is the Java estimator's.
"""

import glob
import os
from typing import List

__version__ = "0.1.0.dev0"

_HERE = os.path.dirname(os.path.abspath(__file__))
_JAR_PATTERN = "sparkgrad-spark-jobs-*.jar"
BUILD_COMMAND = "mvn -B -pl spark-jobs -am package -DskipTests"


class JarNotFoundError(FileNotFoundError):
    """sparkgrad's application jar is neither in the installed package nor in a build."""


def _jars_in(directory: str) -> List[str]:
    found = []
    for path in sorted(glob.glob(os.path.join(directory, _JAR_PATTERN))):
        name = os.path.basename(path)
        if not (name.endswith("-sources.jar") or name.endswith("-tests.jar") or name.startswith("original-")):
            found.append(path)
    return found


def _places() -> List[str]:
    """Where the jar is looked for, in order: inside the package (a wheel), then the repository's build."""
    return [os.path.join(_HERE, "jars"), os.path.join(os.path.dirname(os.path.dirname(_HERE)), "spark-jobs", "target")]


def jar_path() -> str:
    """The path of sparkgrad's application jar, for ``spark.jars`` (or ``spark-submit --jars``).

    ``$SPARKGRAD_JAR`` when set; else the jar shipped in this package (a wheel built with
    ``python/build-wheel.sh``); else the one a build of the repository left in
    ``spark-jobs/target/``. Raises :class:`JarNotFoundError`, saying how to build it, when there is none.
    """
    env = os.environ.get("SPARKGRAD_JAR")
    if env:
        if not os.path.isfile(env):
            raise JarNotFoundError(f"SPARKGRAD_JAR={env}: no such file; unset it, or point it at "
                                   f"spark-jobs/target/sparkgrad-spark-jobs-<version>.jar (built with `{BUILD_COMMAND}`)")
        return env
    for place in _places():
        jars = _jars_in(place)
        if jars:
            return jars[-1]
    raise JarNotFoundError(
        "sparkgrad's application jar was not found (looked for " + _JAR_PATTERN + " in "
        + " and ".join(_places()) + "). Build it from the repository root with `" + BUILD_COMMAND
        + "`, install a wheel that ships it (python/build-wheel.sh), or set SPARKGRAD_JAR to its path.")


from sparkgrad import ml  # noqa: E402  (registers the Java package name for PipelineModel.load)

__all__ = ["jar_path", "JarNotFoundError", "ml", "__version__"]
