"""Your own data, trained: the live view of Live training on the learner's photos (a fifth held
out), only when each class has 5 photos; the network answers a new photo in ``own_answer``; a
change of photos makes a new network; runs on own photos are saved only on the save button."""
import pytest

from nn_ui.own_data.train_ui import OWN
from tests.app.helpers import (
    live_of,
    alpha_live,
    component_data,
    no_exception,
    open_page,
    play_live,
    texts,
)
from tests.nn_io.own_photos import photo_bytes

RED, BLUE = (210, 40, 40), (40, 60, 210)


def pngs(n: int, color, start: int = 0) -> list:
    return [(f"{start + i}.png", photo_bytes(start + i, color), "image/png") for i in range(n)]


def with_photos(n0=6, n1=6, at=None):
    at = at or open_page("own_data")
    at.file_uploader(key="own_photos_0").set_value(pngs(n0, RED)).run()
    at.file_uploader(key="own_photos_1").set_value(pngs(n1, BLUE, start=100)).run()
    no_exception(at)
    return at


def block(at, key: str):
    """The container drawn with ``key``."""
    def walk(node):
        p = getattr(node, "proto", None)
        if getattr(p, "id", "").endswith(f"-{key}"):
            return node
        for child in (getattr(node, "children", None) or {}).values():
            found = walk(child)
            if found is not None:
                return found
        return None
    found = walk(at._tree)
    assert found is not None, f"no container {key!r}"
    return found


def live_views(at) -> list:
    return [e for e in at.get("bidi_component") if e.proto.id.endswith("live_view")]


def test_too_few_photos_say_what_is_missing_and_train_nothing():
    at = with_photos(6, 3)
    assert not live_views(at)
    assert ("Each class needs at least 5 photos before training: `B` has 3 (2 more to add). "
            "Then the network learns here, live.") in [i.value for i in at.info]
    assert "live_state" not in at.session_state or live_of(at).run is None   # no network


def test_the_live_view_trains_on_the_photos_with_a_held_out_fifth():
    at = with_photos(6, 6)
    run = live_of(at).run
    assert run.settings.dataset == OWN and run.inputs.private
    assert run.inputs.X.shape == (12288, 10) and run.inputs.X_test.shape == (12288, 2)
    assert run.layer_dims == [12288, 8, 1]
    h, _ = component_data(at)
    assert h["target"] == 1000 and h["alpha"] == 0.0075
    end, costs = play_live(at)
    no_exception(at)
    assert end == 1000 and costs[-1] < costs[0] / 10              # it learns them
    assert run.trainer.train_accuracy() == 1.0
    assert len(run.test_costs) > 10                              # the test curve is drawn
    assert "X (12288, 10)" in texts(at) and "tested on **2**" in texts(at)


def test_the_w1_pictures_and_alpha_mid_run_as_on_live_training():
    at = with_photos(5, 5)
    h, a = component_data(at)
    assert h["chunk"]["setup"] == {"kind": "pictures", "shape": [64, 64, 3], "units": 8,
                                   "drawn": 8}
    assert a["frames"].shape == (1, 8, 64, 64, 3)                 # W1's rows as photos
    alpha_live(at, 0.001, reached=0, want=True)
    run = live_of(at).run
    assert run.lr_history == [(0, 0.001)]
    end, costs = play_live(at)
    assert end == 1000 and costs[-1] < costs[0]


def test_new_photos_make_a_new_network_and_the_old_run_is_kept():
    at = with_photos(5, 5)
    play_live(at)
    first = live_of(at).run
    at.file_uploader(key="own_photos_1").set_value(pngs(6, BLUE, start=100)).run()
    no_exception(at)
    second = live_of(at).run
    assert second is not first and second.trainer.iteration == 0
    assert second.inputs.X.shape[1] == 9                          # 5 - 1 and 6 - 1
    assert first.id in live_of(at).runs                    # on the Cost curves page


def test_try_it_names_the_class_of_a_new_photo_first():
    at = with_photos(6, 6)
    play_live(at)
    at.file_uploader(key="own_try").set_value(("new.png", photo_bytes(900, BLUE), "image/png"))
    at.run()
    no_exception(at)
    box = block(at, "own_answer")
    assert box.markdown[0].value == "### It says: **B**"              # the class name first
    bars = [b.proto.text for b in box.get("progress")]
    assert any(t.startswith("P(A) = ") for t in bars) and any(t.startswith("P(B) = ") for t in bars)
    p = {t[2]: float(t.split("= ")[1]) for t in bars if t.startswith("P(")}
    assert p["A"] + p["B"] == pytest.approx(1.0, abs=2e-3) and p["B"] > 0.5
    said = " ".join(m.value for m in box.markdown)
    assert "Your photos it finds nearest" in said and "**more photos**" in said
    images = box.get("image")
    assert len(images) == 2 and len(images[1].proto.imgs) == 3        # the input, 3 nearest
    assert all(i.caption.startswith(("A · ", "B · ")) for i in images[1].proto.imgs)


def test_a_bad_photo_to_try_gets_its_sentence():
    at = with_photos(5, 5)
    at.file_uploader(key="own_try").set_value(("x.png", b"not a photo", "image/png")).run()
    no_exception(at)
    assert any("not an image" in e.value for e in at.error)


def test_nothing_is_saved_on_the_server_until_the_save_button():
    from classroom import photo_store, store
    from nn_ui.runs.student_db_ui import engine
    me = store.student_id(f"{22:064x}")
    at = open_page("own_data")
    at.session_state["student"] = me
    with_photos(5, 5, at)
    play_live(at)                            # finished: a run on other data is saved now
    eng = engine()
    assert store.load_runs(eng, me) == []
    photo_store.create_table(eng)
    assert photo_store.load_set(eng, me) is None
    at.button(key="own_save").click().run()
    no_exception(at)
    assert "Saved: 10 photos and the run on them" in at.success[0].value
    runs = store.load_runs(eng, me)
    assert len(runs) == 1 and runs[0].settings["dataset"] == OWN and runs[0].iterations == 1000
    kept = photo_store.load_set(eng, me)
    assert kept.names == ("A", "B") and kept.photos == 10
    # a new session brings the set back with the button
    other = open_page("own_data")
    other.session_state["student"] = me
    other.run()
    other.button(key="own_restore").click().run()
    no_exception(other)
    assert other.session_state["own_data"].counts == (5, 5)
    other.button(key="own_delete_saved").click().run()
    assert photo_store.load_set(eng, me) is None


def test_a_new_name_keeps_the_network_and_the_answer_says_it():
    at = with_photos(5, 5)
    play_live(at)
    run = live_of(at).run
    at.text_input(key="own_name_1").set_value("sky").run()
    no_exception(at)
    assert live_of(at).run is run and run.trainer.iteration == 1000
    at.file_uploader(key="own_try").set_value(("new.png", photo_bytes(901, BLUE), "image/png"))
    at.run()
    assert block(at, "own_answer").markdown[0].value == "### It says: **sky**"


def test_try_it_with_the_camera():
    at = with_photos(5, 5)
    play_live(at)
    at.toggle(key="own_try_camera_on").set_value(True).run()
    shot = photo_bytes(902, RED, fmt="JPEG")
    at.camera_input(key="own_try_camera").set_value(("shot.jpg", shot, "image/jpeg")).run()
    no_exception(at)
    assert block(at, "own_answer").markdown[0].value == "### It says: **A**"


def test_the_other_pages_take_a_run_on_own_photos():
    at = with_photos(5, 5)
    play_live(at)
    at.switch_page("app_pages/cost_curves.py").run()
    no_exception(at)
    table = at.dataframe[0].value
    assert "Your own photos" in table["data"].tolist()
    at.switch_page("app_pages/live_training.py").run()
    no_exception(at)
    assert live_of(at).run.settings.dataset != OWN
    assert "data Your own photos → " in at.toast[0].value
    at.switch_page("app_pages/prediction.py").run()
    no_exception(at)


def test_a_save_over_the_quota_gets_its_sentence(monkeypatch):
    from classroom import store
    monkeypatch.setenv("NN_RUNS_DB_MAX_MB", "0")                    # the database is full
    at = open_page("own_data")
    at.session_state["student"] = store.student_id(f"{23:064x}")
    with_photos(5, 5, at)
    at.button(key="own_save").click().run()
    no_exception(at)
    assert "has reached its size limit: your photos are not saved" in at.error[0].value
