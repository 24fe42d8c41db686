"""Server-side rules for a whole class at once: limits, a per-click budget, compute slots, and
a shared read-only cache. Pure Python (NumPy for freezing arrays); no Streamlit here, see
``classroom.st_helpers`` for the two thin helpers a page may use.

    from classroom import LIMITS, train_click, train_shared

    units = st.slider("Hidden units", 1, LIMITS.max_units, 8, key="units")   # bounds from LIMITS
    LIMITS.check(hidden_units, iterations)          # LimitError: a message for the page
    outcome = train_click(trainer, iterations, on_slice=...)   # slot + budget + slices
    record = train_shared(key, make_trainer, iterations)        # defaults: once per server
    every = PACER.interval(key)                     # a playing page's run_every, load-aware
"""
from classroom.click import (STATUSES, Outcome, RunRecord, busy_outcome, record_of,
                             run_budgeted, train_click, train_shared)
from classroom.limits import BUDGET, LIMITS, Budget, LimitError, Limits, network_units
from classroom.pacing import PACER, FramePacer
from classroom.shared import SHARED, CacheBusy, SharedCache, freeze
from classroom.slots import SLOTS, ComputeSlots, Slot, default_capacity

__all__ = [
    "BUDGET", "LIMITS", "Budget", "LimitError", "Limits", "network_units",
    "SLOTS", "ComputeSlots", "Slot", "default_capacity",
    "SHARED", "CacheBusy", "SharedCache", "freeze",
    "PACER", "FramePacer",
    "STATUSES", "Outcome", "RunRecord", "busy_outcome", "record_of", "run_budgeted",
    "train_click", "train_shared",
]
