"""Scores rows with a model directory that TrainJob (or a saved Spark ML model's data/) holds, with numpy alone.

    python3 python/examples/score_with_numpy.py out/breast-cancer/model datasets/breast_cancer.csv

No Spark and no sparkgrad code: model.json says what the model is, params.safetensors holds its
float64 tensors (spark-jobs/FORMATS.md describes both).
"""

import csv
import json
import math
import struct
import sys

import numpy as np


def load_safetensors(path):
    """The tensors of a .safetensors file, by name (safetensors.numpy.load_file does the same)."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]  # 8-byte little-endian header length
        header = json.loads(f.read(n))  # names, dtypes, shapes, offsets; __metadata__
        data = f.read()
    header.pop("__metadata__", None)
    tensors = {}
    for name, t in header.items():
        if t["dtype"] != "F64":
            raise ValueError(f"{path}: tensor {name} is {t['dtype']}, expected F64")
        start, end = t["data_offsets"]
        tensors[name] = np.frombuffer(data[start:end], dtype="<f8").reshape(t["shape"])
    return tensors


def predict(model_dir, rows):
    """P(class 1) (binary), class probabilities (multiclass) or values (regression) for rows [n, features],
    the columns in model.json's "features" order."""
    with open(f"{model_dir}/model.json") as f:
        spec = json.load(f)
    p = load_safetensors(f"{model_dir}/{spec['parametersFile']}")
    x = np.asarray(rows, dtype=np.float64)
    st = spec.get("standardization")
    if st and "file" in st:
        # sparse input (libsvm, a vector column, hashed columns): the statistics are tensors, not JSON
        t = load_safetensors(f"{model_dir}/{st['file']}")
        x = (x - t["means"]) / t["stds"]
    elif st and "means" in st:
        x = (x - np.array(st["means"])) / np.array(st["stds"])
    model = spec["model"]
    if model["type"] == "fm":
        return _output(model["task"], fm_logits(spec, p, x))
    hidden = model.get("hidden") or []
    if hidden:
        act = {"relu": lambda z: np.maximum(z, 0), "tanh": np.tanh, "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
               "gelu": lambda z: 0.5 * z * (1 + np.vectorize(math.erf)(z / math.sqrt(2)))}[model["activation"]]
        for i in range(len(hidden)):
            x = act(x @ p[f"hidden.{i}.weight"].T + p[f"hidden.{i}.bias"])
    w, b = (p["output.weight"], p["output.bias"]) if hidden else (p["weight"], p["bias"])
    return _output(model["task"], x @ w.T + b)


def fm_logits(spec, p, x):
    """A factorization machine's logits [n, outputs] for rows x: the pairwise term per factor, then the
    per-class factor weights (multiclass) or their sum, the linear term and the intercept, where fitted."""
    v = p["factors"]  # [features, k]
    pairwise = 0.5 * ((x @ v) ** 2 - (x ** 2) @ (v ** 2))  # [n, k], one column per factor
    z = pairwise @ p["factorWeights"].T if spec["model"]["task"] == "multiclass" else pairwise.sum(1, keepdims=True)
    if "linear" in p:
        z = z + x @ p["linear"].T
    return z + p["bias"] if "bias" in p else z


def _output(task, z):
    if task == "regression":
        return z[:, 0]
    if task == "binary":
        return 1 / (1 + np.exp(-z[:, 0]))
    z = z - z.max(axis=1, keepdims=True)
    return np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)


def read_rows(model_dir, csv_path):
    """The CSV's feature columns in the model's order, as floats."""
    with open(f"{model_dir}/model.json") as f:
        features = json.load(f)["features"]
    with open(csv_path, newline="") as f:
        reader = csv.DictReader(f)
        return np.array([[float(r[c]) for c in features] for r in reader])


if __name__ == "__main__":
    model_dir, csv_path = sys.argv[1], sys.argv[2]
    scores = predict(model_dir, read_rows(model_dir, csv_path))
    for s in scores[:10]:
        print(s)
    print(f"... {len(scores)} rows scored")
