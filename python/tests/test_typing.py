"""The params are typed for an IDE: a type checker (mypy) completes and checks them from the generated hints."""

import importlib.util
import os
import subprocess
import sys

import pytest

from conftest import ROOT

SNIPPET = '''
from sparkgrad.ml import SparkgradClassifier, SparkgradRegressionModel
c = SparkgradClassifier(maxIter=3, hiddenLayers=[4])
reveal_type(c.setMaxIter(5).setRegParam(0.1))
reveal_type(c.getHiddenLayers())
reveal_type(SparkgradRegressionModel().getPredictionCol())
SparkgradClassifier(maxIter="ten")
c.setStandardization(1.5)
'''


def test_a_type_checker_reads_the_params_types(tmp_path):
    if importlib.util.find_spec("mypy") is None:
        if os.environ.get("SPARKGRAD_REQUIRE_PYTHON") == "1":
            pytest.fail("the typing test needs mypy: python3 -m pip install mypy")
        pytest.skip("the typing test needs mypy: python3 -m pip install mypy")
    (tmp_path / "snippet.py").write_text(SNIPPET)
    run = subprocess.run([sys.executable, "-m", "mypy", "--ignore-missing-imports", "--cache-dir", str(tmp_path / "cache"),
                          str(tmp_path / "snippet.py")],
                         env=dict(os.environ, MYPYPATH=os.path.join(ROOT, "python")), capture_output=True, text=True,
                         timeout=600)
    out = run.stdout
    assert 'Revealed type is "sparkgrad.ml.SparkgradClassifier"' in out, out
    assert 'Revealed type is "builtins.list[builtins.int]"' in out or 'Revealed type is "list[int]"' in out, out
    assert 'Revealed type is "builtins.str"' in out or 'Revealed type is "str"' in out, out
    assert 'Argument "maxIter" to "SparkgradClassifier" has incompatible type "str"; expected "int | None"' in out, out
    assert 'Argument 1 to "setStandardization"' in out and 'expected "bool"' in out, out
    assert "Found 2 errors" in out, out
