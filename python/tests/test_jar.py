"""sparkgrad.jar_path(): the jar from $SPARKGRAD_JAR, the package or the build, else an error saying how to build it."""

import os

import pytest

import sparkgrad
from sparkgrad import ml


def test_jar_path_finds_the_application_jar():
    path = sparkgrad.jar_path()
    assert os.path.isfile(path)
    assert os.path.basename(path).startswith("sparkgrad-spark-jobs-") and path.endswith(".jar")
    assert not os.path.basename(path).startswith("original-")


def test_a_missing_jar_says_how_to_build_it(monkeypatch, tmp_path):
    monkeypatch.delenv("SPARKGRAD_JAR", raising=False)
    monkeypatch.setattr(sparkgrad, "_places", lambda: [str(tmp_path / "jars"), str(tmp_path / "target")])
    with pytest.raises(sparkgrad.JarNotFoundError) as e:
        sparkgrad.jar_path()
    assert "mvn -B -pl spark-jobs -am package -DskipTests" in str(e.value)
    assert str(tmp_path / "target") in str(e.value)


def test_a_wrong_sparkgrad_jar_variable_is_named(monkeypatch, tmp_path):
    monkeypatch.setenv("SPARKGRAD_JAR", str(tmp_path / "nope.jar"))
    with pytest.raises(sparkgrad.JarNotFoundError, match="SPARKGRAD_JAR=.*nope.jar: no such file"):
        sparkgrad.jar_path()


def test_the_jar_inside_the_package_comes_first(monkeypatch, tmp_path):
    monkeypatch.delenv("SPARKGRAD_JAR", raising=False)
    (tmp_path / "jars").mkdir()
    (tmp_path / "target").mkdir()
    for d in ("jars", "target"):
        (tmp_path / d / "sparkgrad-spark-jobs-9.9.jar").write_bytes(b"")
    (tmp_path / "target" / "original-sparkgrad-spark-jobs-9.9.jar").write_bytes(b"")
    monkeypatch.setattr(sparkgrad, "_places", lambda: [str(tmp_path / "jars"), str(tmp_path / "target")])
    assert sparkgrad.jar_path() == str(tmp_path / "jars" / "sparkgrad-spark-jobs-9.9.jar")


def test_a_session_without_the_jar_gets_a_clear_error_not_a_java_package_error(spark):
    with pytest.raises(ml.JarNotLoadedError) as e:
        ml._check_jvm_has("io.sparkgrad.spark.ml.NoSuchStage")
    assert "started without sparkgrad's jar" in str(e.value)
    assert 'config("spark.jars", sparkgrad.jar_path())' in str(e.value)


def test_a_stage_made_before_any_session_says_to_start_one_with_the_jar(spark, monkeypatch):
    from pyspark import SparkContext

    monkeypatch.setattr(SparkContext, "_active_spark_context", None)
    with pytest.raises(ml.JarNotLoadedError, match="no active SparkSession"):
        ml.SparkgradClassifier()
