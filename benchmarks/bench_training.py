"""Benchmark: the Trainer against the plain lesson functions, BatchTrainer against the Trainer
(and PyTorch when importable).

In one run, for the course's 2-layer (12288-7-1) and 4-layer (12288-20-7-5-1) networks on the
209 training photos (from ../shared/data, or random photos of the same shape when absent),
alpha = 0.0075, course initialisation, seed 1, float64:
  - times a full run of the Trainer (Gram matrix included), median of --repeats runs, and in the
    same loop (alternating, so the machine's noise falls on both) a BatchTrainer of K = 1 and
    of K = 5 networks with the same settings; prints wall-clock and CPU time (the process's
    own, which other programs on a shared machine change the least) and the ratios of CPU time;
  - times the plain lesson loop (forward, cost, backward, update) over --plain-iterations;
  - checks that the two cost curves agree at every iteration (relative difference);
  - prints ms per iteration, the ratio, and the peak memory each allocates beyond X (tracemalloc);
  - with PyTorch importable, times the same loop in PyTorch (float32, autograd, one thread) over
    --torch-iterations and prints the Trainer's speed-up against it and how far its cost curve is
    (PyTorch's memory is not measured: it allocates outside tracemalloc's view).
Figures only: nothing here asserts a time.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/bench_training.py [--quick]
"""
from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nn_core import BatchTrainer, Trainer, initialize_parameters, train_plain  # noqa: E402
from nn_core.preprocessing import images_to_X  # noqa: E402

NETWORKS = {"2-layer": [12288, 7, 1], "4-layer": [12288, 20, 7, 5, 1]}
ALPHA = 0.0075


def load_training_set():
    folder = ROOT.parent / "shared" / "data"
    if (folder / "train_catvnoncat.h5").exists():
        from nn_io.catdata import load_cat_data
        data = load_cat_data(folder)
        return data.train_x, data.train_y.reshape(1, -1), "the 209 course photos"
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (209, 64, 64, 3), dtype=np.uint8)
    return images, (rng.random((1, 209)) < 0.34).astype(int), "209 random photos (no data found)"


def peak_mb(fn):
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def timed_run(make, iterations):
    """``make()`` (a trainer: the Gram matrix is computed there) then ``run(iterations)``
    -> ((wall-clock seconds, CPU seconds of this process), the trainer)."""
    t0, c0 = time.perf_counter(), time.process_time()
    trainer = make()
    trainer.run(iterations)
    return (time.perf_counter() - t0, time.process_time() - c0), trainer


def medians(pairs):
    """[(wall, cpu), ...] -> (median wall, median cpu)."""
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def torch_run(X, Y, dims, iterations):
    """The same loop in PyTorch float32 with autograd on the CPU -> (ms per iteration, costs)."""
    import torch
    torch.set_num_threads(1)
    Xt = torch.tensor(X, dtype=torch.float32)
    Yt = torch.tensor(Y, dtype=torch.float32)
    p = initialize_parameters(dims, "course", 1)
    params = [torch.tensor(p[f"{k}{l}"], dtype=torch.float32, requires_grad=True)
              for l in range(1, len(dims)) for k in "Wb"]
    costs = []
    t0 = time.perf_counter()
    for _ in range(iterations):
        A = Xt
        for i in range(0, len(params), 2):
            Z = params[i] @ A + params[i + 1]
            A = torch.relu(Z) if i + 2 < len(params) else Z
        cost = torch.nn.functional.binary_cross_entropy_with_logits(A, Yt)
        costs.append(cost.item())
        for q in params:
            q.grad = None
        cost.backward()
        with torch.no_grad():
            for q in params:
                q -= ALPHA * q.grad
    return (time.perf_counter() - t0) / iterations * 1e3, costs


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--iterations", type=int, default=2500)
    parser.add_argument("--plain-iterations", type=int, default=2500)
    parser.add_argument("--torch-iterations", type=int, default=2500)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--quick", action="store_true",
                        help="300 plain and PyTorch iterations, 3 repeats")
    args = parser.parse_args()
    if args.quick:
        args.plain_iterations, args.torch_iterations, args.repeats = 300, 300, 3

    images, Y, source = load_training_set()
    X, _ = images_to_X(images, "scale")
    print(f"data: {source}; X {X.shape}; alpha {ALPHA}; course init, seed 1; float64; "
          f"BLAS threads {os.environ['OPENBLAS_NUM_THREADS']}")
    try:
        import torch
        have_torch = True
    except ImportError:
        have_torch = False

    rows = []
    for name, dims in NETWORKS.items():
        times, batch_times = [], {1: [], 5: []}
        for _ in range(args.repeats):
            seconds, trainer = timed_run(
                lambda: Trainer(X, Y, dims, learning_rate=ALPHA, init="course", seed=1), args.iterations)
            times.append(seconds)
            for K in batch_times:
                batch_times[K].append(timed_run(lambda: BatchTrainer(
                    X, Y, dims, learning_rates=ALPHA, inits="course", seeds=list(range(1, K + 1))),
                    args.iterations)[0])
        fast_s, fast_cpu = medians(times)
        fast_peak = peak_mb(lambda: Trainer(X, Y, dims, learning_rate=ALPHA, init="course", seed=1).run(50))

        params0 = initialize_parameters(dims, "course", 1)
        t0, c0 = time.perf_counter(), time.process_time()
        _, plain_costs = train_plain(X, Y, params0, args.plain_iterations, ALPHA)
        plain_ms = (time.perf_counter() - t0) / args.plain_iterations * 1e3
        plain_cpu_ms = (time.process_time() - c0) / args.plain_iterations * 1e3
        plain_peak = peak_mb(lambda: train_plain(X, Y, params0, 5, ALPHA))
        n = min(len(plain_costs), len(trainer.costs))
        diff = float(np.max(np.abs(np.array(trainer.costs[:n]) - plain_costs[:n]) / np.array(plain_costs[:n])))

        fast_ms = fast_s / args.iterations * 1e3
        row = dict(name=name, path=trainer.path, fast_s=fast_s, fast_ms=fast_ms, plain_ms=plain_ms,
                   ratio=plain_ms / fast_ms, fast_peak=fast_peak, plain_peak=plain_peak, diff=diff, n=n,
                   cost2400=trainer.costs[2400] if len(trainer.costs) > 2400 else float("nan"),
                   fast_cpu=fast_cpu, plain_cpu_ms=plain_cpu_ms,
                   batch_s={K: medians(v) for K, v in batch_times.items()})
        if have_torch:
            row["torch_ms"], torch_costs = torch_run(X, Y, dims, args.torch_iterations)
            k = min(len(torch_costs), len(trainer.costs))
            row["torch_ratio"] = row["torch_ms"] / fast_ms
            row["torch_diff"] = float(np.max(np.abs(np.array(torch_costs[:k]) - trainer.costs[:k])
                                             / np.array(trainer.costs[:k])))
        rows.append(row)

    print(f"\n{'network':<9} {'trainer run':>12} {'ms/iter':>8} {'plain ms/iter':>14} {'speed-up':>9} "
          f"{'extra peak MB (trainer/plain)':>30} {'max rel. cost diff':>19}"
          + (f" {'torch ms/iter':>14}" if have_torch else ""))
    for r in rows:
        print(f"{r['name']:<9} {r['fast_s']:>10.3f} s {r['fast_ms']:>8.3f} {r['plain_ms']:>14.2f} "
              f"{r['ratio']:>8.0f}x {r['fast_peak']:>17.1f} / {r['plain_peak']:<10.1f} "
              f"{r['diff']:>12.1e} ({r['n']} it)"
              + (f" {r['torch_ms']:>14.2f}" if have_torch else ""))
    print(f"\nTrainer runs are {args.iterations} iterations, Gram matrix included, median of "
          f"{args.repeats}; plain is the lesson loop over {args.plain_iterations} iterations.")
    for r in rows:
        print(f"{r['name']}: path {r['path']}, cost at iteration 2400 = {r['cost2400']:.10f}")
    print("\nThe same in CPU time of this process (what other programs on a shared machine change "
          "the least), with BatchTrainer's runs (seeds 1..K) timed in the same loop:")
    print(f"{'network':<9} {'trainer run':>12} {'ms/iter':>8} {'plain ms/iter':>14} {'speed-up':>9} "
          f"{'BatchTrainer K = 1':>20} {'K = 5':>17}")
    for r in rows:
        cpu_ms = r["fast_cpu"] / args.iterations * 1e3
        c1, c5 = r["batch_s"][1][1], r["batch_s"][5][1]
        print(f"{r['name']:<9} {r['fast_cpu']:>10.3f} s {cpu_ms:>8.3f} {r['plain_cpu_ms']:>14.2f} "
              f"{r['plain_cpu_ms'] / cpu_ms:>8.0f}x {c1:>9.3f} s ({c1 / r['fast_cpu']:.2f}x) "
              f"{c5:>7.3f} s ({c5 / r['fast_cpu']:.2f}x)")
    if have_torch:
        print(f"\nPyTorch {torch.__version__} (CPU, float32, autograd, 1 thread), "
              f"{args.torch_iterations} iterations:")
        for r in rows:
            print(f"{r['name']}: {r['torch_ms']:.2f} ms/iter, a whole run "
                  f"{r['torch_ms'] * args.iterations / 1e3:.2f} s; the Trainer is "
                  f"{r['torch_ratio']:.0f}x faster; cost curves differ by at most "
                  f"{r['torch_diff']:.1e} (relative; float32)")
    else:
        print("PyTorch is not installed: no PyTorch figures.")


if __name__ == "__main__":
    main()
