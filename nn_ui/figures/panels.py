"""A figure of K panels side by side (``make_subplots(rows=1, cols=K)``) cut into K figures
of one panel each, for the page to lay out in columns: side by side on a laptop, one under
the other on a phone (Streamlit stacks columns), never a chart wider than the screen.
Pure Plotly, no Streamlit."""
from __future__ import annotations

import copy
import re

import plotly.graph_objects as go

_AXIS = re.compile(r"^([xy])axis(\d*)$")
LEGEND_ROW = 22                       # px: a row of legend entries


def _ref(letter: str, k: int) -> str:
    return letter if k == 1 else f"{letter}{k}"


def _axis_of(ref: str | None) -> int:
    """The panel number of an axis reference ("x", "x3", "x2 domain"), else 0 (paper)."""
    m = re.match(r"^[xy](\d*)(?: domain)?$", ref or "")
    return (int(m.group(1)) if m.group(1) else 1) if m else 0


def split_panels(fig: go.Figure) -> tuple[str | None, list[go.Figure]]:
    """-> (the figure's title, one figure per panel). Each panel keeps its traces, its axes
    (on the whole width), its subplot title and its notes; a one-panel figure comes back as
    it is."""
    layout = fig.layout.to_plotly_json()
    K = max((int(m.group(2) or 1) for k in layout if (m := _AXIS.match(k))), default=1)
    title = (layout.get("title") or {}).get("text")
    if K <= 1:
        return None, [fig]
    base = {k: v for k, v in layout.items() if not _AXIS.match(k)
            and k not in ("annotations", "shapes", "title", "images")}
    domains = [layout.get(f"xaxis{_ref('', k)}", {}).get("domain", [(k - 1) / K, k / K])
               for k in range(1, K + 1)]

    def panel_of(item: dict, key: str) -> int:
        """The panel an annotation or shape belongs to: by its axis, else by where it is."""
        n = _axis_of(item.get(key))
        if n:
            return n
        x = item.get("x", 0.5)
        if not isinstance(x, (int, float)):
            return 1
        return next((k for k, (a, b) in enumerate(domains, 1) if a - 1e-6 <= x <= b + 1e-6), 1)

    first_y = layout.get("yaxis", {})
    out = []
    for k in range(1, K + 1):
        lay = copy.deepcopy(base)
        xa = {**layout.get(f"xaxis{_ref('', k)}", {}), "domain": [0, 1], "anchor": "y"}
        ya = {**layout.get(f"yaxis{_ref('', k)}", {}), "domain": [0, 1], "anchor": "x"}
        xa.pop("matches", None)
        ya.pop("matches", None)
        if "scaleanchor" in ya:
            ya["scaleanchor"] = "x"
        ya["showticklabels"] = first_y.get("showticklabels", True)   # each panel stands alone
        lay["xaxis"], lay["yaxis"] = xa, ya
        for key in ("annotations", "shapes", "images"):
            items = []
            for item in layout.get(key, []):
                if panel_of(item, "xref") != k:
                    continue
                item = dict(item)
                if _axis_of(item.get("xref")):
                    item["xref"] = "x" + (" domain" if "domain" in item["xref"] else "")
                elif isinstance(item.get("x"), (int, float)):          # paper: across this panel
                    a, b = domains[k - 1]
                    item["x"] = (item["x"] - a) / ((b - a) or 1)
                if _axis_of(item.get("yref")):
                    item["yref"] = "y" + (" domain" if "domain" in item["yref"] else "")
                items.append(item)
            if items:
                lay[key] = items
        if title:                                    # the title is drawn once, above the panels
            margin = dict(lay.get("margin", {}))
            margin["t"] = max(int(margin.get("t", 80)) - 40, 40)
            lay["margin"] = margin
        traces = [type(t)(t).update(xaxis="x", yaxis="y") for t in fig.data
                  if _axis_of(t.xaxis or "x") == k]
        _legend_below(lay, sum(1 for t in traces if t.showlegend is not False))
        out.append(go.Figure(data=traces, layout=lay))
    return title, out


def _legend_below(lay: dict, entries: int) -> None:
    """A panel's legend (its ``entries``) under its x axis's title, two entries a row, the
    figure as much taller: in a narrow panel a legend on top runs into the panel's title."""
    if not entries or lay.get("showlegend") is False:
        return
    margin = dict(lay.get("margin", {}))
    height, top, bottom = int(lay.get("height", 340)), int(margin.get("t", 80)), int(margin.get("b", 60))
    extra = LEGEND_ROW * -(-entries // 2) + 8
    plot = max(height - top - bottom, 1)
    lay["legend"] = {**lay.get("legend", {}), "orientation": "h", "x": 0, "xanchor": "left",
                     "y": -bottom / plot, "yanchor": "top"}
    margin["b"] = bottom + extra
    lay["margin"], lay["height"] = margin, height + extra
