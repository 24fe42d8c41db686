"""Start a Streamlit app on 127.0.0.1 for a test or a load test, and watch its process
(several behind HAProxy, and what ``make serve`` starts: ``loadtest.deployment``).

    with AppServer("app.py") as server:        # streamlit run app.py --server.port <free> ...
        server.url                              # http://127.0.0.1:<port>
        server.rss_mb(), server.cpu_seconds()   # from /proc/<pid> (Linux)

The server is started with ``--server.headless true`` on 127.0.0.1 and a free port, with one BLAS
thread and the deployment's settings (``DEPLOYED_ENV``; ``deployed=False`` for Streamlit's
defaults), and is stopped (SIGTERM, then SIGKILL after a grace period) when the block ends. Only
the process started here is ever signalled, by its pid.
"""
from __future__ import annotations

import os
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: What the deployment (Dockerfile, deploy/run_local.sh) sets on top of .streamlit/config.toml.
#: Streamlit runs gc.collect(2) after every script run by default: ~40 ms of CPU with NumPy,
#: pandas and Plotly loaded, after every rerun and every fragment tick of every session. Off,
#: a small page's rerun costs ~4 ms (Python's own collector still runs as usual).
#: One compute slot a process: the trainings of one process share one interpreter lock, and two
#: at once train fewer iterations a second in all than one alone (measured: 14 300 against
#: 10 300 a second for the cat network); more cores are used by more replicas.
DEPLOYED_ENV = {"STREAMLIT_RUNNER_POST_SCRIPT_GC": "false", "CLASSROOM_SLOTS": "1"}
_CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, timeout: float = 60.0, proc: subprocess.Popen | None = None,
                 context: ssl.SSLContext | None = None) -> None:
    """Poll ``url`` until it answers 200 (RuntimeError after ``timeout`` or if proc exits)."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server exited with code {proc.returncode} before {url} "
                               "answered")
        try:
            with urllib.request.urlopen(url, timeout=2, context=context) as response:
                if response.status == 200:
                    return
        except OSError as error:
            last = error
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout:g} s ({last})")


def proc_rss_mb(pid: int) -> float:
    """Resident memory of process ``pid`` in MB (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def proc_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds used so far by process ``pid`` (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _CLK_TCK


class AppServer:
    """``streamlit run <script>`` on 127.0.0.1:<free port>, headless, as a context manager."""

    def __init__(self, script: str | os.PathLike, *, port: int | None = None, cwd=ROOT,
                 env: dict | None = None, args: tuple = (), log_path: str | None = None,
                 start_timeout: float = 90.0, deployed: bool = True):
        self.script = str(script)
        self.port = port or free_port()
        self.cwd = str(cwd)
        self.env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
                    "MKL_NUM_THREADS": "1", "PYTHONPATH": str(ROOT),
                    **(DEPLOYED_ENV if deployed else {}), **(env or {})}
        self.args = tuple(args)
        self.log_path = log_path
        self.start_timeout = start_timeout
        self.proc: subprocess.Popen | None = None
        self._log = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.proc.pid

    def command(self) -> list[str]:
        return [sys.executable, "-m", "streamlit", "run", self.script,
                "--server.address", "127.0.0.1", "--server.port", str(self.port),
                "--server.headless", "true", "--server.fileWatcherType", "none",
                "--browser.gatherUsageStats", "false", *self.args]

    def launch(self) -> AppServer:
        """Start the process, without waiting for it to answer (``wait`` does)."""
        self._log = open(self.log_path, "wb") if self.log_path else subprocess.DEVNULL
        self.proc = subprocess.Popen(self.command(), cwd=self.cwd, env=self.env,
                                     stdout=self._log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        return self

    def wait(self) -> AppServer:
        """Until it answers on /_stcore/health (stopped, and the error raised, if it fails)."""
        try:
            wait_healthy(self.url + "/_stcore/health", self.start_timeout, self.proc)
        except BaseException:
            self.stop()
            raise
        return self

    def start(self) -> AppServer:
        return self.launch().wait()

    def stop(self, grace: float = 10.0) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self._log not in (None, subprocess.DEVNULL):
            self._log.close()
            self._log = None

    def rss_mb(self) -> float:
        return proc_rss_mb(self.pid)

    def cpu_seconds(self) -> float:
        return proc_cpu_seconds(self.pid)

    def __enter__(self) -> AppServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class Running:
    """A server started elsewhere: its URL and process id (for RSS and CPU)."""

    def __init__(self, url: str, pid: int):
        self.url, self.pids = url.rstrip("/"), [int(pid)]

    def rss_mb(self) -> float:
        return sum(proc_rss_mb(p) for p in self.pids)

    def cpu_seconds(self) -> float:
        return sum(proc_cpu_seconds(p) for p in self.pids)
