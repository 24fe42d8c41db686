"""The live page's settings in its URL: a link a teacher hands out opens the same network,
data and α (``?data=flower&hidden=4&g=tanh&init=he&seed=1&alpha=1.2&iterations=2000``).

Pure: ``read`` checks a link's values, ``link_of`` writes the session's. The page calls
``view.link_ui.apply_link()`` before drawing its widgets (a link's values become the widgets'
values, each checked first: a wrong one is said in a sentence and left out) and
``write_link()`` after, so the address bar always holds the settings on the screen. Short parameter names and
nn_core's own option names keep the links readable.
"""
from __future__ import annotations

from collections.abc import Callable

from classroom import LIMITS, LimitError
from nn_ui.common.names import (ACTIVATIONS, DATASETS, INITS, LEARNING_RATES, SCALINGS, SPEEDS,
                                alpha_label, hidden_units_text, parse_hidden_units)


def _choice(options, name: str) -> Callable[[str], object]:
    def parse(text: str):
        if text in options:
            return text
        raise ValueError(f"{name} “{text}” is not one of {', '.join(options)}")
    return parse


def _number_in(options, name: str, kind=float) -> Callable[[str], object]:
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            value = None
        for option in options:
            if value is not None and abs(option - value) <= 1e-12 * max(1.0, abs(option)):
                return option
        raise ValueError(f"{name} “{text}” is not one of "
                         f"{', '.join(alpha_label(o) if kind is float else str(o) for o in options)}")
    return parse


def _int_between(low: int, high: int, name: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise ValueError(f"{name} “{text}” is not a whole number") from None
        if not low <= value <= high:
            raise ValueError(f"{name} {value} is not between {low} and {high}")
        return value
    return parse


def _hidden(text: str) -> str:
    units = parse_hidden_units(text)
    try:
        LIMITS.check(units)
    except LimitError as err:
        raise ValueError(f"hidden “{text}”: {err}") from None
    return hidden_units_text(units)


#: The key of the session's α in ``read``'s values and ``link_of``'s mapping (no widget's: the
#: live state's ``lr``, ``live.state``).
ALPHA = "lr"
#: URL name -> (the widget's key, parse: URL text -> the widget's value, value -> URL text).
FIELDS: dict[str, tuple[str, Callable[[str], object], Callable[[object], str]]] = {
    "data": ("dataset", _choice(tuple(DATASETS), "data"), str),
    "hidden": ("hidden", _hidden, lambda v: str(v).replace(" ", "")),
    "g": ("activation", _choice(tuple(ACTIVATIONS), "g"), str),
    "init": ("init", _choice(tuple(INITS), "init"), str),
    "seed": ("seed", _int_between(0, 10_000, "seed"), lambda v: str(int(v))),
    "scaling": ("scaling", _choice(tuple(SCALINGS), "scaling"), str),
    "alpha": (ALPHA, _number_in(LEARNING_RATES, "alpha"), alpha_label),
    "iterations": ("iterations", _int_between(1, LIMITS.max_iterations, "iterations"),
                   lambda v: str(int(v))),
    "speed": ("speed", _number_in(SPEEDS, "speed", int), lambda v: str(int(v))),
}


def read(params) -> tuple[dict[str, object], list[str]]:
    """The live settings in ``params`` (a mapping of URL names to texts) as widget key ->
    value, and one sentence per value left out."""
    values, problems = {}, []
    for name, (key, parse, _) in FIELDS.items():
        if name not in params:
            continue
        text = str(params[name]).strip()[:100]
        try:
            values[key] = parse(text)
        except ValueError as err:
            problems.append(str(err))
    return values, problems


def link_of(state) -> dict[str, str]:
    """URL name -> text for every live setting the session has (``state``: key -> value)."""
    return {name: fmt(state[key]) for name, (key, _, fmt) in FIELDS.items()
            if state.get(key) is not None}
