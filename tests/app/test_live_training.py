"""Live training: every control, play / pause / step / reset, divergence, the new-network rule,
the charts' data, and the cat photos' offer when they are missing."""
import numpy as np
import pytest

from nn_io import catdata
from tests.app.helpers import CAT_DATA, chart, no_exception, open_page, trace, values
from tests.app.helpers import needs_cat_data


def play_until_stopped(at, frames=40):
    at.button(key="play").click().run()
    for _ in range(frames):
        if not at.session_state["playing"]:
            break
        at.run()
    return at


@needs_cat_data
def test_defaults_are_the_articles_network_on_the_cat_photos():
    at = open_page("live_training")
    live = at.session_state["live"]
    assert live.trainer.layer_dims == [12288, 8, 1]
    assert live.trainer.learning_rate == 0.0075 and live.settings.init == "he"
    assert live.trainer.iteration == 0 and not at.session_state["playing"]
    m = {x.label: x.value for x in at.metric}
    assert m["Iteration (of 2,500)"] == "0"
    assert 0.6 < float(m["Cost J"]) < 0.8                       # about ln 2 at the start
    start = values(trace(chart(at, "live_cost"), "training set")["y"])
    assert len(start) == 1 and f"{start[0]:.4f}" == m["Cost J"]  # the curve starts there
    fig = chart(at, "live_w1")                                  # W1 drawn as 8 photos
    assert len(fig["layout"]["images"]) == 8
    assert at.button(key="pause").disabled and not at.button(key="play").disabled


def test_play_draws_frame_by_frame_then_pause_and_step():
    at = open_page("live_training")
    at.button(key="play").click().run()
    assert at.session_state["playing"]
    seen = [at.session_state["live"].trainer.iteration]
    for _ in range(3):
        at.run()                                                 # one fragment frame each
        seen.append(at.session_state["live"].trainer.iteration)
    assert seen == sorted(seen) and seen[-1] == 4 * 25            # 25 iterations per frame
    at.button(key="pause").click().run()
    assert not at.session_state["playing"]
    it = at.session_state["live"].trainer.iteration
    at.button(key="step").click().run()
    assert at.session_state["live"].trainer.iteration == it + 1
    fig = chart(at, "live_cost")
    y = values(trace(fig, "training set")["y"])
    assert len(y) == it + 1 and y[-1] < y[0] and np.all(np.isfinite(y))
    assert len(values(trace(fig, "test set")["y"])) >= 4
    m = {x.label: x.value for x in at.metric}
    assert m["Iteration (of 2,500)"] == f"{it + 1}"
    assert m["Train accuracy"].endswith("%") and m["Test accuracy"].endswith("%")
    assert float(m["ms per iteration"]) > 0
    at.toggle(key="log_cost").set_value(True).run()
    assert chart(at, "live_cost")["layout"]["yaxis"]["type"] == "log"


@needs_cat_data
def test_learning_rate_changes_mid_run_and_the_network_is_kept():
    at = open_page("live_training")
    at.button(key="step").click().run()
    trainer = at.session_state["live"].trainer
    at.select_slider(key="lr").set_value(0.03).run()
    assert at.session_state["live"].trainer is trainer and trainer.learning_rate == 0.03
    at.button(key="step").click().run()
    assert trainer.iteration == 2
    assert "α 0.0075 → α 0.03" in chart(at, "live_cost")["layout"]["title"]["text"]


@pytest.mark.parametrize("key, value, words", [
    ("hidden", "20, 7, 5", "hidden units 8 → 20, 7, 5"),
    ("activation", "tanh", "activation ReLU → tanh"),
    ("init", "xavier", "initialisation He → Xavier"),
    ("seed", 3, "seed 1 → 3"),
    ("scaling", "standardize", "input scaling"),
])
@needs_cat_data
def test_a_setting_that_needs_a_new_network_says_so_and_resets(key, value, words):
    at = open_page("live_training")
    at.button(key="step").click().run()
    old = at.session_state["live"]
    widget = {"hidden": at.sidebar.text_input, "seed": at.sidebar.number_input}.get(
        key, at.sidebar.selectbox)(key=key)
    widget.set_value(value).run()
    no_exception(at)
    live = at.session_state["live"]
    assert live is not old and live.trainer.iteration == 0
    assert words in at.info[0].value and "kept on the Cost curves page" in at.info[0].value
    assert old.id in at.session_state["runs"]                  # the old run is kept
    if key == "hidden":
        assert live.trainer.layer_dims == [12288, 20, 7, 5, 1]
    if key == "scaling":
        assert live.inputs.stats is not None


@pytest.mark.parametrize("text, message", [
    ("eight", "not a list of whole numbers"),
    ("", "Give the number of units"),
    ("8, 0", "between 1 and 64"),
    ("500", "between 1 and 64"),
    ("8, 8, 8, 8, 8", "at most 4 hidden layers"),
])
def test_bad_hidden_units_get_a_sentence(text, message):
    at = open_page("live_training")
    at.sidebar.text_input(key="hidden").set_value(text).run()
    no_exception(at)
    assert message in at.error[0].value


@needs_cat_data
def test_a_2d_set_draws_the_decision_boundary_and_suggests_its_alpha():
    at = open_page("live_training")
    at.sidebar.selectbox(key="dataset").set_value("moons").run()
    assert at.session_state["live"].trainer.layer_dims == [2, 8, 1]
    assert at.session_state["lr"] == 0.3                          # suggested for 2-D sets
    assert "data Cat photos → Moons" in at.info[0].value
    at.select_slider(key="speed").set_value(0).run()
    at.number_input(key="iterations").set_value(300).run()
    play_until_stopped(at)
    no_exception(at)
    live = at.session_state["live"]
    assert live.trainer.iteration == 300 and not at.session_state["playing"]
    assert "Done: 300 iterations" in at.success[0].value
    assert at.button(key="play").disabled                         # the target is reached
    fig = chart(at, "live_boundary")
    P = values(fig["data"][0]["z"])
    assert P.ndim == 2 and np.all((P >= 0) & (P <= 1))
    assert live.trainer.train_accuracy() > 0.8
    assert live.id in at.session_state["runs"]
    # as fast as it goes, the test curve still has a point every 20 iterations
    test_x = values(trace(chart(at, "live_cost"), "test set")["x"])
    assert list(test_x) == list(range(0, 301, 20))


def test_a_diverging_run_stops_and_says_so_and_draws_no_nan():
    at = open_page("live_training")
    at.sidebar.selectbox(key="dataset").set_value("flower").run()
    at.select_slider(key="lr").set_value(10.0).run()
    play_until_stopped(at)
    no_exception(at)
    trainer = at.session_state["live"].trainer
    assert trainer.diverged and not at.session_state["playing"]
    assert "diverged at iteration" in at.error[0].value and "Lower α" in at.error[0].value
    assert at.button(key="play").disabled and at.button(key="step").disabled
    y = values(trace(chart(at, "live_cost"), "training set")["y"])
    assert np.all(np.isfinite(y))
    P = values(chart(at, "live_boundary")["data"][0]["z"])
    assert np.all(np.isfinite(P))
    at.button(key="reset").click().run()                         # Reset gives a fresh network
    assert at.session_state["live"].trainer.iteration == 0
    assert not at.session_state["live"].trainer.diverged


@needs_cat_data
def test_a_run_that_diverges_on_its_first_step_is_kept_for_the_cost_curves():
    at = open_page("live_training")
    at.select_slider(key="lr").set_value(10.0).run()
    play_until_stopped(at)
    trainer = at.session_state["live"].trainer
    assert trainer.diverged and trainer.iteration == 0
    runs = list(at.session_state["runs"].values())
    assert len(runs) == 1 and runs[0].diverged and len(runs[0].costs) == 1
    at.switch_page("app_pages/cost_curves.py").run()
    no_exception(at)
    assert at.dataframe[0].value["status"].tolist() == ["diverged"]


def test_leaving_the_page_pauses_the_training():
    at = open_page("live_training")
    at.button(key="play").click().run()
    assert at.session_state["playing"]
    at.switch_page("app_pages/cost_curves.py").run()                  # app.py pauses it
    assert not at.session_state["playing"]
    it = at.session_state["live"].trainer.iteration
    at.switch_page("app_pages/live_training.py").run()                # the network is still there
    assert at.session_state["live"].trainer.iteration == it
    assert not at.button(key="play").disabled


def test_settings_survive_a_visit_to_another_page():
    at = open_page("live_training")
    at.sidebar.text_input(key="hidden").set_value("16").run()
    at.select_slider(key="lr").set_value(0.01).run()
    live = at.session_state["live"]
    at.switch_page("app_pages/activations.py").run()
    at.switch_page("app_pages/live_training.py").run()
    assert at.sidebar.text_input(key="hidden").value == "16"
    assert at.session_state["live"] is live and live.trainer.learning_rate == 0.01


# ----- the cat photos missing: download or upload ------------------------------------------------
@pytest.fixture
def no_cat_data(monkeypatch):
    monkeypatch.setattr(catdata, "find_cat_data", lambda: None)


def test_missing_cat_photos_offer_download_and_upload(no_cat_data):
    at = open_page("live_training")
    no_exception(at)
    assert at.sidebar.selectbox(key="dataset").value == "flower"  # a 2-D set by default
    at.sidebar.selectbox(key="dataset").set_value("cats").run()
    assert "not on this server yet" in at.warning[0].value
    assert at.button(key="cat_download") and at.button(key="cat_use_upload").disabled


def test_uploaded_cat_files_are_checked_and_used(no_cat_data):
    at = open_page("live_training")
    at.sidebar.selectbox(key="dataset").set_value("cats").run()
    h5 = "application/x-hdf5"
    at.file_uploader(key="cat_train_h5").set_value(("train.h5", b"not an h5 file", h5))
    at.file_uploader(key="cat_test_h5").set_value(("test.h5", b"nor this", h5))
    at.run()
    at.button(key="cat_use_upload").click().run()
    no_exception(at)
    assert "not an HDF5" in at.error[0].value
    if not (CAT_DATA / "train_catvnoncat.h5").exists():
        pytest.skip(f"the course's files are not in {CAT_DATA}")
    at.file_uploader(key="cat_train_h5").set_value(
        ("train_catvnoncat.h5", (CAT_DATA / "train_catvnoncat.h5").read_bytes(), h5))
    at.file_uploader(key="cat_test_h5").set_value(
        ("test_catvnoncat.h5", (CAT_DATA / "test_catvnoncat.h5").read_bytes(), h5))
    at.run()
    at.button(key="cat_use_upload").click().run()
    no_exception(at)
    assert at.session_state["live"].trainer.layer_dims == [12288, 8, 1]
    assert "W1" in chart(at, "live_w1")["layout"]["title"]["text"]


def test_the_offline_download_says_so(no_cat_data, monkeypatch):
    from nn_io.errors import DownloadFailed

    def offline(*a, **k):
        raise DownloadFailed("The cat photos could not be downloaded (this computer seems to "
                             "be offline or the mirrors are unreachable); you can upload the "
                             "two .h5 files instead.")
    monkeypatch.setattr(catdata, "download_cat_data", offline)
    at = open_page("live_training")
    at.sidebar.selectbox(key="dataset").set_value("cats").run()
    at.button(key="cat_download").click().run()
    no_exception(at)
    assert "offline" in at.error[0].value


@needs_cat_data
def test_the_default_run_is_trained_once_per_server_and_replayed_exactly():
    from classroom.shared import SHARED
    from nn_core import Trainer
    from nn_ui import data
    SHARED.clear()
    before = SHARED.computations
    students = [open_page("live_training") for _ in range(2)]
    for at in students:
        at.select_slider(key="speed").set_value(250).run()
        at.number_input(key="iterations").set_value(2510).run()   # 10 past the recording
        play_until_stopped(at, frames=60)
        no_exception(at)
    a, b = (at.session_state["live"] for at in students)
    assert SHARED.computations == before + 1 and a.tape is b.tape is not None
    assert a.trainer is not b.trainer and a.trainer.iteration == b.trainer.iteration == 2510
    # the numbers are those of the run computed here, bit for bit, and so is W1
    inputs = data.cat_inputs("scale")
    t = Trainer(inputs.X, inputs.Y, [12288, 8, 1], "relu", 0.0075, "he", 1,
                X_test=inputs.X_test, Y_test=inputs.Y_test, gram=inputs.gram)
    tested = []
    while t.iteration < 2510:
        t.run(min(20, 2510 - t.iteration))
        if t.iteration % 20 == 0:
            tested.append((t.iteration, t.test_cost()))
    assert a.trainer.costs == t.costs and a.trainer.train_accuracies == t.train_accuracies
    np.testing.assert_array_equal(a.trainer.parameters["W1"], t.parameters["W1"])
    assert a.test_costs[1:] == tested
    W, _ = a.tape.states[-1]                 # the state (W, b); W[0] is (s, C) on the Gram path
    assert not W[0][1].flags.writeable       # C, shared by every session: read-only
    # a student who changes α is not replayed: their own numbers
    c = open_page("live_training")
    c.button(key="step").click().run()
    c.select_slider(key="lr").set_value(0.03).run()
    c.button(key="step").click().run()
    mine = c.session_state["live"]
    assert mine.trainer.iteration == 2 and mine.trainer.costs[1] == t.costs[1]
    t2 = Trainer(inputs.X, inputs.Y, [12288, 8, 1], "relu", 0.0075, "he", 1, gram=inputs.gram)
    t2.run(1)
    t2.learning_rate = 0.03
    t2.run(1)
    assert mine.trainer.costs == t2.costs
    np.testing.assert_array_equal(mine.trainer.parameters["W2"], t2.parameters["W2"])
