"""Every test process: one BLAS thread, as the app and the load test's server run (results
computed here are compared with the server's to the last digits, and two threads change them);
a throwaway PostgreSQL server when a test asks for one; one Chromium for the browser tests.

Markers say which system part a test needs (`browser`: Debian's Chromium, `haproxy`,
`postgresql`): `make test` installs them first, `make test-quick` leaves those tests out. A test
that needs a missing part fails with the command that adds it; it is never skipped in silence.
The browser tests run last: a live sync Playwright marks its thread as running an asyncio loop,
so no test that uses asyncio may come after the browser is started."""
import os
import shutil
import tempfile
from pathlib import Path

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
# Saved runs of the app under test (AppTest, and the servers the tests start) go to a file of
# this test run, never to the user's own (~/.local/state/nn-learns/runs.sqlite); each xdist
# worker has its own (a worker inherits the variable from the process that started it).
if "NN_RUNS_DB" not in os.environ or os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ["NN_RUNS_DB"] = os.path.join(tempfile.mkdtemp(prefix="nn-test-runs-"),
                                            "runs.sqlite")

import pytest  # noqa: E402

from tests.chromium import CHROMIUM, launch  # noqa: E402
from tests.postgres_server import INSTALL_HINT, PostgresServer, bindir  # noqa: E402


@pytest.hookimpl(tryfirst=True)              # before xdist reads the xdist_group marks
def pytest_collection_modifyitems(config, items):
    """The `postgresql` mark on every test that uses the PostgreSQL server; the browser tests
    moved to the end, in their order. Under `--dist loadgroup` (make test), the browser tests
    that start servers of their own (not the shared ``app_server``) are one group: one worker
    runs them while the other runs the tests of the shared server."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "postgres_url" in fixtures:
            item.add_marker(pytest.mark.postgresql)
        if item.get_closest_marker("browser") and "app_server" not in fixtures:
            item.add_marker(pytest.mark.xdist_group("browser_own_servers"))
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def pytest_runtest_setup(item):
    if item.get_closest_marker("haproxy") and shutil.which("haproxy") is None:
        pytest.fail("haproxy is not installed (Debian: apt-get install haproxy); or leave the "
                    "proxy tests out: make test-quick", pytrace=False)


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL server of this test process (each xdist worker has its own), started from
    the installed binaries on first use and stopped at the end: its URL."""
    if bindir() is None:
        pytest.fail(f"{INSTALL_HINT}; or leave these tests out: make test-quick", pytrace=False)
    with PostgresServer() as server:
        yield server.url


def _reset_postgres(url: str) -> None:
    """An empty schema in the test database (the tables of classroom.store dropped)."""
    from sqlalchemy import create_engine

    from classroom import store
    engine = create_engine(url)
    try:
        store.metadata.drop_all(engine)
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def db_url(request, tmp_path):
    """A database URL for classroom.store: a new SQLite file, then the test PostgreSQL server
    (emptied first)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'runs.sqlite'}"
    url = request.getfixturevalue("postgres_url")
    _reset_postgres(url)
    from nn_ui.runs import student_db_ui as student_db   # the app's "tables made" mark of this process
    student_db._schema_ready.clear()
    return url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright, one for all the browser tests of this process
    (they run last: see the module's docstring)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium); or leave "
                    "the browser tests out: make test-quick", pytrace=False)
    with launch() as b:
        yield b
