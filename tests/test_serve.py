"""``make serve`` (scripts/serve.py): the self-signed certificate, the printed address and QR
code, a real HTTPS server listening on every interface (reached here on 127.0.0.1 only), one
app process a core behind HAProxy (started, answering, stopped by Ctrl-C), and the address on
the Home page and in the lesson plan's links."""
import gzip
import os
import re
import signal
import sqlite3
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import streamlit
from cryptography import x509
from streamlit.testing.v1 import AppTest

from loadtest.deployment import child_pids, haproxy_config
from loadtest.server import ROOT, free_port
from scripts import serve
from tests.app import helpers


def test_the_certificate_names_the_address_and_is_made_once(tmp_path):
    cert, key = serve.ensure_certificate(tmp_path, "192.0.2.7")
    c = x509.load_pem_x509_certificate(cert.read_bytes())
    names = c.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert {str(a) for a in names.get_values_for_type(x509.IPAddress)} == {"127.0.0.1",
                                                                            "192.0.2.7"}
    assert names.get_values_for_type(x509.DNSName) == ["localhost"]
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    first = cert.read_bytes()
    assert serve.ensure_certificate(tmp_path, "192.0.2.7")[0].read_bytes() == first   # kept
    serve.ensure_certificate(tmp_path, "192.0.2.8")                 # another address: new one
    assert cert.read_bytes() != first


def test_dry_run_prints_the_address_its_qr_code_and_the_command(tmp_path):
    out = subprocess.run([sys.executable, "scripts/serve.py", "--https", "--dry-run",
                          "--host", "192.0.2.7", "--port", "9999", "--replicas", "1"], cwd=ROOT,
                         text=True,
                         capture_output=True, timeout=60,
                         env={**os.environ, "SERVE_TLS_DIR": str(tmp_path)}).stdout
    assert "https://192.0.2.7:9999" in out and "not private" in out
    assert "█" in out                                              # the QR code
    assert "--server.address 0.0.0.0" in out and "--server.sslCertFile" in out
    assert serve.lan_addresses() == [] or all(not a.startswith("127.")
                                              for a in serve.lan_addresses())


def test_dry_run_with_replicas_names_one_process_a_replica_behind_haproxy():
    out = subprocess.run([sys.executable, "scripts/serve.py", "--dry-run", "--host", "192.0.2.7",
                          "--port", "9999", "--replicas", "3"], cwd=ROOT, text=True,
                         capture_output=True, timeout=60).stdout
    assert "http://192.0.2.7:9999" in out and "█" in out          # the same address, QR code
    assert "3 app processes on 127.0.0.1, behind HAProxy on 0.0.0.0:9999" in out
    assert len(re.findall(r"streamlit run \S+asgi\.py --server\.address 127\.0\.0\.1", out)) == 3
    assert [f'server app{i} "${{REPLICA{i}_ADDR}}" cookie app{i}' for i in (1, 2, 3)] == \
        re.findall(r"server app\d .*", out)


def test_the_proxy_configuration_has_a_server_line_a_replica():
    one, four = haproxy_config(1), haproxy_config(4, tls_pem="/x/site.pem")
    assert re.findall(r"server app\d+ ", one) == ["server app1 "]
    assert re.findall(r"server app\d+ ", four) == [f"server app{i} " for i in (1, 2, 3, 4)]
    assert 'bind "${PROXY_BIND}" ssl crt "/x/site.pem"' in four and "ssl" not in one
    assert "cookie STREAMLIT_REPLICA insert indirect nocache httponly secure" in four
    assert "process-vary on" in one                     # gzipped and plain kept apart


def fetch(url, **headers):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=20) as r:
        return {k.lower(): v for k, v in r.headers.items()}, r.read()


@pytest.mark.slow
def test_make_serve_starts_two_replicas_behind_haproxy_and_ctrl_c_stops_them(tmp_path):
    port = free_port()
    env = {**os.environ, "SERVE_HOST": "127.0.0.1", "NN_RUNS_DB": str(tmp_path / "runs.sqlite"),
           "SERVE_LOG_DIR": str(tmp_path / "logs")}
    env.pop("SERVE_REPLICAS", None)
    log = open(tmp_path / "serve.log", "wb")
    proc = subprocess.Popen([sys.executable, "scripts/serve.py", "--listen", "127.0.0.1",
                             "--port", str(port), "--replicas", "2"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while "Students open" not in (tmp_path / "serve.log").read_text():
            assert proc.poll() is None and time.monotonic() < deadline, \
                (tmp_path / "serve.log").read_text()
            time.sleep(0.5)
        started = child_pids(proc.pid)
        assert len(started) == 3                          # two replicas and HAProxy
        for replica in ("app1", "app2"):                   # both answer, each keeps its own
            head, _ = fetch(url + "/_stcore/health", Cookie=f"STREAMLIT_REPLICA={replica}")
            assert head["x-replica"] == replica
        head, _ = fetch(url + "/")
        assert head["set-cookie"].startswith("STREAMLIT_REPLICA=")       # sticky sessions

        index = fetch(url + "/")[1].decode()
        main = re.findall(r'src="\./(static/js/[^"]+\.js)"', index)[0]
        on_disk = (Path(streamlit.__file__).parent / "static" / main).read_bytes()
        for _ in range(2):                                 # the second from HAProxy's cache
            head, body = fetch(f"{url}/{main}", **{"Accept-Encoding": "gzip, deflate, br"})
            assert head["content-encoding"] == "gzip" and gzip.decompress(body) == on_disk
        assert head["x-cache-hit"] == "1"
        for asked in ({"Accept-Encoding": "identity"}, {}):             # plain, cached or not
            head, body = fetch(f"{url}/{main}", **asked)
            assert "content-encoding" not in head and body == on_disk

        with sqlite3.connect(tmp_path / "runs.sqlite") as db:     # one database, made ready
            assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert db.execute("SELECT count(*) FROM sqlite_master WHERE type='table'"
                              ).fetchone()[0] > 0

        proc.send_signal(signal.SIGINT)                    # Ctrl-C, to serve.py alone
        assert proc.wait(60) == 0
        assert all(not Path(f"/proc/{pid}").exists() or
                   Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z" for pid in started)
        with pytest.raises(OSError):
            urllib.request.urlopen(url + "/_stcore/health", timeout=3)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(30)
        log.close()


def listening_on_all_interfaces(port: int) -> bool:
    table = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return any(line.split()[1] == f"00000000:{port:04X}" and line.split()[3] == "0A"
               for line in table)


@pytest.mark.slow
def test_make_serve_https_answers_with_its_certificate(tmp_path):
    port = free_port()
    env = {**os.environ, "SERVE_TLS_DIR": str(tmp_path), "SERVE_HOST": "192.0.2.7",
           "PORT": str(port), "HTTPS": "1"}
    log = open(tmp_path / "serve.log", "wb")
    proc = subprocess.Popen([sys.executable, "scripts/serve.py"], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline, last = time.monotonic() + 90, None
        while time.monotonic() < deadline:
            try:
                context = ssl.create_default_context(cafile=str(tmp_path / "cert.pem"))
                with urllib.request.urlopen(f"https://127.0.0.1:{port}/_stcore/health",
                                            context=context, timeout=3) as r:
                    assert r.status == 200
                    break
            except OSError as err:
                last = err
                time.sleep(0.3)
        else:
            raise AssertionError(f"no HTTPS answer: {last}")
        assert listening_on_all_interfaces(port)
        with pytest.raises(OSError):                      # and no plain HTTP on that port
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=3)
        # the address is printed once every app process is up (the proxy answers with the first)
        while "https://192.0.2.7:" not in (tmp_path / "serve.log").read_text():
            assert proc.poll() is None and time.monotonic() < deadline, \
                (tmp_path / "serve.log").read_text()
            time.sleep(0.3)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(20)
        log.close()


def test_the_home_page_shows_the_served_address_and_the_lesson_plan_uses_it(monkeypatch):
    monkeypatch.setenv("NN_PUBLIC_URL", "http://192.0.2.7:8501")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    texts = " ".join(m.value for m in at.markdown)
    assert "http://192.0.2.7:8501" in texts
    assert at.get("image"), "the QR code"
    at = helpers.open_page("lesson_plan")
    assert "http://192.0.2.7:8501/exp_gradient_check?gc_plant=true" in "\n".join(c.value for c in at.code)
