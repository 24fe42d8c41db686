"""Measure: how many photos of two visibly different things it takes for the network to name
8 of 10 new photos right, as on the "Your own data" page.

The photos are made here (no photos are downloaded): 320 x 240 JPEGs of a **ball** (a shaded
disc) or a **mug** (a body with a handle), each at a random place and size inside the centre
square, on a background (a two-colour gradient, a few lines of clutter, sensor noise). The
things (``colour`` or ``shape``) and the backgrounds (``room`` or ``anywhere``) make 4 cases:

* ``colour``: as a learner would photograph an orange ball and a blue mug: balls are
  orange-ish, mugs blue-ish (hue jittered), so colour and shape both differ;
* ``shape``: every ball and every mug of a random colour: only the shape tells them apart;
* ``room``: all photos in one room, a beige table under a grey wall, in brighter or dimmer
  light; ``anywhere``: each photo on a gradient of two random colours.

For each number n of photos a class, ``--repeats`` sets of n + 5 photos a class are drawn (a new
seed each); the n go through the page's path (``PhotoSet.add``: the safe loader, centre square,
64 x 64; ``photo_dataset``: standardised, a fifth held out), the page's network is trained
(``--hidden`` units, ReLU, He, seed 1, α ``--alpha``, ``--iterations``), and the 5 + 5 photos it
never saw are named. Prints, for each n, how many of the 10 were right in each repetition and
how many repetitions reached 8 of 10. Figures only: nothing here asserts.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/bench_own_photos.py [--repeats 5]
"""
from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import colorsys  # noqa: E402
import io  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nn_core import Trainer, predict_proba  # noqa: E402
from nn_io.photo_data import photo_dataset, photo_X  # noqa: E402
from nn_io.photo_set import PhotoSet  # noqa: E402

W, H = 320, 240
NEW_A_CLASS = 5
COUNTS = (5, 10, 20, 30, 40, 60, 80, 100)


def _colour(rng, hue: float | None) -> tuple[int, int, int]:
    h = rng.random() if hue is None else (hue + rng.normal(0, 0.03)) % 1.0
    r, g, b = colorsys.hsv_to_rgb(h, rng.uniform(0.55, 0.95), rng.uniform(0.55, 0.95))
    return int(r * 255), int(g * 255), int(b * 255)


def _background(rng, where: str) -> np.ndarray:
    """Two colours of a gradient: anywhere (any colours) or one room (a beige table and a
    grey wall, in brighter or dimmer light)."""
    if where == "anywhere":
        return np.array([np.array(_colour(rng, None)) * rng.uniform(0.6, 1.0) for _ in range(2)])
    light = rng.uniform(0.7, 1.1)
    table = np.array((200, 180, 150)) + rng.normal(0, 8, 3)
    wall = np.array((170, 170, 175)) + rng.normal(0, 8, 3)
    return np.clip(np.array([wall, table]) * light, 0, 255)


def thing_photo(kind: str, seed: int, case: str, where: str = "anywhere") -> bytes:
    """A JPEG of a ball or a mug (see the module docstring)."""
    rng = np.random.default_rng(seed)
    c0, c1 = _background(rng, where)
    t = np.linspace(0, 1, W)[None, :, None] if rng.random() < 0.5 else \
        np.linspace(0, 1, H)[:, None, None]
    bg = (c0 * (1 - t) + c1 * t) * np.ones((H, W, 1))
    im = Image.fromarray(bg.astype(np.uint8))
    d = ImageDraw.Draw(im)
    for _ in range(3):                                                  # clutter
        d.line([tuple(rng.integers(0, (W, H))), tuple(rng.integers(0, (W, H)))],
               fill=_colour(rng, None), width=int(rng.integers(2, 6)))
    left = (W - H) // 2                                                 # the centre square
    size = rng.uniform(0.35, 0.6) * H
    cx, cy = rng.uniform(left + size / 2, left + H - size / 2), rng.uniform(size / 2, H - size / 2)
    hue = None if case == "shape" else (0.07 if kind == "ball" else 0.6)
    colour = _colour(rng, hue)
    if kind == "ball":
        r = size / 2
        for k in range(12, 0, -1):                                      # shaded: lighter inside
            f = k / 12
            shade = tuple(int(min(255, c * (1.25 - 0.45 * f))) for c in colour)
            d.ellipse([cx - r * f - (1 - f) * r * 0.3, cy - r * f - (1 - f) * r * 0.3,
                       cx + r * f - (1 - f) * r * 0.3, cy + r * f - (1 - f) * r * 0.3],
                      fill=shade)
    else:
        w, h = size * 0.6, size * 0.8
        x0, y0 = cx - w / 2 - size * 0.1, cy - h / 2
        d.ellipse([x0 + w - w * 0.2, y0 + h * 0.2, x0 + w + w * 0.45, y0 + h * 0.7],
                  outline=colour, width=max(3, int(size * 0.08)))               # the handle
        d.rectangle([x0, y0, x0 + w, y0 + h], fill=colour)
        d.ellipse([x0, y0 - h * 0.08, x0 + w, y0 + h * 0.08],
                  fill=tuple(int(c * 0.6) for c in colour))                    # the rim
    a = np.asarray(im, dtype=float) + rng.normal(0, 6, (H, W, 3))
    out = io.BytesIO()
    Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).save(out, "JPEG", quality=85)
    return out.getvalue()


def one_trial(n: int, seed: int, case: str, where: str, args) -> int:
    """How many of 5 + 5 new photos a network trained on n photos a class names right."""
    base = 100_000 * seed
    photos = PhotoSet(("ball", "mug"))
    for c, kind in enumerate(("ball", "mug")):
        for i in range(n):
            photos.add(c, thing_photo(kind, base + 1000 * c + i, case, where), f"{kind}{i}.jpg")
    data = photo_dataset(photos.photos(0), photos.photos(1), photos.names, seed=1)
    t = Trainer(data.X, data.Y, [data.X.shape[0], args.hidden, 1], "relu",
                learning_rate=args.alpha, init="he", seed=1)
    t.run(args.iterations)
    right = 0
    for c, kind in enumerate(("ball", "mug")):
        for i in range(NEW_A_CLASS):
            probe = PhotoSet()
            image = probe.add(0, thing_photo(kind, base + 1000 * c + 500 + i, case, where), "new")
            p = float(predict_proba(photo_X(image.image64, data.stats), t.parameters)[0, 0])
            right += int((p > 0.5) == bool(c))
    return right


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--hidden", type=int, default=8)
    ap.add_argument("--alpha", type=float, default=0.0075)
    ap.add_argument("--iterations", type=int, default=1000)
    ap.add_argument("--cases", default="colour/room,shape/room,colour/anywhere,shape/anywhere",
                    help="colour or shape / room or anywhere, comma-separated")
    ap.add_argument("--counts", default=",".join(map(str, COUNTS)))
    ap.add_argument("--save-examples", metavar="FOLDER", help="write a few of the photos here")
    args = ap.parse_args()
    if args.save_examples:
        folder = Path(args.save_examples)
        folder.mkdir(parents=True, exist_ok=True)
        for both in args.cases.split(","):
            case, where = both.split("/")
            for kind in ("ball", "mug"):
                for i in range(3):
                    (folder / f"{case}-{where}-{kind}-{i}.jpg").write_bytes(
                        thing_photo(kind, 1000 * (kind == "mug") + i, case, where))
    print(f"network 12288-{args.hidden}-1, ReLU, He, seed 1, α {args.alpha}, "
          f"{args.iterations} iterations; {args.repeats} sets of photos for each n; "
          f"right of {2 * NEW_A_CLASS} new photos")
    for both in args.cases.split(","):
        case, where = both.split("/")
        print(f"\ncase {case}, backgrounds {where}:")
        print(f"{'n a class':>10} {'learned from':>13}  right of 10, each set   sets >= 8/10")
        for n in map(int, args.counts.split(",")):
            start = time.perf_counter()
            rights = [one_trial(n, seed, case, where, args) for seed in range(1, args.repeats + 1)]
            learned = 2 * n - 2 * max(1, int(0.2 * n + 0.5))
            print(f"{n:>10} {learned:>13}  {' '.join(f'{r:2d}' for r in rights):<22} "
                  f"{sum(r >= 8 for r in rights)}/{len(rights)}"
                  f"   ({time.perf_counter() - start:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
