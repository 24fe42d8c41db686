"""``StaticGzip``: Streamlit's own scripts and styles (``/static/...``) sent gzipped, each file
compressed once, as ASGI middleware.

Streamlit sends its front end uncompressed on purpose (``SelectiveGZipMiddleware`` skips
``/static/``): Starlette's ``GZipMiddleware`` would compress every file again at every request.
A cold student then downloads 2.3 MB of scripts for a page (the main bundle 480 kB), all
through the one Python process, over a classroom's Wi-Fi. Here a file is compressed once per
process, on its first request (while a class arrives at once, the others wait for that one
compression, in a worker thread), kept in memory (the 61 files a page names: 0.7 MB) and sent
as it is to every browser that accepts gzip:

* ``Content-Encoding: gzip``, its own ``Content-Length``, ``Vary: Accept-Encoding``, and
  Streamlit's own ``Cache-Control`` (``public, immutable, max-age=...``) kept; the ``ETag``
  becomes weak (the bytes differ; a revalidation still gets Streamlit's 304);
* a client that does not accept gzip (no ``Accept-Encoding``, or ``gzip;q=0``) gets the file
  as Streamlit sends it, with ``Vary: Accept-Encoding`` too, so that a cache between them
  (HAProxy's, ``process-vary on``) keeps the two apart;
* what is already compressed (fonts, images), small, partial (``Range``), a ``HEAD``, or not
  a 200 passes as it is.

``asgi.py`` hands it to ``st.App(..., middleware=[...])``; no Streamlit module is patched.
"""
from __future__ import annotations

import asyncio
import functools
import gzip

import anyio.to_thread

#: Content types worth compressing (text); fonts (woff2) and images are compressed already.
COMPRESSIBLE = (b"text/", b"application/javascript", b"application/json",
                b"application/manifest+json", b"image/svg+xml")
MINIMUM_SIZE = 1024            # bytes: below this, gzip's header is most of the gain
MAX_CACHED = 64 * 2**20        # bytes of compressed files kept (all of Streamlit's: ~7 MB)
VARY = b"accept-encoding"


def accepts_gzip(header: str) -> bool:
    """Whether an ``Accept-Encoding`` value accepts gzip: ``gzip`` or ``*`` with q > 0
    (``gzip, deflate, br`` yes; ``identity``, ``gzip;q=0`` and ``*;q=0`` no; an explicit
    ``gzip`` wins over ``*``)."""
    star = None
    for part in header.split(","):
        coding, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        coding = coding.lower()
        if coding in ("gzip", "x-gzip"):
            return q > 0
        if coding == "*":
            star = q > 0
    return bool(star)


def _header(headers, name: bytes) -> bytes | None:
    for key, value in headers:
        if key.lower() == name:
            return value
    return None


def _with_vary(headers: list) -> list:
    """``headers`` with ``accept-encoding`` in its ``Vary`` (added once)."""
    vary = _header(headers, b"vary")
    if vary is not None and VARY in vary.lower():
        return headers
    rest = [(k, v) for k, v in headers if k.lower() != b"vary"]
    return rest + [(b"vary", vary + b", Accept-Encoding" if vary else b"Accept-Encoding")]


def _compressible(headers) -> bool:
    """A whole, plain text response of at least MINIMUM_SIZE bytes."""
    kind = (_header(headers, b"content-type") or b"").lower()
    size = _header(headers, b"content-length")
    return (kind.startswith(COMPRESSIBLE) and _header(headers, b"content-encoding") is None
            and size is not None and size.isdigit() and int(size) >= MINIMUM_SIZE)


class StaticGzip:
    """ASGI middleware: GET ``<prefix>...`` answered with each file gzipped once (see above).

    prefix: the paths served (Streamlit's front end: ``/static/``; under the ASGI
    ``root_path``, as Starlette's router matches them). level: gzip's compression level.
    """

    def __init__(self, app, prefix: str = "/static/", level: int = 9):
        self.app, self.prefix, self.level = app, prefix, level
        self._cache: dict[tuple, bytes | None] = {}    # (path, etag, size) -> gzip, None: keep
        self._pending: dict[tuple, asyncio.Future] = {}
        self.cached_bytes = 0
        self.compressions = 0                             # files compressed so far

    def _ours(self, scope) -> bool:
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
            return False
        path, root = scope.get("path", ""), scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root):]
        return path.startswith(self.prefix)

    async def __call__(self, scope, receive, send):
        if not self._ours(scope):
            await self.app(scope, receive, send)
            return
        request = dict(scope.get("headers", []))
        wanted = (scope["method"] == "GET" and b"range" not in request
                  and accepts_gzip(request.get(b"accept-encoding", b"").decode("latin-1")))
        state = {"mode": None, "start": None, "body": []}

        async def send_wrapper(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                varies = message["status"] == 304 or (message["status"] == 200
                                                      and _compressible(headers))
                if varies:
                    headers = _with_vary(headers)
                if wanted and message["status"] == 200 and varies:
                    state["mode"], state["start"] = "buffer", {**message, "headers": headers}
                    return
                state["mode"] = "pass"
                await send({**message, "headers": headers})
            elif message["type"] == "http.response.body" and state["mode"] == "buffer":
                state["body"].append(message.get("body", b""))
                if not message.get("more_body", False):
                    await self._send_compressed(scope["path"], state["start"],
                                                b"".join(state["body"]), send)
            else:
                await send(message)

        await self.app(scope, receive, send_wrapper)

    async def _send_compressed(self, path: str, start: dict, body: bytes, send) -> None:
        headers = start["headers"]
        etag = _header(headers, b"etag") or b""
        packed = await self._compressed((path, etag, len(body)), body)
        if packed is None:                               # gzip would not make it smaller
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        kept = [(k, v) for k, v in headers
                if k.lower() not in (b"content-length", b"etag", b"content-encoding")]
        kept += [(b"content-encoding", b"gzip"), (b"content-length", str(len(packed)).encode())]
        if etag:
            kept.append((b"etag", etag if etag.startswith(b"W/") else b"W/" + etag))
        await send({**start, "headers": kept})
        await send({"type": "http.response.body", "body": packed})

    async def _compressed(self, key: tuple, body: bytes) -> bytes | None:
        """``body`` gzipped, from the cache or compressed once (concurrent requests for the
        same file wait for the one compression)."""
        if key in self._cache:
            return self._cache[key]
        future = self._pending.get(key)
        if future is None:
            compress = functools.partial(gzip.compress, body, compresslevel=self.level, mtime=0)
            future = asyncio.ensure_future(anyio.to_thread.run_sync(compress))
            self._pending[key] = future
            future.add_done_callback(functools.partial(self._store, key, len(body)))
        packed = await asyncio.shield(future)
        return packed if len(packed) < len(body) else None

    def _store(self, key: tuple, size: int, future: asyncio.Future) -> None:
        self._pending.pop(key, None)
        if future.cancelled() or future.exception() is not None:
            return
        packed = future.result()
        self.compressions += 1
        kept = packed if len(packed) < size else None
        if self.cached_bytes + len(packed) <= MAX_CACHED:
            self._cache[key] = kept
            self.cached_bytes += len(packed) if kept is not None else 0
