#!/usr/bin/env python3
"""Writes a libsvm table of hashed raw counts for the 10-class FM run (issue 21), unscaled:

    python3 bench/fm_hashed_counts.py OUT [rows] [features] [stored] [classes] [seed]
        (default 50000 1048576 40 10 7)

Each row stores `stored` distinct hashed columns (1-based, ascending) whose values are raw counts
1..10^4 drawn log-uniformly; the label is the argmax over classes of a hashed linear score of
log(count) plus a hashed pairwise score of the row's first two columns, with Gumbel noise.
"""
import sys

import numpy as np


def main():
    out = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 50000
    dim = int(sys.argv[3]) if len(sys.argv) > 3 else 1 << 20
    stored = int(sys.argv[4]) if len(sys.argv) > 4 else 40
    classes = int(sys.argv[5]) if len(sys.argv) > 5 else 10
    rng = np.random.default_rng(int(sys.argv[6]) if len(sys.argv) > 6 else 7)
    buckets = 4096  # the weights are hashed into buckets of columns, so rows share them
    w = rng.normal(size=(buckets, classes))
    e = rng.normal(size=(buckets, 2, classes))
    with open(out, "w") as f:
        for start in range(0, rows, 10000):
            n = min(10000, rows - start)
            cols = np.sort(rng.choice(dim, size=(n, stored * 2)), axis=1)
            counts = np.floor(10.0 ** (4 * rng.random((n, stored * 2)))).astype(np.int64)
            lines = []
            for i in range(n):
                c, first = np.unique(cols[i], return_index=True)
                c = c[:stored]
                x = counts[i][first][:stored]
                b = c % buckets
                score = (w[b] * np.log1p(x)[:, None]).sum(0) / np.sqrt(stored)
                score += (e[b[0], 0] * e[b[1], 1]) * 2.0
                label = int(np.argmax(score + rng.gumbel(size=classes)))
                lines.append(str(label) + " " + " ".join(f"{j + 1}:{v}" for j, v in zip(c, x)))
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
