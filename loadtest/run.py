"""The load test: N students open the page, set their controls, press Train together, leave.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python -m loadtest --scenario live --sessions 40

1. The app is started (``streamlit run <app> --server.address 127.0.0.1 --server.port <free>
   --server.headless true``) unless ``--url`` names a running one.
2. Each session loads the page (sessions arrive spread over ``--ramp`` seconds): the static
   files as a browser with an empty cache fetches them, then the websocket; this gives its
   *first paint* (-> first element drawn) and *page ready* (-> first run finished).
3. When every session has the page, each sets its own controls; when all are set they all
   press Train at once ("everyone, press Train"): the *training latency* is press -> result
   shown. Each result is checked against the answer computed here for that session's settings
   (*correct*: its own result, and right).
4. Each session starts something long and closes its tab. RSS is sampled all along (*peak*),
   then read again after the tabs closed (*after close*), with the server's CPU use over the
   next seconds (*CPU after close*: should be ~0 when closed tabs stop their work).

Counts and time are bounded: at most ``MAX_SESSIONS`` sessions, every wait has a timeout, and
the whole run stops after ``--deadline`` seconds.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field

from loadtest.protocol import Tab
from loadtest.scenarios import ROOT, SCENARIOS, Scenario
from loadtest.deployment import Deployment, Served
from loadtest.server import Running

MAX_SESSIONS = 200


@dataclass
class Session:
    index: int
    settings: dict
    static: float | None = None
    first_paint: float | None = None
    page_ready: float | None = None
    training: float | None = None
    frames: int | None = None
    bytes_per_second: float | None = None
    bytes: int | None = None
    chunks: int | None = None
    waiting: float | None = None
    correct: bool = False
    error: str | None = None
    phase: str = "waiting"


@dataclass
class Report:
    scenario: str
    sessions: int
    ramp: float
    cold: bool = True
    static: dict = field(default_factory=dict)
    static_bytes: int = 0
    first_paint: dict = field(default_factory=dict)
    page_ready: dict = field(default_factory=dict)
    training: dict = field(default_factory=dict)
    frames: dict = field(default_factory=dict)
    bandwidth: dict = field(default_factory=dict)
    bytes_per_run: dict = field(default_factory=dict)
    chunks: dict = field(default_factory=dict)
    waiting: dict = field(default_factory=dict)
    train_cpu_seconds: float = 0.0
    replicas: int = 1
    errors: int = 0
    correct: int = 0
    error_samples: list = field(default_factory=list)
    rss_start_mb: float = 0.0
    rss_peak_mb: float = 0.0
    rss_after_close_mb: float = 0.0
    cpu_after_close: float = 0.0
    server_cpu_seconds: float = 0.0
    client_cpu_seconds: float = 0.0
    wall_seconds: float = 0.0
    cores: int = 0
    load_average: tuple = ()
    settings: str = ""

    def table(self) -> str:
        """The measured table, in Markdown."""
        def row(name, d):
            if not d:
                return f"| {name} | - | - | - |"
            return f"| {name} | {d['p50']:.2f} s | {d['p95']:.2f} s | {d['max']:.2f} s |"
        lines = [
            f"{self.sessions} sessions of `{self.scenario}` (arriving over {self.ramp:g} s, all "
            f"pressing Train at once), {self.cores} cores, "
            + (f"{self.replicas} replicas behind HAProxy, " if self.replicas > 1 else "")
            + f"{self.wall_seconds:.0f} s in all"
            + (f", {self.settings}" if self.settings else ""),
            "",
            "| latency | p50 | p95 | max |", "| --- | --- | --- | --- |",
            row(f"static files ({self.static_bytes / 1e6:.1f} MB, empty cache)", self.static),
            row("first paint (static files + websocket -> first element)"
                if self.cold else "first paint (websocket -> first element)", self.first_paint),
            row("page ready (the same start -> first run finished)", self.page_ready),
            row("training (press Train -> result shown)", self.training),
            "",
            "| redraws a student sees while training | p50 | slowest session |",
            "| --- | --- | --- |",
            (f"| page runs finished a second (full and fragment) | {self.frames['p50']:.1f} /s "
             f"| {self.frames['min']:.1f} /s |" if self.frames else "| - | - | - |"),
            (f"| data received by the tab (websocket) | {self.bandwidth['p50'] / 1e3:.0f} kB/s "
             f"| max {self.bandwidth['max'] / 1e3:.0f} kB/s |" if self.bandwidth else ""),
            (f"| data received for the run (websocket) | {self.bytes_per_run['p50'] / 1e3:.0f} kB "
             f"| max {self.bytes_per_run['max'] / 1e3:.0f} kB |" if self.bytes_per_run else ""),
            (f"| chunks of data received for the run | {self.chunks['p50']:g} "
             f"| max {self.chunks['max']:g} |" if self.chunks else ""),
            (f"| seconds the animation waited for data | {self.waiting['p50']:.2f} s "
             f"| max {self.waiting['max']:.2f} s |" if self.waiting else ""),
            "",
            "| measure | value |", "| --- | --- |",
            f"| errors | {self.errors} |",
            f"| sessions with their own, right result | {self.correct} / {self.sessions} |",
            f"| server RSS at start{' (replicas added)' if self.replicas > 1 else ''} "
            f"| {self.rss_start_mb:.0f} MB |",
            f"| server RSS peak | {self.rss_peak_mb:.0f} MB |",
            f"| server RSS after the tabs closed | {self.rss_after_close_mb:.0f} MB |",
            f"| server CPU after the tabs closed | {100 * self.cpu_after_close:.1f} % of a core |",
            f"| server CPU during the test | {self.server_cpu_seconds:.1f} s |",
            f"| server CPU while they trained, a run (press -> all shown, / sessions) "
            f"| {self.train_cpu_seconds / max(self.sessions, 1):.3f} s |",
            f"| load generator CPU (same machine) | {self.client_cpu_seconds:.1f} s |",
            (f"| machine load (1-min load average, start / end; others' work included) "
             f"| {self.load_average[0]:.1f} / {self.load_average[1]:.1f} |"
             if self.load_average else ""),
        ]
        return "\n".join(lines)


def percentiles(values) -> dict:
    """p50, p95 (nearest rank) and max of a list of seconds; {} when empty."""
    values = sorted(v for v in values if v is not None)
    if not values:
        return {}
    rank95 = max(0, min(len(values) - 1, int(round(0.95 * len(values) + 0.5)) - 1))
    return {"p50": statistics.median(values), "p95": values[rank95], "max": values[-1],
            "min": values[0], "n": len(values)}


async def _sample_rss(server, peak: list, stop: asyncio.Event) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], server.rss_mb())
        try:
            await asyncio.wait_for(stop.wait(), 0.2)
        except asyncio.TimeoutError:
            pass


async def drive(scenario: Scenario, server, n: int, ramp: float, settle: float = 3.0,
                cold: bool = True) -> Report:
    """Drive ``n`` sessions against ``server`` (``url``, ``rss_mb()``, ``cpu_seconds()``: an
    ``AppServer``, a ``Deployment`` or a ``Running``): see the module docstring."""
    url = server.url
    n = min(int(n), MAX_SESSIONS)
    sessions = [Session(i, scenario.settings(i)) for i in range(n)]
    expected = {}
    for s in sessions:                       # before the load: this process's CPU, not theirs
        key = json.dumps(s.settings, sort_keys=True)
        if key not in expected:
            expected[key] = scenario.expected(s.settings)
    report = Report(scenario.name, n, ramp, cold, cores=len(os.sched_getaffinity(0)))
    report.rss_start_mb = server.rss_mb()
    load0 = os.getloadavg()[0]
    cpu0, wall0 = server.cpu_seconds(), time.perf_counter()
    client0 = resource.getrusage(resource.RUSAGE_SELF)
    peak, stop_sampling = [report.rss_start_mb], asyncio.Event()
    sampler = asyncio.create_task(_sample_rss(server, peak, stop_sampling))
    tabs = [Tab(url, scenario.page) for _ in range(n)]
    ready, go = [0], asyncio.Event()
    train_cpu = [0.0]
    opened, all_open = [0], asyncio.Event()

    def arrived():
        ready[0] += 1
        if ready[0] == n:
            train_cpu[0] = server.cpu_seconds()
            go.set()

    def open_now():
        opened[0] += 1
        if opened[0] == n:
            all_open.set()

    async def student(s: Session, tab: Tab) -> None:
        counted = counted_open = False
        try:
            await asyncio.sleep(ramp * s.index / max(n, 1))
            static = 0.0
            s.phase = "static"
            t0 = time.perf_counter()
            if cold:
                _, report.static_bytes = await tab.fetch_static(timeout=scenario.timeout,
                                                                extra=scenario.static_files)
            else:                            # the HTML only (and a sticky proxy's cookie)
                await tab.load_page(timeout=scenario.timeout)
            static = s.static = time.perf_counter() - t0
            s.phase = "open"
            await tab.open(timeout=scenario.timeout)
            s.first_paint = static + tab.first_paint
            s.page_ready = static + tab.page_ready
            open_now()
            counted_open = True
            await asyncio.wait_for(all_open.wait(), scenario.timeout * 2)
            s.phase = "prepare"
            await scenario.prepare(tab, s.settings)
            arrived()
            counted = True
            await asyncio.wait_for(go.wait(), scenario.timeout * 2)
            s.phase = "train"
            t0, runs0, bytes0 = time.perf_counter(), tab.finished_runs, tab.bytes_received
            result = await scenario.train(tab, s.settings)
            s.training = time.perf_counter() - t0
            s.frames = tab.finished_runs - runs0
            s.bytes = tab.bytes_received - bytes0
            s.bytes_per_second = s.bytes / s.training
            stats = scenario.stats(tab)
            s.chunks, s.waiting = stats.get("chunks"), stats.get("waiting")
            problem = scenario.check(result, expected[json.dumps(s.settings, sort_keys=True)])
            s.correct = problem is None
            if problem:
                s.error = f"wrong result: {problem}"
            s.phase = "done"
        except Exception as error:           # noqa: BLE001 - every failure is a finding
            s.error = f"{s.phase}: {type(error).__name__}: {error}"
        finally:
            if not counted_open:
                open_now()
            if not counted:
                arrived()

    await asyncio.gather(*(student(s, t) for s, t in zip(sessions, tabs)))
    report.train_cpu_seconds = server.cpu_seconds() - train_cpu[0] if go.is_set() else 0.0

    async def leave(tab: Tab) -> None:
        try:
            if tab.ws is not None:
                await asyncio.wait_for(scenario.leave(tab), 30)
        except Exception:                    # noqa: BLE001 - leaving is best effort
            pass
        finally:
            await tab.close()

    await asyncio.gather(*(leave(t) for t in tabs))
    await asyncio.sleep(settle)
    stop_sampling.set()
    await sampler
    report.rss_peak_mb = peak[0]
    report.rss_after_close_mb = server.rss_mb()
    c0, t0 = server.cpu_seconds(), time.perf_counter()
    await asyncio.sleep(settle)
    report.cpu_after_close = (server.cpu_seconds() - c0) / (time.perf_counter() - t0)
    report.server_cpu_seconds = server.cpu_seconds() - cpu0
    client1 = resource.getrusage(resource.RUSAGE_SELF)
    report.client_cpu_seconds = (client1.ru_utime - client0.ru_utime
                                 + client1.ru_stime - client0.ru_stime)
    report.wall_seconds = time.perf_counter() - wall0
    report.load_average = (load0, os.getloadavg()[0])
    report.static = percentiles(s.static for s in sessions)
    report.first_paint = percentiles(s.first_paint for s in sessions)
    report.page_ready = percentiles(s.page_ready for s in sessions)
    report.training = percentiles(s.training for s in sessions)
    report.frames = percentiles(s.frames / s.training for s in sessions if s.training)
    report.bandwidth = percentiles(s.bytes_per_second for s in sessions)
    report.bytes_per_run = percentiles(s.bytes for s in sessions if s.training)
    report.chunks = percentiles(s.chunks for s in sessions if s.training)
    report.waiting = percentiles(s.waiting for s in sessions if s.training)
    report.errors = sum(s.error is not None for s in sessions)
    report.correct = sum(s.correct for s in sessions)
    report.error_samples = [f"session {s.index}: {s.error}" for s in sessions if s.error][:10]
    return report


def run(scenario: Scenario, n: int, ramp: float = 5.0, url: str | None = None,
        pid: int | None = None, deadline: float = 600.0, log_dir: str | None = None,
        cold: bool = True, deployed: bool = True, replicas: int = 1,
        app: str | None = None, serve: bool = False) -> Report:
    """Start the app (unless ``url`` and ``pid`` are given), drive it, stop it.

    app: another copy of the app to measure (its app.py; its folder goes first on the path).
    serve: start it as ``make serve`` does (scripts/serve.py: one process a core behind
    HAProxy), its output and saved runs in ``log_dir`` (or a temporary folder).
    """
    async def bounded(server):
        return await asyncio.wait_for(drive(scenario, server, n, ramp, cold=cold), deadline)

    if url is not None:
        report = asyncio.run(bounded(Running(url, pid)))
        report.settings = "a running server"
        return report
    if serve:
        import tempfile
        with tempfile.TemporaryDirectory(prefix="nn-serve-") as folder, \
                Served(log_dir or folder) as server:
            report = asyncio.run(bounded(server))
        report.replicas = len(server.pids)
        report.settings = "`make serve` (scripts/serve.py)"
        return report
    script, args = ROOT / scenario.app, {}
    if app is not None:
        script = os.path.abspath(app)
        folder = os.path.dirname(script)
        args = {"cwd": folder, "env": {"PYTHONPATH": f"{folder}:{ROOT}"}}
    with Deployment(script, replicas, log_dir=log_dir, deployed=deployed, **args) as server:
        report = asyncio.run(bounded(server))
    report.replicas = replicas
    report.settings = ("deployment settings" if deployed else "Streamlit's defaults") + (
        f", app {app}" if app else "")
    return report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loadtest", description=__doc__.split("\n")[0])
    parser.add_argument("--scenario", choices=sorted(SCENARIOS), default="live")
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--ramp", type=float, default=5.0,
                        help="seconds over which the sessions arrive (default 5)")
    parser.add_argument("--deadline", type=float, default=600.0,
                        help="stop the whole run after this many seconds (default 600)")
    parser.add_argument("--warm", action="store_true",
                        help="skip loading the static files (a browser with a warm cache)")
    parser.add_argument("--streamlit-defaults", action="store_true",
                        help="start the app without the deployment's settings (DEPLOYED_ENV), "
                             "e.g. with gc.collect() after every run")
    parser.add_argument("--url", help="drive a running server instead of starting one")
    parser.add_argument("--pid", type=int, help="its process id (for RSS and CPU), with --url")
    parser.add_argument("--timeout", type=float,
                        help="seconds one press of Train may take to show its result")
    parser.add_argument("--replicas", type=int, default=1,
                        help="N > 1: N replicas behind HAProxy (deploy/haproxy.cfg), like "
                             "deploy/run_local.sh")
    parser.add_argument("--serve", action="store_true",
                        help="start the app as `make serve` does (one process a core behind "
                             "HAProxy) and measure that")
    parser.add_argument("--app", help="measure another copy of the app (path to its app.py)")
    parser.add_argument("--json", help="also write the report as JSON to this file")
    parser.add_argument("--log-dir", help="write the servers' output into this folder")
    args = parser.parse_args(argv)
    if args.url and not args.pid:
        parser.error("--url needs --pid (the server's process id, for RSS and CPU)")
    if args.serve and (args.url or args.app or args.replicas != 1 or args.streamlit_defaults):
        parser.error("--serve measures what `make serve` starts: without --url, --app, "
                     "--replicas, --streamlit-defaults")
    scenario = SCENARIOS[args.scenario]()
    if args.timeout:
        scenario.timeout = args.timeout
    report = run(scenario, args.sessions, args.ramp, args.url, args.pid,
                 args.deadline, args.log_dir, cold=not args.warm,
                 deployed=not args.streamlit_defaults, replicas=args.replicas, app=args.app,
                 serve=args.serve)
    print(report.table())
    for line in report.error_samples:
        print(line, file=sys.stderr)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(asdict(report), f, indent=2)
    return 0 if report.errors == 0 else 1
