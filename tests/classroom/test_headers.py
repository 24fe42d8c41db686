"""The headers of every answer and the metrics kept to the host (``classroom.headers_asgi``),
over HTTP to the real server (asgi.py)."""
import asyncio

import pytest

from classroom.headers_asgi import headers, policy
from loadtest.hostile import http
from loadtest.server import ROOT, AppServer


def test_the_policy_allows_the_app_itself_and_who_may_frame_it():
    csp = policy("'self'")
    assert "default-src 'self'" in csp and "object-src 'none'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "'sha256-" in csp                        # Streamlit's one inline line, by its hash
    assert dict(headers("'self'"))[b"x-frame-options"] == b"SAMEORIGIN"
    school = dict(headers("https://school.example"))
    assert b"frame-ancestors https://school.example" in school[b"content-security-policy"]
    assert b"x-frame-options" not in school         # it cannot name another site


@pytest.fixture(scope="module")
def url():
    env = {"CLASSROOM_FRAME_ANCESTORS": "'self' https://school.example"}
    with AppServer(ROOT / "asgi.py", env=env) as server:
        yield server.url


def test_every_answer_says_what_it_is_and_who_may_frame_it(url):
    async def ask():
        return [await http(url, "GET", path) for path in ("/", "/_stcore/health",
                                                           "/app/static/plotly.min.js.gz")]
    for status, got, _ in asyncio.run(ask()):
        assert got["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'self' https://school.example" in got["content-security-policy"]
        assert "x-frame-options" not in got


def test_the_metrics_answer_only_the_host_itself(url):
    async def ask():
        here = await http(url, "GET", "/_stcore/metrics")
        forwarded = await http(url, "GET", "/_stcore/metrics", {"X-Forwarded-For": "203.0.113.9"})
        return here[0], forwarded[0]
    assert asyncio.run(ask()) == (200, 404)
