"""The example proxy configuration, for real: deploy/run_local.sh starts 2 replicas of a tiny app
and HAProxy with deploy/haproxy.cfg on 127.0.0.1; then cookie stickiness over HTTP and a
websocket upgrade through the proxy to the replica named in the cookie."""
import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from loadtest.protocol import Tab
from loadtest.server import ROOT, free_port, wait_healthy

pytestmark = [pytest.mark.slow, pytest.mark.haproxy]
TINY_APP = Path(__file__).parent / "apps" / "tiny_app.py"


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    log = tmp_path_factory.mktemp("proxy") / "run_local.log"
    proxy_port, port1, port2 = free_port(), free_port(), free_port()
    env = {**os.environ, "APP": str(TINY_APP), "PROXY_PORT": str(proxy_port),
           "REPLICA_PORTS": f"{port1} {port2}", "PYTHON": sys.executable}
    with open(log, "wb") as out:
        proc = subprocess.Popen(["bash", str(ROOT / "deploy" / "run_local.sh")], cwd=ROOT,
                                env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    url = f"http://127.0.0.1:{proxy_port}"
    try:
        wait_healthy(url + "/_stcore/health", 120, proc)
        yield url
    finally:
        proc.send_signal(signal.SIGTERM)            # the script stops what it started
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)     # the group of the script started here
            proc.wait(10)
        print(f"proxy log: {log}")


def get(url, cookie=None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()
        return response.headers


def test_a_new_visitor_gets_a_replica_cookie_and_keeps_its_replica(proxy):
    headers = get(proxy + "/")
    cookie = headers["Set-Cookie"].split(";")[0]          # STREAMLIT_REPLICA=app1
    name, replica = cookie.split("=")
    assert name == "STREAMLIT_REPLICA" and replica in ("app1", "app2")
    assert headers["X-Replica"] == replica
    for path in ("/", "/_stcore/health", "/", "/_stcore/health", "/"):
        again = get(proxy + path, cookie)
        assert again["X-Replica"] == replica
        assert again["Set-Cookie"] is None or "STREAMLIT_REPLICA" not in again["Set-Cookie"]


def test_new_visitors_are_spread_over_the_replicas(proxy):
    seen = {get(proxy + "/")["X-Replica"] for _ in range(6)}
    assert seen == {"app1", "app2"}


async def through_proxy(url, replica):
    async with Tab(url, headers={"Cookie": f"STREAMLIT_REPLICA={replica}"}) as tab:
        upgraded_by = tab.response_headers["X-Replica"]
        before = result(tab)
        await tab.set("iterations", 50)
        await tab.click("train")
        return upgraded_by, before, result(tab)


def result(tab):
    return next(json.loads(t)["result"] for t in tab.texts() if t.startswith('{"result"'))


@pytest.mark.parametrize("replica", ["app1", "app2"])
def test_the_websocket_goes_through_the_proxy_to_the_cookie_replica(proxy, replica):
    upgraded_by, before, after = asyncio.run(asyncio.wait_for(through_proxy(proxy, replica), 60))
    assert upgraded_by == replica                   # the 101 Switching Protocols came from it
    assert before["replica"] == replica and before["iteration"] == 0
    assert after["replica"] == replica and after["iteration"] == 50


def test_streamlit_static_files_are_served_from_the_proxy_cache(proxy):
    html = urllib.request.urlopen(proxy + "/", timeout=10).read().decode()
    script = re.search(r'src="\./(static/js/[^"]+\.js)"', html).group(1)
    first, second = get(f"{proxy}/{script}"), get(f"{proxy}/{script}")
    assert first["X-Cache-Hit"] == "0" and first["X-Replica"] in ("app1", "app2")
    assert second["X-Cache-Hit"] == "1" and not second["X-Replica"]   # no replica asked
    assert "STREAMLIT_REPLICA" not in (second["Set-Cookie"] or "")      # no cookie cached
