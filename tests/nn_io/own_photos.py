"""Photos made here for the tests of the learner's own data (never downloaded)."""
from __future__ import annotations

import io

import numpy as np
from PIL import Image


def photo_bytes(seed: int, color=(200, 60, 40), size=(96, 80), fmt="PNG") -> bytes:
    """A photo of ``size``: ``color`` with noise drawn from ``seed`` (so each seed's photo is
    another photo), encoded as ``fmt``."""
    rng = np.random.default_rng(seed)
    a = np.clip(np.array(color)[None, None, :] + rng.normal(0, 25, (size[1], size[0], 3)),
                0, 255).astype(np.uint8)
    out = io.BytesIO()
    Image.fromarray(a).save(out, fmt)
    return out.getvalue()
