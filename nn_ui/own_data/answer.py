""""Try it": a new photo through the network trained on the learner's own photos, pure (no
Streamlit): the class it chose, P for each class, the learner's photos it finds nearest
(``nn_core.explain``: closest in the last hidden layer, what the output unit reads), and the
lesson in words: what a network can and cannot have learned from this many photos.

    a = answer(image64, parameters, "relu", data)     # data: nn_io.photo_data.PhotoData
    a.chosen, a.p, a.nearest, lesson(a, data, train_acc, test_acc)
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nn_core import predict_proba
from nn_core.explain import hidden_layer, nearest
from nn_io.photo_data import PhotoData, photo_X

#: Nearest photos shown.
K_NEAREST = 3
#: An answer with P below this for the class chosen is "unsure".
UNSURE = 0.65
#: Mean levels (0-255) by which two classes' colours, or their photos' edges, differ for the
#: lesson to name it as a clue the network may use instead of the things.
CLUE_LEVELS = 40.0
#: The frame of a 64 x 64 photo taken as its background: this many pixels from each edge.
EDGE = 8


@dataclass(frozen=True)
class Near:
    image64: np.ndarray         # (64, 64, 3) uint8, one of the learner's training photos
    name: str                   # its file name
    class_name: str
    distance: float             # |A[L-1](it) - A[L-1](the new photo)|


@dataclass(frozen=True)
class Answer:
    chosen: str                 # the class the network chose (P > 0.5)
    p: tuple[float, float]      # P of each class: (1 - AL, AL)
    nearest: tuple[Near, ...]   # closest first

    @property
    def sure(self) -> float:
        return max(self.p)


def answer(image64: np.ndarray, parameters: dict, hidden_activation: str, data: PhotoData,
           leaky_alpha: float = 0.01, k: int = K_NEAREST) -> Answer:
    """The network's answer for one (64, 64, 3) photo, standardised as its training photos."""
    x = photo_X(image64, data.stats)                                # (12288, 1)
    p1 = float(predict_proba(x, parameters, hidden_activation, leaky_alpha)[0, 0])
    L = sum(1 for name in parameters if name.startswith("W"))
    if L >= 2:                 # the last hidden layer's view; without one, the pixels
        A = hidden_layer(data.X, parameters, hidden_activation, leaky_alpha)
        a = hidden_layer(x, parameters, hidden_activation, leaky_alpha)
    else:
        A, a = data.X, x
    order, dist = nearest(a, A, k=min(k, data.X.shape[1]))
    near = tuple(Near(data.images[j], data.names[j], data.class_names[int(data.Y[0, j])],
                      float(d)) for j, d in zip(order, dist))
    chosen = data.class_names[1] if p1 > 0.5 else data.class_names[0]
    return Answer(chosen, (1.0 - p1, p1), near)


def clues(data: PhotoData) -> list[str]:
    """What tells the learner's two classes apart besides the things: their mean colour, and
    the mean colour of the photos' edges (the background), when they differ by CLUE_LEVELS."""
    out = []
    names = data.class_names
    y = data.Y[0].astype(bool)
    images = data.images.astype(float)
    for part, what in ((images, "colour"),
                       (_edges(images), "background (the edges of the photos)")):
        m0, m1 = part[~y].mean(axis=tuple(range(part.ndim - 1))), \
            part[y].mean(axis=tuple(range(part.ndim - 1)))
        gap = np.abs(m1 - m0)
        if gap.max() >= CLUE_LEVELS:
            channel = ("red", "green", "blue")[int(np.argmax(gap))]
            more = names[1] if m1[np.argmax(gap)] > m0[np.argmax(gap)] else names[0]
            out.append(f"the {what}: {more}'s photos are more {channel} on average "
                       f"({gap.max():.0f} levels of 255)")
    return out


def _edges(images: np.ndarray) -> np.ndarray:
    """The frame of each photo, EDGE pixels wide: (m, n_edge_pixels, 3)."""
    m = images.shape[0]
    frame = np.ones(images.shape[1:3], bool)
    frame[EDGE:-EDGE, EDGE:-EDGE] = False
    return images[:, frame].reshape(m, -1, 3)


def lesson(a: Answer, data: PhotoData, train_accuracy: float | None,
           test_accuracy: float | None) -> list[str]:
    """The lesson in words, a few sentences (Markdown): what this many photos can teach, what
    the test photos say, the clues besides the things, and a suggestion."""
    n0 = int((data.Y == 0).sum())
    n1 = int((data.Y == 1).sum())
    names = data.class_names
    k = data.X_test.shape[1]
    out = [(f"The network learned from **{n0 + n1} photos** ({n0} of {names[0]}, {n1} of "
            f"{names[1]}). It knows nothing else of the world: from so few, whatever sets your "
            "two sets of photos apart will do for it, the things themselves or only a "
            "background, a colour or the light.")]
    if a.sure < UNSURE:
        out.append(f"It is unsure (P = {a.sure:.2f}): this photo is not much like either "
                   "class as it knows them.")
    if test_accuracy is not None:
        right = round(test_accuracy * k)
        said = f"Of the {k} photos held out (never learned from) it names {right} right"
        if train_accuracy is not None and train_accuracy >= 0.99 and test_accuracy < 0.8:
            said += (", though it names all its training photos right: it has learned those "
                     "photos more than the things (over-fitting)")
        out.append(said + ".")
    found = clues(data)
    if found:
        out.append("Besides the things, your classes differ in " + "; and in ".join(found)
                   + ". A photo of one thing with the other's colours may fool it.")
    out.append("To teach it the things rather than your photos: **more photos** of each (20 "
               "or more), on **varied backgrounds** and in different light, and each thing on "
               "the other's background too.")
    return out
