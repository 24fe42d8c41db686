"""Reproduce the deeplearning.ai course's table with nn_core, from ../shared/data.

Course-compatible initialisation, seed 1, float64, alpha = 0.0075, 2500 iterations:
  2-layer 12288-7-1:          train 100 %,   test 72 %, cost at iteration 2400 = 0.0485547856
  4-layer 12288-20-7-5-1:     train 98.56 %, test 80 %, cost at iteration 2400 = 0.0928782153
then the spread of test accuracy over seeds 0-9 (80 % is a lucky seed).

    .venv/bin/python scripts/reproduce_course.py [DATA_FOLDER]
"""
from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import sys  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nn_core import Trainer  # noqa: E402
from nn_core.preprocessing import images_to_X  # noqa: E402
from nn_io.catdata import load_cat_data  # noqa: E402

NETWORKS = {"2-layer 12288-7-1": [12288, 7, 1], "4-layer 12288-20-7-5-1": [12288, 20, 7, 5, 1]}


def course_runs(data, seeds=(1,), iterations=2500):
    """Yield (network name, seed, trainer) for each network and seed, trained as in the course."""
    X, _ = images_to_X(data.train_x, "scale")
    Xt, _ = images_to_X(data.test_x, "scale")
    Y, Yt = data.train_y.reshape(1, -1), data.test_y.reshape(1, -1)
    for name, dims in NETWORKS.items():
        for seed in seeds:
            trainer = Trainer(X, Y, dims, learning_rate=0.0075, init="course", seed=seed,
                              X_test=Xt, Y_test=Yt)
            trainer.run(iterations)
            yield name, seed, trainer


def main():
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    data = load_cat_data(folder)
    print("Course table (course init, seed 1, float64, alpha 0.0075, 2500 iterations)")
    print(f"{'network':<24} {'train':>8} {'test':>6} {'cost @2400':>14}")
    for name, _, t in course_runs(data):
        print(f"{name:<24} {t.train_accuracy():>8.2%} {t.test_accuracy():>6.0%} {t.costs[2400]:>14.10f}")
    print("\nTest accuracy over seeds 0-9 (same settings)")
    by_net = {}
    for name, seed, t in course_runs(data, seeds=range(10)):
        by_net.setdefault(name, []).append((seed, t.test_accuracy()))
    for name, results in by_net.items():
        accs = [a for _, a in results]
        print(f"{name:<24} " + " ".join(f"{a:.0%}" for a in accs)
              + f"   min {min(accs):.0%}  median {sorted(accs)[len(accs) // 2]:.0%}  max {max(accs):.0%}")


if __name__ == "__main__":
    main()
