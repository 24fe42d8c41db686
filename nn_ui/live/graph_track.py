"""The network graph's record of one live run: weights and unit maps kept as they are computed.

A ``GraphTrack`` sits beside a run's recording: ``note(trainer)`` at each slice of training
keeps the weights every WEIGHT_EVERY iterations and, every FRAME_EVERY, the hidden units' maps
over the plane (2-D inputs) and their dead / saturated marks; ``cut(i)`` forgets what lies
past iteration i (α changed there); ``arrays(a, b)`` is what a chunk of iterations a..b sends
(``nn_ui.view.graph_data``). A photo run's track also keeps, with the weights, each unit's
z and a on a few training photos (``photos``: their columns of X, thumbnails and labels;
``nn_ui.view.graph_photos``). Pure: no Streamlit.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from nn_ui.view import graph_data as gd
from nn_ui.view import graph_photos as gp


@dataclass
class GraphTrack:
    """The graph's data of one run (see the module docstring).

    ``features``: the 2-D inputs' feature names, or None for photos; ``extent``: the boundary
    view's [x0, x1, y0, y1] (2-D inputs); ``frame_every``: the maps' spacing in iterations.
    """

    layer_dims: list[int]
    activation: str
    features: tuple[str, ...] | None = None
    extent: list[float] | None = None
    frame_every: int = 100
    weights: dict = field(default_factory=dict)     # iteration -> weight_vector (P,) float32
    units: dict = field(default_factory=dict)       # iteration -> (maps, lo, hi, marks)
    photos: tuple | None = None                     # (columns (k,), thumbnails, labels, class 1)
    values: dict = field(default_factory=dict)      # iteration -> values_vector (2 U k,)

    @property
    def first_drawn(self) -> bool:
        return self.features is not None

    def setup(self) -> dict:
        out = gd.graph_setup(self.layer_dims, self.activation, self.features)
        if self.photos is not None:
            cols, thumbs, labels, positive = self.photos
            out["photos"] = {"examples": [int(c) for c in cols], "labels": list(labels),
                             "shape": list(thumbs.shape[1:]), "positive": positive}
        return out

    def note(self, trainer, force: bool = False) -> None:
        """Keep what iteration ``trainer.iteration`` adds: its weights at multiples of
        WEIGHT_EVERY (and with ``force``, at a chunk's end: the edges reach it), its maps and
        marks at multiples of ``frame_every`` (the maps shown are the last ones before)."""
        i = trainer.iteration
        weights_due = i % gd.WEIGHT_EVERY == 0 or force
        units_due = i % self.frame_every == 0
        if not (weights_due and i not in self.weights) and not (units_due and i not in self.units):
            return
        if self.first_drawn:                   # 2-D inputs: every layer is small
            params = trainer.parameters
        else:                                  # photos: no W1 (12288 x n_1, rebuilt on demand)
            params = {}
            for l in range(1, trainer.L + 1):
                params[f"W{l}"], params[f"b{l}"] = trainer.layer(l, weights=l > 1)
        if weights_due and i not in self.weights:
            self.weights[i] = gd.weight_vector(params, self.first_drawn)
            if self.photos is not None:
                self.values[i] = gp.values_vector(*trainer.unit_values(self.photos[0]))
        if units_due and i not in self.units:
            marks = gd.marks_vector(trainer.unit_marks())
            if self.first_drawn:
                maps, lo, hi = gd.hidden_maps(params, self.extent, self.features, self.activation)
                self.units[i] = (maps, lo, hi, marks)
            else:
                self.units[i] = (None, None, None, marks)

    def copy(self) -> GraphTrack:
        """A copy with records of its own (the original may go on growing in another thread)."""
        return replace(self, weights=dict(self.weights), units=dict(self.units),
                       values=dict(self.values))

    def cut(self, i: int) -> None:
        """Forget the data past iteration i."""
        self.weights = {k: v for k, v in self.weights.items() if k <= i}
        self.units = {k: v for k, v in self.units.items() if k <= i}
        self.values = {k: v for k, v in self.values.items() if k <= i}

    def arrays(self, a: int, b: int, first: bool = True) -> dict[str, np.ndarray]:
        """The graph's arrays for a chunk of iterations a..b (with ``first``, a chunk from 0
        for a browser that has nothing yet: the input maps too)."""
        inputs = (gd.input_maps(self.extent, self.features)
                  if a == 0 and first and self.first_drawn else None)
        out = gd.graph_arrays(self.weights, self.units, a, b, inputs)
        if self.photos is not None:           # z and a at the weights' iterations, packed alike
            rows = [self.values[i] for i in out["w_it"]]
            out["v24"] = gd.pack_weights(np.stack(rows) if rows else np.zeros((0, 0), np.float32))
            if a == 0 and first:
                out["ph_px"] = self.photos[1]
        return out
