"""Fixtures for the app's tests: AppTest on app.py, and for the browser tests a real server
(``streamlit run asgi.py`` on 127.0.0.1: app.py behind the rerun guard) driven by Debian's
Chromium through Playwright (``browser``, in tests/conftest.py)."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from tests.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: F401  (imported from here by tests)

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


def png_bytes(size=(120, 90), color=(200, 120, 60)) -> bytes:
    """A small photo made here: a coloured rectangle with a darker square in the middle."""
    im = Image.new("RGB", size, color)
    im.paste((40, 40, 40), (size[0] // 3, size[1] // 3, 2 * size[0] // 3, 2 * size[1] // 3))
    buf = io.BytesIO()
    im.save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture
def photo_png() -> bytes:
    return png_bytes()


@pytest.fixture(scope="session")
def app_server():
    """The app, served as a student would reach it (one server for all browser tests)."""
    import os

    from loadtest.server import AppServer
    worker = os.environ.get("PYTEST_XDIST_WORKER")                # gw0, gw1... under xdist
    log = ROOT / "test-artifacts" / f"app-server{'-' + worker if worker else ''}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with AppServer("asgi.py", log_path=str(log)) as server:     # as deployed: behind the guard
        yield server


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {SCREENSHOTS}")
    return SCREENSHOTS


@pytest.fixture
def page(browser, app_server):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, device_scale_factor=1)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


@pytest.fixture
def whole_runs(monkeypatch):
    """The experiments' cat runs (``nn_ui.experiments.cat_runs_ui``, shared or a session's
    own) with a wall-clock deadline of two minutes instead of a click's 2 s: a test of their
    numbers needs the whole run, and on a machine busy with the rest of the suite 2500
    iterations may take longer than 2 s (the page then says the run stopped early, and keeps
    nothing)."""
    from dataclasses import replace

    from nn_ui.experiments import cat_runs_ui
    monkeypatch.setattr(cat_runs_ui, "BUDGET", replace(cat_runs_ui.BUDGET, max_seconds=120.0))
