"""Helpers for the AppTest tests: open a page, read a Plotly chart back as arrays."""
from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from nn_io.catdata import find_cat_data
from nn_ui.live.state import KEY as LIVE_STATE

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


# ----- the live view (a st.components.v2 component) ------------------------------------------
def live_of(at: AppTest):
    """The session's live state (``nn_ui.live.state.LiveState``: run, feed, lr, runs...)."""
    return at.session_state[LIVE_STATE]


def component_data(at: AppTest, key: str = "live_view") -> tuple[dict, dict]:
    """The header and arrays the component ``key`` was given in the last run."""
    from nn_ui.view import chunks
    for el in at.get("bidi_component"):
        if el.proto.id.endswith(key):
            return chunks.decode(el.proto.bytes)
    raise KeyError(f"no component {key!r}")


def browser_request(at: AppTest, key: str = "live_view", **request) -> AppTest:
    """Run the app as after the browser's "request" trigger with ``request`` (what live_view.js
    sends), the other widgets as they are."""
    import json as _json
    from streamlit.components.v2.bidi_component.main import _make_trigger_id
    el = next(e for e in at.get("bidi_component") if e.proto.id.endswith(key))
    ws = at._tree.get_widget_states()
    w = ws.widgets.add()
    w.id = _make_trigger_id(el.proto.id, "events")
    w.json_trigger_value = _json.dumps([{"event": "request", "value": request}])
    return at._run(ws)


def play_live(at: AppTest, most: int = 40, watch: bool = True):
    """What pressing Play on the live page does, the browser's side played here: ask for the
    next chunk until the run is computed to its target (or diverged), then (``watch``) say
    that its end was shown, as the browser does at Done. -> (end, costs float32)."""
    have, costs = -1, []
    for _ in range(most):
        h, _ = component_data(at)
        browser_request(at, run=h["run"], epoch=h["epoch"], have=have, reached=max(have, 0),
                        want=True, seq=1)
        no_exception(at)
        h, a = component_data(at)
        c = h["chunk"]
        if c is None:
            break
        costs[c["start"]:] = a["costs"].tolist()
        have = c["end"]
        if c["diverged"] or have >= h["target"]:
            break
    if watch:
        show_done(at)
    return have, np.array(costs, dtype=np.float32)


def show_done(at: AppTest) -> AppTest:
    """What the live view says when it has shown the run's last iteration (Done, or the
    divergence): it stopped there (live_play.js's frame)."""
    h, _ = component_data(at)
    end = live_of(at).feed.end
    browser_request(at, run=h["run"], epoch=h["epoch"], have=end, reached=end, stop=True,
                    want=False, seq=2)
    no_exception(at)
    return at


def alpha_live(at: AppTest, lr, reached: int | None = None, want: bool = False) -> AppTest:
    """What moving the live view's α control does: the new α with the iteration the view
    shows (``reached``; by default where the run stands, as after Pause or Step)."""
    h, _ = component_data(at)
    feed = live_of(at).feed
    if reached is None:
        reached = live_of(at).run.trainer.iteration
    browser_request(at, run=h["run"], epoch=h["epoch"], seq=1, alpha=lr,
                    have=min(feed.end, reached), reached=reached, want=want)
    no_exception(at)
    return at


def step_live(at: AppTest) -> AppTest:
    """What the live view's Step does, the browser's side played here: the next chunk when
    nothing is computed past the iteration shown, then "stopped one iteration further"."""
    h, _ = component_data(at)
    feed, shown = live_of(at).feed, live_of(at).run.trainer.iteration
    req = {"run": h["run"], "epoch": h["epoch"], "seq": 1}
    if feed.end <= shown:
        browser_request(at, **req, have=feed.end, reached=shown, want=True)
        h, _ = component_data(at)
        req["epoch"] = h["epoch"]
    browser_request(at, **req, have=live_of(at).feed.end, reached=shown + 1,
                    stop=True, want=False)
    no_exception(at)
    return at
