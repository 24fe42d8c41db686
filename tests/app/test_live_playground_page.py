"""The live page's playground (AppTest): the 2-D sets' controls and the − / + buttons make the
network the session trains, appear in the page's link, and a wrong link value gets a sentence;
the photos show none of them."""
from nn_ui.live.playground import SENTENCES
from tests.app.helpers import ROOT, component_data, live_of, open_file

PAGE = str(ROOT / "app_pages" / "live_training.py")


def _settings(at):
    return live_of(at).run.settings


def test_the_controls_make_the_network_and_are_in_the_link():
    at = open_file(PAGE, data="circles", hidden="4,3")
    s = _settings(at)
    assert (s.noise, s.split, s.batch, s.lambd, s.features) == (None, 50, 0, 0.0, ("x1", "x2"))
    assert at.query_params["noise"] == "5" and at.query_params["features"] == "x1,x2"
    captions = " ".join(c.value for c in at.caption)
    for sentence in SENTENCES.values():
        assert sentence in captions
    at.select_slider(key="noise").set_value(30).run()
    at.select_slider(key="split").set_value(80).run()
    at.selectbox(key="batch").set_value(30).run()
    at.select_slider(key="lambd").set_value(0.1).run()
    s = _settings(at)
    assert (s.noise, s.split, s.batch, s.lambd) == (30, 80, 30, 0.1)
    assert live_of(at).run.trainer.batches.batch_size == 30
    assert live_of(at).run.trainer.lambd == 0.1
    assert live_of(at).run.inputs.X.shape == (2, 480)          # 80 % of 600 points
    q = dict(at.query_params)
    assert (q["noise"], q["split"], q["batch"], q["lambda"]) == ("30", "80", "30", "0.1")
    at.button(key="units_plus_1").click().run()
    at.button(key="layers_minus").click().run()
    assert _settings(at).hidden == (4,) and at.query_params["hidden"] == "4"
    header, _ = component_data(at)
    assert header["chunk"]["graph"]["dims"] == [2, 4, 1]


def test_a_wrong_link_value_gets_a_sentence_and_the_photos_show_no_playground():
    at = open_file(PAGE, data="moons", hidden="3", noise="33", features="x1,x9")
    warning = " ".join(w.value for w in at.warning)
    assert "noise “33” is not one of" in warning and "features “x9”" in warning
    assert _settings(at).noise is None and _settings(at).features == ("x1", "x2")
    at = open_file(PAGE, data="cats")
    assert not [s for s in at.select_slider if s.key == "noise"]
    assert "noise" not in at.query_params
