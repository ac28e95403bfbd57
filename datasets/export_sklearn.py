#!/usr/bin/python3
"""Export scikit-learn's bundled toy datasets as plain CSV files.

Run with Debian's interpreter (it has python3-sklearn installed):

    /usr/bin/python3 datasets/export_sklearn.py

Writes iris.csv, wine.csv, breast_cancer.csv, digits.csv and diabetes.csv next
to this script. Each file has a header row, the feature columns under
snake_case ASCII names, and the label as the last column named ``label``
(an integer class index 0..K-1 for the classifiers, the raw float target for
diabetes). Numbers are written with Python's ``repr`` so every float64 value
reads back bit-identically; lines end with ``\\n``; there is no index column.
"""

import inspect
import os
import re
import sys

import sklearn
from sklearn import datasets

OUT_DIR = os.path.dirname(os.path.abspath(__file__))


def snake_case(name):
    """'sepal length (cm)' -> 'sepal_length_cm', 'od280/od315_of_x' -> 'od280_od315_of_x'."""
    s = re.sub(r"[^0-9a-zA-Z]+", "_", name).strip("_").lower()
    if not s:
        raise ValueError("feature name %r has no ASCII letters or digits" % (name,))
    return s


def column_names(feature_names):
    names = [snake_case(n) for n in feature_names]
    if len(set(names)) != len(names):
        raise ValueError("duplicate column names after snake_case: %r" % (names,))
    if "label" in names:
        raise ValueError("a feature column is already called 'label'")
    return names + ["label"]


def load_diabetes_unscaled():
    """Return (bunch, scaled_flag): the raw diabetes data when this sklearn can give it."""
    if "scaled" in inspect.signature(datasets.load_diabetes).parameters:
        return datasets.load_diabetes(scaled=False), False
    return datasets.load_diabetes(), True


def write_csv(path, header, rows, label_is_int):
    with open(path, "w", encoding="ascii", newline="\n") as f:
        f.write(",".join(header) + "\n")
        for features, label in rows:
            cells = [repr(float(v)) for v in features]
            cells.append(repr(int(label)) if label_is_int else repr(float(label)))
            f.write(",".join(cells) + "\n")


def export(name, bunch, label_is_int):
    header = column_names(list(bunch.feature_names))
    data = bunch.data
    target = bunch.target
    if data.shape[1] != len(header) - 1:
        raise ValueError("%s: %d feature names for %d columns" % (name, len(header) - 1, data.shape[1]))
    if label_is_int:
        classes = sorted(set(int(t) for t in target))
        if classes != list(range(len(classes))):
            raise ValueError("%s: labels are not 0..K-1: %r" % (name, classes))
    path = os.path.join(OUT_DIR, name + ".csv")
    write_csv(path, header, zip(data.tolist(), target.tolist()), label_is_int)
    print("%-14s %5d rows  %3d feature columns  -> %s" % (name, data.shape[0], data.shape[1], path))


def main():
    print("scikit-learn %s, Python %s" % (sklearn.__version__, sys.version.split()[0]))
    export("iris", datasets.load_iris(), True)
    export("wine", datasets.load_wine(), True)
    export("breast_cancer", datasets.load_breast_cancer(), True)
    export("digits", datasets.load_digits(), True)
    diabetes, scaled = load_diabetes_unscaled()
    print("diabetes: scaled=%s (%s)" % (scaled, "raw values" if not scaled else "this sklearn has no scaled=False"))
    export("diabetes", diabetes, False)


if __name__ == "__main__":
    main()
