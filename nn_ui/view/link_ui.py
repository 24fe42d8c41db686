"""The live page's settings in its address bar (``st.query_params``): a link's values read
before the widgets are drawn, the address written after (the values: ``live.url``). α is no
widget: it is the session's live state's (``live.state``)."""
from __future__ import annotations

import streamlit as st

from nn_ui.live.state import live_state
from nn_ui.live.url import ALPHA, FIELDS, link_of, read

#: The link the page last wrote (a link opened since differs from it).
_LAST = "live_url_last"


def apply_link() -> None:
    """Before the widgets: a link opened (or edited) since the page last wrote its address
    sets the widgets; a wrong value gets a sentence and is left out."""
    state = st.session_state
    here = {name: st.query_params[name] for name in FIELDS if name in st.query_params}
    if not here or here == state.get(_LAST):
        return
    values, problems = read(here)
    for key, value in values.items():
        if key == ALPHA:
            live_state(state).lr = value
        else:
            state[key] = value
    if problems:
        st.warning("This link's settings were not all usable, so the page kept its own for: "
                   + "; ".join(problems) + ".", icon=":material/link_off:")


def write_link() -> None:
    """After the widgets: the address bar holds the settings on the screen (a link to share)."""
    state = st.session_state
    link = link_of({**{key: state.get(key) for key, _, _ in FIELDS.values()},
                    ALPHA: live_state(state).lr})
    if state.get(_LAST) != link:
        for name in FIELDS:
            if name not in link and name in st.query_params:
                del st.query_params[name]
        st.query_params.update(link)
        state[_LAST] = link
