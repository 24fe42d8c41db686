"""Uploads over the real endpoint (``PUT /_stcore/upload_file/<session>/<id>``), from a scripted
client: one tab cannot pile files up in the server's memory (``classroom.uploads``), and what it
held is given back when its websocket closes."""
import asyncio
import time

import pytest

from classroom.uploads import MB, Refusal, Ticket, UploadLedger, UploadRules
from loadtest.hostile import http, upload, upload_flood
from loadtest.protocol import Tab
from loadtest.server import ROOT, AppServer


def test_the_ledger_bounds_a_session_and_an_address():
    ledger = UploadLedger(UploadRules(file_bytes=10, session_files=2, session_bytes=15,
                                      address_bytes=25, address_in_flight=2))
    a = ledger.start("s1", "1.2.3.4", "f1", 8)
    b = ledger.start("s1", "1.2.3.4", "f2", 8)            # 16 > 15 for the session
    assert isinstance(a, Ticket) and isinstance(b, Refusal) and b.status == 413
    a.received = 8
    ledger.finish(a, stored=True)
    assert ledger.held(session="s1") == 8 and ledger.held(address="1.2.3.4") == 8
    assert ledger.start("s1", "1.2.3.4", "f3", 11).status == 413      # over one file
    c, e = ledger.start("s2", "1.2.3.4", "g1", None), ledger.start("s3", "1.2.3.4", "h1", 1)
    assert isinstance(c, Ticket) and c.reserved == 10                 # no length: a whole file
    d = ledger.start("s4", "1.2.3.4", "k1", 1)
    assert isinstance(d, Refusal) and d.status == 429                 # two under way already
    ledger.finish(c, stored=False)
    ledger.finish(e, stored=False)
    assert ledger.held(address="1.2.3.4") == 8
    files, _ = ledger.end_session("s1")
    assert files == ["f1"] and ledger.held() == 0


@pytest.fixture(scope="module")
def server():
    with AppServer(ROOT / "asgi.py") as running:
        yield running


async def held_by_streamlit(url: str) -> int:
    """Bytes of uploads Streamlit keeps, from its metrics (readable on the host itself)."""
    import re
    status, _, body = await http(url, "GET", "/_stcore/metrics")
    assert status == 200
    found = re.search(rb'UploadedFileManager[^\n]*\}\s+(\d+)', body)
    return int(found.group(1)) if found else 0


async def _one_tab_floods(server, files=80, size=9_500_000):
    tab = Tab(server.url, headers={"X-Forwarded-For": "10.0.0.66"})
    await tab.open(timeout=60)
    rss = {"start": server.rss_mb()}
    peak = [rss["start"]]
    sampling = True

    async def sample():
        while sampling:
            peak.append(server.rss_mb())
            await asyncio.sleep(0.1)

    sampler = asyncio.create_task(sample())
    statuses = await upload_flood(tab, files=files, size=size)
    rss["full"] = server.rss_mb()
    held = {"full": await held_by_streamlit(server.url)}
    # a second session from the same address: the address is full
    other = Tab(server.url, headers={"X-Forwarded-For": "10.0.0.66",
                                     "Cookie": tab.headers.get("Cookie", "")})
    await other.open(timeout=60)
    other_statuses = await upload_flood(other, files=files // 2, size=size)
    await other.close()
    # a student elsewhere still uploads
    student = Tab(server.url, headers={"X-Forwarded-For": "10.0.0.67"})
    await student.open(timeout=60)
    student_status = await upload(student, b"\xff\xd8" + b"x" * 200_000)
    await student.close()
    await tab.close()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (await held_by_streamlit(server.url)) > 0:
        await asyncio.sleep(0.2)                          # freed when the tab closed
    held["closed"] = await held_by_streamlit(server.url)
    while time.monotonic() < deadline:                     # the memory comes back
        rss["after"] = server.rss_mb()
        if rss["after"] - rss["start"] < 100:
            break
        await asyncio.sleep(0.5)
    sampling = False
    await sampler
    rss["peak"] = max(peak)
    return statuses, other_statuses, student_status, rss, held


def test_one_tab_cannot_pile_uploads_up_and_its_memory_comes_back(server):
    statuses, other_statuses, student_status, rss, held = asyncio.run(
        asyncio.wait_for(_one_tab_floods(server), 300))
    print("uploads:", {s: statuses.count(s) for s in set(statuses)},
          "second tab:", {s: other_statuses.count(s) for s in set(other_statuses)},
          "RSS MB:", {k: round(v) for k, v in rss.items()}, "held:", held)
    assert statuses.count(204) <= 4                        # 32 MB a tab: 3 files of 9.5 MB
    assert set(statuses) <= {204, 413, 429}
    assert statuses.count(413) > 0
    assert other_statuses.count(204) <= 7                  # 96 MB an address, all its tabs
    assert student_status == 204
    assert rss["peak"] - rss["start"] < 300
    assert rss["after"] - rss["start"] < 100
    assert 0 < held["full"] <= 32 * MB and held["closed"] == 0
