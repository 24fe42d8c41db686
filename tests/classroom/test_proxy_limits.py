"""deploy/haproxy.cfg limits the connections of one client address: with the limits set low
(3 open, 6 new in 10 s) a 4th open connection and a 7th new one are refused by the proxy,
while the first ones are served."""
import http.server
import os
import socket
import subprocess
import threading
import time

import pytest

from loadtest.server import ROOT, free_port

pytestmark = pytest.mark.haproxy


class _Ok(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy():
    backend = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    threading.Thread(target=backend.serve_forever, daemon=True).start()
    addr = f"127.0.0.1:{backend.server_address[1]}"
    port = free_port()
    env = {**os.environ, "PROXY_BIND": f"127.0.0.1:{port}", "REPLICA1_ADDR": addr,
           "REPLICA2_ADDR": addr, "MAX_CONN_PER_ADDRESS": "3", "MAX_NEW_CONN_PER_ADDRESS": "6"}
    proc = subprocess.Popen(["haproxy", "-db", "-f", str(ROOT / "deploy" / "haproxy.cfg")],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield port, proc
    finally:
        proc.terminate()
        proc.wait(10)
        backend.shutdown()


def served(sock: socket.socket) -> bool:
    """True if a GET on this connection gets an answer (False: refused or closed)."""
    try:
        sock.sendall(b"GET /x HTTP/1.1\r\nHost: x\r\n\r\n")
        return sock.recv(100)[9:12] == b"200"
    except OSError:
        return False


def new_and_served(port: int, source: str = "127.0.0.1") -> bool:
    """A new connection from ``source``, and a GET on it answered (False: refused, reset or
    closed)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10,
                                      source_address=(source, 0)) as sock:
            return served(sock)
    except OSError:
        return False


def test_one_address_gets_a_bounded_number_of_connections(proxy):
    port, proc = proxy
    deadline = time.monotonic() + 60
    # the proxy is up when it serves a connection from another address (127.0.0.2: the
    # limits count per address, so these tries cost 127.0.0.1 nothing)
    while not new_and_served(port, source="127.0.0.2"):
        assert time.monotonic() < deadline and proc.poll() is None, "haproxy did not start"
        time.sleep(0.2)
    held = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(3)]
    try:
        assert all(served(s) for s in held)                # 3 open: served
        assert not new_and_served(port)                   # a 4th open at once: refused
    finally:
        for s in held:
            s.close()
    # one at a time now: the 7th new connection within 10 s is refused (at most 6)
    results = [new_and_served(port) for _ in range(6)]
    assert True in results and False in results, results
    assert results.index(False) <= 3, results            # 4 made before these: 5th, 6th, 7th
