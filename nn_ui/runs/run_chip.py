"""A run's short name, for a chip of the Cost curves page's run picker: whole on a phone (the
chart's legend gives the run's full settings)."""
from __future__ import annotations

from nn_ui.common.names import CATS

SHORT_DATA = {CATS: "cats"}


def chip(record) -> str:
    """ "#3 · moons · 2-8-1 · α 0.3" for a ``RunRecord`` (``nn_ui.runs.records``)."""
    data = SHORT_DATA.get(record.settings.dataset, record.settings.dataset)
    dims = "-".join(str(n) for n in record.layer_dims)
    return f"#{record.id} · {data} · {dims} · {record.alpha}"
