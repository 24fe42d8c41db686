"""Home: the lesson in a few lines, the network with the lesson's shapes, links to every page."""
from tests.app.helpers import chart, no_exception, open_page, texts


def test_home_draws_the_lessons_network_with_its_shapes():
    at = open_page()
    no_exception(at)
    assert at.title[0].value == "How a neural network learns"
    fig = chart(at, "home_network")
    annotations = " ".join(a["text"] for a in fig["layout"]["annotations"])
    for shape in ("X (12288, 209)", "W1 (8, 12288)", "A1 (8, 209)", "W2 (1, 8)", "A2 (1, 209)"):
        assert shape in annotations
    assert "iteration" in texts(at) and "α" in texts(at)


def test_home_links_to_every_page():
    at = open_page()
    links = [el.proto.page for el in at.get("page_link")]
    for page in ("activations", "live_training", "cost_curves", "prediction"):
        assert any(page in link for link in links), links


def test_home_tells_of_the_experiments_and_links_to_each():
    at = open_page()
    assert "experiments" in texts(at).lower() and "lesson plan" in texts(at).lower()
    links = [el.proto.page for el in at.get("page_link")]
    for page in ("exp_initialization", "exp_learning_rate", "exp_vanishing", "lesson_plan"):
        assert any(page in link for link in links), links
