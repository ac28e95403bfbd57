"""Builds digits_onehot.libsvm from digits.csv (run once; the tests only read the output).

A genuinely sparse, wide version of the shipped digits data: each of the 64 pixels' intensity
0..16 is one-hot encoded, the intensity-0 slot left out (a white pixel stores nothing), so a
row has 1,024 possible features (pixel p with intensity v > 0 is feature 16 p + v, 1-based) of
which about 30 are stored. Labels are the digits 0..9. Same licence and provenance as
digits.csv (see README.md).

    python3 make_digits_libsvm.py    # any Python 3, standard library only
"""
import csv

with open("digits.csv") as src, open("digits_onehot.libsvm", "w") as out:
    rows = csv.reader(src)
    header = next(rows)
    for row in rows:
        pixels = [int(float(v)) for v in row[:-1]]
        label = int(float(row[-1]))
        features = [f"{16 * p + v}:1" for p, v in enumerate(pixels) if v > 0]
        out.write(" ".join([str(label)] + features) + "\n")
