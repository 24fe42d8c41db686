"""Train the default model shipped in assets/default_model.npz, choosing its settings honestly.

1. 5-fold stratified cross-validation on the 209 training photos only: every candidate
   (architecture, learning rate, L2 lambda) is trained on 4 folds and scored on the 5th at
   several iteration counts, averaged over 3 seeds. The test set is not looked at.
   The score is the balanced accuracy (mean of the accuracy on cats and on non-cats): the
   training photos are 34 % cats, the test photos 66 %, and a student's photos could be
   anything, so plain accuracy would reward models that lean to "non-cat". (A first run scored
   by plain accuracy chose an under-trained model: train 77.5 %, test 48 %.)
2. For the best candidate (and iteration count), the seed is chosen the same way (seeds 0-9).
3. The model is trained on all 209 photos with those settings; its test accuracy is measured
   once and written into the model's metadata with the cross-validation figures.

    .venv/bin/python scripts/train_default_model.py [DATA_FOLDER] [--out assets/default_model.npz]
"""
from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import itertools  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nn_core import Trainer  # noqa: E402
from nn_core.metrics import balanced_accuracy  # noqa: E402
from nn_core.preprocessing import images_to_X  # noqa: E402
from nn_io.catdata import load_cat_data  # noqa: E402
from nn_io.models import save_model  # noqa: E402

ARCHITECTURES = ([12288, 20, 7, 5, 1], [12288, 7, 1], [12288, 32, 8, 1])
LEARNING_RATES = (0.0075, 0.015)
LAMBDAS = (0.0, 5.0, 20.0)
CHECKPOINTS = (500, 1000, 1500, 2000, 2500, 3000)
INIT = "xavier"
FOLDS = 5


def stratified_folds(Y: np.ndarray, k: int = FOLDS, seed: int = 0) -> list[np.ndarray]:
    """k disjoint index sets of the m examples, each with about the same share of each class."""
    rng = np.random.default_rng(seed)
    folds = [[] for _ in range(k)]
    for label in (0, 1):
        idx = rng.permutation(np.flatnonzero(Y.ravel() == label))
        for i, chunk in enumerate(np.array_split(idx, k)):
            folds[i].extend(chunk.tolist())
    return [np.sort(np.array(f)) for f in folds]


def cv_scores(X, Y, folds, dims, alpha, lambd, seed) -> np.ndarray:
    """Validation balanced accuracy at each checkpoint, averaged over the folds: (len(CHECKPOINTS),)."""
    scores = np.zeros(len(CHECKPOINTS))
    for val in folds:
        train = np.setdiff1d(np.arange(X.shape[1]), val)
        t = Trainer(X[:, train], Y[:, train], dims, learning_rate=alpha, init=INIT, seed=seed,
                    lambd=lambd, X_test=X[:, val], Y_test=Y[:, val])
        for i, it in enumerate(CHECKPOINTS):
            t.run(it - t.iteration)
            score = 0.0 if t.diverged else balanced_accuracy(Y[:, val], t.test_proba() > 0.5)
            scores[i] += score / len(folds)
    return scores


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data", nargs="?", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--out", default=str(ROOT / "assets" / "default_model.npz"))
    args = parser.parse_args()
    t_start = time.perf_counter()
    data = load_cat_data(Path(args.data))
    X, _ = images_to_X(data.train_x, "scale")
    Y = data.train_y.reshape(1, -1)
    folds = stratified_folds(Y)

    print(f"{FOLDS}-fold cross-validation on the {X.shape[1]} training photos, init {INIT}, seeds 0-2;"
          f" balanced accuracy at iterations {CHECKPOINTS}")
    best = None
    for dims, alpha, lambd in itertools.product(ARCHITECTURES, LEARNING_RATES, LAMBDAS):
        scores = np.mean([cv_scores(X, Y, folds, dims, alpha, lambd, s) for s in range(3)], axis=0)
        i = int(np.argmax(scores))
        print(f"  {str(dims):<24} alpha {alpha:<7} lambda {lambd:<4} "
              + " ".join(f"{s:.3f}" for s in scores) + f"   best {scores[i]:.3f} @ {CHECKPOINTS[i]}")
        if best is None or scores[i] > best[0]:
            best = (scores[i], dims, alpha, lambd, CHECKPOINTS[i])
    cv_acc, dims, alpha, lambd, iterations = best
    print(f"chosen: {dims} alpha {alpha} lambda {lambd} {iterations} iterations (CV {cv_acc:.3f})")

    seed_scores = {}
    for seed in range(10):
        seed_scores[seed] = cv_scores(X, Y, folds, dims, alpha, lambd, seed)[CHECKPOINTS.index(iterations)]
    seed = max(seed_scores, key=seed_scores.get)
    print("seeds: " + " ".join(f"{s}:{a:.3f}" for s, a in seed_scores.items()) + f"  -> seed {seed}")

    Xt, _ = images_to_X(data.test_x, "scale")
    Yt = data.test_y.reshape(1, -1)
    trainer = Trainer(X, Y, dims, learning_rate=alpha, init=INIT, seed=seed, lambd=lambd,
                      X_test=Xt, Y_test=Yt)
    trainer.run(iterations)
    train_acc, test_acc = trainer.train_accuracy(), trainer.test_accuracy()
    test_balanced = balanced_accuracy(Yt, trainer.test_proba() > 0.5)
    print(f"final model on all 209 photos: train {train_acc:.2%}, test {test_acc:.2%} "
          f"(balanced {test_balanced:.2%}; measured once)")
    metadata = {
        "layer_dims": dims, "hidden_activation": "relu", "leaky_alpha": 0.01,
        "preprocessing": "scale", "class_names": list(data.classes),
        "training": {"learning_rate": alpha, "iterations": iterations, "init": INIT, "seed": seed,
                     "lambd": lambd, "final_cost": trainer.costs[-1],
                     "cv_balanced_accuracy": round(float(seed_scores[seed]), 4), "cv_folds": FOLDS,
                     "command": "python scripts/train_default_model.py"},
        "train_accuracy": train_acc, "test_accuracy": test_acc,
        "test_balanced_accuracy": round(test_balanced, 4),
    }
    Path(args.out).write_bytes(save_model(trainer.parameters, metadata))
    print(f"wrote {args.out} ({Path(args.out).stat().st_size / 1024:.0f} KiB) "
          f"in {time.perf_counter() - t_start:.0f} s")


if __name__ == "__main__":
    main()
