"""The race of experiments 1-4: several networks trained together, a slice per frame.

A page makes a ``Race`` (K networks: one ``BatchTrainer`` when they share data and activation,
else one ``Trainer`` each), keeps it in ``st.session_state`` under its own prefix, and draws it
from a fragment that advances it one budgeted slice per frame (``classroom.train_click``, the
same per-click rules as live training). The page reads widgets, calls ``race_for``, draws.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import streamlit as st

from classroom import Budget, train_click
from nn_core import BatchTrainer, Network, Trainer, model_backward, model_forward
from nn_ui.live_run import FRAME_BUDGET, FRAME_SECONDS
from nn_ui.names import alpha_label

#: The course's table (train accuracy on its "circles" set after 15 000 iterations).
COURSE_TABLE = {"zeros": 0.50, "random ×10": 0.83, "He": 0.99}


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


# ----- several networks trained together ---------------------------------------------------------
@dataclass
class Race:
    """K networks trained together towards ``target`` iterations, under one settings key.

    Either ``batch`` (a BatchTrainer of K networks) or ``trainers`` (K Trainers) is set.
    ``history``: one row a frame while training, when ``track_layers`` is on (experiments 3
    and 4): {"iteration": i, "stats": [Trainer.layer_stats() of network k],
    "grad": [[mean |dW_l| of network k for each layer l]],
    "unit1": [examples where unit 1 of layer 1 has Z > 0, for each network k]}.
    """

    key: tuple
    names: list[str]
    target: int
    batch: BatchTrainer | None = None
    trainers: list[Trainer] | None = None
    track_layers: bool = False
    history: list[dict] = field(default_factory=list)
    busy: str | None = None

    @property
    def K(self) -> int:
        return len(self.names)

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

    def record(self) -> None:
        if self.track_layers and self.trainers is not None:
            it = self.iterations_done()
            if not self.history or self.history[-1]["iteration"] != it:
                self.history.append({"iteration": it, "stats": self.layer_stats(),
                                     "grad": [gradient_sizes(t) for t in self.trainers],
                                     "unit1": [unit_active(t) for t in self.trainers]})

    def advance(self, budget: Budget = FRAME_BUDGET) -> None:
        """One frame of training: one budgeted call (split between the Trainers, if several)."""
        if self.finished:
            return
        running = [t for t in self.trainings if not t.all_diverged and t.iteration < self.target]
        n = max(len(running), 1)
        share = replace(budget, max_work=budget.max_work // n, max_seconds=budget.max_seconds / n,
                        slice_seconds=budget.slice_seconds / n)
        self.busy = None
        for t in running:
            outcome = train_click(t, self.target - t.iteration, budget=share)
            if outcome.busy:
                self.busy = outcome.message
        self.record()

    def run_to_end(self, max_frames: int = 1000) -> None:
        """Advance until finished (for tests and scripts)."""
        for _ in range(max_frames):
            if self.finished:
                break
            self.advance()


def gradient_sizes(trainer: Trainer) -> list[float]:
    """Mean |dW_l| of each layer l = 1..L at the trainer's current parameters (no update).

    Back-propagation multiplies by W_l^T and g'(Z_l) layer after layer: where g' is small the
    gradients of the first layers shrink (vanish).
    """
    params = trainer.parameters
    with np.errstate(over="ignore", invalid="ignore"):
        AL, caches = model_forward(trainer.X, params, trainer.hidden_activation, trainer.leaky_alpha)
        grads = model_backward(AL, trainer.Y, caches, trainer.hidden_activation, 0.0,
                               trainer.leaky_alpha)
    return [float(np.mean(np.abs(np.nan_to_num(grads[f"dW{l}"])))) for l in range(1, trainer.L + 1)]


def unit_active(trainer: Trainer, unit: int = 0) -> int:
    """On how many training examples unit ``unit`` of layer 1 has Z > 0 (0: it is dead there)."""
    W1, b1 = trainer.parameters["W1"], trainer.parameters["b1"]
    with np.errstate(over="ignore", invalid="ignore"):
        return int((W1[unit] @ trainer.X + b1[unit, 0] > 0).sum())


def race_for(prefix: str, key: tuple, make: Callable[[], Race]) -> Race:
    """The page's race for ``key`` in this session: the same one, or a new one (started)."""
    state = st.session_state
    race = state.get(f"{prefix}_race")
    if race is None or race.key != key:
        race = state[f"{prefix}_race"] = make()
        race.record()
        state[f"{prefix}_playing"] = True
    return race


def restart(prefix: str) -> None:
    """Button callback: a new race with the same settings (drawn afresh, seed unchanged)."""
    st.session_state.pop(f"{prefix}_race", None)


def set_playing(prefix: str, playing: bool) -> None:
    st.session_state[f"{prefix}_playing"] = playing


def columns():
    """The race pages' two columns, as (buttons, settings, stage): Pause / Run again and the
    settings under them on the left, the race on the right, so that the race's first chart is
    in view on a projector without scrolling; on a phone they stack, the race last.
    ``buttons`` is a box at the top of the settings' column, for ``controls``."""
    settings, stage = st.columns([1, 3], gap="medium")
    return settings.container(), settings, stage


def controls(prefix: str, race: Race) -> None:
    """Pause / Resume and Run again, one under the other (atop the settings)."""
    playing = bool(st.session_state.get(f"{prefix}_playing")) and not race.finished
    if playing:
        st.button("Pause", key=f"{prefix}_pause", icon=":material/pause:", width="stretch",
                  on_click=set_playing, args=(prefix, False))
    else:
        st.button("Resume", key=f"{prefix}_resume", icon=":material/play_arrow:", type="primary",
                  width="stretch", on_click=set_playing, args=(prefix, True),
                  disabled=race.finished)
    st.button("Run again", key=f"{prefix}_again", icon=":material/restart_alt:", width="stretch",
              on_click=restart, args=(prefix,), help="New networks with the same settings, "
              "from iteration 0.")


def live(prefix: str, draw: Callable[[Race], None]) -> None:
    """Draw the page's race, training it a slice per frame while it plays (a fragment)."""
    state = st.session_state
    playing = bool(state.get(f"{prefix}_playing")) and not state[f"{prefix}_race"].finished

    @st.fragment(run_every=FRAME_SECONDS if playing else None)
    def view():
        race = state[f"{prefix}_race"]
        if state.get(f"{prefix}_playing") and not race.finished:
            race.advance()
            if race.finished:
                state[f"{prefix}_playing"] = False
                st.rerun()                          # full rerun: the timer stops, buttons change
        done = race.iterations_done()
        st.progress(min(done / max(race.target, 1), 1.0),
                    text=f"Iteration {done:,} of {race.target:,}"
                    + ("" if not race.finished else " · done"))
        if race.busy:
            st.caption(race.busy)
        draw(race)

    view()
