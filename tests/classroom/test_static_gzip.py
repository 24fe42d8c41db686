"""``classroom.static_gzip``: Streamlit's /static/ files gzipped once and sent as they are.

In process, over Starlette's own ``StaticFiles`` (a class arriving at once: one compression),
then over the real app (``asgi.py``, started by ``loadtest.server.AppServer``), each answer
compared with the file on disk byte for byte."""
import asyncio
import gzip
import re
import urllib.request
from pathlib import Path

import pytest
import streamlit
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from classroom.static_gzip import StaticGzip, accepts_gzip
from loadtest.server import AppServer

STREAMLIT_STATIC = Path(streamlit.__file__).parent / "static"


@pytest.mark.parametrize("header, expected", [
    ("gzip, deflate, br", True), ("br;q=1.0, gzip;q=0.8, *;q=0.1", True), ("*", True),
    ("", False), ("identity", False), ("br", False), ("gzip;q=0", False),
    ("*;q=0", False), ("gzip;q=0, *", False), ("*;q=0, gzip", True), ("GZIP", True),
])
def test_accept_encoding_is_read_as_a_browser_means_it(header, expected):
    assert accepts_gzip(header) is expected


# ----- in process ------------------------------------------------------------------------------
def _app(folder: Path):
    files = StaticFiles(directory=folder)
    app = Starlette(routes=[Mount("/static", files)], middleware=[Middleware(StaticGzip)])
    return app


def _middleware(app) -> StaticGzip:
    stack = app.build_middleware_stack()
    app.middleware_stack = stack
    while not isinstance(stack, StaticGzip):
        stack = stack.app
    return stack


async def _get(app, path: str, headers: dict) -> tuple[int, dict, bytes]:
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
             "root_path": "", "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80),
             "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()]}
    sent, asked = [], []

    async def receive():                 # the request, then nothing until the client leaves
        asked.append(1)
        if len(asked) == 1:
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    start = sent[0]
    head = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    return start["status"], head, b"".join(m.get("body", b"") for m in sent[1:])


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "main.js").write_bytes(b"function learn(W, b) { return W @ A + b; }\n" * 2000)
    (tmp_path / "tiny.css").write_bytes(b"a{color:red}")
    (tmp_path / "font.woff2").write_bytes(bytes(range(256)) * 40)
    return tmp_path


def test_a_class_arriving_at_once_costs_one_compression(folder):
    app = _app(folder)
    middleware = _middleware(app)
    original = (folder / "main.js").read_bytes()

    async def class_arrives():
        return await asyncio.gather(*(_get(app, "/static/main.js", {"Accept-Encoding": "gzip"})
                                      for _ in range(30)))

    answers = asyncio.run(class_arrives())
    for status, head, body in answers:
        assert status == 200 and head["content-encoding"] == "gzip"
        assert "accept-encoding" in head["vary"].lower()
        assert int(head["content-length"]) == len(body) < len(original) / 10
        assert gzip.decompress(body) == original
        assert head["etag"].startswith('W/"')
    assert middleware.compressions == 1
    status, head, body = asyncio.run(_get(app, "/static/main.js", {}))     # no gzip asked
    assert status == 200 and body == original and "content-encoding" not in head
    assert "accept-encoding" in head["vary"].lower()
    assert middleware.compressions == 1


def test_what_is_small_or_compressed_already_passes_as_it_is(folder):
    app = _app(folder)
    for name in ("tiny.css", "font.woff2"):
        status, head, body = asyncio.run(_get(app, f"/static/{name}",
                                              {"Accept-Encoding": "gzip"}))
        assert status == 200 and body == (folder / name).read_bytes()
        assert "content-encoding" not in head and "vary" not in head
    status, head, body = asyncio.run(_get(app, "/static/main.js",
                                          {"Accept-Encoding": "gzip", "Range": "bytes=0-9"}))
    assert status == 206 and body == (folder / "main.js").read_bytes()[:10]


# ----- the real app ----------------------------------------------------------------------------
def _fetch(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as r:   # urllib never inflates
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()


@pytest.fixture(scope="module")
def server():
    with AppServer("asgi.py") as running:
        yield running


@pytest.mark.slow
def test_the_app_sends_streamlits_scripts_gzipped_with_their_cache_headers(server):
    index = _fetch(server.url + "/")[2].decode()
    names = re.findall(r'src="\./(static/js/[^"]+\.js)"', index)
    assert names, "index.html names its scripts"
    main = max(names, key=lambda n: (STREAMLIT_STATIC / n).stat().st_size)
    on_disk = (STREAMLIT_STATIC / main).read_bytes()

    status, head, body = _fetch(f"{server.url}/{main}", **{"Accept-Encoding": "gzip, br"})
    assert status == 200 and head["content-encoding"] == "gzip"
    assert gzip.decompress(body) == on_disk and len(body) < len(on_disk) / 2
    assert int(head["content-length"]) == len(body)
    assert "accept-encoding" in head["vary"].lower()
    assert "immutable" in head["cache-control"] and "max-age=" in head["cache-control"]

    status, head2, body = _fetch(f"{server.url}/{main}")              # no Accept-Encoding
    assert status == 200 and body == on_disk and "content-encoding" not in head2
    assert "accept-encoding" in head2["vary"].lower()
    assert "immutable" in head2["cache-control"]

    status, _, body = _fetch(f"{server.url}/{main}", **{"Accept-Encoding": "gzip",
                                                        "If-None-Match": head["etag"]})
    assert status == 304 and body == b""                              # a revalidation


@pytest.mark.slow
def test_the_apps_own_gzipped_chart_library_and_the_page_are_left_alone(server):
    status, head, body = _fetch(server.url + "/", **{"Accept-Encoding": "gzip"})
    assert status == 200 and "content-encoding" not in head and b"<html" in body.lower()
    status, head, _ = _fetch(server.url + "/_stcore/health", **{"Accept-Encoding": "gzip"})
    assert status == 200 and "vary" not in head
