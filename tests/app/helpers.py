"""Helpers for the AppTest tests: open a page, read a Plotly chart back as arrays."""
from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from nn_io.catdata import find_cat_data

ROOT = Path(__file__).resolve().parents[2]
CAT_DATA = ROOT.parent / "shared" / "data"
HAVE_CATS = find_cat_data() is not None
#: For tests of what the pages do with the course's photos (CI has them in ../shared/data).
needs_cat_data = pytest.mark.skipif(
    not HAVE_CATS, reason="the cat photos are not on this machine (../shared/data, data/, $CATDATA_DIR)")


def open_file(path: str, **query_params) -> AppTest:
    """One page file run alone with ``query_params`` in its URL; no exception on it."""
    at = AppTest.from_file(path, default_timeout=60)
    for k, v in query_params.items():
        at.query_params[k] = v
    at.run()
    no_exception(at)
    return at


def open_page(page: str | None = None, timeout: float = 60) -> AppTest:
    """app.py run once, then switched to app_pages/<page>.py and run (None: the home page)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.run()
    if page:
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def chart(at: AppTest, key: str) -> dict:
    """The Plotly figure drawn with ``key``, as a dict (data, layout)."""
    for el in at.get("plotly_chart"):
        if el.proto.id.endswith(f"-{key}"):
            return json.loads(el.proto.spec)
    raise KeyError(f"no chart {key!r}; there are "
                   f"{[el.proto.id.rsplit('-', 1)[-1] for el in at.get('plotly_chart')]}")


def values(v) -> np.ndarray:
    """A trace's x / y / z as an array (Plotly sends NumPy arrays as base64 'bdata')."""
    if isinstance(v, dict) and "bdata" in v:
        a = np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"]))
        return a.reshape(v["shape"]) if "shape" in v and isinstance(v["shape"], (list, tuple)) \
            else (a.reshape([int(n) for n in str(v["shape"]).split(",")]) if "shape" in v else a)
    return np.asarray(v if v is not None else [], dtype=float)


def trace(fig: dict, name: str) -> dict:
    for t in fig["data"]:
        if t.get("name") == name:
            return t
    raise KeyError(f"no trace {name!r}; there are {[t.get('name') for t in fig['data']]}")


def texts(at: AppTest) -> str:
    """Every piece of text on the page, joined (markdown, captions, alerts, metrics)."""
    parts = []
    for kind in ("markdown", "caption", "error", "warning", "info", "success", "title",
                 "subheader", "header"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label}: {m.value}" for m in at.metric]
    return "\n".join(parts)


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
