"""``python -m loadtest --serve``, small: what ``make serve`` starts (two app processes behind
HAProxy here), driven by 3 students who open the live page, set their own controls and press
Play together. Asserts only what must hold: no errors, every student their own right result,
the figures read from both app processes (test_serve.py checks that Ctrl-C stops them all)."""
import shutil

import pytest

from loadtest.run import run
from loadtest.scenarios import Live
from nn_io.catdata import find_cat_data

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("haproxy") is None,
                       reason="haproxy is not installed (Debian: apt-get install haproxy)"),
]


def test_three_students_on_make_serve(tmp_path, monkeypatch):
    monkeypatch.setenv("SERVE_REPLICAS", "2")
    scenario = Live(dataset="cats" if find_cat_data() else "flower")
    report = run(scenario, 3, ramp=1.0, deadline=300, log_dir=str(tmp_path), serve=True)
    print(report.table())
    assert report.errors == 0, report.error_samples
    assert report.correct == 3
    assert report.replicas == 2 and report.settings.startswith("`make serve`")
    assert report.rss_peak_mb >= report.rss_start_mb > 0         # both processes, read live
    log = (tmp_path / "serve.log").read_text()
    assert "Students open" in log and (tmp_path / "runs.sqlite").exists()
