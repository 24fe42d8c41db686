"""What a widget value sent by a tab may be, and a rerun request cleaned of the rest, before
Streamlit reads it (``classroom.flood_asgi`` calls ``clean_widget_states`` on every rerun
request): a number that is not finite or beyond ``MAX_NUMBER``, a text longer than
``MAX_TEXT`` characters, a JSON value (a component's state or event) longer than ``MAX_JSON``
or nested deeper than ``MAX_DEPTH`` (50 000 brackets made Python's parser raise
RecursionError), bytes over ``MAX_BYTES`` would raise before the page's first line runs; such
a value is removed and the widget keeps its own.
"""
from __future__ import annotations

import math

from classroom.st_proto import BackMsg

#: The largest number and the longest text a widget value may carry (seeds, iterations, α and
#: the app's texts are far smaller).
MAX_NUMBER, MAX_TEXT = 1e15, 1000
#: A component's JSON (the live view's requests are under 300 characters) and its depth; bytes
#: (no widget of the app sends any).
MAX_JSON, MAX_DEPTH, MAX_BYTES = 20_000, 32, 100_000


def _fine(number: float) -> bool:
    return math.isfinite(number) and abs(number) <= MAX_NUMBER


def json_fits(text: str, max_length: int = MAX_JSON, max_depth: int = MAX_DEPTH) -> bool:
    """``text`` is at most ``max_length`` characters and its brackets (outside strings) nest at
    most ``max_depth`` deep: checked in one pass, without parsing it."""
    if len(text) > max_length:
        return False
    depth, in_string, escaped = 0, False, False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > max_depth:
                return False
        elif ch in "]}":
            depth -= 1
    return True


def usable(state) -> bool:
    """A ``WidgetState`` some widget of the app could take (see ``MAX_NUMBER``, ``MAX_TEXT``,
    ``MAX_JSON``, ``MAX_DEPTH``, ``MAX_BYTES``)."""
    field = state.WhichOneof("value")
    if field == "double_value":
        return _fine(state.double_value)
    if field == "double_array_value":
        return all(_fine(v) for v in state.double_array_value.data)
    if field in ("string_value", "string_trigger_value"):
        return len(getattr(state, field)) <= MAX_TEXT
    if field in ("json_value", "json_trigger_value"):
        return json_fits(getattr(state, field))
    if field == "string_array_value":
        return all(len(v) <= MAX_TEXT for v in state.string_array_value.data)
    if field in ("bytes_value", "arrow_value"):
        return state.ByteSize() <= MAX_BYTES
    return True


def clean_widget_states(msg: BackMsg) -> int:
    """Remove the unusable widget values from a rerun request. -> how many were removed"""
    widgets = msg.rerun_script.widget_states.widgets
    bad = [i for i, state in enumerate(widgets) if not usable(state)]
    for i in reversed(bad):
        del widgets[i]
    return len(bad)
