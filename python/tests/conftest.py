"""One local[2] SparkSession, with sparkgrad's jar, for the whole suite."""

import os

import pytest
from pyspark.sql import DataFrame, SparkSession

import sparkgrad  # from the source tree: pyproject.toml puts python/ on pytest's path

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

DATASETS = os.path.join(ROOT, "datasets")


@pytest.fixture(scope="session")
def spark():
    session = (
        SparkSession.builder.master("local[2]")
        .appName("sparkgrad-python-tests")
        .config("spark.jars", sparkgrad.jar_path())
        .config("spark.driver.memory", "2g")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def read_csv(spark: SparkSession, name: str) -> DataFrame:
    """A shipped data set (datasets/NAME.csv), with a header and numeric columns."""
    return spark.read.option("header", True).option("inferSchema", True).csv(os.path.join(DATASETS, name + ".csv"))


def features_of(df: DataFrame):
    return [c for c in df.columns if c != "label"]
