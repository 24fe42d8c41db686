"""Helpers for the AppTests of experiments 1-5 (app_pages/exp_*.py): run a page, train it to the
end, read its charts (every number finite)."""
from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

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


def train_to_end(at: AppTest, prefix: str, max_runs: int = 60):
    """Rerun (one fragment frame each) until the page's race is finished; the race."""
    for _ in range(max_runs):
        race = at.session_state[f"{prefix}_race"]
        if race.finished:
            break
        at.run()
        assert not at.exception, [e.value for e in at.exception]
    race = at.session_state[f"{prefix}_race"]
    assert race.finished
    at.run()                     # one more frame: the drawing of the finished race
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
