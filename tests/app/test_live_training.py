"""Live training, the server side (AppTest): what the browser's live view is sent, its requests
(the next chunk, Reset, α changed mid-run), divergence, the new-network rule, and the cat
photos' offer when they are missing. The browser side: tests/app/test_browser_live.py."""
import numpy as np
import pytest

from nn_core import Trainer
from nn_io import catdata
from nn_ui.data_sets import loaders_ui as data
from nn_ui.view import chunks
from nn_ui.common.names import LEARNING_RATES
from tests.app.helpers import (CAT_DATA, alpha_live, browser_request, component_data,
                               live_of, needs_cat_data, no_exception, open_page, play_live)


def ask(at, **request):
    """The browser's request for the run shown now; returns (header, arrays) of the answer."""
    h, _ = component_data(at)
    req = {"run": h["run"], "epoch": h["epoch"], "have": 0, "reached": 0, "want": True,
           "seq": 1}
    req.update(request)
    browser_request(at, **req)
    no_exception(at)
    return component_data(at)


def reference(seed=1, lr=0.0075, iterations=2500, change=None):
    """The same run computed here with nn_core: (costs after i updates, i = 0..iterations)."""
    inputs = data.cat_inputs("scale")
    t = Trainer(inputs.X, inputs.Y, [12288, 8, 1], "relu", lr, "he", seed, gram=inputs.gram)
    if change:
        t.run(change[0])
        t.learning_rate = change[1]
    t.run(iterations - t.iteration)
    return np.array(t.costs + [_cost_now(t)], dtype=np.float32)


def _cost_now(t):
    from nn_core import compute_cost
    return float(compute_cost(t.predict_proba(), t.Y))


@needs_cat_data
def test_defaults_send_iteration_0_of_the_articles_network():
    at = open_page("live_training")
    live = live_of(at).run
    assert live.trainer.layer_dims == [12288, 8, 1] and live.settings.init == "he"
    h, a = component_data(at)
    assert h["target"] == 2500 and h["stretches"] == [[0, 0.0075]] and h["alpha"] == 0.0075
    assert [a for a, _ in h["alphas"]] == list(LEARNING_RATES)
    c = h["chunk"]
    assert (c["start"], c["end"]) == (0, 0) and c["setup"] == {
        "kind": "pictures", "shape": [64, 64, 3], "units": 8, "drawn": 8}
    assert 0.6 < a["costs"][0] < 0.8                             # about ln 2 at the start
    assert a["frames"].shape == (1, 8, 64, 64, 3) and list(a["frame_it"]) == [0]
    assert list(a["test_it"]) == [0]
    at.run()                                                     # a rerun: no data again
    assert component_data(at)[0]["chunk"] is None


@needs_cat_data
def test_play_sends_the_shared_default_run_the_same_numbers_as_nn_core():
    from classroom.shared import SHARED
    SHARED.clear()
    before = SHARED.computations
    students = [open_page("live_training") for _ in range(2)]
    answers = [ask(at, have=0) for at in students]
    assert SHARED.computations == before + 1                    # computed once for both
    (h, a), (_, b) = answers
    assert answers[0][0]["chunk"]["blobs"] == answers[1][0]["chunk"]["blobs"]
    assert (h["chunk"]["start"], h["chunk"]["end"]) == (0, 2500)
    np.testing.assert_array_equal(a["costs"], reference())
    np.testing.assert_array_equal(a["costs"], b["costs"])
    assert list(a["test_it"]) == list(range(0, 2501, 20))
    assert list(a["frame_it"]) == list(range(0, 2501, 100))
    frames = chunks.undeltas(a["frames"])
    inputs = data.cat_inputs("scale")
    t = Trainer(inputs.X, inputs.Y, [12288, 8, 1], "relu", 0.0075, "he", 1, gram=inputs.gram)
    t.run(1000)
    # W1 pictured in single precision: its rows at iteration 1000 exactly, within one grey
    # level of the float64 W1
    np.testing.assert_array_equal(frames[10], chunks.unit_pictures(t.first_rows32(16),
                                                                   (64, 64, 3)))
    exact = chunks.unit_pictures(t.parameters["W1"], (64, 64, 3)).astype(int)
    assert np.abs(frames[10].astype(int) - exact).max() <= 1
    assert ask(students[0], have=2500, reached=2500)[0]["chunk"] is None   # nothing more


@needs_cat_data
def test_a_students_own_seed_is_computed_in_chunks_exactly():
    at = open_page("live_training")
    at.sidebar.number_input(key="seed").set_value(3).run()
    end, costs = play_live(at)
    assert end == 2500
    np.testing.assert_array_equal(costs, reference(seed=3))
    run = live_of(at).run
    assert run.trainer.iteration == 2500 and run.ms_per_iteration > 0


@needs_cat_data
def test_two_students_with_the_same_seed_share_one_computed_run():
    from nn_ui.live.shared_tape import TAPES
    TAPES.clear()
    before = TAPES.started
    students = [open_page("live_training") for _ in range(2)]
    for at in students:
        at.sidebar.number_input(key="seed").set_value(5).run()
    (end_a, a), (end_b, b) = (play_live(at) for at in students)
    assert TAPES.started == before + 1                           # computed once for both
    assert end_a == end_b == 2500
    np.testing.assert_array_equal(a, reference(seed=5))
    np.testing.assert_array_equal(b, a)
    for at in students:                                          # each student's own trainer
        assert live_of(at).run.trainer.iteration == 2500


@needs_cat_data
def test_alpha_changed_mid_run_goes_on_from_the_iteration_the_browser_showed():
    at = open_page("live_training")
    at.sidebar.number_input(key="seed").set_value(2).run()
    assert play_live(at)[0] == 2500                       # computed ahead of the browser
    # the view's α control moved while it showed iteration 700: one request, answered at once
    h, a = ask(at, alpha=0.03, have=700, reached=700)
    c = h["chunk"]
    assert c["start"] == 700 and h["epoch"] == 1 and h["alpha"] == 0.03
    assert live_of(at).lr == 0.03 and at.query_params["alpha"] == "0.03"
    assert h["stretches"] == [[0, 0.0075], [700, 0.03]] == c["stretches"]
    end, _ = c["end"], None
    ref = reference(seed=2, change=(700, 0.03), iterations=end)
    np.testing.assert_array_equal(a["costs"], ref[700:end + 1])
    run = live_of(at).run
    assert run.alpha_text() == "α 0.0075 → α 0.03"
    at.switch_page("app_pages/cost_curves.py").run()
    no_exception(at)
    assert any("α 0.0075 → α 0.03" in r.label for r in live_of(at).runs.values())


def test_a_diverged_run_keeps_its_alpha_and_reset_starts_anew():
    at = open_page("live_training")
    at.sidebar.selectbox(key="dataset").set_value("flower").run()
    alpha_live(at, 10.0)
    end, costs = play_live(at)
    h, _ = component_data(at)
    run = live_of(at).run
    assert run.trainer.diverged and end < 2500 and np.all(np.isfinite(costs))
    h, _ = ask(at, alpha=0.1, have=end, reached=end, want=False)   # lowered, as told
    assert h["stretches"] == [[0, 10.0]] and "keeps" in h["note"] and h["alpha"] == 0.1
    assert run.alpha_text() == "α 10"
    at.switch_page("app_pages/cost_curves.py").run()
    no_exception(at)
    assert [r.alpha for r in live_of(at).runs.values()] == ["α 10"]
    at.switch_page("app_pages/live_training.py").run()
    ask(at, reset=True)
    fresh = live_of(at).run
    assert fresh is not run and fresh.trainer.iteration == 0 and not fresh.trainer.diverged
    h, _ = component_data(at)
    assert h["stretches"] == [[0, 0.1]] and h["chunk"]["start"] == 0


def test_a_2d_set_is_sent_its_points_and_boundary_rasters():
    at = open_page("live_training")
    at.sidebar.selectbox(key="dataset").set_value("moons").run()
    assert live_of(at).lr == 0.3                          # suggested for 2-D sets
    at.number_input(key="iterations").set_value(300).run()
    h, a = ask(at, have=-1, speed=0)                      # as fast as it goes: all of it
    c = h["chunk"]
    assert c["setup"]["kind"] == "boundary" and c["end"] == 300
    assert a["points"].shape == (2, live_of(at).run.trainer.m)
    assert a["frames"].shape[1:] == (chunks.GRID, chunks.GRID)
    assert list(a["test_it"]) == list(range(0, 301, 20))
    assert a["accs"][-1] > 0.8


def test_chunks_are_paced_by_the_browsers_speed():
    """At 100 iterations a second, the first chunk after Play covers 2 s of animation, the next
    ones at most triple what the browser holds, and 8 s past the iteration shown
    (``live.pace``); the numbers are those of one run."""
    def page():
        at = open_page("live_training")
        at.sidebar.selectbox(key="dataset").set_value("moons").run()
        at.number_input(key="seed").set_value(17).run()   # a run no other test computed ahead
        at.number_input(key="iterations").set_value(2000).run()
        return at

    at = page()
    h, _ = ask(at, have=0, reached=0, speed=100)
    assert h["chunk"]["end"] == 200
    h, _ = ask(at, have=200, reached=150, speed=100)
    assert h["chunk"]["start"] == 200 and h["chunk"]["end"] == 600
    h, _ = ask(at, have=600, reached=350, speed=100)
    assert h["chunk"]["start"] == 600 and h["chunk"]["end"] == 1200
    h, _ = ask(at, have=1200, reached=1190, speed=1000)
    assert h["chunk"]["end"] == 2000
    at_once = page()
    assert ask(at_once, have=0, reached=0, speed=0)[0]["chunk"]["end"] == 2000
    assert np.array_equal(live_of(at).run.trainer.costs, live_of(at_once).run.trainer.costs)


@pytest.mark.parametrize("request_", [
    {"have": "x", "want": 1}, {"have": 10 ** 30, "want": True}, {"run": None},
    {"cut": 99, "reached": -5}, {"reset": "yes"}, {"have": -7, "reached": "z", "want": True},
    {"alpha": "0.1", "reached": -5}, {"alpha": 1e308, "want": True}, {"alpha": True},
    {"alpha": [0.1]}, {"alpha": 0.1, "reached": 10 ** 30, "have": "x", "want": True},
])
def test_a_request_the_browser_never_sends_is_harmless(request_):
    at = open_page("live_training")
    at.sidebar.selectbox(key="dataset").set_value("xor").run()
    h, _ = component_data(at)
    req = {"run": h["run"], **request_}
    browser_request(at, **req)
    no_exception(at)
    assert live_of(at).run.trainer.iteration <= 2500     # at most one chunk computed


@pytest.mark.parametrize("key, value, words", [
    ("hidden", "20, 7, 5", "hidden units 8 → 20, 7, 5"),
    ("activation", "tanh", "activation ReLU → tanh"),
    ("seed", 3, "seed 1 → 3"),
])
def test_a_setting_that_needs_a_new_network_says_so_and_resets(key, value, words):
    at = open_page("live_training")
    at.sidebar.selectbox(key="dataset").set_value("flower").run()
    ask(at, have=0)
    old, old_id = live_of(at).run, component_data(at)[0]["run"]
    widget = {"hidden": at.sidebar.text_input, "seed": at.sidebar.number_input}.get(
        key, at.sidebar.selectbox)(key=key)
    widget.set_value(value).run()
    no_exception(at)
    live = live_of(at).run
    assert live is not old and live.trainer.iteration == 0
    assert words in at.toast[0].value and "kept on the Cost curves page" in at.toast[0].value
    assert old.id in live_of(at).runs
    assert component_data(at)[0]["run"] != old_id               # the browser starts anew


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


def test_twenty_hidden_units_are_sent_sixteen_pictures_and_say_so():
    at = open_page("live_training")
    if live_of(at).run.inputs.image_shape is None:
        pytest.skip("no cat photos")
    at.sidebar.text_input(key="hidden").set_value("20").run()
    h, a = component_data(at)
    assert h["chunk"]["setup"]["units"] == 20 and h["chunk"]["setup"]["drawn"] == 16
    assert a["frames"].shape[1:] == (16, 64, 64, 3)      # each frame: 16 pictures


def test_settings_and_the_run_survive_a_visit_to_another_page():
    at = open_page("live_training")
    at.sidebar.text_input(key="hidden").set_value("16").run()
    alpha_live(at, 0.01)
    live = live_of(at).run
    at.switch_page("app_pages/activations.py").run()
    at.switch_page("app_pages/live_training.py").run()
    assert at.sidebar.text_input(key="hidden").value == "16"
    assert live_of(at).run is live and live.trainer.learning_rate == 0.01


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
    assert live_of(at).run.trainer.layer_dims == [12288, 8, 1]
    assert component_data(at)[0]["chunk"]["setup"]["kind"] == "pictures"


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


def test_a_new_runs_first_chunk_is_computed_before_play_and_is_not_played_until_asked():
    """While the page is read, the chunk Play will ask first is computed ahead (``live.ahead``)
    on the run's tape and sent with the view: the session's run stays at iteration 0 (what the
    other pages and a new view see); Play's answer carries it too, computed once; α moved
    before Play drops it and the run is computed ahead again at the new α."""
    at = open_page("live_training")
    at.sidebar.selectbox(key="dataset").set_value("moons").run()
    at.number_input(key="seed").set_value(23).run()       # a run no other test computed ahead
    live = live_of(at)
    assert live.feed.ahead and live.feed.end == 200 and live.run.trainer.iteration == 0
    h, a = component_data(at)                             # sent with the view: Play starts
    assert h["at"] == 0 and (h["chunk"]["start"], h["chunk"]["end"]) == (0, 200)   # at once,
    assert len(a["costs"]) == 201                         # from 0 (a new view starts at 0)
    tape = live.feed.source.tape
    computed = tape.extensions
    h, a = ask(at, have=0, reached=0, speed=100)          # Play
    assert (h["chunk"]["start"], h["chunk"]["end"]) == (0, 200) and len(a["costs"]) == 201
    assert tape.extensions == computed                    # not computed again
    assert live_of(at).run.trainer.iteration == 200 and not live_of(at).feed.ahead
    np.testing.assert_array_equal(a["costs"][:200], np.float32(live_of(at).run.trainer.costs))

    fresh = open_page("live_training")
    fresh.sidebar.selectbox(key="dataset").set_value("moons").run()
    fresh.number_input(key="seed").set_value(29).run()
    assert live_of(fresh).feed.ahead
    h, _ = ask(fresh, alpha=0.1, have=0, reached=0, want=False)     # α moved before Play
    feed = live_of(fresh).feed
    assert h["stretches"] == [[0, 0.1]] and feed.run.lr_history == [(0, 0.1)]
    assert feed.ahead and feed.end == 200 and feed.run.trainer.iteration == 0
    assert feed.source.tape.rec.trainer.learning_rate == 0.1
    fresh.number_input(key="iterations").set_value(1000).run()      # before Play: another run
    feed = live_of(fresh).feed
    assert feed.ahead and feed.source.tape.target == 1000 and feed.end == 200
    assert feed.run.trainer.iteration == 0
