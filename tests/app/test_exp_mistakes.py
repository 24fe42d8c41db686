"""Experiment 8 in AppTest: the photos shown are exactly nn_core's mistakes (and cells of its
confusion matrix), most confident first; a click on a cell shows that cell."""
from __future__ import annotations

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from nn_core import predict_proba
from nn_core.metrics import confusion_matrix, mistakes
from nn_io import models
from nn_ui.data_sets import loaders_ui as data
from nn_ui.figures.answers import CELLS, cell_of_point
from tests.app import helpers
from tests.app.helpers import ROOT, chart, no_exception, open_file, texts
from tests.app.helpers import needs_cat_data

PAGE = str(ROOT / "app_pages" / "exp_mistakes.py")


@pytest.fixture(scope="module")
def direct():
    cats = data.cat_data()
    if cats is None:
        pytest.skip("no cat photos on this machine")
    model = models.load_default_model()
    X = models.model_input(model, cats.test_x)
    p = predict_proba(X, model.parameters, model.hidden_activation).ravel()
    return cats.test_y.astype(int), p


def open_page(**params) -> AppTest:
    return open_file(PAGE, **params)


def shown(at: AppTest) -> list[tuple[int, float]]:
    """(test photo index, P(cat)) of each photo on the page, in order, from the captions."""
    out = []
    for im in at.get("image"):
        caption = im.proto.imgs[0].caption        # "#30 · P(cat) = 0.93 · a non-cat"
        number, p, _ = caption.split(" · ")
        out.append((int(number[1:]) - 1, float(p.split("= ")[1])))
    return out


def test_the_mistakes_are_nn_cores_most_confident_first(direct):
    y, p = direct
    at = open_page()
    want = mistakes(y, p)
    got = shown(at)
    assert [i for i, _ in got] == want.tolist()
    assert [q for _, q in got] == pytest.approx(np.round(p[want], 2).tolist(), abs=0.006)
    assert f"wrong on **{len(want)} of 50**" in texts(at)


def test_the_confusion_matrix_and_each_cell(direct):
    y, p = direct
    at = open_page()
    m = confusion_matrix(y, (p > 0.5).astype(int)).matrix
    cells = chart(at, "mis_matrix")["data"][1]
    counts = [int(t.split("</b>")[0][3:]) for t in cells["text"]]
    assert counts == [m[t, a] for t, a in CELLS]
    for (t, a), name in CELLS.items():
        at.segmented_control(key="mis_show").set_value(name).run()
        no_exception(at)
        idx = np.flatnonzero((y == t) & ((p > 0.5) == a))
        got = [i for i, _ in shown(at)]
        assert sorted(got) == idx.tolist(), name
        conf = np.abs(p[got] - 0.5)
        assert np.all(np.diff(conf) <= 1e-12), "not most confident first"


@needs_cat_data
def test_a_click_on_a_cell_chooses_it():
    names = ("non-cat", "cat")
    assert cell_of_point({"x": "answer: non-cat", "y": "truly a cat"}, names) == (1, 0)
    assert cell_of_point({"x": "answer: cat", "y": "truly a non-cat"}, names) == (0, 1)
    assert cell_of_point({"x": "answer: cat", "y": "truly a cat"}, names) == (1, 1)
    assert cell_of_point({"x": 3, "y": "?"}, names) is None
    # the page's callback, as Streamlit calls it after a click on the chart
    at = open_page()
    at.session_state["mis_matrix"] = {"selection": {"points": [
        {"x": "answer: non-cat", "y": "truly a cat", "curve_number": 1, "point_index": 2}]}}
    at.run()
    no_exception(at)


@needs_cat_data
def test_the_session_model_without_a_trained_network_says_so():
    at = helpers.open_page("exp_mistakes")       # through app.py: the page links need it
    at.radio(key="mis_model").set_value("session").run()
    no_exception(at)
    assert "No network trained on the cat photos" in texts(at)
    assert not at.get("image")


@needs_cat_data
def test_a_preset_link_opens_one_cell():
    at = open_page(mis_show="cat called non-cat")
    assert at.segmented_control(key="mis_show").value == "cat called non-cat"
    assert "Cat called non-cat" in texts(at)
