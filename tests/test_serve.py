"""``make serve`` (scripts/serve.py): the self-signed certificate, the printed address and QR
code, a real HTTPS server listening on every interface (reached here on 127.0.0.1 only), and
the address on the Home page and in the lesson plan's links."""
import os
import signal
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from cryptography import x509
from streamlit.testing.v1 import AppTest

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
                          "--host", "192.0.2.7", "--port", "9999"], cwd=ROOT, text=True,
                         capture_output=True, timeout=60,
                         env={**os.environ, "SERVE_TLS_DIR": str(tmp_path)}).stdout
    assert "https://192.0.2.7:9999" in out and "not private" in out
    assert "█" in out                                              # the QR code
    assert "--server.address 0.0.0.0" in out and "--server.sslCertFile" in out
    assert serve.lan_addresses() == [] or all(not a.startswith("127.")
                                              for a in serve.lan_addresses())


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
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(20)
        log.close()
    assert "https://192.0.2.7:" in (tmp_path / "serve.log").read_text()


def test_the_home_page_shows_the_served_address_and_the_lesson_plan_uses_it(monkeypatch):
    monkeypatch.setenv("NN_PUBLIC_URL", "http://192.0.2.7:8501")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    texts = " ".join(m.value for m in at.markdown)
    assert "http://192.0.2.7:8501" in texts
    assert at.get("image"), "the QR code"
    at = helpers.open_page("lesson_plan")
    assert "http://192.0.2.7:8501/exp_gradient_check?gc_plant=true" in at.code[0].value
