"""Two replicas of the app behind HAProxy (deploy/haproxy.cfg, loadtest.deployment.Deployment),
both saving to the test PostgreSQL server through .streamlit/secrets.toml's [connections.runs]: a
student trains in Chromium, their replica is killed (SIGKILL), the tab reconnects through the
proxy to the other replica, and the runs are there, the live run paused where it was."""
from __future__ import annotations

import os
import re
import secrets

import pytest

from loadtest.deployment import Deployment
from tests.conftest import _reset_postgres

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.haproxy]


def test_a_student_whose_replica_dies_finds_their_runs_on_the_other(tmp_path, browser,
                                                                     postgres_url):
    from tests.app.test_browser import iteration_shown, nav, no_error, settle
    from tests.app.test_browser_saved import runs_listed, train_moons

    _reset_postgres(postgres_url)
    secrets_file = tmp_path / "secrets.toml"
    secrets_file.write_text(f'[connections.runs]\nurl = "{postgres_url}"\n'
                            "[connections.runs.create_engine_kwargs]\npool_pre_ping = true\n")
    # the replicas share one cookie secret, as deploy/run_local.sh makes them
    env = {"STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32),
           "NN_RUNS_DB": str(tmp_path / "not-used.sqlite")}
    with Deployment("app.py", replicas=2, log_dir=str(tmp_path), env=env,
                    args=("--secrets.files", str(secrets_file))) as deployment:
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{deployment.url}/live_training")
        settle(page)
        paused_at = train_moons(page)
        replica = {c["name"]: c["value"] for c in context.cookies()}["STREAMLIT_REPLICA"]
        assert not (tmp_path / "not-used.sqlite").exists()          # saved in PostgreSQL

        victim = deployment.servers[int(replica.removeprefix("app")) - 1]
        victim.proc.kill()                                           # SIGKILL
        victim.proc.wait(10)
        page.get_by_text(re.compile("1 saved run brought back")).wait_for(timeout=90_000)
        settle(page)
        assert iteration_shown(page) == paused_at
        now = {c["name"]: c["value"] for c in context.cookies()}.get("STREAMLIT_REPLICA")
        page.reload()                                               # and a reload there too
        settle(page)
        assert iteration_shown(page) == paused_at
        after = {c["name"]: c["value"] for c in context.cookies()}["STREAMLIT_REPLICA"]
        assert after != replica, (replica, now, after)               # served by the other one
        nav(page, "Cost curves")
        assert runs_listed(page) == 1
        no_error(page)
        context.close()
    assert os.path.exists(tmp_path / "haproxy.log")
