"""Shared page pieces: texts, the page header, chart drawing, error display, pausing.

Everything a learner sets is a widget with a stable key and ``persist_state="session"``, so a
student who visits another page and comes back finds the settings (and the network) as left.
"""
from __future__ import annotations

import runpy
from pathlib import Path

import streamlit as st

TEXTS = Path(__file__).resolve().parents[1] / "assets" / "texts"
#: Keyword arguments for every settings widget: its value survives a visit to another page.
KEEP = {"persist_state": "session"}
#: Plotly's toolbar: only what a student needs (download as PNG), no logo.
CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": [
    "select2d", "lasso2d", "autoScale2d", "toggleSpikelines", "hoverClosestCartesian",
    "hoverCompareCartesian"]}
LIVE_PAGE = "live_training"


@st.cache_data(show_spinner=False)
def text(name: str) -> str:
    """The Markdown text assets/texts/<name>.md."""
    return (TEXTS / f"{name}.md").read_text(encoding="utf-8")


def use_app_navigation() -> None:
    """Make sure app.py (page setup, navigation, pausing) runs around every page.

    Streamlit decides per server process, on its first script run, whether the app is a legacy
    "pages/ folder" app: it is, when a pages/ folder exists, until some run calls st.navigation.
    If the first visitor after a restart opens a page by its link (/live_training), that page
    runs alone, without app.py, and so does every later run of the process until someone opens
    the home page. Every page calls this first (through ``header``): in that mode it ends the
    mode for the whole process, runs app.py, which runs this page through the app's navigation
    (the same URL, so the same page, with this run's widget values and clicks), then stops the
    bare run.
    """
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
    if not PagesManager.uses_pages_directory:
        return
    PagesManager.uses_pages_directory = False
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    runpy.run_path(ctx.pages_manager.main_script_path, run_name="__main__")
    st.stop()


def header(title: str, lead: str | None = None) -> None:
    """The page title and a one-paragraph explanation under it."""
    use_app_navigation()
    st.title(title)
    if lead:
        st.markdown(lead)


def chart(fig, key: str) -> None:
    """A Plotly figure, full width, with the app's toolbar."""
    st.plotly_chart(fig, key=key, config=CHART_CONFIG, theme=None)


def input_error(err) -> None:
    """An ``nn_io.errors.InputError`` as the page shows it: its one sentence, no traceback."""
    st.error(err.message, icon=":material/error:")


def pause_unless_on(page_url_path: str) -> None:
    """Stop the live training when the learner is on another page (called by app.py)."""
    if page_url_path != LIVE_PAGE and st.session_state.get("playing"):
        st.session_state["playing"] = False
