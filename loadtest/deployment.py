"""The app as deployed on one machine: several Streamlit processes behind HAProxy.

    with Deployment("asgi.py", replicas=2) as deployment:   # deploy/haproxy.cfg, a server a replica
        deployment.url                                      # the proxy, on 127.0.0.1
    with Served(folder) as served:                          # what `make serve` starts
        served.url, served.rss_mb(), served.cpu_seconds()

``scripts/serve.py`` starts its replicas with ``Deployment``; the load test measures either.
Only processes started here are ever signalled, by their pids.
"""
from __future__ import annotations

import os
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
from pathlib import Path

from loadtest.server import (ROOT, AppServer, free_port, proc_cpu_seconds, proc_rss_mb,
                             wait_healthy)


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
            self.pids = [pid for pid in child_pids(self.proc.pid)
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


def child_pids(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            pass
    return found
