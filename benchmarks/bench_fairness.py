"""Compute fairness over the real websocket: a student's own 2500-iteration cat run, played as
fast as it goes, alone and then beside two tabs that each alternate "next chunk" and Reset of a
10 000-iteration run 2.8 times a second (``loadtest.hostile.compute_fairness``), against one
``asgi.py`` server with the deployment's settings (one compute slot). The baseline is the same
student's run alone, measured in the same process just before.

    .venv/bin/python benchmarks/bench_fairness.py [--repeats 5]

Prints each run's seconds and the ratio of the medians (the goal: at most 1.5).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
from pathlib import Path

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from loadtest.hostile import compute_fairness  # noqa: E402
from loadtest.server import ROOT, AppServer  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5, help="runs alone, then beside the tabs")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        env = {"NN_RUNS_DB": str(Path(tmp) / "runs.sqlite")}
        with AppServer(ROOT / "asgi.py", env=env) as server:
            seconds = asyncio.run(compute_fairness(server.url, repeats=args.repeats))
    alone, hogged = seconds["alone"], seconds["with two hogs"]
    print("a student's 2500-iteration cat run, as fast as it goes (s):")
    print("  alone:               " + ", ".join(f"{s:.2f}" for s in alone))
    print("  beside the two tabs: " + ", ".join(f"{s:.2f}" for s in hogged))
    ratio = statistics.median(hogged) / statistics.median(alone)
    print(f"median {statistics.median(alone):.2f} s alone, {statistics.median(hogged):.2f} s "
          f"beside them: {ratio:.2f}x (goal: at most 1.5x); load average "
          f"{os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
