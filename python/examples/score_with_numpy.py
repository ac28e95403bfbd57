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
    if st:
        x = (x - np.array(st["means"])) / np.array(st["stds"])
    model = spec["model"]
    hidden = model.get("hidden") or []
    if hidden:
        act = {"relu": lambda z: np.maximum(z, 0), "tanh": np.tanh, "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
               "gelu": lambda z: 0.5 * z * (1 + np.vectorize(math.erf)(z / math.sqrt(2)))}[model["activation"]]
        for i in range(len(hidden)):
            x = act(x @ p[f"hidden.{i}.weight"].T + p[f"hidden.{i}.bias"])
    w, b = (p["output.weight"], p["output.bias"]) if hidden else (p["weight"], p["bias"])
    z = x @ w.T + b
    if model["task"] == "regression":
        return z[:, 0]
    if model["task"] == "binary":
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
