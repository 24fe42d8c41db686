"""Fresh browser tokens from one computer, over the real websocket (``asgi.py``: the guard names
the client's address to the page; ``classroom.quota`` counts the students that save from it):
past the hour's allowance a token's runs are not saved and the page says why; another address
is not affected."""
import asyncio

import pytest
from sqlalchemy import create_engine, select

from classroom import store
from loadtest.protocol import Tab
from loadtest.scenarios import Live
from loadtest.server import ROOT, AppServer

WORDS = "different students have saved runs from this computer"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("quota") / "runs.sqlite"
    env = {"NN_RUNS_DB": str(db), "CLASSROOM_NEW_STUDENTS_PER_HOUR": "2"}
    with AppServer(ROOT / "asgi.py", env=env) as running:
        yield running, db


async def _finish_a_run(url: str, address: str, token: str) -> str:
    scenario = Live(iterations=20, dataset="flower")
    tab = Tab(url, page="live_training",
              headers={"X-Forwarded-For": address, "Cookie": f"nn_learns_student={token}"})
    await tab.open(timeout=120)
    try:
        await scenario.prepare(tab, scenario.settings(1))
        await scenario.view(tab).play(120)             # saved as it reached its end
        await tab.rerun(timeout=60)                    # the page as it is now, top included
        return " ".join(tab.texts())
    finally:
        await tab.close()


def test_fresh_tokens_from_one_address_are_bounded_and_said(server):
    running, db = server
    tokens = [f"{n:064x}" for n in range(1, 5)]

    async def scenario():
        said = [await _finish_a_run(running.url, "10.0.0.90", t) for t in tokens[:3]]
        said.append(await _finish_a_run(running.url, "10.0.0.91", tokens[3]))
        return said

    said = asyncio.run(asyncio.wait_for(scenario(), 600))
    assert [WORDS in text for text in said] == [False, False, True, False]
    engine = create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            saved = set(conn.execute(select(store.runs.c.student)).scalars())
    finally:
        engine.dispose()
    assert saved == {store.student_id(t) for t in (tokens[0], tokens[1], tokens[3])}
