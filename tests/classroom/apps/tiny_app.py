"""A tiny stand-in for the live-training page, for the protocol, proxy and isolation tests.

Controls with stable keys, Train (one budgeted click), Play (a fragment that trains a slice per
tick, like the live page), Long (a click whose training only a closed tab stops), and the
session's result as one JSON line.
"""
import json
import os
import time
from pathlib import Path

import streamlit as st

from classroom import Budget, train_click
from classroom.st_helpers import busy_callback, progress_callback
from nn_core import Trainer
from nn_core.datasets import make_flower

REPLICA = os.environ.get("REPLICA", "")
MARKERS = os.environ.get("TINY_APP_MARKERS")          # folder for the closed-tab test
state = st.session_state

st.title("Tiny training page")
seed = int(st.number_input("Seed", 1, 1000, 1, key="seed"))
lr = st.select_slider("Learning rate", [0.01, 0.1, 0.3, 1.0], value=0.3, key="lr")
units = st.slider("Hidden units", 1, 16, 4, key="units")
iterations = int(st.number_input("Iterations", 1, 5000, 300, key="iterations"))
settings = (seed, lr, units)
if state.get("settings") != settings:
    X, Y = make_flower(m=200)
    state.trainer = Trainer(X, Y, [2, units, 1], "tanh", learning_rate=lr, seed=seed)
    state.settings = settings
    state.playing = False
trainer = state.trainer

if st.button("Train", key="train"):
    bar, note = st.progress(0.0), st.empty()
    outcome = train_click(trainer, iterations, on_slice=progress_callback(bar),
                          wait=60, on_wait=busy_callback(note))
    state.outcome = outcome.status
if st.button("Play", key="play"):
    state.playing, state.target = True, trainer.iteration + iterations
if st.button("Long", key="long"):
    name = Path(MARKERS or ".") / f"{seed}.txt"
    bar = st.progress(0.0)
    try:
        if MARKERS:
            name.write_text("started\n")
        train_click(trainer, 10**9, budget=Budget(max_work=10**12, max_seconds=120,
                                                 slice_seconds=0.05),
                    on_slice=lambda t, done, allowed: bar.progress(t.iteration % 100 / 100))
    finally:
        if MARKERS:
            with open(name, "a") as f:
                f.write(f"stopped {trainer.iteration} {time.time()}\n")


@st.fragment(run_every=0.2 if state.get("playing") else None)
def play():
    if state.get("playing"):
        outcome = train_click(trainer, min(50, state.target - trainer.iteration))
        if outcome.busy:
            st.caption(outcome.message)
        if trainer.iteration >= state.target:
            state.playing = False
            st.rerun()                                  # a full run stops the timer
    st.code(json.dumps({"result": {
        "replica": REPLICA, "seed": seed, "lr": lr, "units": units,
        "iteration": trainer.iteration, "cost": trainer.costs[-1] if trainer.costs else None,
        "playing": bool(state.get("playing")), "outcome": state.get("outcome"),
        "session": id(state)}}), language="json")


play()
