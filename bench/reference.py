#!/usr/bin/env python3
"""The reference side of bench/compare.sh, and its report.

    reference.py                           time the benchmark shapes in numpy / PyTorch, print JSON
    reference.py --report JMH... -- REF...  print the engine / reference table from those JSON files

Everything is float64 and single-threaded (compare.sh sets OPENBLAS_NUM_THREADS=1; PyTorch gets
torch.set_num_threads(1)). Each shape is timed like JMH times the engine: warm-up rounds, then
measured rounds of about a second each, each giving the mean time per call over the round. The
report takes, on both sides alike, the best measured round over all the runs it is given: on a
shared machine the other rounds measure the neighbours as much as the code.
"""
import json
import os
import sys
import time

WARMUP_ROUNDS = 5
MEASURED_ROUNDS = 5
ROUND_SECONDS = 1.0


def timed(fn):
    """Seconds per call of fn in each of MEASURED_ROUNDS rounds of about ROUND_SECONDS each."""
    fn()
    start = time.perf_counter()
    calls = 0
    while time.perf_counter() - start < 0.2:
        fn()
        calls += 1
    per_round = max(1, int(calls * ROUND_SECONDS / (time.perf_counter() - start)))
    rounds = []
    for r in range(WARMUP_ROUNDS + MEASURED_ROUNDS):
        t = time.perf_counter()
        for _ in range(per_round):
            fn()
        if r >= WARMUP_ROUNDS:
            rounds.append((time.perf_counter() - t) / per_round)
    return rounds


def measure():
    import numpy as np
    import torch

    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64)
    rng = np.random.default_rng(1)
    out = {"numpy": np.__version__, "torch": torch.__version__, "rounds_us": {}}
    t = out["rounds_us"]

    for n in (256, 1024):
        a = rng.standard_normal((n, n))
        b = rng.standard_normal((n, n))
        t["matmul_%d" % n] = [x * 1e6 for x in timed(lambda: a @ b)]

    x = rng.standard_normal((4096, 100))
    w = rng.standard_normal(100)
    g = rng.standard_normal(4096)
    t["xw"] = [r * 1e6 for r in timed(lambda: x @ w)]
    t["xtg"] = [r * 1e6 for r in timed(lambda: x.T @ g)]

    for batch, inp, hidden, classes in ((256, 64, 128, 10), (1024, 784, 256, 10)):
        gen = torch.Generator().manual_seed(0)
        model = torch.nn.Sequential(torch.nn.Linear(inp, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, classes))
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        xs = torch.randn(batch, inp, generator=gen)
        ys = torch.randint(0, classes, (batch,), generator=gen)

        def step():
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(xs), ys)
            loss.backward()
            opt.step()

        t["mlp_%d" % batch] = [r * 1e6 for r in timed(step)]
    return out


# name in the table, JMH benchmark (and parameter), reference key, kind of ratio, target
ROWS = [
    ("matmul 256x256", "io.sparkgrad.bench.MatmulBench.matmul", {"n": "256"}, "matmul_256", "gflops", 2 * 256 ** 3, 0.8),
    ("matmul 1024x1024", "io.sparkgrad.bench.MatmulBench.matmul", {"n": "1024"}, "matmul_1024", "gflops", 2 * 1024 ** 3,
     0.8),
    ("X·w, X 4096x100", "io.sparkgrad.bench.MatVecBench.xw", {}, "xw", "gflops", 2 * 4096 * 100, 0.8),
    ("Xᵀ·g, X 4096x100", "io.sparkgrad.bench.MatVecBench.xtg", {}, "xtg", "gflops", 2 * 4096 * 100, 0.8),
    ("MLP step 256, 64-128-10", "io.sparkgrad.bench.MlpStepBench.trainStep", {"shape": "256:64:128:10"}, "mlp_256",
     "time", None, 1.0),
    ("MLP step 1024, 784-256-10", "io.sparkgrad.bench.MlpStepBench.trainStep", {"shape": "1024:784:256:10"},
     "mlp_1024", "time", None, 1.0),
]

TO_US = {"us/op": 1.0, "ms/op": 1e3, "ns/op": 1e-3, "s/op": 1e6}


def report(jmh_files, ref_files):
    jmh = []
    for name in jmh_files:
        with open(name) as f:
            jmh.extend(json.load(f))
    refs = []
    for name in ref_files:
        with open(name) as f:
            refs.append(json.load(f))
    ref = {"numpy": refs[0]["numpy"], "torch": refs[0]["torch"], "times_us": {}, "mean_us": {}}
    for key in refs[0]["rounds_us"]:
        rounds = [x for r in refs for x in r["rounds_us"][key]]
        ref["times_us"][key] = min(rounds)
        ref["mean_us"][key] = sum(rounds) / len(rounds)

    def engine_rounds(name, params):
        rounds = []
        for r in jmh:
            if r["benchmark"] == name and all(r.get("params", {}).get(k) == v for k, v in params.items()):
                metric = r["primaryMetric"]
                rounds += [x * TO_US[metric["scoreUnit"]] for fork in metric["rawData"] for x in fork]
        return rounds

    def engine_us(name, params):
        rounds = engine_rounds(name, params)
        return min(rounds) if rounds else None

    def engine_mean_us(name, params):
        rounds = engine_rounds(name, params)
        return sum(rounds) / len(rounds) if rounds else None

    print("reference: numpy %s, torch %s (float64, 1 thread); best 1-second round of %d engine run(s) and %d "
          "reference run(s), interleaved" % (ref["numpy"], ref["torch"], len(jmh_files), len(ref_files)))
    print()
    print("| what | engine | reference | engine / reference | target | met | ratio of the means |")
    print("|---|---|---|---|---|---|---|")
    for label, bench, params, key, kind, flops, target in ROWS:
        e = engine_us(bench, params)
        r = ref["times_us"].get(key)
        if e is None or r is None:
            print("| %s | missing | missing | | | |" % label)
            continue
        who = "OpenBLAS" if key.startswith("matmul") else "numpy" if kind == "gflops" else "PyTorch"
        mean_ratio = engine_mean_us(bench, params) / ref["mean_us"][key]
        if kind == "gflops":
            eg = flops / e / 1e3
            rg = flops / r / 1e3
            ratio = eg / rg
            met = ratio >= target
            print("| %s | %.1f GFLOPS | %s %.1f GFLOPS | %.2f× GFLOPS | ≥ %.1f× | %s | %.2f× |"
                  % (label, eg, who, rg, ratio, target, "yes" if met else "no", 1 / mean_ratio))
        else:
            ratio = e / r
            met = ratio <= target
            print("| %s | %.3f ms | %s %.3f ms | %.2f× time | ≤ %.1f× | %s | %.2f× |"
                  % (label, e / 1e3, who, r / 1e3, ratio, target, "yes" if met else "no", mean_ratio))
    auto = engine_us("io.sparkgrad.bench.LogisticBench.autograd", {})
    for variant in ("handFusedVector", "handFusedScalar"):
        hand = engine_us("io.sparkgrad.bench.LogisticBench." + variant, {})
        if auto is not None and hand is not None:
            ratio = auto / hand
            mean_ratio = engine_mean_us("io.sparkgrad.bench.LogisticBench.autograd", {}) / engine_mean_us(
                "io.sparkgrad.bench.LogisticBench." + variant, {})
            print("| logistic 200k×100 fwd+bwd, autograd vs %s | %.2f ms | %.2f ms | %.2f× time | ≤ 1.3× | %s | %.2f× |"
                  % (variant, auto / 1e3, hand / 1e3, ratio, "yes" if ratio <= 1.3 else "no", mean_ratio))


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "--report" and "--" in sys.argv:
        cut = sys.argv.index("--")
        report(sys.argv[2:cut], sys.argv[cut + 1:])
    elif len(sys.argv) == 1:
        if os.environ.get("OPENBLAS_NUM_THREADS") != "1":
            sys.exit("reference.py: run with OPENBLAS_NUM_THREADS=1 (bench/compare.sh sets it)")
        json.dump(measure(), sys.stdout, indent=1)
        print()
    else:
        sys.exit(__doc__)
