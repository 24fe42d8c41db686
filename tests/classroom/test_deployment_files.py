"""The server settings and the deployment files say what the issue asks: one BLAS thread, a
10 MB upload limit, XSRF and CORS protection on, a slim non-root image with a health check."""
import re
import subprocess
import sys
import tomllib

import pytest

from loadtest.server import ROOT

CONFIG = ROOT / ".streamlit" / "config.toml"


def streamlit_option(name: str):
    """The value Streamlit itself reads from .streamlit/config.toml (run from the project)."""
    code = ("from streamlit import config; config.get_config_options(force_reparse=True); "
            f"print(repr(config.get_option({name!r})))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         timeout=60, env={"PATH": "/usr/bin:/bin", "HOME": str(ROOT)})
    assert out.returncode == 0, out.stderr
    return eval(out.stdout.strip().splitlines()[-1])


def test_the_server_settings_in_config_toml():
    assert CONFIG.exists(), f"{CONFIG} is missing (issue 6: upload limit, XSRF, CORS)"
    server = tomllib.loads(CONFIG.read_text()).get("server", {})
    assert server.get("maxUploadSize") == 10
    assert server.get("enableXsrfProtection", True) is True
    assert server.get("enableCORS", True) is True
    # and Streamlit reads them so (a misspelt key would be ignored by it, not by tomllib)
    assert streamlit_option("server.maxUploadSize") == 10
    assert streamlit_option("server.enableXsrfProtection") is True
    assert streamlit_option("server.enableCORS") is True


@pytest.mark.parametrize("path, line", [
    ("Makefile", r"^export OPENBLAS_NUM_THREADS := 1$"),
    ("Dockerfile", r"^\s+OPENBLAS_NUM_THREADS=1 \\$"),
    ("deploy/run_local.sh", r"^export OPENBLAS_NUM_THREADS=1 "),
])
def test_one_blas_thread_wherever_the_app_starts(path, line):
    assert re.search(line, (ROOT / path).read_text(), re.M), f"{path}: no {line!r}"


@pytest.mark.parametrize("name, value", [("STREAMLIT_RUNNER_POST_SCRIPT_GC", "false"),
                                         ("CLASSROOM_SLOTS", "1")])
def test_the_deployment_settings_are_the_ones_the_load_test_measures(name, value):
    from loadtest.server import DEPLOYED_ENV
    assert DEPLOYED_ENV[name] == value
    docker = (ROOT / "Dockerfile").read_text()
    local = (ROOT / "deploy" / "run_local.sh").read_text()
    assert re.search(rf"^\s+{name}={value} \\$", docker, re.M), f"Dockerfile: no {name}={value}"
    assert re.search(rf"^export {name}={value}$", local, re.M), f"run_local.sh: no {name}"


def test_the_dockerfile():
    text = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11[\w.-]*-slim", text, re.M)
    users = re.findall(r"^USER (\S+)", text, re.M)
    assert users and users[-1] not in ("root", "0")
    assert re.search(r"^HEALTHCHECK .*\n(.*\n)*?.*/_stcore/health", text, re.M)
    # the runtime requirements: the pinned file minus the test tools, nothing else
    left_out = re.search(r"grep -vE '\^\(([\w|]+)\)=='", text).group(1).split("|")
    pins = [l for l in (ROOT / "requirements.txt").read_text().splitlines()
            if l and not l.startswith("#")]
    assert all("==" in p for p in pins)
    names = {p.split("==")[0].lower() for p in pins}
    assert set(left_out) <= names and {"streamlit", "numpy", "plotly"} <= names - set(left_out)
    cmd = re.search(r'^CMD \["streamlit", "run", "([\w./]+)"', text, re.M).group(1)
    assert cmd == "asgi.py"          # app.py behind the rerun guard


def test_the_dockerignore_keeps_the_app_and_drops_the_rest():
    ignored = {l.strip() for l in (ROOT / ".dockerignore").read_text().splitlines()
               if l.strip() and not l.startswith("#")}
    assert {".git", ".venv", "data", "*.h5", "tests"} <= ignored
    needed = {"app.py", "app_pages", "nn_core", "nn_io", "nn_ui", "classroom", "assets",
              ".streamlit", "requirements.txt"}
    assert not needed & ignored
