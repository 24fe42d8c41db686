"""What one student's session holds, and the data every session shares read-only.

* Shared, read-only, computed once per server: the cat photos as the network's input X for
  each input scaling (with the Gram matrix X^T X the trainer reuses), the 2-D data sets
  (``st.cache_resource``, arrays made read-only so no session can change them).
* One student's: the live run (``LiveRun``: the trainer and what the page shows of it), the
  finished runs (``RunRecord``), an uploaded copy of the cat data, all in ``st.session_state``.

The page reads widgets, calls one function here, and draws.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import streamlit as st

from classroom import BUDGET, LIMITS, Budget, train_click
from classroom.click import Outcome, compute_shared
from classroom.shared import CacheBusy
from nn_core import Trainer, compute_cost
from nn_core.datasets import DATASETS as TOY_MAKERS
from nn_core.preprocessing import images_to_X
from nn_io import catdata
from nn_io.errors import InputError
from nn_io.images import Photo, load_photo
from nn_ui import saved
from nn_ui.names import ACTIVATIONS, CATS, DATASETS, INITS, SCALINGS, alpha_label

#: Seconds between two frames of the live view while playing (4 frames a second).
FRAME_SECONDS = 0.25
#: The work of one frame: at most this long, so the page stays responsive.
FRAME_BUDGET = Budget(max_work=BUDGET.max_work, max_seconds=0.12, slice_seconds=0.12)
#: Runs kept per session for the cost-curve page (the oldest is dropped first).
MAX_RUNS = 30
#: The test cost is measured every this many iterations, an even number: with a learning rate
#: on the edge of stability the cost alternates between two values from one iteration to the
#: next, and an odd spacing would draw that as a zig-zag.
TEST_EVERY = 20
#: The test set of a 2-D data set: same maker, another seed.
TOY_TEST_SEED = 101


def _read_only(*arrays: np.ndarray) -> None:
    for a in arrays:
        if a is not None:
            a.setflags(write=False)


# ----- data ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Inputs:
    """A data set as the network takes it. X (n_x, m), Y (1, m); the test set likewise.

    image_shape: (64, 64, 3) or (64, 64) for photos (how a row of W1 is drawn), None for points.
    stats: (mean, std) of the training set for "standardize", else None.
    gram: X^T X (m, m) when the trainer can use it, else None.
    """
    X: np.ndarray
    Y: np.ndarray
    X_test: np.ndarray
    Y_test: np.ndarray
    class_names: tuple[str, str]
    image_shape: tuple[int, ...] | None = None
    scaling: str | None = None
    stats: tuple | None = None
    gram: np.ndarray | None = None


@st.cache_resource(show_spinner="Reading the cat photos…", max_entries=4)
def _cat_data_from_folder(folder: str) -> catdata.CatData:
    return catdata.load_cat_data(folder)


def cat_data() -> catdata.CatData | None:
    """The cat photos: the session's uploaded copy, else the server's files, else None.

    Raises ``nn_io.errors.InputError`` when the server's files are there but unusable.
    """
    uploaded = st.session_state.get("cat_upload")
    if uploaded is not None:
        return uploaded
    folder = catdata.find_cat_data()
    return None if folder is None else _cat_data_from_folder(str(folder))


def _cat_inputs(data: catdata.CatData, scaling: str) -> Inputs:
    X, stats = images_to_X(data.train_x, scaling)
    X_test, _ = images_to_X(data.test_x, scaling, stats)
    Y = np.asarray(data.train_y, dtype=float).reshape(1, -1)
    Y_test = np.asarray(data.test_y, dtype=float).reshape(1, -1)
    gram = X.T @ X if X.shape[1] < X.shape[0] else None
    _read_only(X, Y, X_test, Y_test, gram, *(stats or ()))
    shape = (64, 64) if scaling == "grayscale" else (64, 64, 3)
    return Inputs(X, Y, X_test, Y_test, tuple(data.classes), shape, scaling, stats, gram)


@st.cache_resource(show_spinner="Preparing the photos for the network…", max_entries=8)
def _shared_cat_inputs(folder: str, scaling: str) -> Inputs:
    return _cat_inputs(_cat_data_from_folder(folder), scaling)


def cat_inputs(scaling: str) -> Inputs | None:
    """The cat photos as X (n_x, 209) with ``scaling``, or None when there are none."""
    uploaded = st.session_state.get("cat_upload")
    if uploaded is not None:
        cache = st.session_state.setdefault("cat_upload_inputs", {})
        if scaling not in cache:
            cache[scaling] = _cat_inputs(uploaded, scaling)
        return cache[scaling]
    folder = catdata.find_cat_data()
    return None if folder is None else _shared_cat_inputs(str(folder), scaling)


@st.cache_resource(max_entries=16)
def toy_inputs(name: str) -> Inputs:
    """A generated 2-D data set (nn_core.datasets) with its own test set, read-only."""
    make = TOY_MAKERS[name]
    X, Y = make(seed=1)
    X_test, Y_test = make(seed=TOY_TEST_SEED)
    X, X_test = np.asarray(X, float), np.asarray(X_test, float)
    Y, Y_test = np.asarray(Y, float).reshape(1, -1), np.asarray(Y_test, float).reshape(1, -1)
    _read_only(X, Y, X_test, Y_test)
    return Inputs(X, Y, X_test, Y_test, ("class 0", "class 1"))


# ----- a student's photo ---------------------------------------------------------------------------
def read_photo(state, key: str, file, fit: str = "crop") -> Photo | InputError:
    """``load_photo`` of an uploaded file (a Streamlit ``UploadedFile``), or its InputError.

    Decoded once per file and fit: ``state[key]`` keeps the last one, since every click reruns
    the page and a large photo takes a few hundred ms to decode.
    """
    kept = state.get(key)
    if kept is None or kept[0] != (file.file_id, fit):
        try:
            kept = ((file.file_id, fit), load_photo(file.getvalue(), fit=fit))
        except InputError as err:
            kept = ((file.file_id, fit), err)
        state[key] = kept
    return kept[1]


# ----- the live run ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Settings:
    """What makes a network: changing any of these needs a new one (α does not)."""

    dataset: str
    hidden: tuple[int, ...]
    activation: str
    init: str
    seed: int
    scaling: str = "scale"            # only for the photos

    def check(self) -> None:
        """LimitError (a sentence for the page) when the network is larger than allowed."""
        LIMITS.check(self.hidden)

    def describe(self, n_x: int | None = None) -> str:
        dims = "-".join(str(n) for n in ((n_x,) if n_x else ()) + self.hidden + (1,))
        data = "cats" if self.dataset == CATS else self.dataset
        extra = f" · {self.scaling}" if self.dataset == CATS and self.scaling != "scale" else ""
        return (f"{data} · {dims} · {ACTIVATIONS[self.activation]} · "
                f"{INITS[self.init].split(':')[0].split(' (')[0]} · seed {self.seed}{extra}")


def changes(old: Settings, new: Settings) -> list[str]:
    """What differs, in words: ["hidden units 8 → 16", ...]."""
    words = {"dataset": ("data", DATASETS), "hidden": ("hidden units", None),
             "activation": ("activation", ACTIVATIONS), "init": ("initialisation", INITS),
             "seed": ("seed", None), "scaling": ("input scaling", SCALINGS)}
    out = []
    for name, (word, table) in words.items():
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            if name == "scaling" and CATS not in (old.dataset, new.dataset):
                continue
            show = (lambda v: table.get(v, v).split(":")[0].split(" (")[0]) if table else (
                lambda v: ", ".join(map(str, v)) if isinstance(v, tuple) else str(v))
            out.append(f"{word} {show(a)} → {show(b)}")
    return out


@dataclass
class LiveRun:
    """One network being trained in this session, and what the page shows of it."""

    settings: Settings
    trainer: Trainer
    inputs: Inputs
    id: int = 0                       # numbered when first kept (see save_run)
    test_costs: list[tuple[int, float]] = field(default_factory=list)
    lr_history: list[tuple[int, float]] = field(default_factory=list)
    ms_per_iteration: float | None = None
    busy_message: str | None = None
    tape: Tape | None = field(default=None, repr=False)     # the shared default run, replayed
    created: float = field(default_factory=time.time)
    _model_file: tuple | None = field(default=None, repr=False)

    @property
    def layer_dims(self) -> list[int]:
        return self.trainer.layer_dims

    def set_learning_rate(self, lr: float) -> None:
        """α may change mid-run; the change is remembered for the run's legend."""
        lr = float(lr)
        if not self.lr_history or self.lr_history[-1][1] != lr:
            if self.lr_history and self.lr_history[-1][0] == self.trainer.iteration:
                self.lr_history[-1] = (self.trainer.iteration, lr)
            else:
                self.lr_history.append((self.trainer.iteration, lr))
        self.trainer.learning_rate = lr

    def alpha_text(self) -> str:
        """"α 0.0075", or "α 0.0075 → α 0.03" when α changed during the iterations done."""
        used = [lr for i, lr in self.lr_history if i < self.trainer.iteration]
        rates = used or [self.trainer.learning_rate]
        return " → ".join(f"α {alpha_label(lr)}" for lr in rates)

    def measure(self) -> None:
        """Record the test cost at the current iteration (once per iteration)."""
        t = self.trainer
        if self.test_costs and self.test_costs[-1][0] == t.iteration:
            return
        cost = t.test_cost()
        if cost is not None and np.isfinite(cost):
            self.test_costs.append((t.iteration, float(cost)))

    def cost(self) -> float:
        """J of the current parameters (the last cost computed, or J at iteration 0)."""
        t = self.trainer
        if t.costs:
            return t.costs[-1]
        return float(compute_cost(t.predict_proba(), t.Y))

    def train_accuracy(self) -> float | None:
        return self.trainer.train_accuracy()

    def test_accuracy(self) -> float | None:
        return self.trainer.test_accuracy()


def inputs_for(settings: Settings) -> Inputs | None:
    if settings.dataset == CATS:
        return cat_inputs(settings.scaling)
    return toy_inputs(settings.dataset)


def new_run(state, settings: Settings, learning_rate: float) -> LiveRun | None:
    """A fresh network for ``settings`` (None when its data is not available)."""
    inputs = inputs_for(settings)
    if inputs is None:
        return None
    dims = [inputs.X.shape[0], *settings.hidden, 1]
    trainer = Trainer(inputs.X, inputs.Y, dims, settings.activation, learning_rate=learning_rate,
                      init=settings.init, seed=settings.seed, X_test=inputs.X_test,
                      Y_test=inputs.Y_test, gram=inputs.gram)
    run = LiveRun(settings, trainer, inputs)
    run.set_learning_rate(learning_rate)
    run.measure()
    return run


# ----- the default run, trained once per server --------------------------------------------------
#: The page's defaults: every student who plays them watches the same run, so it is trained once
#: per server (``classroom.SHARED``) and each session replays it, exactly, frame by frame.
DEFAULT_SETTINGS = Settings(CATS, (8,), "relu", "he", 1, "scale")
DEFAULT_LEARNING_RATE = 0.0075
TAPE_ITERATIONS = 2500


@dataclass(frozen=True)
class Tape:
    """A recorded run (read-only) of DEFAULT_SETTINGS at DEFAULT_LEARNING_RATE. costs[i],
    train_accuracies[i]: J and accuracy after i updates (i < iterations); states[k],
    test_costs[k]: the trainer's state and the test J after k * TEST_EVERY updates;
    ms_per_iteration: what the recording's iterations cost."""

    iterations: int
    costs: np.ndarray
    train_accuracies: np.ndarray
    states: tuple
    test_costs: np.ndarray
    ms_per_iteration: float


def _record_tape(settings: Settings, learning_rate: float, iterations: int) -> Tape:
    t = new_run(None, settings, learning_rate).trainer
    states, test_costs = [t.state], [t.test_cost()]
    start = time.perf_counter()
    while t.iteration < iterations:
        t.run(min(TEST_EVERY, iterations - t.iteration))
        states.append(t.state)
        test_costs.append(t.test_cost())
    ms = 1000.0 * (time.perf_counter() - start) / max(t.iteration, 1)
    return Tape(t.iteration, np.array(t.costs),
                np.array(t.train_accuracies), tuple(states), np.array(test_costs), ms)


def default_tape(wait: float = 1.0) -> Tape | None:
    """The shared recording of the default run (computed once, in a compute slot, by the first
    caller), or None when it is not ready within ``wait`` seconds (the caller trains its own
    iterations meanwhile, and asks again at its next frame)."""
    try:
        return compute_shared(
            ("live default", DEFAULT_SETTINGS, DEFAULT_LEARNING_RATE, TAPE_ITERATIONS),
            lambda: _record_tape(DEFAULT_SETTINGS, DEFAULT_LEARNING_RATE, TAPE_ITERATIONS),
            wait=wait)
    except CacheBusy:
        return None


def _replay(run: LiveRun, iterations: int, budget: Budget, wait: float) -> int:
    """Move ``run`` forward along the shared default run, up to ``iterations`` (and no more than
    the frame's budget would have computed), to a multiple of TEST_EVERY. Returns how many
    iterations were replayed: 0 when this run is not the default one as it was recorded
    (other settings, or α changed), or past the recording's end."""
    t = run.trainer
    if (run.settings != DEFAULT_SETTINGS or t.diverged
            or run.lr_history != [(0, DEFAULT_LEARNING_RATE)]):
        return 0
    if run.tape is None:
        run.tape = default_tape(wait)
        if run.tape is None:
            return 0
    tape, i = run.tape, t.iteration
    fits = int(budget.max_seconds * 1000.0 / max(tape.ms_per_iteration, 1e-6))
    k = min(i + min(iterations, max(fits, 1)), tape.iterations) // TEST_EVERY * TEST_EVERY
    if k <= i:
        return 0
    t.restore(k, tape.states[k // TEST_EVERY], tape.costs[:k], tape.train_accuracies[:k])
    first = (i // TEST_EVERY + 1) * TEST_EVERY
    run.test_costs.extend((j, float(tape.test_costs[j // TEST_EVERY]))
                          for j in range(first, k + 1, TEST_EVERY))
    run.ms_per_iteration = tape.ms_per_iteration
    return k - i


def train(run: LiveRun, iterations: int | None, budget: Budget = FRAME_BUDGET, wait: float = 0.0):
    """Up to ``iterations`` more iterations (None: as many as ``budget``'s time allows), in one
    call under the classroom's rules (one compute slot for the frame, the budget:
    ``classroom.train_click``).

    The default run is not computed again: it moves along the shared recording
    (``default_tape``), whose numbers are exactly those it would compute; only the iterations
    past the last multiple of TEST_EVERY are computed here.

    Slices end at multiples of TEST_EVERY, where the test cost is measured, so the test curve
    has a point every TEST_EVERY iterations whatever the speed. Returns the Outcome (None when
    the run had diverged already).
    """
    t = run.trainer
    if t.diverged:
        return None
    asked = int(iterations) if iterations else LIMITS.max_iterations
    replayed = _replay(run, asked, budget, wait)
    if replayed:
        asked -= replayed
        if asked == 0 or not iterations:
            run.busy_message = None
            return Outcome("done", replayed, replayed, replayed, 0.0,
                           f"replayed {replayed} iterations of the shared default run")

    def measure(trainer, done, allowed):
        if trainer.iteration % TEST_EVERY == 0:
            run.measure()

    outcome = train_click(t, max(asked, 1), budget=budget, wait=wait, stop_every=TEST_EVERY,
                          on_slice=measure)
    run.busy_message = outcome.message if outcome.busy else None
    if outcome.done:
        run.ms_per_iteration = 1000.0 * outcome.seconds / outcome.done
    return outcome


# ----- finished runs, for the cost-curve page ----------------------------------------------------
@dataclass(frozen=True)
class RunRecord:
    """A run as the cost-curve page shows it (read-only arrays)."""

    id: int
    label: str               # settings and α: "flower · 2-8-1 · ReLU · He · seed 1 · α 0.3"
    settings: Settings
    layer_dims: tuple
    alpha: str
    iterations: int
    costs: np.ndarray                 # (iterations + 1,) cost J after i updates
    test_iterations: np.ndarray
    test_costs: np.ndarray
    train_accuracy: float | None
    test_accuracy: float | None
    status: str
    diverged: bool


def record_of(run: LiveRun) -> RunRecord:
    t = run.trainer
    costs = np.array(t.costs, dtype=float)
    ti = np.array([i for i, _ in run.test_costs], dtype=float)
    tc = np.array([c for _, c in run.test_costs], dtype=float)
    _read_only(costs, ti, tc)
    label = f"{run.settings.describe(t.layer_dims[0])} · {run.alpha_text()}"
    return RunRecord(run.id, label, run.settings, tuple(t.layer_dims), run.alpha_text(),
                     t.iteration, costs, ti, tc,
                     t.train_accuracy(), t.test_accuracy(), t.status, bool(t.diverged))


def save_run(state, run: LiveRun | None = None, finished: bool = False) -> None:
    """Keep ``run`` (default: the live one) in ``state["runs"]`` if it trained at all, or
    diverged on its first step (a too-large α belongs on the cost-curve page too), and save
    it for this browser's student (``nn_ui.saved``; ``finished``: posted to the class board)."""
    run = run if run is not None else state.get("live")
    if run is None or (run.trainer.iteration == 0 and not run.trainer.diverged):
        return
    if not run.id:                    # runs are numbered 1, 2, ... as they are kept
        state["run_count"] = run.id = state.get("run_count", 0) + 1
    runs = state.setdefault("runs", {})
    runs[run.id] = record = record_of(run)
    while len(runs) > MAX_RUNS:
        runs.pop(next(iter(runs)))
    saved.persist(state, run, record, finished)


def all_runs(state) -> list[RunRecord]:
    """The session's runs, oldest first, the live one included (as it is now)."""
    save_run(state)
    return list(state.get("runs", {}).values())


def runs_csv(records: list[RunRecord]) -> str:
    """One row per run and iteration: run, settings, iteration, train cost, test cost."""
    lines = ["run,settings,iteration,train_cost,test_cost"]
    for r in records:
        test = dict(zip(r.test_iterations.astype(int).tolist(), r.test_costs.tolist()))
        name = r.label.replace(",", ";")
        for i, c in enumerate(r.costs.tolist()):
            tc = test.get(i)
            lines.append(f"{r.id},{name},{i},{c:.10g},{'' if tc is None else f'{tc:.10g}'}")
    return "\n".join(lines) + "\n"


# ----- the session's model, for the prediction page ----------------------------------------------
def model_file(run: LiveRun) -> bytes:
    """The live run's network as a .npz model file (nn_io.models), for the photos only.

    ValueError when the run is not a network of photos. Made once per iteration reached.
    """
    if run.settings.dataset != CATS or run.inputs.scaling is None:
        raise ValueError("This network learned 2-D points, not photos.")
    cached = run._model_file
    if cached and cached[0] == run.trainer.iteration:
        return cached[1]
    from nn_io.models import save_model
    t = run.trainer
    meta = {"hidden_activation": t.hidden_activation, "leaky_alpha": t.leaky_alpha,
            "preprocessing": run.inputs.scaling, "class_names": list(run.inputs.class_names),
            "training": {"iterations": t.iteration, "learning_rate": run.alpha_text(),
                         "init": run.settings.init, "seed": run.settings.seed,
                         "status": t.status},
            "train_accuracy": t.train_accuracy(), "test_accuracy": t.test_accuracy()}
    if run.inputs.stats is not None:
        meta["stats"] = run.inputs.stats
    data = save_model(t.parameters, meta)
    run._model_file = (t.iteration, data)
    return data


__all__ = ["FRAME_SECONDS", "FRAME_BUDGET", "TEST_EVERY", "Inputs", "Settings", "LiveRun",
           "RunRecord", "cat_data", "cat_inputs", "toy_inputs", "inputs_for", "changes",
           "new_run", "train", "save_run", "all_runs", "runs_csv", "record_of", "model_file"]
