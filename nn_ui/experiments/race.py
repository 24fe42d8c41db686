"""The race of experiments 1-4: several networks trained together, drawn by the browser.

A page makes a ``Race`` (K networks: one ``BatchTrainer`` when they share data and activation,
else one ``Trainer`` each) and keeps it in ``st.session_state`` under its own prefix
(``race_for``). The server computes the race ahead a chunk at a time (``Race.compute``, about
CHUNK_SECONDS of compute under the classroom's rules) and sends it as arrays (``chunk_from``):
the browser's live view (nn_ui.view, in its race mode) animates the K cost curves and each
network's key number at the display's rate; Play, Pause and the speed work there without a
rerun. The page's other figures show the race where it ended, once the browser has shown its
end (``view``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from uuid import uuid4

import numpy as np

from classroom import Budget, train_click
from nn_core import BatchTrainer, Network, Trainer
from nn_ui.experiments.probes import gradient_sizes, unit_active
from nn_ui.view import chunks
from nn_ui.live.feed import CHUNK_BUDGET
from nn_ui.common.names import SPEEDS, alpha_label

#: The course's table (train accuracy on its "circles" set after 15 000 iterations).
COURSE_TABLE = {"zeros": 0.50, "random ×10": 0.83, "He": 0.99}
#: A race plays in about this many seconds at the speed it starts with.
RACE_SECONDS = 8


def parse_rates(text: str, low: float = 1e-6, high: float = 100.0, most: int = 5) -> list[float]:
    """ "0.01, 0.1, 1" -> [0.01, 0.1, 1.0]: 1 to ``most`` distinct rates in [low, high], sorted.

    ValueError with a sentence for the page when the text is not that.
    """
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p]
    try:
        rates = sorted({float(p) for p in parts})
    except ValueError:
        raise ValueError(f"“{text}” is not a list of numbers; write e.g. 0.01, 0.1, 1.") from None
    if not rates:
        raise ValueError("Give between 1 and 5 learning rates, e.g. 0.01, 0.1, 1.")
    if len(rates) > most:
        raise ValueError(f"At most {most} learning rates at once; you gave {len(rates)}.")
    bad = [r for r in rates if not (math.isfinite(r) and low <= r <= high)]
    if bad:
        raise ValueError(f"Each α must be between {low:g} and {high:g}; "
                         f"{', '.join(alpha_label(r) for r in bad)} is not.")
    return rates


def race_speed(target: int) -> int:
    """The speed a race of ``target`` iterations starts with: the fastest of SPEEDS (not "as
    fast as it goes") at which it plays in at least RACE_SECONDS."""
    fitting = [s for s in SPEEDS if 0 < s <= max(target / RACE_SECONDS, SPEEDS[0])]
    return fitting[-1] if fitting else SPEEDS[0]


# ----- several networks trained together ---------------------------------------------------------
@dataclass
class Race:
    """K networks trained together towards ``target`` iterations, under one settings key.

    Either ``batch`` (a BatchTrainer of K networks) or ``trainers`` (K Trainers) is set.
    ``history``: with ``track_layers`` (experiments 3 and 4), one row every ``every``
    iterations: {"iteration": i, "stats": [Network.layer_stats() of network k],
    "grad": [[mean |dW_l| of network k for each layer l]],
    "unit1": [examples where unit 1 of layer 1 has Z > 0, for each network k]}
    (a diverged network's row is its last). ``number``: each network's key number, the one the
    browser shows, "accuracy" (train accuracy) or "grad1" (mean |dW1|, with ``track_layers``).
    """

    key: tuple
    names: list[str]
    target: int
    batch: BatchTrainer | None = None
    trainers: list[Trainer] | None = None
    track_layers: bool = False
    number: str = "accuracy"
    history: list[dict] = field(default_factory=list)
    busy: str | None = None
    id: str = field(default_factory=lambda: uuid4().hex[:16])
    _rows: list[dict] = field(default_factory=list)      # per network: iteration -> its row

    def __post_init__(self):
        if self.number not in ("accuracy", "grad1") or (self.number == "grad1"
                                                        and not self.track_layers):
            raise ValueError(f"number {self.number!r}: 'accuracy', or 'grad1' with track_layers")
        self._rows = [{} for _ in range(self.K)]
        self.record()

    @property
    def K(self) -> int:
        return len(self.names)

    @property
    def every(self) -> int:
        """A history row every this many iterations (about 100 in a race)."""
        return max(10, self.target // 100)

    @property
    def trainings(self) -> list[BatchTrainer | Trainer]:
        """What the race drives: its one BatchTrainer, or its K Trainers."""
        return [self.batch] if self.batch is not None else self.trainers

    @property
    def networks(self) -> list[Network]:
        """The K networks, in order (``nn_core.Network``: costs, diverged, status ...)."""
        return [net for training in self.trainings for net in training.networks]

    def costs(self, k: int) -> list[float]:
        return self.networks[k].costs

    def diverged(self, k: int) -> bool:
        return self.networks[k].diverged

    def status(self, k: int) -> str:
        return self.networks[k].status

    def iterations_done(self) -> int:
        """How far the race is: the iteration count of the networks still running."""
        running = [net.iteration for net in self.networks if not net.diverged]
        return min(running) if running else max(net.iteration for net in self.networks)

    @property
    def finished(self) -> bool:
        return self.iterations_done() >= self.target or all(net.diverged for net in self.networks)

    def train_accuracy(self) -> np.ndarray:
        """(K,) share of training examples each network answers right now."""
        return np.array([net.train_accuracy() for net in self.networks])

    def parameters(self, k: int) -> dict[str, np.ndarray]:
        return self.networks[k].parameters

    def layer_stats(self) -> list[list[dict]]:
        """Network.layer_stats() of each network."""
        return [net.layer_stats() for net in self.networks]

    def _record_one(self, k: int, trainer: Trainer) -> None:
        it = trainer.iteration
        if it not in self._rows[k]:
            params = trainer.parameters
            self._rows[k][it] = {"stats": trainer.layer_stats(),
                                 "grad": gradient_sizes(trainer, params),
                                 "unit1": unit_active(trainer, params)}

    def record(self) -> None:
        """With ``track_layers``: each network's row where it stands, and ``history`` merged
        (the iterations every running network has a row for)."""
        if not self.track_layers or self.trainers is None:
            return
        for k, t in enumerate(self.trainers):
            self._record_one(k, t)
        running = [k for k, t in enumerate(self.trainers) if not t.diverged] or range(self.K)
        its = sorted(set.intersection(*(set(self._rows[k]) for k in running)))
        history = []
        for it in its:
            rows = [self._rows[k].get(it) or self._rows[k][max(i for i in self._rows[k] if i <= it)]
                    for k in range(self.K)]
            history.append({"iteration": it, **{name: [r[name] for r in rows]
                                                for name in ("stats", "grad", "unit1")}})
        self.history = history

    def compute(self, budget: Budget = CHUNK_BUDGET, wait: float = 0.0) -> int:
        """The next chunk: one budgeted call (split between the Trainers, if several). Returns
        the iterations the race went on by (0 when finished or the server is busy)."""
        if self.finished:
            return 0
        before = self.iterations_done()
        running = [(k, t) for k, t in enumerate(self.trainings)
                   if not t.all_diverged and t.iteration < self.target]
        n = max(len(running), 1)
        share = replace(budget, max_work=budget.max_work // n, max_seconds=budget.max_seconds / n,
                        slice_seconds=budget.slice_seconds / n)
        self.busy = None
        for k, t in running:
            track = self.track_layers and self.batch is None

            def on_slice(trainer, done, allowed, k=k):
                if track and trainer.iteration % self.every == 0:
                    self._record_one(k, trainer)

            outcome = train_click(t, self.target - t.iteration, budget=share, wait=wait,
                                  stop_every=self.every if track else None, on_slice=on_slice)
            if outcome.busy:
                self.busy = outcome.message
        self.record()
        return self.iterations_done() - before

    def metric(self, start: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """(iterations (T,), values (K, T)): each network's key number from iteration ``start``
        on, the one the browser shows: train accuracy after every update, or ("grad1") the mean
        |dW1| of each history row."""
        if self.number == "grad1":
            rows = [row for row in self.history if row["iteration"] >= start]
            its = np.array([row["iteration"] for row in rows], dtype=np.int64)
            values = np.array([[row["grad"][k][0] for row in rows] for k in range(self.K)])
            return its, values.reshape(self.K, len(its))
        end = self.iterations_done()
        values = np.full((self.K, max(end - start, 0)), np.nan)
        for k, net in enumerate(self.networks):
            a = net.train_accuracies[start:end]
            values[k, :len(a)] = a
        return np.arange(start, end), values

    def chunk_from(self, have: int) -> chunks.Chunk:
        """The race from iteration ``have`` on, as a chunk for the browser:

        ``costs`` float32 (K, n): J of each network after i updates, i = have..end - 1 (NaN past
        a diverged network's last); ``metric_it`` uint32 (T,) and ``metric`` float32 (K, T): the
        key number from iteration ``have`` on; meta: ``start``, ``end`` (updates done),
        ``stop`` (per network: the iterations it has costs for when it diverged, else None),
        ``status`` ("diverged at iteration k", or ""), ``finished``.
        """
        end = self.iterations_done()
        a = max(0, min(int(have), end))
        costs = np.full((self.K, end - a), np.nan)
        for k, net in enumerate(self.networks):
            c = net.costs[a:end]
            costs[k, :len(c)] = c
        its, values = self.metric(a)
        meta = {"start": a, "end": end, "finished": self.finished,
                "stop": [len(net.costs) if net.diverged else None for net in self.networks],
                "status": [net.status.split(":")[0] if net.diverged else ""
                           for net in self.networks]}
        return chunks.pack(meta, {"costs": chunks.finite32(costs),
                                  "metric_it": its.astype(np.uint32),
                                  "metric": chunks.finite32(values)})


@dataclass(frozen=True)
class Look:
    """How the browser draws a race: the cost chart's title and scale, each network's key
    number (its label, "pct" or "exp" for 3.4e-06) and, when ``metric_chart`` is given, that
    number over the race as a chart (log scale) above the cost chart. ``stacked``: each line
    wider than the next, so curves lying on each other all show."""

    cost_title: str
    log: bool = False
    metric_label: str = "train accuracy"
    metric_format: str = "pct"
    metric_chart: str | None = None
    stacked: bool = False
