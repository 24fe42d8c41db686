"""Start a Streamlit app on 127.0.0.1 for a test or a load test, and watch its process.

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
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
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

    def cpu_share(self, seconds: float = 2.0) -> float:
        """Share of one core the server used over the next ``seconds`` (0.0 to cores)."""
        c0, t0 = self.cpu_seconds(), time.perf_counter()
        time.sleep(seconds)
        return (self.cpu_seconds() - c0) / (time.perf_counter() - t0)

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


def haproxy_config(replicas: int, tls_pem: str | os.PathLike | None = None) -> str:
    """deploy/haproxy.cfg for ``replicas`` replicas: its ``server`` lines (app1, app2) made
    one a replica (``server app<i> "${REPLICA<i>_ADDR}" cookie app<i>``); with ``tls_pem``
    (certificate and key in one file) the proxy serves HTTPS and its cookie is ``secure``."""
    lines, servers = [], []
    for line in (ROOT / "deploy" / "haproxy.cfg").read_text().splitlines():
        words = line.split()
        if words[:1] == ["server"] and words[1:2] and words[1].startswith("app"):
            if not servers:
                servers = [line[:len(line) - len(line.lstrip())]
                           + f'server app{i} "${{REPLICA{i}_ADDR}}" cookie app{i}'
                           for i in range(1, replicas + 1)]
                lines += servers
            continue
        if tls_pem and words[:1] == ["bind"]:
            line += f' ssl crt "{tls_pem}"'
        if tls_pem and words[:2] == ["cookie", "STREAMLIT_REPLICA"]:
            line += " secure"
        lines.append(line)
    if not servers:
        raise ValueError("deploy/haproxy.cfg has no 'server app...' line")
    return "\n".join(lines) + "\n"


def _unverified() -> ssl.SSLContext:
    """For the proxy's own self-signed certificate, checked on 127.0.0.1 only."""
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    return context


class Deployment:
    """The app as deployed: ``replicas`` Streamlit processes on 127.0.0.1, behind HAProxy
    (deploy/haproxy.cfg, a ``server`` line a replica: ``haproxy_config``) when there are two or
    more; started together, stopped together (the proxy first).

    ``url`` is the proxy (or the one replica); ``rss_mb`` and ``cpu_seconds`` add up the
    replicas (HAProxy's own share is small and left out). The replicas share one cookie secret
    (``STREAMLIT_SERVER_COOKIE_SECRET``, random unless given), so that a student moved to
    another replica keeps a valid XSRF cookie. proxy_bind: where the proxy listens (default
    127.0.0.1 and a free port); lift_limits: no per-address limits (the load test's students
    all come from 127.0.0.1); tls_pem: the proxy serves HTTPS with this certificate and key.
    """

    def __init__(self, script, replicas: int = 1, log_dir: str | None = None, *,
                 proxy_bind: str | None = None, lift_limits: bool = True,
                 tls_pem: str | None = None, **server_args):
        if replicas < 1:
            raise ValueError("at least one replica")
        env = dict(server_args.pop("env", {}))
        env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", os.environ.get(
            "STREAMLIT_SERVER_COOKIE_SECRET") or secrets.token_hex(32))
        self.servers = [AppServer(script, env={**env, "REPLICA": f"app{i + 1}"},
                                  log_path=log_dir and f"{log_dir}/replica{i + 1}.log",
                                  **server_args) for i in range(replicas)]
        self.proxy: subprocess.Popen | None = None
        self.proxy_bind = proxy_bind or f"127.0.0.1:{free_port()}"
        self.port = int(self.proxy_bind.rsplit(":", 1)[1]) if replicas > 1 else None
        self.lift_limits, self.tls_pem = lift_limits, tls_pem
        self.log_dir = log_dir
        self._config_dir: str | None = None

    @property
    def url(self) -> str:
        if self.port is None:
            return self.servers[0].url
        return f"{'https' if self.tls_pem else 'http'}://127.0.0.1:{self.port}"

    @property
    def pids(self) -> list[int]:
        return [s.pid for s in self.servers]

    def rss_mb(self) -> float:
        return sum(s.rss_mb() for s in self.servers)

    def cpu_seconds(self) -> float:
        return sum(s.cpu_seconds() for s in self.servers)

    def proxy_command(self) -> list[str]:
        return ["haproxy", "-db", "-f", f"{self._config_dir or '<folder>'}/haproxy.cfg"]

    def __enter__(self) -> Deployment:
        try:
            for server in self.servers:
                server.launch()
            for server in self.servers:
                server.wait()
            if self.port is not None:
                self._start_proxy()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _start_proxy(self) -> None:
        self._config_dir = tempfile.mkdtemp(prefix="nn-haproxy-")
        config = Path(self._config_dir) / "haproxy.cfg"
        config.write_text(haproxy_config(len(self.servers), self.tls_pem))
        env = {**os.environ, "PROXY_BIND": self.proxy_bind,
               **{f"REPLICA{i + 1}_ADDR": f"127.0.0.1:{s.port}"
                  for i, s in enumerate(self.servers)}}
        if self.lift_limits:
            env.update(MAX_CONN_PER_ADDRESS="100000", MAX_NEW_CONN_PER_ADDRESS="100000")
        log = open(f"{self.log_dir}/haproxy.log", "wb") if self.log_dir else \
            subprocess.DEVNULL
        self.proxy = subprocess.Popen(self.proxy_command(), env=env, stdout=log,
                                      stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        wait_healthy(self.url + "/_stcore/health", 30, self.proxy,
                     context=_unverified() if self.tls_pem else None)

    def __exit__(self, *exc) -> None:
        if self.proxy is not None and self.proxy.poll() is None:
            self.proxy.terminate()
            try:
                self.proxy.wait(10)
            except subprocess.TimeoutExpired:
                self.proxy.kill()
                self.proxy.wait(5)
        for server in self.servers:             # all told at once, then each waited for
            if server.proc is not None and server.proc.poll() is None:
                server.proc.send_signal(signal.SIGTERM)
        for server in self.servers:
            server.stop()
        if self._config_dir:
            shutil.rmtree(self._config_dir, ignore_errors=True)
            self._config_dir = None


class Served:
    """What ``make serve`` starts (scripts/serve.py: one app process a core behind HAProxy, or
    one process), listening on 127.0.0.1 and a free port, as a context manager; stopped as a
    teacher stops it (Ctrl-C: SIGINT to serve.py, which stops its children).

    ``rss_mb`` and ``cpu_seconds`` add up the app processes (serve.py's children that run
    Streamlit). Every simulated student comes from 127.0.0.1: the proxy's per-address limits
    are lifted; saved runs go to a SQLite file in ``folder``.
    """

    def __init__(self, folder: str, start_timeout: float = 300.0, env: dict | None = None):
        self.folder, self.start_timeout = Path(folder), start_timeout
        self.port = free_port()
        self.env = {**os.environ, "SERVE_HOST": "127.0.0.1", "SERVE_LOG_DIR": str(self.folder),
                    "NN_RUNS_DB": str(self.folder / "runs.sqlite"),
                    "MAX_CONN_PER_ADDRESS": "100000", "MAX_NEW_CONN_PER_ADDRESS": "100000",
                    **(env or {})}
        self.proc: subprocess.Popen | None = None
        self.pids: list[int] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def rss_mb(self) -> float:
        return sum(proc_rss_mb(p) for p in self.pids)

    def cpu_seconds(self) -> float:
        return sum(proc_cpu_seconds(p) for p in self.pids)

    def __enter__(self) -> Served:
        self.folder.mkdir(parents=True, exist_ok=True)
        log = open(self.folder / "serve.log", "wb")
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "serve.py"), "--listen", "127.0.0.1",
             "--port", str(self.port)], cwd=ROOT, env=self.env, stdout=log,
            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        try:
            wait_healthy(self.url + "/_stcore/health", self.start_timeout, self.proc)
            self.pids = [pid for pid in _children(self.proc.pid)
                         if b"streamlit" in Path(f"/proc/{pid}/cmdline").read_bytes()] \
                or [self.proc.pid]                 # one core: serve.py became Streamlit
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            pass
    return found
