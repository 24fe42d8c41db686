"""Experiment 9 in AppTest: P(cat) at each snapshot is the Trainer's snapshots' answer; an
upload is answered the same way; a bad upload gets nn_io's one sentence."""
from __future__ import annotations

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from nn_core import Trainer, predict_proba
from nn_core.preprocessing import images_to_X
from nn_io.images import load_photo
from nn_ui.data_sets import loaders_ui as data
from nn_ui.figures.answers import mind_changes
from tests.app.conftest import png_bytes
from tests.app.helpers import ROOT, chart, no_exception, open_file, texts, values
from tests.app.helpers import needs_cat_data

pytestmark = pytest.mark.usefixtures("whole_runs")
PAGE = str(ROOT / "app_pages" / "exp_photo_over_training.py")


@pytest.fixture(scope="module")
def trainer():
    inputs = data.cat_inputs("scale")
    if inputs is None:
        pytest.skip("no cat photos on this machine")
    t = Trainer(inputs.X, inputs.Y, [12288, 8, 1], "relu", 0.0075, "he", 1, snapshot_every=50)
    t.run(2500)
    return t


def open_page(**params) -> AppTest:
    return open_file(PAGE, **params)


def test_p_cat_of_a_test_photo_at_each_snapshot(trainer):
    inputs = data.cat_inputs("scale")
    at = open_page(pot_photo="6")
    assert at.slider(key="pot_photo").value == 6
    run = at.session_state["pot_run"][1]
    snaps = trainer.snapshots
    assert run.iterations.tolist() == sorted(snaps)
    want = [predict_proba(inputs.X_test[:, 5:6], snaps[i])[0, 0] for i in sorted(snaps)]
    np.testing.assert_allclose(run.p[:, 5], want, rtol=1e-9)
    drawn = chart(at, "pot_chart")["data"][-1]
    np.testing.assert_allclose(values(drawn["y"]), want, rtol=1e-9)
    flips = mind_changes(run.iterations, run.p[:, 5])
    assert len(flips) >= 3                      # the preset's photo: it keeps changing its mind
    assert f"changed its mind **{len(flips)} times**" in texts(at)
    # another photo: no new training, the same run
    at.slider(key="pot_photo").set_value(2).run()
    assert at.session_state["pot_run"][1] is run


def test_the_default_photo_changes_its_mind_as_the_page_says(trainer):
    inputs = data.cat_inputs("scale")
    at = open_page()
    n = at.slider(key="pot_photo").value
    snaps = trainer.snapshots                             # computed here, directly in nn_core
    p = np.array([predict_proba(inputs.X_test[:, n - 1:n], snaps[i])[0, 0] for i in sorted(snaps)])
    flips = mind_changes(np.array(sorted(snaps), dtype=float), p)
    assert len(flips) >= 2 and (p[-1] > 0.5) == bool(inputs.Y_test[0, n - 1])   # ends right
    assert f"changed its mind **{len(flips)} times**" in texts(at)


def test_an_upload_is_answered_by_every_snapshot(trainer):
    at = open_page(pot_source="my photo")
    assert at.segmented_control(key="pot_source").value == "my photo"
    assert "Choose a photo above." in texts(at)
    raw = png_bytes((200, 150))
    at.file_uploader(key="pot_upload").set_value(("photo.png", raw, "image/png")).run()
    no_exception(at)
    X, _ = images_to_X(load_photo(raw).image64[None], "scale")
    snaps = trainer.snapshots
    want = [predict_proba(X, snaps[i])[0, 0] for i in sorted(snaps)]
    np.testing.assert_allclose(at.session_state["pot_run"][1].p[:, 0], want, rtol=1e-9)


@needs_cat_data
def test_a_bad_upload_gets_the_input_error_sentence():
    at = open_page(pot_source="my photo")
    at.file_uploader(key="pot_upload").set_value(("notes.png", b"hello, not a photo", "image/png"))
    at.run()
    no_exception(at)
    assert at.error and "pot_run" not in at.session_state
    try:
        load_photo(b"hello, not a photo")
    except Exception as err:                    # the same sentence nn_io gives
        assert at.error[0].value == err.message


def test_the_test_photos_default_run_is_computed_once_per_server(trainer):
    from classroom.shared import SHARED
    SHARED.clear()
    before = SHARED.computations
    a = open_file(PAGE)
    b = open_file(PAGE, pot_photo="7")                    # another student, another photo
    run_a, run_b = a.session_state["pot_run"][1], b.session_state["pot_run"][1]
    assert SHARED.computations == before + 1 and run_a is run_b and not run_a.p.flags.writeable
    # its answers are those of the Trainer's snapshots
    p0 = predict_proba(data.cat_inputs("scale").X_test, trainer.snapshots[0]).ravel()
    np.testing.assert_allclose(run_a.p[0], p0, rtol=1e-10)
