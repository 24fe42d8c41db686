"""The live view in Chromium, measured: how often the shown iteration (and the network graph's
edges) change, whether the cost chart is ever missing, how soon an α moved mid-run (the live
view's own control, several times in a row) shows on the curve; and for one student's own
2500-iteration cat run, the server's CPU (and the idle server's over as long, in the same run)
and the bytes sent.

    .venv/bin/python benchmarks/bench_live_view.py [--others 39]

--others N: N more students play their own runs at once over websockets (the load test's
live-watch students) while the Chromium tab is measured. --replicas 2: the app as deployed for a
class (two replicas behind HAProxy, deploy/). The baseline, measured first in the same run: the
CPU nn_core alone takes for the same 2500 iterations (the machine's speed), with BLAS on one
thread as the app's processes run it (set here: a baseline on two threads counts both threads'
CPU for these small products, 0.26 s instead of 0.15, and made a run look cheaper than nn_core).
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
    os.environ[_var] = "1"                  # before NumPy: the baseline as the server computes
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from loadtest.run import drive  # noqa: E402
from loadtest.scenarios import Live  # noqa: E402
from loadtest.deployment import Deployment  # noqa: E402

SAMPLER = """() => new Promise(done => {
    const t0 = performance.now(); let frames = 0, missing = 0, noGraph = 0, changes = 0, last = null;
    let edgeChanges = 0, lastEdges = null;
    function tick() {
        const it = document.querySelector('[data-testid="live-iteration"]');
        const chart = document.querySelector('[data-testid="live-cost"] .main-svg');
        const graph = document.querySelector('[data-testid="live-graph"]');
        frames += 1;
        if (!chart || !chart.isConnected || chart.getBoundingClientRect().height < 50) missing += 1;
        if (!graph || graph.getBoundingClientRect().height < 50) noGraph += 1;
        const v = it ? it.textContent : null;
        if (v !== last) { changes += 1; last = v; }
        const edges = Array.from(document.querySelectorAll('[data-testid="live-edge"]'),
            p => p.getAttribute('stroke-width') + p.getAttribute('stroke')).join();
        if (lastEdges !== null && edges !== lastEdges) edgeChanges += 1;
        lastEdges = edges;
        if (performance.now() - t0 < 6000) requestAnimationFrame(tick);
        else done({frames, missing, noGraph, changes, edgeChanges,
                   seconds: (performance.now() - t0) / 1000});
    }
    requestAnimationFrame(tick);
})"""


# From the key press (the control's keydown, in the page) to the first animation frame whose
# chart has a stretch at the new α with two iterations: the k-th move makes stretch k + 2.
ALPHA_WATCH = """(k) => {
    const control = document.querySelector('[data-testid="live-alpha"]');
    window.__alpha = null;
    control.addEventListener('keydown', () => {
        const t0 = performance.now();
        const check = () => {
            const el = document.querySelector('[data-testid="live-cost"]');
            const t = el && el._fullData ? el._fullData.filter(t => (t.name || '').includes('α'))
                : [];
            if (t.length >= k + 2 && t[t.length - 1].x.length > 1) {
                window.__alpha = (performance.now() - t0) / 1000;
            } else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
    }, {once: true});
}"""


def chromium_figures(url: str, moves: int, query: str = "") -> dict:
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                              args=["--no-sandbox", "--disable-gpu"])
        page = b.new_page(viewport={"width": 1440, "height": 900})
        page.goto(f"{url}/live_training" + (f"?{query}" if query else ""))
        page.get_by_test_id("live-iteration").wait_for(timeout=120_000)
        page.wait_for_timeout(1500)
        page.get_by_test_id("live-play").click()
        t0 = time.perf_counter()           # Play to the first iteration past 0 shown
        page.wait_for_function("""() => +document.querySelector('[data-testid="live-iteration"]')
            .textContent.replace(/,/g, '') > 0""", timeout=120_000)
        started = time.perf_counter() - t0
        page.wait_for_timeout(500)
        sampled = page.evaluate(SAMPLER)
        sampled["started"] = started
        # α moved mid-run, a notch up or down each time, with the live view's own control: how
        # long until the curve has a stretch at the new α (the k-th move makes stretch k + 2)
        control = page.get_by_test_id("live-alpha")
        sampled["alpha_seconds"] = []
        for k in range(moves):
            control.focus()
            page.evaluate(ALPHA_WATCH, k)
            control.press("ArrowRight" if k % 2 == 0 else "ArrowLeft")
            page.wait_for_function("() => window.__alpha !== null", timeout=30_000)
            sampled["alpha_seconds"].append(page.evaluate("window.__alpha"))
            page.wait_for_timeout(1000)
        b.close()
    return sampled


def training_baseline() -> float:
    """CPU seconds of nn_core alone for the same 2500-iteration run in this process, the Gram
    matrix included (median of 3): the machine's speed, the figures' baseline."""
    from nn_core import Trainer
    X, Y, _ = Live.inputs("cats")
    times = []
    for _ in range(3):
        c0 = time.process_time()
        Trainer(X, Y, [X.shape[0], 8, 1], "relu", learning_rate=0.0075, init="he", seed=7,
                gram=X.T @ X).run(2500)
        times.append(time.process_time() - c0)
    return sorted(times)[1]


def ready_at_start(logs: Path, replicas: int, timeout: float = 120.0) -> None:
    """Wait until every replica has computed the default run at start (asgi.py), so that no
    figure counts that work."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        texts = [(logs / f"replica{i + 1}.log").read_text(errors="replace")
                 if (logs / f"replica{i + 1}.log").exists() else "" for i in range(replicas)]
        if all("computed at start" in t for t in texts):
            return
        time.sleep(0.2)
    raise RuntimeError(f"the default run was not computed at start within {timeout:g} s")


def one_run(server, dataset: str = "cats", hidden: tuple = (8,), seed: int = 7) -> dict:
    """One student, their own seed (another each run measured: the server computes a run two
    sessions play alike once, ``nn_ui.live.shared_tape``), the whole 2500-iteration run (the
    cats, or ``dataset`` with ``hidden``) at the default speed; and the same server idle (no student) for as long as
    that run was watched: the CPU a Streamlit server spends on its own (its event loop and
    timers), the baseline of the figure."""
    scenario = Live(iterations=2500, speed=100, name="one", dataset=dataset, hidden=hidden)
    scenario.settings = lambda i: {"dataset": dataset, "seed": seed,
                                   "lr": 0.0075 if dataset == "cats" else 0.3,
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
    parser.add_argument("--moves", type=int, default=8, help="α moves in a row, timed")
    parser.add_argument("--replicas", type=int, choices=(1, 2), default=1,
                        help="2: as deployed for a class, two replicas behind HAProxy")
    parser.add_argument("--data", default="cats", help="the data set of the runs measured")
    parser.add_argument("--hidden", default="8", help="their hidden layers, e.g. 4,3")
    args = parser.parse_args()
    hidden = tuple(int(n) for n in args.hidden.split(","))
    what = f"{'cat' if args.data == 'cats' else args.data} {args.hidden}"
    query = "" if args.data == "cats" and hidden == (8,) else \
        f"data={args.data}&hidden={args.hidden}&seed=7"
    base = training_baseline()
    print(f"baseline: nn_core trains the same 2500 iterations (seed 7) in {base:.3f} s of CPU "
          f"in this process")
    logs = Path(tempfile.mkdtemp(prefix="bench_live_view_"))
    with Deployment("asgi.py", replicas=args.replicas, log_dir=str(logs)) as server:
        ready_at_start(logs, args.replicas)
        if not args.others:
            runs = [one_run(server, args.data, hidden, 7 + k) for k in range(args.runs)]
            for k, r in enumerate(runs):
                print(f"one student's own 2500-iteration {what} run (seed {7 + k}, 100 "
                      f"iterations a "
                      f"second, watched {r['seconds']:.1f} s): server CPU {r['cpu']:.3f} s; the "
                      f"idle server over as long: {r['idle']:.3f} s; the run's own "
                      f"{r['cpu'] - r['idle']:.3f} s; {r['bytes'] / 1e3:.0f} kB received over "
                      f"the websocket, {r['chunks']} chunks, right result: {r['correct'] == 1}")
            own = sorted(r["cpu"] - r["idle"] for r in runs)
            raw = sorted(r["cpu"] for r in runs)
            print(f"median of {len(runs)}: server CPU {raw[len(raw) // 2]:.3f} s, the run's own "
                  f"{own[len(own) // 2]:.3f} s (target 0.35 s), "
                  f"{own[len(own) // 2] / base:.2f} x the baseline")
        others = {}
        if args.others:
            def load():
                scenario = Live(iterations=2500, speed=100, name="live-watch", dataset=args.data,
                                hidden=hidden)
                rep = asyncio.run(drive(scenario, server, n=args.others, ramp=2.0, settle=1.0))
                others.update(errors=rep.errors, correct=rep.correct, n=args.others,
                              cpu=rep.train_cpu_seconds / max(args.others, 1))
            thread = threading.Thread(target=load)
            thread.start()
            time.sleep(12.0)          # they have opened the page and pressed Play
        c = chromium_figures(server.url, args.moves, query)
        alpha = sorted(c["alpha_seconds"])
        print(f"Chromium{' with %d others playing' % args.others if args.others else ' alone'}: "
              f"{c['changes'] / c['seconds']:.0f} updates of the shown iteration a second, "
              f"{c['edgeChanges'] / c['seconds']:.0f} of the graph's edges, "
              f"{c['frames'] / c['seconds']:.0f} animation frames a second, {c['missing']} of "
              f"{c['frames']} frames without the cost chart, {c['noGraph']} without the network "
              f"graph (6 s, from 0.5 s after the first iteration past 0 was shown, "
              f"{c['started']:.2f} s after Play; {what})")
        print(f"α moved mid-run {len(alpha)} times in a row: a stretch at the new α on the curve "
              f"after " + ", ".join(f"{t:.2f}" for t in c["alpha_seconds"]) + " s (median "
              f"{alpha[len(alpha) // 2]:.2f} s, the slowest {alpha[-1]:.2f} s; target 0.5 s)")
        if args.others:
            thread.join()
            print(f"the {others['n']} others: {others['errors']} errors, {others['correct']} / "
                  f"{others['n']} with their own right result, server CPU "
                  f"{others['cpu']:.3f} s a run ({others['cpu'] / base:.2f} x the baseline)")


if __name__ == "__main__":
    main()
