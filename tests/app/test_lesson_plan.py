"""Experiment 10 in AppTest: one link per preset, and every preset of experiments 6-9 is
accepted by its page (each widget takes the URL's value)."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from nn_ui.experiments.registry import EXPERIMENTS, available
from tests.app import helpers

MINE = [e for e in EXPERIMENTS if e.number in (6, 7, 8, 9)]


def test_every_available_experiment_and_preset_has_a_link():
    at = helpers.open_page("lesson_plan")
    links = at.get("page_link")
    by_label = {link.proto.label: link.proto for link in links}
    for e in available():
        if e.path == "app_pages/lesson_plan.py":
            continue
        for name in e.presets:
            assert name in by_label, name
    handout = "\n".join(c.value for c in at.code)
    assert "/exp_gradient_check?gc_plant=true&gc_bug=dW2+doubled" in handout
    assert "shareable" in helpers.texts(at).lower() or "URL" in helpers.texts(at)


def test_experiments_6_to_9_have_presets():
    for e in MINE:
        assert len(e.presets) >= 3, e.title


@pytest.mark.parametrize("exp,name", [(e, n) for e in MINE for n in e.presets],
                         ids=lambda v: v if isinstance(v, str) else f"exp{v.number}")
def test_each_preset_sets_its_widgets(exp, name):
    if exp.number in (8, 9) and not helpers.HAVE_CATS:
        pytest.skip("experiments 8 and 9 need the cat photos, which are not on this machine")
    at = AppTest.from_file(str(helpers.ROOT / exp.path), default_timeout=60)
    params = exp.presets[name]
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    for key, raw in params.items():
        widget = at.get_by_key(key)
        assert widget is not None, key
        value = widget.value
        formatted = {True: "true", False: "false"}.get(value, value) if isinstance(value, bool) \
            else value
        labels = {"mis_model": {"session": "The one I trained here", "default": "The app's trained model"}}
        formatted = labels.get(key, {}).get(formatted, formatted)
        assert str(formatted) == raw or (isinstance(value, (int, float)) and float(raw) == value), \
            (key, raw, value)


def test_the_plan_ends_with_your_own_data():
    at = helpers.open_page("lesson_plan")
    links = {el.proto.page: el.proto.label for el in at.get("page_link")}
    assert links["own_data"] == "Open Your own data"
    handout = next(c.value for c in at.code if "Then: your own data" in c.value)
    assert "Then: your own data\n   " in handout and "/own_data" in handout


def test_the_plan_is_45_minutes_of_ordered_steps_each_with_a_link_a_question_and_a_result():
    from nn_ui.experiments.lesson_plan import PLAN
    at = helpers.open_page("lesson_plan")
    assert PLAN[0].minutes[0] == 0 and PLAN[-1].minutes[1] == 45
    assert all(a.minutes[1] == b.minutes[0] for a, b in zip(PLAN, PLAN[1:]))   # in order
    said = helpers.texts(at)
    links = {link.proto.label: link.proto for link in at.get("page_link")}
    for n, step in enumerate(PLAN, 1):
        assert f"**{n}. {step.title}**" in said
        assert step.ask in said and step.see in said
        assert step.link in links, step.link
    pages = [s.path for s in PLAN]
    assert "app_pages/live_training.py" in pages and "app_pages/class_board.py" in pages
    assert "A 45-minute lesson" in said and "before pressing Play" in said


def test_from_crawling_to_diverging_opens_its_own_rates():
    e = next(e for e in EXPERIMENTS if e.number == 2)
    params = e.presets["From crawling to diverging"]
    assert params, "the link carries its settings, not the page's defaults"
    at = helpers.open_file(str(helpers.ROOT / e.path), **params)
    assert at.get_by_key("race_rates").value == params["race_rates"]
