"""Every test process: one BLAS thread, as the app and the load test's server run. Results
computed here are compared with the server's to the last digits, and two threads change them."""
import os
import tempfile

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
# Saved runs of the app under test (AppTest, and the servers the tests start) go to a file of
# this test run, never to the user's own (~/.local/state/nn-learns/runs.sqlite).
os.environ.setdefault("NN_RUNS_DB", os.path.join(tempfile.mkdtemp(prefix="nn-test-runs-"),
                                                 "runs.sqlite"))

import pytest  # noqa: E402

#: A PostgreSQL server for the tests that need one (.ci/run starts a throwaway one and sets it).
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")


def _reset_postgres(url: str) -> None:
    """An empty schema in the test database (the tables of classroom.store dropped)."""
    from sqlalchemy import create_engine

    from classroom import store
    engine = create_engine(url)
    try:
        store.metadata.drop_all(engine)
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A database URL for classroom.store: a new SQLite file, then the test PostgreSQL server
    (emptied first; skipped with a reason when TEST_POSTGRES_URL is not set)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'runs.sqlite'}"
    if not POSTGRES_URL:
        pytest.skip("no PostgreSQL server: set TEST_POSTGRES_URL (.ci/run starts one)")
    _reset_postgres(POSTGRES_URL)
    from nn_ui.runs import student_db_ui as student_db   # the app's "tables made" mark of this process
    student_db._schema_ready.clear()
    return POSTGRES_URL
