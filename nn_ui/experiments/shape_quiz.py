"""Experiment 5's questions: the shape of each array of one iteration, and wrong answers that
look right."""
from __future__ import annotations

import numpy as np


def shape_text(shape: tuple[int, ...]) -> str:
    """(8, 209) -> "(8, 209)"; () -> "() — one number"."""
    return "() — one number" if shape == () else "(" + ", ".join(str(n) for n in shape) + ")"


def shape_choices(shape: tuple[int, ...], layer_dims, m: int, salt: str, n: int = 4) -> list[str]:
    """The right shape and n - 1 plausible wrong ones (transposed, a bias's, the data's ...),
    in an order fixed by ``salt`` (the step's name), as texts for a question."""
    dims = [int(d) for d in layer_dims]
    pool = [shape[::-1] if len(shape) == 2 else (1, m), (shape[0], 1) if len(shape) == 2 else (1, 1)]
    pool += [(dims[1], m), (1, m), (dims[1], dims[0]), (dims[0], m), (m, dims[1]), (1, dims[1]),
             (dims[1], 1), (1, 1), ()]
    wrong = []
    for s in pool:
        if tuple(s) != tuple(shape) and shape_text(tuple(s)) not in wrong:
            wrong.append(shape_text(tuple(s)))
    options = [shape_text(tuple(shape))] + wrong[:n - 1]
    rng = np.random.default_rng(sum(map(ord, salt)))
    return [options[i] for i in rng.permutation(len(options))]
