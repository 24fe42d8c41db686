"""The address students type, and its QR code.

``make serve`` (scripts/serve.py) passes it as ``NN_PUBLIC_URL`` ("http://192.168.1.20:8501");
otherwise it is the address this browser used (``st.context.url``). The lesson plan's links
and the class board's join link are built on it.
"""
from __future__ import annotations

import io
import os
from urllib.parse import urlencode, urlsplit

import streamlit as st


def public_url() -> str | None:
    """What ``make serve`` said students should open (scheme://host:port), or None."""
    url = os.environ.get("NN_PUBLIC_URL", "").strip().rstrip("/")
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def base_url() -> str:
    """scheme://host:port of the app for others: the served address, else this browser's."""
    served = public_url()
    if served:
        return served
    here = urlsplit(st.context.url or "")
    return f"{here.scheme}://{here.netloc}" if here.netloc else ""


def page_url(path: str, params: dict | None = None) -> str:
    """The full address of a page (``app_pages/<name>.py``) with its query parameters."""
    name = st.Page(path).url_path
    return f"{base_url()}/{name}" + (f"?{urlencode(params)}" if params else "")


def only_this_computer() -> bool:
    """True when the app was reached on this computer's own address (127.0.0.1, localhost)
    and no served address is known: students could not open what the teacher sees."""
    host = urlsplit(base_url()).hostname or ""
    return public_url() is None and (host in ("localhost", "::1") or host.startswith("127."))


@st.cache_data(show_spinner=False, max_entries=32)
def qr_png(text: str, scale: int = 8) -> bytes:
    """A QR code of ``text`` as PNG bytes (segno; dark on white, a 4-module quiet zone)."""
    import segno
    buf = io.BytesIO()
    segno.make(text, error="m").save(buf, kind="png", scale=scale, border=4)
    return buf.getvalue()
