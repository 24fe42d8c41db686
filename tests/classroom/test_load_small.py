"""The load test, small: 5 sessions open the page, set their own controls, press Train together
and close. Asserts only what must hold (no errors, every session its own right result); the
figures are printed (run with -s), and the full run's table is in deploy/README.md."""
import asyncio

import pytest

from loadtest.run import drive
from loadtest.scenarios import ROOT, Live
from loadtest.server import AppServer
from nn_io.catdata import find_cat_data

pytestmark = pytest.mark.slow
DATASET = "cats" if find_cat_data() else "flower"     # the photos when they are here


@pytest.mark.parametrize("scenario", [Live(dataset=DATASET)], ids=lambda s: f"live-{s.dataset}")
def test_five_students_at_once(scenario):
    with AppServer(ROOT / scenario.app) as server:
        report = asyncio.run(asyncio.wait_for(
            drive(scenario, server, n=5, ramp=1.0, settle=1.0), 240))
    print()
    print(report.table())
    assert report.errors == 0, report.error_samples
    assert report.correct == 5
    assert report.first_paint["n"] == report.training["n"] == 5
    # resources, not times: the class's memory target, and no core burnt once the tabs closed
    assert 0 < report.rss_peak_mb < 1024
    assert report.cpu_after_close < 0.2, f"{100 * report.cpu_after_close:.0f} % of a core"
