"""The browser's requests, pure: what the live view and the race view send back through the
component's "request" trigger, read safely (a websocket client can send anything)."""
from __future__ import annotations


def request_of(state, key: str) -> dict | None:
    """The last request of the view mounted under ``key`` (``state[key]["request"]``), or None
    when there is none or it is not a dict."""
    try:
        req = state[key]["request"]
    except (KeyError, TypeError):
        return None
    return req if isinstance(req, dict) else None


def request_int(value, low: int, high: int, default: int) -> int:
    """A websocket client can send anything: an int in [low, high], else ``default``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return default
    try:
        return min(max(int(value), low), high)
    except (OverflowError, ValueError):
        return default
