"""nn_ui.figures.board: the class board's two panels from posts."""
from nn_ui.figures.board import best_by_dataset, best_post, board_figure


def post(nick, alpha, cost, acc, arch="2-8-1", act="relu", diverged=False, dataset="moons"):
    return dict(nickname=nick, alpha=alpha, alpha_text=f"{alpha:g}", architecture=arch,
                activation=act, final_cost=cost, test_accuracy=acc, diverged=diverged,
                dataset=dataset)


POSTS = [post("Ada", 0.3, 0.26, 0.89), post("<b>Bob</b>", 0.01, 0.69, 0.50),
         post("Cy", 0.1, 0.20, 0.89, act="tanh"), post("Di", 10.0, None, None, diverged=True),
         post("Ed", 0.03, 0.30, 0.80, arch="12288-8-1", dataset="cats")]


def test_the_best_run_has_the_highest_test_accuracy_then_the_lowest_cost():
    assert best_post(POSTS)["nickname"] == "Cy"                  # 89 % like Ada, lower J
    assert best_post([POSTS[3]]) is None and best_post([]) is None


def test_each_panel_draws_alpha_on_a_log_axis_by_network_and_activation():
    for panel, key, scale in (("cost", "final_cost", 1), ("accuracy", "test_accuracy", 100)):
        fig = board_figure(POSTS, panel).to_dict()
        assert fig["layout"]["xaxis"]["type"] == "log"
        groups = {t["name"].removeprefix("moons · ").removeprefix("cat photos · "): t
                  for t in fig["data"] if not t["name"].startswith("best")}
        assert set(groups) == {"2-8-1 · ReLU", "2-8-1 · tanh", "12288-8-1 · ReLU"}
        assert sorted(x for t in groups.values() for x in t["x"]) == [0.01, 0.03, 0.1, 0.3]
        assert groups["2-8-1 · ReLU"]["marker"]["symbol"] != groups["2-8-1 · tanh"]["marker"][
            "symbol"]
        assert groups["2-8-1 · ReLU"]["marker"]["color"] != groups["12288-8-1 · ReLU"][
            "marker"]["color"]
        best = {t["name"].split(":")[0]: t for t in fig["data"] if t["name"].startswith("best")}
        assert list(best["best on moons"]["x"]) == [0.1]
        assert list(best["best on moons"]["y"]) == [POSTS[2][key] * scale]
        assert list(best["best on cat photos"]["x"]) == [0.03]    # the best of its own data
        texts = [s for t in groups.values() for s in t["text"]]
        assert any(s.startswith("&lt;b&gt;Bob&lt;/b&gt;<br>moons · ") for s in texts)  # escaped
        assert not any("<b>Bob" in s for s in texts)
        assert not any(s.startswith("Di") for s in texts)         # diverged: not drawn


def test_an_empty_board_is_an_empty_figure():
    assert board_figure([], "cost").to_dict()["data"] == []


def test_each_data_set_has_its_colour_and_its_own_best_run():
    """Runs on easy and hard data are not compared: the spiral's best is its own, not the
    flower's, and each data set is named in the legend in its own colour."""
    posts = [post("Fa", 0.3, 0.05, 0.99, dataset="flower"),
             post("Sp", 0.3, 0.60, 0.62, dataset="spiral"),
             post("Sq", 1.0, 0.55, 0.70, dataset="spiral")]
    assert {d: b["nickname"] for d, b in best_by_dataset(posts).items()} == {
        "flower": "Fa", "spiral": "Sq"}
    fig = board_figure(posts, "accuracy").to_dict()
    drawn = {t["name"]: t for t in fig["data"] if not t["name"].startswith("best")}
    assert set(drawn) == {"flower · 2-8-1 · ReLU", "spiral · 2-8-1 · ReLU"}
    assert drawn["flower · 2-8-1 · ReLU"]["marker"]["color"] != \
        drawn["spiral · 2-8-1 · ReLU"]["marker"]["color"]
    assert fig["layout"]["yaxis"]["automargin"] is True
