"""Shared page pieces: texts, the page header, chart drawing, error display, pausing.

Everything a learner sets is a widget with a stable key and ``persist_state="session"``, so a
student who visits another page and comes back finds the settings (and the network) as left.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from nn_ui.common import panel_columns_ui

TEXTS = Path(__file__).resolve().parents[2] / "assets" / "texts"
#: Keyword arguments for every settings widget: its value survives a visit to another page.
KEEP = {"persist_state": "session"}
#: No Plotly toolbar: at the top right of a chart it covered the titles of narrow charts (on a
#: phone, or side by side on a projector). Streamlit's own toolbar, outside the chart, still
#: offers full screen; the charts are read, not zoomed (most axes are fixed).
CHART_CONFIG = {"displayModeBar": False, "displaylogo": False}


@st.cache_data(show_spinner=False)
def text(name: str, missing: str | None = None) -> str:
    """The Markdown text assets/texts/<name>.md (``missing``, when given, if there is none)."""
    path = TEXTS / f"{name}.md"
    if missing is not None and not path.exists():
        return missing
    return path.read_text(encoding="utf-8")


def header(title: str, lead: str | None = None) -> None:
    """The page title and a one-paragraph explanation under it."""
    st.title(title)
    if lead:
        st.markdown(lead)


def page_style() -> None:
    """The app's style rules (app.py adds them to every page): a page link's and a toggle's
    label wrap. An ``st.html`` of only a <style> draws nothing."""
    st.html('<style>'
            # a page link's words wrap on a narrow screen rather than end in "…"
            '[data-testid="stPageLink-NavLink"] :is(span, div, p),'
            ' [data-testid="stCheckbox"] label :is(span, div, p) { white-space: normal; }</style>')


def chart(fig, key: str, panels: int = 0) -> None:
    """A Plotly figure, full width. ``panels``: how many small panels it has side by side;
    each is then drawn in its own column (``{key}_p{k}``), one under the other on a phone."""
    if not panels:
        st.plotly_chart(fig, key=key, config=CHART_CONFIG, theme=None)
        return
    panel_columns_ui.chart(fig, key, CHART_CONFIG)       # a panel a column: wrapped on a phone


def input_error(err) -> None:
    """An ``nn_io.errors.InputError`` as the page shows it: its one sentence, no traceback."""
    st.error(err.message, icon=":material/error:")
