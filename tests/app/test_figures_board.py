"""nn_ui.figures.board: the class board's two panels from posts."""
from nn_ui.figures.board import best_post, board_figure


def post(nick, alpha, cost, acc, arch="2-8-1", act="relu", diverged=False):
    return dict(nickname=nick, alpha=alpha, alpha_text=f"{alpha:g}", architecture=arch,
                activation=act, final_cost=cost, test_accuracy=acc, diverged=diverged)


POSTS = [post("Ada", 0.3, 0.26, 0.89), post("<b>Bob</b>", 0.01, 0.69, 0.50),
         post("Cy", 0.1, 0.20, 0.89, act="tanh"), post("Di", 10.0, None, None, diverged=True),
         post("Ed", 0.03, 0.30, 0.80, arch="12288-8-1")]


def test_the_best_run_has_the_highest_test_accuracy_then_the_lowest_cost():
    assert best_post(POSTS)["nickname"] == "Cy"                  # 89 % like Ada, lower J
    assert best_post([POSTS[3]]) is None and best_post([]) is None


def test_each_panel_draws_alpha_on_a_log_axis_by_network_and_activation():
    for panel, key, scale in (("cost", "final_cost", 1), ("accuracy", "test_accuracy", 100)):
        fig = board_figure(POSTS, panel).to_dict()
        assert fig["layout"]["xaxis"]["type"] == "log"
        groups = {t["name"]: t for t in fig["data"] if not t["name"].startswith("best")}
        assert set(groups) == {"2-8-1 · ReLU", "2-8-1 · tanh", "12288-8-1 · ReLU"}
        assert sorted(x for t in groups.values() for x in t["x"]) == [0.01, 0.03, 0.1, 0.3]
        assert groups["2-8-1 · ReLU"]["marker"]["symbol"] != groups["2-8-1 · tanh"]["marker"][
            "symbol"]
        assert groups["2-8-1 · ReLU"]["marker"]["color"] != groups["12288-8-1 · ReLU"][
            "marker"]["color"]
        [best] = [t for t in fig["data"] if t["name"].startswith("best")]
        assert list(best["x"]) == [0.1] and list(best["y"]) == [POSTS[2][key] * scale]
        texts = [s for t in groups.values() for s in t["text"]]
        assert any(s.startswith("&lt;b&gt;Bob&lt;/b&gt;<br>") for s in texts)  # escaped
        assert not any("<b>Bob" in s for s in texts)
        assert not any(s.startswith("Di") for s in texts)         # diverged: not drawn


def test_an_empty_board_is_an_empty_figure():
    assert board_figure([], "cost").to_dict()["data"] == []
