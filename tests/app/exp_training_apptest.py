"""Helpers for the AppTests of experiments 1-5 (app_pages/exp_*.py): run a page, train it to the
end, read its charts (every number finite)."""
from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

from tests.app.helpers import browser_request, component_data  # noqa: F401  (for the tests)

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[2]


def page(name: str, **query) -> AppTest:
    """The page app_pages/<name>.py run once, with ``query`` as its URL's query parameters."""
    at = AppTest.from_file(str(ROOT / "app_pages" / f"{name}.py"), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@dataclass
class Played:
    """What the browser was sent of a race, put together: ``costs`` (K, end) float32, J of
    each network after i updates; ``metric_it`` (T,), ``metric`` (K, T): each network's key
    number; ``meta``: the last chunk's meta; ``header``: the last control fields."""

    costs: np.ndarray
    metric_it: np.ndarray
    metric: np.ndarray
    meta: dict
    header: dict


def play(at: AppTest, prefix: str, max_runs: int = 60) -> Played:
    """Play the page's race as its browser view does: ask for the next chunk until the race is
    computed to its end, then report the end shown (the page draws its other figures)."""
    key = f"{prefix}_view"
    costs, its, metric = None, [], None
    header, meta = None, None
    for _ in range(max_runs):
        header, arrays = component_data(at, key)
        c = header["chunk"]
        if c is not None:
            meta = c
            costs = arrays["costs"] if costs is None else np.concatenate(
                [costs[:, :c["start"]], arrays["costs"]], axis=1)
            new = arrays["metric_it"] > (its[-1] if len(its) else -1)
            its = np.r_[its, arrays["metric_it"][new]].astype(np.int64)
            metric = arrays["metric"][:, new] if metric is None else np.concatenate(
                [metric, arrays["metric"][:, new]], axis=1)
            if c["finished"]:
                break
        have = meta["end"] if meta else 0
        browser_request(at, key, run=header["run"], have=have, reached=have, want=True)
        assert not at.exception, [e.value for e in at.exception]
    assert meta is not None and meta["finished"], "the race did not finish"
    browser_request(at, key, run=header["run"], have=meta["end"], reached=meta["end"],
                    done=True, want=False)
    assert not at.exception, [e.value for e in at.exception]
    return Played(costs, its, metric, meta, header)


def train_to_end(at: AppTest, prefix: str, max_runs: int = 60):
    """``play`` the page's race; the race (``at.session_state``), its other figures drawn."""
    play(at, prefix, max_runs)
    race = at.session_state[f"{prefix}_race"]
    assert race.finished and at.session_state[f"{prefix}_shown"] == race.id
    return race


def _decode(value):
    if isinstance(value, dict) and "bdata" in value and "dtype" in value:
        a = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        return a.reshape(value["shape"]) if "shape" in value and isinstance(value["shape"], list) else a
    if isinstance(value, dict):
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def charts(at: AppTest) -> dict[str, dict]:
    """Plotly figures drawn on the page, by chart key (the widget id's tail), decoded."""
    out = {}
    for i, el in enumerate(at.get("plotly_chart")):
        spec = json.loads(el.proto.spec, parse_constant=lambda c: float("nan"))
        out[el.proto.id.split("-")[-1] if el.proto.id else str(i)] = _decode(spec)
    return out


def all_finite(fig: dict) -> bool:
    """True when every number in every trace's x, y and z is finite (None is a gap, allowed)."""
    for trace in fig.get("data", []):
        for axis in ("x", "y", "z"):
            v = trace.get(axis)
            if v is None:
                continue
            if isinstance(v, np.ndarray):
                if v.dtype.kind in "fc" and not np.all(np.isfinite(v)):
                    return False
                continue
            flat = np.ravel(np.asarray(v, dtype=object))
            nums = [float(x) for x in flat if isinstance(x, (int, float)) and not isinstance(x, bool)]
            if not np.all(np.isfinite(nums)):
                return False
    return True


def traces(fig: dict) -> list[dict]:
    return fig.get("data", [])
