"""Benchmark: a 12 MP phone photo to the network's 64 x 64, against a naive baseline.

In one run, on a generated 4032 x 3024 phone-like JPEG (smooth shapes plus sensor-like noise,
quality 90, 4:2:0, EXIF orientation 6 as a phone held upright writes it):
  - ``load_photo`` (header checks, draft-mode decode at 1/8, EXIF rotation, preview, crop, 64x64);
  - the naive way: Image.open, full decode, exif_transpose, centre crop, resize to 64 x 64;
prints the median and best ms of --repeats runs and the ratio. Target: <= 150 ms.
``--formats`` also times the same photo as progressive JPEG, HEIC, AVIF, WebP and PNG.
Figures only: nothing here asserts a time.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/bench_images.py [--repeats 15] [--formats]
"""
from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import io  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from PIL import Image, ImageOps  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nn_io.images import load_photo  # noqa: E402

WIDTH, HEIGHT = 4032, 3024
TARGET_MS = 150.0


def phone_photo(seed: int = 0) -> Image.Image:
    """A 12 MP picture with the statistics of a photo: smooth shapes, edges, mild noise."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)
    channels = []
    for c in range(3):
        v = 120 + 60 * np.sin(x / (250 + 40 * c) + c) * np.cos(y / (180 + 30 * c))
        v += 40 * ((x - 2000) ** 2 + (y - 1500) ** 2 < 900 ** 2)  # a round object
        channels.append(v)
    a = np.stack(channels, -1) + rng.normal(0, 6, (HEIGHT, WIDTH, 3)).astype(np.float32)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def encode(im: Image.Image, fmt: str, **kw) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    im.save(out, fmt, exif=exif.tobytes(), **kw)
    return out.getvalue()


def naive(data: bytes) -> np.ndarray:
    """Plain open, full decode, rotate, centre crop, resize."""
    im = ImageOps.exif_transpose(Image.open(io.BytesIO(data)).convert("RGB"))
    w, h = im.size
    s = min(w, h)
    im = im.crop(((w - s) // 2, (h - s) // 2, (w - s) // 2 + s, (h - s) // 2 + s))
    return np.asarray(im.resize((64, 64), Image.Resampling.LANCZOS))


def timed(fn, data: bytes, repeats: int) -> tuple[float, float]:
    fn(data)  # warm-up (plugin imports, first allocation)
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn(data)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), min(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--formats", action="store_true",
                        help="also time progressive JPEG, HEIC, AVIF, WebP, PNG")
    args = parser.parse_args()
    photo = phone_photo()
    jpeg = encode(photo, "JPEG", quality=90, subsampling="4:2:0")
    print(f"{WIDTH}x{HEIGHT} JPEG, {len(jpeg) / 2**20:.1f} MB, EXIF orientation 6, "
          f"{args.repeats} runs each (median / best)")
    ours_med, ours_best = timed(lambda d: load_photo(d).image64, jpeg, args.repeats)
    base_med, base_best = timed(naive, jpeg, args.repeats)
    agree = np.abs(load_photo(jpeg).image64.astype(int) - naive(jpeg).astype(int))
    verdict = "OK" if ours_med <= TARGET_MS else "OVER"
    print(f"  load_photo : {ours_med:7.1f} ms  (best {ours_best:.1f})   "
          f"target <= {TARGET_MS:.0f} ms  {verdict}")
    print(f"  naive      : {base_med:7.1f} ms  (best {base_best:.1f})")
    print(f"  speed-up   : {base_med / ours_med:7.1f} x;  64x64 results differ by "
          f"{agree.mean():.1f} on average (max {agree.max()}) of 255")
    if args.formats:
        print("other encodings of the same photo (load_photo only):")
        for name, fmt, kw in (("progressive JPEG", "JPEG", {"quality": 90, "progressive": True}),
                              ("HEIC", "HEIF", {"quality": 80}), ("AVIF", "AVIF", {"quality": 70}),
                              ("WebP", "WEBP", {"quality": 85}), ("PNG", "PNG", {})):
            data = encode(photo, fmt, **kw)
            if len(data) > 10 * 2**20:
                print(f"  {name:<17} {len(data) / 2**20:5.1f} MB: over the 10 MB upload limit")
                continue
            med, best = timed(lambda d: load_photo(d).image64, data, max(3, args.repeats // 3))
            print(f"  {name:<17} {len(data) / 2**20:5.1f} MB  {med:7.1f} ms  (best {best:.1f})")


if __name__ == "__main__":
    main()
