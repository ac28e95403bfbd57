"""Writes the convergence fixtures of OptimumGapTest (run once; the tests only read the output).

Two problems with strongly correlated features, as issue 10 describes: binary logistic and
5-class softmax regression, 2000 rows x 10 features each. The features share one latent factor
(pairwise correlation about 0.9), so gradient methods crawl along the narrow valley and
Adam stays far from the optimum after 100 iterations, while a quasi-Newton method does not.

The objective is the job's: the features standardised with their population mean and standard
deviation (numpy's ddof=0), then the mean loss over all rows plus 0.5 * l2 * ||weight||^2, the
bias not penalised, l2 = 1e-3. Its minimum is found with scipy's L-BFGS-B to a gradient norm
below 1e-12 and polished with Newton steps on the exact Hessian; optimum.json holds the value.

    /usr/bin/python3 generate_optimum.py    # Debian's python3-scipy 1.10 / python3-numpy 1.24
"""
import json

import numpy as np
from scipy.optimize import minimize
from scipy.special import log_softmax, softmax

L2 = 1e-3
ROWS, FEATURES = 2000, 10


def features(rng):
    latent = rng.normal(size=(ROWS, 1))
    x = 3.0 * latent + rng.normal(size=(ROWS, FEATURES))  # corr ~ 9 / 10
    x = x * np.arange(1, FEATURES + 1) + np.arange(FEATURES)  # other scales and means
    # the values exactly as the CSV holds them (8 significant digits), so the optimum is the file's
    return np.array([[float(f"{v:.8g}") for v in row] for row in x])


def standardise(x):
    return (x - x.mean(axis=0)) / x.std(axis=0)


def write_csv(name, x, y):
    with open(name, "w") as f:
        f.write(",".join(f"f{j}" for j in range(FEATURES)) + ",label\n")
        for row, label in zip(x, y):
            f.write(",".join(f"{v:.8g}" for v in row) + f",{int(label)}\n")


def fit(objective, size):
    res = minimize(objective, np.zeros(size), jac=True, method="L-BFGS-B",
                   options={"maxiter": 100000, "gtol": 1e-13, "ftol": 1e-16, "maxcor": 50})
    return res.x


def binary():
    rng = np.random.default_rng(11)
    x = features(rng)
    z = standardise(x)
    w_true = rng.normal(size=FEATURES)
    p = 1 / (1 + np.exp(-(z @ w_true * 0.7 + 0.3)))
    y = (rng.uniform(size=ROWS) < p).astype(int)
    write_csv("logistic_correlated.csv", x, y)

    def objective(theta):
        w, b = theta[:FEATURES], theta[FEATURES]
        s = z @ w + b
        loss = np.mean(np.logaddexp(0, s) - y * s) + 0.5 * L2 * w @ w
        r = (1 / (1 + np.exp(-s)) - y) / ROWS
        return loss, np.concatenate([z.T @ r + L2 * w, [r.sum()]])

    theta = fit(objective, FEATURES + 1)
    for _ in range(5):  # Newton polish
        w, b = theta[:FEATURES], theta[FEATURES]
        s = z @ w + b
        q = 1 / (1 + np.exp(-s))
        a = np.hstack([z, np.ones((ROWS, 1))])
        h = a.T @ (a * (q * (1 - q))[:, None]) / ROWS
        h[:FEATURES, :FEATURES] += L2 * np.eye(FEATURES)
        theta = theta - np.linalg.solve(h, objective(theta)[1])
    f, g = objective(theta)
    return {"objective": float(f), "gradientNorm": float(np.linalg.norm(g))}


def multiclass(k=5):
    rng = np.random.default_rng(12)
    x = features(rng)
    z = standardise(x)
    w_true = rng.normal(size=(k, FEATURES))
    logits = z @ w_true.T * 0.8
    p = softmax(logits, axis=1)
    y = np.array([rng.choice(k, p=row) for row in p])
    write_csv("softmax_correlated.csv", x, y)
    onehot = np.eye(k)[y]

    def objective(theta):
        w = theta[:k * FEATURES].reshape(k, FEATURES)
        b = theta[k * FEATURES:]
        s = z @ w.T + b
        loss = -np.mean(np.sum(onehot * log_softmax(s, axis=1), axis=1)) + 0.5 * L2 * np.sum(w * w)
        r = (softmax(s, axis=1) - onehot) / ROWS
        return loss, np.concatenate([(r.T @ z + L2 * w).ravel(), r.sum(axis=0)])

    theta = fit(objective, k * FEATURES + k)
    f, g = objective(theta)
    return {"objective": float(f), "gradientNorm": float(np.linalg.norm(g)), "classes": k}


if __name__ == "__main__":
    out = {"l2": L2, "rows": ROWS, "features": FEATURES, "logistic": binary(), "softmax": multiclass()}
    with open("optimum.json", "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")
    print(json.dumps(out, indent=2))
