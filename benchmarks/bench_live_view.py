"""The live view in Chromium, measured: how often the shown iteration changes, whether the cost
chart is ever missing, how soon a changed α shows on the curve; and for one student's own
2500-iteration cat run, the server's CPU (and the idle server's over as long, in the same run)
and the bytes sent.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/bench_live_view.py [--others 39]

--others N: N more students play their own runs at once over websockets (the load test's
live-watch students) while the Chromium tab is measured.
"""
from __future__ import annotations

import argparse
import asyncio
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from loadtest.run import drive  # noqa: E402
from loadtest.scenarios import Live  # noqa: E402
from loadtest.server import AppServer  # noqa: E402

SAMPLER = """() => new Promise(done => {
    const t0 = performance.now(); let frames = 0, missing = 0, changes = 0, last = null;
    function tick() {
        const it = document.querySelector('[data-testid="live-iteration"]');
        const chart = document.querySelector('[data-testid="live-cost"] .main-svg');
        frames += 1;
        if (!chart || !chart.isConnected || chart.getBoundingClientRect().height < 50) missing += 1;
        const v = it ? it.textContent : null;
        if (v !== last) { changes += 1; last = v; }
        if (performance.now() - t0 < 6000) requestAnimationFrame(tick);
        else done({frames, missing, changes, seconds: (performance.now() - t0) / 1000});
    }
    requestAnimationFrame(tick);
})"""


def chromium_figures(url: str) -> dict:
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                              args=["--no-sandbox", "--disable-gpu"])
        page = b.new_page(viewport={"width": 1440, "height": 900})
        page.goto(f"{url}/live_training")
        page.get_by_test_id("live-iteration").wait_for(timeout=120_000)
        page.wait_for_timeout(1500)
        page.get_by_test_id("live-play").click()
        page.wait_for_timeout(500)
        sampled = page.evaluate(SAMPLER)
        # α one notch up mid-run: how long until the curve has a stretch at the new α
        slider = page.get_by_test_id("stSlider").filter(has_text="Learning rate") \
            .get_by_role("slider")
        slider.focus()
        t0 = time.perf_counter()
        slider.press("ArrowRight")
        page.wait_for_function("""() => { const el = document.querySelector(
            '[data-testid="live-cost"]'); return el && el._fullData &&
            el._fullData.some(t => (t.name || '').includes('α 0.01') && t.x.length > 1); }""",
                               timeout=30_000)
        sampled["alpha_seconds"] = time.perf_counter() - t0
        b.close()
    return sampled


def one_run(server) -> dict:
    """One student, their own seed, the whole 2500-iteration cat run at the default speed; and
    the same server idle (no student) for as long as that run was watched: the CPU a Streamlit
    server spends on its own (its event loop and timers), the baseline of the figure."""
    scenario = Live(iterations=2500, speed=100, name="one")
    scenario.settings = lambda i: {"dataset": "cats", "seed": 7, "lr": 0.0075,
                                   "iterations": 2500, "speed": 100}
    report = asyncio.run(drive(scenario, server, n=1, ramp=0.0, settle=1.0, cold=False))
    watched = report.training.get("max", 0.0)
    c0 = server.cpu_seconds()
    time.sleep(watched)
    idle = server.cpu_seconds() - c0
    return {"cpu": report.train_cpu_seconds, "idle": idle, "seconds": watched,
            "bytes": report.bytes_per_run.get("max"), "chunks": report.chunks.get("max"),
            "errors": report.errors, "correct": report.correct}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--others", type=int, default=0)
    parser.add_argument("--runs", type=int, default=5, help="own-seed runs measured (alone)")
    args = parser.parse_args()
    with AppServer("asgi.py" if (ROOT / "asgi.py").exists() else "app.py") as server:
        if not args.others:
            runs = [one_run(server) for _ in range(args.runs)]
            for r in runs:
                print(f"one student's own 2500-iteration cat run (seed 7, 100 iterations a "
                      f"second, watched {r['seconds']:.1f} s): server CPU {r['cpu']:.3f} s; the "
                      f"idle server over as long: {r['idle']:.3f} s; the run's own "
                      f"{r['cpu'] - r['idle']:.3f} s; {r['bytes'] / 1e3:.0f} kB received over "
                      f"the websocket, {r['chunks']} chunks, right result: {r['correct'] == 1}")
            own = sorted(r["cpu"] - r["idle"] for r in runs)
            raw = sorted(r["cpu"] for r in runs)
            print(f"median of {len(runs)}: server CPU {raw[len(raw) // 2]:.3f} s, the run's own "
                  f"{own[len(own) // 2]:.3f} s (target 0.35 s)")
        others = {}
        if args.others:
            def load():
                scenario = Live(iterations=2500, speed=100, name="live-watch")
                rep = asyncio.run(drive(scenario, server, n=args.others, ramp=2.0, settle=1.0))
                others.update(errors=rep.errors, correct=rep.correct, n=args.others,
                              cpu=rep.train_cpu_seconds / max(args.others, 1))
            thread = threading.Thread(target=load)
            thread.start()
            time.sleep(12.0)          # they have opened the page and pressed Play
        c = chromium_figures(server.url)
        print(f"Chromium{' with %d others playing' % args.others if args.others else ' alone'}: "
              f"{c['changes'] / c['seconds']:.0f} updates of the shown iteration a second, "
              f"{c['frames'] / c['seconds']:.0f} animation frames a second, {c['missing']} of "
              f"{c['frames']} frames without the cost chart (6 s); α moved mid-run: a stretch at "
              f"the new α on the curve after {c['alpha_seconds']:.2f} s")
        if args.others:
            thread.join()
            print(f"the {others['n']} others: {others['errors']} errors, {others['correct']} / "
                  f"{others['n']} with their own right result, server CPU "
                  f"{others['cpu']:.3f} s a run")


if __name__ == "__main__":
    main()
