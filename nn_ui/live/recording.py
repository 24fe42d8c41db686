"""What is computed of one live run, kept to be sent: J, accuracies, tests, pictures, states.

A ``Recording`` holds one session's ``LiveRun`` and what has been computed of it (J and train
accuracy after every update, test J and accuracy every TEST_EVERY iterations, a W1 picture or
a boundary raster every FRAME_EVERY iterations, the trainer's state at those iterations, and
the network graph's weights and unit maps, ``graph_track.GraphTrack``); ``pack_range`` packs the iterations a..b of it as a chunk for the browser. ``Feed`` (feed.py)
answers the browser's requests over it; the shared default run (default_run.py) is recorded
with it once per server.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from nn_core import compute_cost
from nn_core.features import PLAIN, feature_map
from nn_ui.figures.network import grid_for
from nn_ui.live.graph_track import GraphTrack
from nn_ui.live.run import LiveRun
from nn_ui.view import chunks
from nn_ui.view import graph_photos as gp
from nn_ui.view.chunks import FRAME_EVERY, GRID, MAX_PICTURES, Chunk
from nn_ui.common.names import alpha_label
from nn_ui.live.settings import TEST_EVERY


@dataclass
class Recording:
    """One run and what has been computed of it (see the module docstring)."""

    run: LiveRun
    costs: list = field(default_factory=list)       # J after i updates, i = 0..end
    accs: list = field(default_factory=list)
    tests: dict = field(default_factory=dict)       # iteration -> (test J, test accuracy)
    frames: dict = field(default_factory=dict)      # iteration -> uint8 picture(s) / raster
    states: dict = field(default_factory=dict)      # iteration -> trainer.state
    ms: dict = field(default_factory=dict)          # chunk end -> ms per iteration of that chunk
    graph: GraphTrack | None = None                 # the network graph's data

    @property
    def trainer(self):
        return self.run.trainer

    @property
    def diverged(self) -> bool:
        return bool(self.trainer.diverged)

    def stretches(self) -> list[list]:
        """[[first iteration, α], ...]: the run's α stretches (``LiveRun.stretches``)."""
        return self.run.stretches()

    def setup(self) -> dict:
        """What the browser needs once per run: how to draw the pictures or the boundary."""
        inputs, t = self.run.inputs, self.trainer
        if inputs.image_shape is not None:
            return {"kind": "pictures", "shape": list(inputs.image_shape),
                    "units": int(t.layer_dims[1]), "drawn": min(int(t.layer_dims[1]), MAX_PICTURES)}
        xs, ys, _ = self._grid()
        return {"kind": "boundary", "grid": GRID,
                "extent": [float(xs[0]), float(xs[-1]), float(ys[0]), float(ys[-1])],
                "classes": list(inputs.class_names)}

    def meta(self) -> dict:
        """What the page says of the run: its status, in words too."""
        t = self.trainer
        diverged = self.diverged
        return {"diverged": diverged,
                "status": t.status if diverged else "",
                "alpha_at_divergence": alpha_label(t.learning_rate) if diverged else None,
                "cost_at_divergence": finite_or_none(t.cost_at_divergence) if diverged else None,
                "first_cost": finite_or_none(t.costs[0]) if diverged and t.costs else None}

    def _grid(self):
        """xs, ys of the boundary's grid around the training points, and the network's input
        there (the grid's points as their features)."""
        cached = getattr(self, "_grid_cache", None)
        if cached is None:
            inputs = self.run.inputs
            points = inputs.X if inputs.points is None else inputs.points
            xs, ys, G = grid_for(points, steps=GRID)
            if inputs.features is not None:
                G = feature_map(G, inputs.features)
            cached = self._grid_cache = (xs, ys, G)
        return cached

    def _new_graph(self) -> GraphTrack:
        inputs, t = self.run.inputs, self.trainer
        if inputs.image_shape is not None:
            cols = gp.photo_columns(inputs.Y)
            labels = [inputs.class_names[int(inputs.Y[0, c] > 0.5)] for c in cols]
            return GraphTrack(list(t.layer_dims), t.hidden_activation, photos=(
                cols, gp.thumbnails(inputs.X, cols, inputs.image_shape), labels,
                inputs.class_names[1]))
        xs, ys, _ = self._grid()
        return GraphTrack(list(t.layer_dims), t.hidden_activation, inputs.features or PLAIN,
                          [float(xs[0]), float(xs[-1]), float(ys[0]), float(ys[-1])],
                          FRAME_EVERY)

    def picture(self, t) -> np.ndarray:
        """W1's rows as pictures, or the boundary as a raster, of trainer ``t`` now."""
        if self.run.inputs.image_shape is not None:
            return chunks.unit_pictures(t.first_rows32(MAX_PICTURES), self.run.inputs.image_shape)
        _, _, G = self._grid()
        return chunks.probability_raster(t.predict_proba(G).reshape(GRID, GRID))

    def record(self, t) -> None:
        """At multiples of TEST_EVERY: the test J and accuracy; of FRAME_EVERY: a picture and
        the trainer's state."""
        i = t.iteration
        if i % TEST_EVERY == 0 and i not in self.tests and t.X_test is not None:
            self.tests[i] = (float(t.test_cost()), float(t.test_accuracy()))
        if i % FRAME_EVERY == 0 and i not in self.frames:
            self.frames[i] = self.picture(t)
            self.states[i] = t.state
        if self.graph is not None:
            self.graph.note(t)

    def keep_picture(self, t) -> None:
        """A picture at trainer ``t``'s iteration, whatever its multiple (a chunk's end)."""
        if t.iteration not in self.frames:
            self.frames[t.iteration] = self.picture(t)

    def sync(self) -> None:
        """costs / accs from the trainer, with J and accuracy at its current iteration."""
        t = self.trainer
        self.costs = list(t.costs)
        self.accs = list(t.train_accuracies)
        if len(self.costs) == t.iteration:          # J of the current parameters: one forward
            with np.errstate(over="ignore", invalid="ignore"):
                self.costs.append(float(compute_cost(t.predict_proba(), t.Y)))
            self.accs.append(float(t.train_accuracy()))
        if self.graph is not None:                  # a chunk's end: the graph there too
            self.graph.note(t, force=True)

    @classmethod
    def start(cls, run: LiveRun):
        """A recording of ``run`` where it is (iteration 0, or where a run brought back was
        saved): its picture and state kept there, the run's costs and test costs so far."""
        rec = cls(run)
        rec.graph = rec._new_graph()
        t = run.trainer
        rec.record(t)
        rec.keep_picture(t)
        if not t.diverged:
            rec.states.setdefault(t.iteration, t.state)
        rec.tests.update({i: (c, float("nan")) for i, c in run.test_costs
                          if i not in rec.tests})
        rec.sync()
        return rec


def pack_range(src: Recording, a: int, b: int, stretches=None,
               status: dict | None = None, fresh: bool = True) -> Chunk:
    """The iterations a..b of a Recording (or anything with costs, accs, tests, frames, ms).
    ``fresh``: for a browser that has nothing of the run yet (then a chunk from 0 brings what a
    run sends once: the test points, the graph's shape and its inputs' maps)."""
    costs = chunks.finite32(src.costs[a:b + 1])
    accs = np.asarray(src.accs[a:b + 1], dtype=np.float32)
    test_it = sorted(i for i in src.tests if a <= i <= b)
    frame_it = sorted(i for i in src.frames if a <= i <= b)
    frames = (np.stack([src.frames[i] for i in frame_it]) if frame_it
              else np.zeros((0,), np.uint8))
    # the first frame as a difference from the browser's last one before the chunk
    base = None if fresh or not frame_it else max((i for i in src.frames if i < a), default=None)
    ms = [[int(i), float(v)] for i, v in sorted(src.ms.items()) if a < i <= b]
    meta = {"start": a, "end": b, "ms": ms, "setup": src.setup(),
            "stretches": src.stretches() if stretches is None else stretches,
            **(src.meta() if status is None else status)}
    arrays = {"costs": costs, "accs": accs,
              "test_it": np.asarray(test_it, dtype=np.uint32),
              "test_cost": chunks.finite32([src.tests[i][0] for i in test_it]),
              "test_acc": np.asarray([src.tests[i][1] for i in test_it], dtype=np.float32),
              "frame_it": np.asarray(frame_it, dtype=np.uint32),
              "frames": chunks.deltas(frames, None if base is None else src.frames[base]),
              "frame_base": np.asarray([] if base is None else [base], dtype=np.uint32)}
    if a == 0 and meta["setup"]["kind"] == "boundary":
        inputs = src.run.inputs
        points = inputs.X if inputs.points is None else inputs.points
        arrays["points"] = np.asarray(points, dtype=np.float32)
        arrays["labels"] = np.asarray(inputs.Y, dtype=np.uint8)
        if inputs.points_test is not None and fresh:
            arrays["test_points"] = chunks.plane_bytes(inputs.points_test, meta["setup"]["extent"])
            arrays["test_labels"] = np.asarray(inputs.Y_test, dtype=np.uint8)
    if getattr(src, "graph", None) is not None:
        arrays.update(src.graph.arrays(a, b, first=fresh))
        if a == 0 and fresh:                        # the graph's shape: once per run
            meta["graph"] = src.graph.setup()
    return chunks.pack(meta, arrays)


def finite_or_none(x) -> float | None:
    """x as a float, or None when it is missing or not finite (JSON has no inf)."""
    return float(x) if x is not None and np.isfinite(x) else None
