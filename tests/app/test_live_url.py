"""The live page's settings in its URL (nn_ui.live.url): a link opens them, a wrong value is
said and left out, and the address follows the widgets."""
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from streamlit.testing.v1 import AppTest

from nn_ui.live import url as live_url
from tests.app.helpers import ROOT, alpha_live, live_of, no_exception

LINK = {"data": "flower", "hidden": "4", "g": "tanh", "init": "xavier", "seed": "3",
        "alpha": "1", "iterations": "2000", "speed": "50"}


def live_page(**query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app_pages" / "live_training.py"), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    no_exception(at)
    return at


def test_a_link_opens_its_network_data_and_alpha():
    at = live_page(**LINK)
    s = live_of(at).run.settings
    assert (s.dataset, s.hidden, s.activation, s.init, s.seed) == ("flower", (4,), "tanh",
                                                                   "xavier", 3)
    assert live_of(at).lr == 1.0 and live_of(at).run.trainer.learning_rate == 1.0
    assert at.session_state["iterations"] == 2000 and at.session_state["speed"] == 50
    assert {k: at.query_params[k] for k in LINK} == LINK
    assert not at.warning


def test_the_address_follows_the_widgets():
    at = live_page()
    assert at.query_params["seed"] == "1"                       # the defaults are in it too
    at.sidebar.number_input(key="seed").set_value(7).run()
    at.sidebar.text_input(key="hidden").set_value("20, 7, 5").run()
    alpha_live(at, 0.0003)
    assert at.query_params["seed"] == "7"
    assert at.query_params["hidden"] == "20,7,5"
    assert at.query_params["alpha"] == "0.0003"
    # that address, opened in a new session, gives the same settings
    again = live_page(**{k: at.query_params[k] for k in live_url.FIELDS if k in at.query_params})
    assert live_of(again).run.settings == live_of(at).run.settings
    assert live_of(again).lr == 0.0003


@pytest.mark.parametrize("name, value, said", [
    ("g", "softmax", "g “softmax” is not one of"),
    ("alpha", "1e9", "alpha “1e9” is not one of"),
    ("hidden", "5000", "hidden “5000”: hidden layer 1 has 5000 units"),
    ("hidden", "a, b", "is not a list of whole numbers"),
    ("seed", "-4", "seed -4 is not between 0 and 10000"),
    ("iterations", "99999999", "iterations 99999999 is not between 1 and"),
    ("speed", "7", "speed “7” is not one of"),
    ("data", "<script>", "data “<script>” is not one of"),
])
def test_a_wrong_value_is_said_and_left_out(name, value, said):
    at = live_page(**{**LINK, name: value})
    assert any(said in w.value for w in at.warning), [w.value for w in at.warning]
    s = live_of(at).run.settings
    assert s.dataset == ("flower" if name != "data" else s.dataset)
    assert at.query_params[name] != value                      # the address: what is on screen


def test_read_parses_and_refuses_without_streamlit():
    values, problems = live_url.read({"alpha": "0.0075", "hidden": "20 7 5", "seed": "x"})
    assert values == {"lr": 0.0075, "hidden": "20, 7, 5"}
    assert problems == ["seed “x” is not a whole number"]


@pytest.mark.browser
def test_a_shared_link_in_chromium(page, app_server):
    """Through app.py and its checks of every query parameter, in a real browser."""
    query = "&".join(f"{k}={v}" for k, v in LINK.items())
    page.goto(f"{app_server.url}/live_training?{query}")
    page.wait_for_selector("h1")
    shown_js = """() => [...document.querySelectorAll(
        '[data-testid=stSidebar] [data-testid=stSelectbox], [data-testid=stSidebar] input')]
        .map(e => (e.value || e.innerText))"""
    # the sidebar is drawn in steps: wait until it shows the link's values, or time out
    try:
        page.wait_for_function(f"""() => {{
            const shown = ({shown_js})();
            return shown.some(s => s.includes("Flower")) && shown.includes("4")
                && shown.includes("3") && shown.some(s => s.endsWith("tanh"))
                && shown.some(s => s.includes("Xavier"));
        }}""", timeout=30_000)
    except PlaywrightTimeout:
        pass                                               # the assertions below say what is shown
    shown = page.evaluate(shown_js)
    assert any("Flower" in s for s in shown) and "4" in shown and "3" in shown, shown
    assert any(s.endswith("tanh") for s in shown) and any("Xavier" in s for s in shown), shown
    for k, v in LINK.items():
        assert f"{k}={v}" in page.url, page.url          # the address still holds the link
