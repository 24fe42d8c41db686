"""A lecture hall on this machine: ``n - 1`` students of the load test (``live-watch``: each
their own seed, the 2500-iteration cat run watched at 100 iterations a second, arriving over
``--ramp`` seconds with empty caches, all pressing Play together) and one Chromium tab that
arrives with them (its own seed, or the page's defaults with ``--defaults``), against what
``make serve`` starts (or another copy of the app, ``--app``, one process, for a comparison
with older code).

    .venv/bin/python benchmarks/bench_lecture_hall.py --sessions 120 [--app ../old/app.py]

Prints the load test's table and, for the Chromium tab: how long its Play button took to
appear, then over the whole run the updates of the shown iteration a second, the longest
standstill before the end, and frames without the cost chart; then what the machine's cores
did meanwhile (the tab's CPU, the server's, the load generator's: all on this one machine). The
baseline is the machine's speed, measured first: the CPU nn_core alone takes for one student's
run.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_live_view import training_baseline  # noqa: E402
from loadtest.deployment import Deployment, Served  # noqa: E402
from loadtest.run import drive  # noqa: E402
from loadtest.server import proc_cpu_seconds  # noqa: E402
from loadtest.scenarios import live_watch  # noqa: E402

# The whole run: each change of the shown iteration, the longest time it stood still before
# the end (and each time over 0.5 s: when after Play, how long, at which iteration), and the
# frames without the cost chart.
WATCH = """(end) => new Promise(done => {
    const t0 = performance.now(); let frames = 0, missing = 0, changes = 0, last = null;
    let lastChange = t0, still = 0, stills = [];
    function tick() {
        const now = performance.now();
        const it = document.querySelector('[data-testid="live-iteration"]');
        const chart = document.querySelector('[data-testid="live-cost"] .main-svg');
        frames += 1;
        if (!chart || chart.getBoundingClientRect().height < 50) missing += 1;
        const v = it ? +it.textContent.replace(/,/g, '') : null;
        if (v !== last) { if (now - lastChange > 500) stills.push([(lastChange - t0) / 1000,
                              (now - lastChange) / 1000, last === null ? 0 : last]);
                          still = Math.max(still, now - lastChange); changes += 1;
                          last = v; lastChange = now; }
        if (v >= end || now - t0 > 120000) done({frames, missing, changes, stills, still: still / 1000,
                                                 seconds: (now - t0) / 1000, reached: v});
        else requestAnimationFrame(tick);
    }
    requestAnimationFrame(tick);
})"""


def chromium_tab(url: str, arrive: float, play_at: threading.Event, out: dict,
                 query: str) -> None:
    """A student's Chromium tab: arrives ``arrive`` s in (the page's link with ``query``),
    presses Play with the others."""
    from playwright.sync_api import sync_playwright
    time.sleep(arrive)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                              args=["--no-sandbox", "--disable-gpu"])
        page = b.new_page(viewport={"width": 1440, "height": 900})
        t0 = time.perf_counter()
        page.goto(f"{url}/live_training" + (f"?{query}" if query else ""))
        page.get_by_test_id("live-play").wait_for(timeout=180_000)
        out["play_button"] = time.perf_counter() - t0
        play_at.wait(300)
        cpu0 = chromium_cpu_seconds()
        page.get_by_test_id("live-play").click()
        out.update(page.evaluate(WATCH, 2500))
        out["cpu"] = chromium_cpu_seconds() - cpu0
        b.close()


def chromium_cpu_seconds() -> float:
    """User + system CPU seconds of every Chromium process on this machine (the tab's: the
    benchmark runs no other browser)."""
    total = 0.0
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            program = cmdline.read_bytes().split(b"\0", 1)[0].split(b" ", 1)[0]
            if program.endswith(b"/chromium"):         # its children rewrite their cmdline
                total += proc_cpu_seconds(int(cmdline.parent.name))
        except (OSError, ValueError):
            pass
    return total


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=120, help="students, the tab included")
    parser.add_argument("--ramp", type=float, default=10.0)
    parser.add_argument("--app", help="another copy of the app (its asgi.py), one process")
    parser.add_argument("--defaults", action="store_true",
                        help="the tab plays the page's defaults (the run shared by the server), "
                             "not a seed of its own")
    args = parser.parse_args(argv)
    base = training_baseline()
    print(f"baseline: nn_core trains one student's 2500 iterations in {base:.3f} s of CPU")
    n = args.sessions - 1
    with tempfile.TemporaryDirectory(prefix="nn-hall-") as folder:
        if args.app:
            app = os.path.abspath(args.app)
            where = os.path.dirname(app)
            server = Deployment(app, 1, log_dir=folder, cwd=where,
                                env={"PYTHONPATH": f"{where}:{ROOT}"})
        else:
            server = Served(folder)
        with server:
            tab, play_at = {}, threading.Event()
            browser = threading.Thread(target=chromium_tab,
                                       args=(server.url, args.ramp / 2, play_at, tab,
                                             "" if args.defaults else "seed=7"))
            browser.start()
            scenario = live_watch()
            pressed = scenario.train

            async def train(t, s):              # the tab presses Play with the first of them
                play_at.set()
                return await pressed(t, s)
            scenario.train = train
            report = asyncio.run(drive(scenario, server, n, args.ramp))
            browser.join(300)
    print(report.table())
    w, f = report.waiting, report.first_paint
    print(f"\nfirst paint p50 {f['p50']:.2f} s, p95 {f['p95']:.2f} s; the animations waited "
          f"for data p50 {w['p50']:.2f} s, p95 {w['p95']:.2f} s, max {w['max']:.2f} s "
          f"(targets: first paint p95 <= 3 s, waits p95 <= 1 s)")
    print(f"server CPU a run {report.train_cpu_seconds / max(n, 1):.3f} s: "
          f"{report.train_cpu_seconds / max(n, 1) / base:.2f} x nn_core's")
    if "seconds" in tab:
        print(f"Chromium tab arriving with them ({'app ' + args.app if args.app else 'make serve'}"
              f", {'the defaults' if args.defaults else 'its own seed'}): Play button after {tab['play_button']:.2f} s; over the whole run "
              f"({tab['seconds']:.1f} s, to iteration {tab['reached']}): "
              f"{tab['changes'] / tab['seconds']:.0f} updates of the shown iteration a second, "
              f"the longest standstill {tab['still']:.2f} s, {tab['missing']} of {tab['frames']} "
              f"frames without the cost chart")
        print("  where it stood still over 0.5 s: " + ("; ".join(
            f"{d:.2f} s at iteration {int(i)} ({t:.1f} s after Play)"
            for t, d, i in tab["stills"]) or "nowhere"))
        print(f"the machine over the tab's run: the tab {tab['cpu']:.1f} s of CPU "
              f"({tab['cpu'] / tab['seconds']:.2f} of a core), the server "
              f"{report.train_cpu_seconds:.1f} s while the students trained, the load "
              f"generator {report.client_cpu_seconds:.1f} s in all; "
              f"{report.cores} cores x {tab['seconds']:.1f} s = "
              f"{report.cores * tab['seconds']:.0f} core-seconds")
    else:
        print(f"Chromium tab: did not finish ({tab})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
