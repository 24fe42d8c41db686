"""What saving runs costs (classroom.store): milliseconds per saved run, and the size of the
database for a class of 40 students with 10 runs each, in SQLite and in PostgreSQL (--postgres
URL, else a throwaway server of Debian's PostgreSQL, as the tests start one).

    .venv/bin/python benchmarks/bench_saving.py [--postgres postgresql+psycopg://...]

Two kinds of run, as a class makes them: the article's cat network (12288-8-1: 98 321 float64
parameters, 2500 costs, a test cost every 20 iterations) and a 2-D one (2-8-1, 2500 costs).
The baseline in the same run: writing the same .npz payloads to plain files (what any save of
those arrays costs, without a database). A student's PARAMS_KEPT newest runs keep their
parameters (store.PARAMS_KEPT), so the class's size counts 3 runs with parameters a student.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from classroom import store  # noqa: E402
from tests.postgres_server import INSTALL_HINT, PostgresServer, bindir  # noqa: E402

STUDENTS, RUNS_EACH = 40, 10


def a_run(uid: str, dims: tuple[int, ...], rng, iterations: int = 2500) -> store.SavedRun:
    params = {}
    for l in range(1, len(dims)):
        params[f"W{l}"] = rng.normal(0, np.sqrt(2 / dims[l - 1]), (dims[l], dims[l - 1]))
        params[f"b{l}"] = rng.normal(0, 0.01, (dims[l], 1))
    costs = 0.69 * np.exp(-np.arange(iterations) / 700) + rng.normal(0, 1e-3, iterations)
    test_it = np.arange(0, iterations + 1, 20, dtype=float)
    return store.SavedRun(
        uid=uid, label=f"run {uid}", settings={"dataset": "cats", "hidden": list(dims[1:-1]),
                                               "activation": "relu", "init": "he", "seed": 1,
                                               "scaling": "scale", "layer_dims": list(dims)},
        alphas=[(0, 0.0075)], iterations=iterations, status="trained", diverged=False,
        costs=costs, train_accuracies=np.clip(1 - costs, 0, 1), test_iterations=test_it,
        test_costs=0.7 * np.exp(-test_it / 900), parameters=params, train_accuracy=0.9,
        test_accuracy=0.7, finished=True)


def ms_per_save(engine, run: store.SavedRun, repeats: int) -> float:
    times = []
    for i in range(repeats):
        student = store.student_id(f"{i + 1:064x}")
        t0 = time.perf_counter()
        store.save_run(engine, student, run)
        times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times)


def ms_per_file(run: store.SavedRun, folder: Path, repeats: int) -> float:
    times = []
    for i in range(repeats):
        t0 = time.perf_counter()
        (folder / f"payload{i}.npz").write_bytes(store._pack(run))
        (folder / f"parameters{i}.npz").write_bytes(store._npz(run.parameters))
        times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times)


def fill_class(engine, dims, rng) -> float:
    """40 students x 10 runs; returns seconds taken."""
    t0 = time.perf_counter()
    for s in range(STUDENTS):
        student = store.student_id(f"{s + 1000:064x}")
        for r in range(RUNS_EACH):
            store.save_run(engine, student, a_run(f"c{s}r{r}", dims, rng), now=1e9 + s * 10 + r)
    return time.perf_counter() - t0


def size_mb(engine, sqlite_path: Path | None) -> float:
    if sqlite_path is not None:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text("VACUUM"))
        return sqlite_path.stat().st_size / 1e6
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        # the space of the parameters set to NULL (older runs) is reused after autovacuum;
        # VACUUM FULL gives it back, so the size measured is what the rows hold
        c.execute(text("VACUUM FULL"))
        return sum(c.execute(text("select pg_total_relation_size(:t)"), {"t": t}).scalar_one()
                   for t in store.metadata.tables) / 1e6


def bench(name: str, make_engine, sqlite_path, repeats: int, folder: Path) -> None:
    rng = np.random.default_rng(0)
    for kind, dims in (("cats 12288-8-1", (12288, 8, 1)), ("2-D 2-8-1", (2, 8, 1))):
        engine = make_engine()
        store.metadata.drop_all(engine)
        store.create_schema(engine)
        run = a_run("bench", dims, rng)
        payload_kb = (len(store._pack(run)) + len(store._npz(run.parameters))) / 1e3
        save = ms_per_save(engine, run, repeats)
        plain = ms_per_file(run, folder, repeats)
        t0 = time.perf_counter()
        loaded = store.load_runs(engine, store.student_id(f"{1:064x}"))
        load_ms = 1000 * (time.perf_counter() - t0)
        assert len(loaded) == 1
        store.metadata.drop_all(engine)
        store.create_schema(engine)
        seconds = fill_class(engine, dims, rng)
        mb = size_mb(engine, sqlite_path)
        print(f"{name:10s} {kind:15s} payload {payload_kb:7.1f} kB  save {save:6.2f} ms/run "
              f"(file alone {plain:5.2f} ms: x{save / plain:4.1f})  load 1 run {load_ms:5.2f} ms"
              f"  class of {STUDENTS} x {RUNS_EACH}: {mb:7.1f} MB, filled in {seconds:5.1f} s")
        store.metadata.drop_all(engine)
        engine.dispose()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--postgres", help="a PostgreSQL server's SQLAlchemy URL (default: a "
                    "throwaway one)")
    ap.add_argument("--repeats", type=int, default=15)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "runs.sqlite"

        def sqlite():
            if path.exists():
                path.unlink()
            return create_engine(f"sqlite:///{path}")
        bench("SQLite", sqlite, path, args.repeats, folder)
        if args.postgres:
            bench("PostgreSQL", lambda: create_engine(args.postgres), None, args.repeats,
                  folder)
        elif bindir() is not None:                  # a throwaway server, as the tests start
            with PostgresServer() as server:
                bench("PostgreSQL", lambda: create_engine(server.url), None, args.repeats,
                      folder)
        else:
            print(f"PostgreSQL: not measured ({INSTALL_HINT}; or give --postgres URL)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
