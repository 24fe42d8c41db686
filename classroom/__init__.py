"""Server-side rules for a whole class at once: limits, a per-click budget, compute slots and a
shared read-only cache. Pure Python (NumPy for freezing arrays); no Streamlit here,
see ``classroom.st_helpers`` for the two thin helpers a page may use.

Pages
-----
Controls take their bounds from ``LIMITS`` and the server checks them again::

    units = st.slider("Hidden units", 1, LIMITS.max_units, 8, key="units")
    LIMITS.check(hidden_units, iterations)          # LimitError: a sentence for the page

A button trains through ``train_click`` (a compute slot, the budget, slices; a Streamlit call in
``on_slice`` so that a closed tab stops the work)::

    bar, note = st.progress(0.0), st.empty()
    outcome = train_click(trainer, iterations, on_slice=progress_callback(bar),
                          wait=10, on_wait=busy_callback(note))    # "busy, retrying" meanwhile
    st.caption(outcome.message)

(one ``train_click`` a request: it holds one slot for all its slices; a call per slice would
hand each request of a busy server a single slice). The default run, the same for every
student who has not changed a setting, is computed once per server, in a compute slot, and
every session reads the same frozen result::

    tape = compute_shared(("live default", settings, 0.0075, 2500), record_the_run, wait=1.0)
    tape.costs, tape.states                                   # read-only, shared
"""
from classroom.click import (STATUSES, Outcome, busy_outcome, compute_shared, run_budgeted,
                             train_click)
from classroom.limits import BUDGET, LIMITS, Budget, LimitError, Limits, network_units
from classroom.shared import SHARED, CacheBusy, SharedCache, freeze
from classroom.slots import SLOTS, ComputeSlots, Slot, default_capacity

__all__ = [
    "BUDGET", "LIMITS", "Budget", "LimitError", "Limits", "network_units",
    "SLOTS", "ComputeSlots", "Slot", "default_capacity",
    "SHARED", "CacheBusy", "SharedCache", "freeze",
    "STATUSES", "Outcome", "busy_outcome", "run_budgeted", "train_click", "compute_shared",
]
