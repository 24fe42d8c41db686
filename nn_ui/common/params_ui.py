"""Query parameters and widget values, checked before any widget of the page sees them.

A link or a scripted websocket client can carry anything: ``?init_seed=inf``, an empty
``?mis_show=``, ``%00``, a number of 100 000 digits, NaN for a number input. ``check()``
(app.py calls it before the page runs) looks at every query parameter and every value in the
session (a number that is not finite, a value its widget cannot read, a number where a text was
or the reverse), and a bad one is removed: its widget falls back to its default, and the page
says so in a short note. What Streamlit itself already resets quietly (a value outside a widget's
range, a word where a number belongs, an unknown option) is left to it.

The websocket guard (``classroom.flood_asgi``) drops non-finite numbers and over-long texts
from a client's widget values even earlier; this is the page's own check.
"""
from __future__ import annotations

import math
import unicodedata

import streamlit as st

from nn_io.errors import quoted

#: Longer than any value of the app's links (the longest: a list of five learning rates).
MAX_LENGTH = 100
#: No widget of the app takes a number this large (seeds, iterations, units, α).
MAX_NUMBER = 1e9
#: Longest value echoed in a note.
SHOWN = 20
#: Where the notes wait for the run that shows them.
NOTES = "_params_notes"
#: Text or number, per key, as the session's values were (a client may not switch one).
KINDS = "_params_kinds"


def _kind(value) -> str | None:
    if isinstance(value, str):
        return "text"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "number"
    return None


def problem(value) -> str | None:
    """Why ``value`` (a query parameter's text, or a widget's value) is refused, or None.

    "" -> "is empty"; "inf", "1e30", float("nan") -> "is not a usable number";
    "\\x00" -> "holds control characters"; "9" * 1000 -> "is too long"; "0.01" -> None
    """
    if isinstance(value, float):
        return None if math.isfinite(value) and abs(value) <= MAX_NUMBER else \
            "is not a usable number"
    if not isinstance(value, str):
        return None
    if value == "":
        return "is empty"
    if len(value) > MAX_LENGTH:
        return "is too long"
    if any(unicodedata.category(c) == "Cc" for c in value):
        return "holds control characters"
    try:
        number = float(value)
    except ValueError:
        return None
    return problem(number)


def _shown(value) -> str:
    """A refused value as the note shows it: plain characters in inline code (a link's value
    or key may hold Markdown), at most ``SHOWN`` of them, with its length when cut."""
    text = value if isinstance(value, str) else repr(value)
    cut = "" if len(text) <= SHOWN else f" ({len(text):,} characters)"
    return quoted(text.replace("\x00", "�"), limit=SHOWN) + cut


def bad_query_params(params: dict[str, list[str]]) -> dict[str, str]:
    """{key: why} for the query parameters that no widget should see."""
    out = {}
    for key, values in params.items():
        for value in values:
            why = problem(value)
            if why:
                out[key] = f"the link's {_shown(key)} = {_shown(value)} {why}"
                break
    return out


def check(page: str = "") -> list[str]:
    """Remove bad query parameters and bad session values before the page runs; show one note
    for them, at the top of the page, as long as the student stays on ``page`` (its url path).
    -> the notes (one per removed value)

    A widget bound to a query parameter takes its value from the address the run started with,
    so a bad parameter is removed from the address and the page run again (once).
    """
    shown_on, notes = st.session_state.get(NOTES, ("", []))
    if shown_on != page:
        notes = []
    params = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    bad = bad_query_params(params)
    if bad:
        for key in bad:
            del st.query_params[key]
        st.session_state[NOTES] = (page, notes + list(bad.values()))
        st.rerun()
    kinds = st.session_state.get(KINDS, {})
    for key in [k for k in st.session_state.keys() if not str(k).startswith("_params")]:
        try:
            value = st.session_state[key]
        except KeyError:                    # a value without its widget yet: the widget decides
            continue
        except Exception as error:          # a client's value its widget cannot read
            why = f"could not be read ({type(error).__name__})"
        else:
            why = problem(value) if isinstance(value, float) else None
            kind = _kind(value)
            if not why and kind and kinds.get(key, kind) != kind:
                why = f"is a {kind} where a {kinds[key]} belongs"
            elif not why and kind:
                kinds[key] = kind
        if why:
            notes.append(f"the value of {_shown(key)} {why}")
            try:
                del st.session_state[key]
            except Exception:
                pass
    st.session_state[KINDS] = kinds
    st.session_state[NOTES] = (page, notes)
    if notes:
        st.caption(":material/link_off: Ignored, the default used instead: " + "; ".join(notes)
                   + ".")
    return notes


def remember() -> None:
    """Note whether each value of the session is a text or a number, after the page ran (app.py
    calls it even when the page stopped early), for ``check`` at the next run."""
    kinds = st.session_state.get(KINDS, {})
    for key in [k for k in st.session_state.keys() if not str(k).startswith("_params")]:
        try:
            kind = _kind(st.session_state[key])
        except Exception:
            continue
        if kind:
            kinds.setdefault(key, kind)
    st.session_state[KINDS] = kinds
