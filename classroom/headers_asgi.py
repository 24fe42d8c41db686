"""``SecurityHeaders`` and ``PrivateMetrics``: what every HTTP answer of the app says about itself,
and who may read the server's metrics. ASGI middleware for ``st.App(..., middleware=[...])``.

* ``X-Content-Type-Options: nosniff``: a browser takes a file for what the server says it is
  (an uploaded photo never runs as a script).
* ``Content-Security-Policy``: scripts, styles, fonts and connections from the app itself, and
  what its pages use besides: inline styles (Streamlit's), ``blob:`` scripts (the components
  made with ``st.components.v2``; the live view's chart library, inflated in the browser),
  ``data:``/``blob:`` images (photos, the camera's picture, Plotly's exports), the websocket.
  No inline script runs but Streamlit's one line, allowed by its hash; no ``eval``.
  ``frame-ancestors`` says who may show the app in a frame: ``'self'`` by default; a school that embeds it in its own site sets
  ``CLASSROOM_FRAME_ANCESTORS="https://school.example"`` (``*`` for anyone). With ``'self'``,
  ``X-Frame-Options: SAMEORIGIN`` too, for older browsers.
* ``Referrer-Policy: same-origin``: a page's address (which may hold a class code) is not sent
  to other sites.
* ``/_stcore/metrics`` (Streamlit's counters: sessions, caches, uploads) answers only on the
  host itself (a request from loopback that no proxy forwarded), unless
  ``CLASSROOM_PUBLIC_METRICS=1``; others get 404.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import os
import re
from pathlib import Path

from classroom.client_address import client_address

METRICS = "/_stcore/metrics"
LOOPBACK = {"127.0.0.1", "::1"}


def frame_ancestors() -> str:
    """The sources allowed to frame the app (``CLASSROOM_FRAME_ANCESTORS``, default 'self')."""
    value = " ".join(os.environ.get("CLASSROOM_FRAME_ANCESTORS", "").split())
    return value or "'self'"


@functools.cache
def inline_scripts() -> str:
    """The hashes ('sha256-...') of the inline scripts of Streamlit's own index.html (one line
    that sets ``window.prerenderReady``), read from the installed Streamlit: no other inline
    script runs."""
    import streamlit
    html = (Path(streamlit.__file__).parent / "static" / "index.html").read_text("utf-8")
    return " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"
        for code in re.findall(r"<script>(.*?)</script>", html, re.S))


def policy(ancestors: str | None = None) -> str:
    """The Content-Security-Policy of every page and file of the app."""
    ancestors = frame_ancestors() if ancestors is None else ancestors
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' blob: {inline_scripts()}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "media-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self' ws: wss: blob: data:",
        "worker-src 'self' blob:",
        "frame-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        f"frame-ancestors {ancestors}",
    ])


def headers(ancestors: str | None = None) -> list[tuple[bytes, bytes]]:
    """The headers added to every HTTP answer (raw, for ASGI)."""
    ancestors = frame_ancestors() if ancestors is None else ancestors
    out = [(b"x-content-type-options", b"nosniff"),
           (b"content-security-policy", policy(ancestors).encode()),
           (b"referrer-policy", b"same-origin")]
    if ancestors == "'self'":
        out.append((b"x-frame-options", b"SAMEORIGIN"))
    return out


class SecurityHeaders:
    """ASGI middleware: ``headers()`` on every HTTP answer (a header the app set stays)."""

    def __init__(self, app, ancestors: str | None = None):
        self.app = app
        self.extra = headers(ancestors)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []),
                                                  *(h for h in self.extra if h[0] not in have)]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def metrics_public() -> bool:
    return os.environ.get("CLASSROOM_PUBLIC_METRICS", "").strip().lower() in ("1", "true", "yes")


class PrivateMetrics:
    """ASGI middleware: ``/_stcore/metrics`` for the host itself only (see the module)."""

    def __init__(self, app, public: bool | None = None):
        self.app = app
        self.public = metrics_public() if public is None else public

    async def __call__(self, scope, receive, send):
        if (scope["type"] == "http" and not self.public
                and scope.get("path", "").rstrip("/").endswith(METRICS)
                and client_address(scope) not in LOOPBACK):
            await send({"type": "http.response.start", "status": 404,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
            await send({"type": "http.response.body", "body": b"Not found"})
            return
        await self.app(scope, receive, send)
