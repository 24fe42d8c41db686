"""nn_ui.common.params_ui: odd values in the lesson plan's own links never break a page; each falls back
to its default with a note. A sweep over every key the links use (and each page's seed) with
the values a careless or hostile link carries."""
from __future__ import annotations

import math

import pytest
from streamlit.testing.v1 import AppTest

from nn_ui.common import params_ui as params
from nn_ui.experiments.registry import available
from tests.app import helpers

ODD = ["1e308", "-1", "nan", "inf", "abc", "", "\x00", "1e30", "[1,2]", "9" * 100_000]
SEEDS = {"exp_initialization": "init_seed", "exp_gradient_check": "gc_seed",
         "exp_cost_vs_accuracy": "cva_seed", "exp_photo_over_training": "pot_seed"}
NEED_CATS = {"exp_mistakes", "exp_photo_over_training", "exp_cost_vs_accuracy"}


def page_keys():
    """(page name, the query keys its lesson-plan links use, plus its seed)."""
    for e in available():
        keys = sorted({k for preset in e.presets.values() for k in preset})
        name = e.path.rsplit("/", 1)[-1].removesuffix(".py")
        if name in SEEDS:
            keys.append(SEEDS[name])
        if keys:
            yield name, keys


@pytest.mark.parametrize("value", ["", "inf", "-inf", "nan", "1e30", "1e308", "\x00", "a\x00b",
                                   "9" * 101])
def test_problem_refuses(value):
    assert params.problem(value)


@pytest.mark.parametrize("value", ["0.01", "-1", "abc", "[1,2]", "cat called non-cat", "0.3, 3, 10",
                                   "true", "2000", "The one I trained here"])
def test_problem_leaves_the_rest_to_the_widget(value):
    assert params.problem(value) is None


def test_floats():
    assert params.problem(math.nan) and params.problem(math.inf) and params.problem(1e30)
    assert params.problem(0.0075) is None and params.problem(3) is None


def test_the_note_shows_a_long_value_short():
    bad = params.bad_query_params({"gc_seed": ["9" * 100_000], "ok": ["1"]})
    assert list(bad) == ["gc_seed"] and len(bad["gc_seed"]) < 100 and "100,000" in bad["gc_seed"]


def test_the_note_shows_a_links_markdown_as_plain_characters():
    bad = params.bad_query_params({"[x](http://e.vil)": ["1e999"], "k": ["**" + "9" * 200]})
    assert bad["[x](http://e.vil)"].startswith("the link's `[x](http://e.vil)` = `1e999`")
    assert "`**999999999999999999…` (202 characters) is too long" in bad["k"]


@pytest.mark.parametrize("page,keys", list(page_keys()),
                         ids=lambda v: v if isinstance(v, str) else "")
def test_odd_values_in_the_lesson_plans_links_break_no_page(page, keys):
    if page in NEED_CATS and not helpers.HAVE_CATS:
        pytest.skip("needs the cat photos")
    for value in ODD:
        at = AppTest.from_file(str(helpers.ROOT / "app.py"), default_timeout=120)
        at.run()
        for key in keys:
            at.query_params[key] = value
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception, (page, value[:20], [e.message for e in at.exception])
        # (a query string over 524 288 characters Streamlit ignores whole, with no widget seeing it)
        if params.problem(value) and len(value) * len(keys) < 500_000:
            notes = " ".join(c.value for c in at.caption)
            assert "Ignored, the default used instead" in notes, (page, value[:20])
