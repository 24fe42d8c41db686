"""Shared page pieces: texts, the page header, chart drawing, error display, pausing.

Everything a learner sets is a widget with a stable key and ``persist_state="session"``, so a
student who visits another page and comes back finds the settings (and the network) as left.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

TEXTS = Path(__file__).resolve().parents[1] / "assets" / "texts"
#: Keyword arguments for every settings widget: its value survives a visit to another page.
KEEP = {"persist_state": "session"}
#: No Plotly toolbar: at the top right of a chart it covered the titles of narrow charts (on a
#: phone, or side by side on a projector). Streamlit's own toolbar, outside the chart, still
#: offers full screen; the charts are read, not zoomed (most axes are fixed).
CHART_CONFIG = {"displayModeBar": False, "displaylogo": False}
LIVE_PAGE = "live_training"


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


#: Charts of side-by-side panels are drawn at least this wide; on a phone they scroll sideways
#: in their own box instead of squeezing their titles and ticks into one another.
PANELS_MIN_WIDTH = 640
#: The app's few style rules (app.py adds them to every page).
PAGE_STYLE = f"""<style>
[class*="st-key-panels-"] {{ overflow-x: auto; }}
[class*="st-key-panels-"] [data-testid="stPlotlyChart"] {{ min-width: {PANELS_MIN_WIDTH}px; }}
</style>"""


def page_style() -> None:
    """The app's style rules, on the page (an ``st.html`` of only a <style>: nothing drawn)."""
    st.html(PAGE_STYLE)


def chart(fig, key: str, panels: bool = False) -> None:
    """A Plotly figure, full width. ``panels``: a figure of small panels side by side, drawn at
    least ``PANELS_MIN_WIDTH`` wide (scrolling sideways on a narrower screen)."""
    if panels:
        with st.container(key=f"panels-{key}"):
            st.plotly_chart(fig, key=key, config=CHART_CONFIG, theme=None)
    else:
        st.plotly_chart(fig, key=key, config=CHART_CONFIG, theme=None)


def input_error(err) -> None:
    """An ``nn_io.errors.InputError`` as the page shows it: its one sentence, no traceback."""
    st.error(err.message, icon=":material/error:")


def pause_unless_on(page_url_path: str) -> None:
    """Stop the live training when the learner is on another page (called by app.py)."""
    if page_url_path != LIVE_PAGE and st.session_state.get("playing"):
        st.session_state["playing"] = False
