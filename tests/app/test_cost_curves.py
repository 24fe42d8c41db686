"""Cost curves: the session's runs overlaid, picked, log scale, CSV."""
import numpy as np

from tests.app.helpers import alpha_live, chart, live_of, no_exception, open_page, play_live, values


def train_two_runs(at):
    at.sidebar.selectbox(key="dataset").set_value("flower").run()
    at.number_input(key="iterations").set_value(200).run()
    play_live(at)
    at.sidebar.number_input(key="seed").set_value(2).run()  # a new network; run 1 is kept
    alpha_live(at, 1.0)
    play_live(at)
    return at


def test_no_runs_says_what_to_do():
    at = open_page("cost_curves")
    assert "No runs yet" in at.info[0].value


def test_runs_overlaid_with_their_settings_log_scale_and_csv():
    at = train_two_runs(open_page("live_training"))
    at.switch_page("app_pages/cost_curves.py").run()
    no_exception(at)
    fig = chart(at, "cc_chart")
    names = [t["name"] for t in fig["data"]]
    assert any(n.startswith("#1 train · flower · 2-8-1") and n.endswith("α 0.3")
               for n in names), names
    assert any(n.startswith("#2 train") and "α 1" in n and "seed 2" in n for n in names), names
    run1 = values(next(t for t in fig["data"] if t["name"].startswith("#1 train"))["y"])
    assert len(run1) == 200 and run1[-1] < run1[0]
    assert any(n == "#1 test" for n in names)
    at.toggle(key="cc_log").set_value(True).run()
    assert chart(at, "cc_chart")["layout"]["yaxis"]["type"] == "log"
    at.toggle(key="cc_test").set_value(False).run()
    assert not any("test" in t["name"] for t in chart(at, "cc_chart")["data"])
    at.multiselect(key="cc_runs").set_value([2]).run()
    assert all(t["name"].startswith("#2") for t in chart(at, "cc_chart")["data"])
    csv = at.download_button(key="cc_csv").proto
    assert at.dataframe[0].value["run"].tolist() == ["#2"]
    assert csv.label.startswith("Download")


def test_csv_has_a_row_per_iteration():
    from nn_ui.runs.records import runs_csv
    at = train_two_runs(open_page("live_training"))
    runs = list(live_of(at).runs.values())
    text = runs_csv(runs)
    lines = text.strip().splitlines()
    assert lines[0] == "run,settings,iteration,train_cost,test_cost"
    assert len(lines) == 1 + sum(len(r.costs) for r in runs)
    first = lines[1].split(",")
    assert first[0] == "1" and first[2] == "0" and np.isfinite(float(first[3]))


def test_a_run_that_diverged_at_its_first_step_is_a_dashed_rise_to_a_red_x():
    at = open_page("live_training")
    at.sidebar.selectbox(key="dataset").set_value("flower").run()
    alpha_live(at, 10.0)
    play_live(at)
    live = live_of(at).run.trainer
    assert live.diverged
    at.switch_page("app_pages/cost_curves.py").run()
    no_exception(at)
    fig = chart(at, "cc_chart")
    mark = next(t for t in fig["data"] if t.get("marker", {}).get("symbol") == "x")
    x, y = values(mark["x"]), values(mark["y"])
    last = len(live.costs) - 1
    assert list(x) == [last, last + 1] and len(x) == 2          # a line, not a lone dot
    assert y[0] == live.costs[-1] and y[1] > y[0]
    assert mark["marker"]["symbol"] == "x" and mark["line"]["dash"] == "dash"
    train = next(t for t in fig["data"] if t["name"].startswith("#1 train"))
    assert train["name"].endswith("· diverged")
    assert at.dataframe[0].value["status"].tolist() == ["diverged"]


def test_one_rounding_rule_for_accuracies():
    from nn_ui.common.names import percent
    for acc in (0.8125, 325 / 400, 0.8135, 0.0005, 1.0, 0.5):   # 81.25: the table said 81.3
        assert f"{percent(acc):.1f}%" == f"{acc:.1%}", acc
    assert percent(None) is None


def test_alpha_moved_after_done_then_reset_does_not_relabel_the_finished_run():
    """Done at α 0.3, α moved to 1 (no iteration runs at it), Reset: the finished run is
    "α 0.3", and only the new run is at α 1."""
    from nn_ui.view.page_ui import KEY
    from tests.app.helpers import browser_request, component_data
    at = open_page("live_training")
    at.sidebar.selectbox(key="dataset").set_value("flower").run()
    at.number_input(key="iterations").set_value(50).run()
    assert play_live(at)[0] == 50
    alpha_live(at, 1.0, reached=50)
    assert live_of(at).run.trainer.iteration == 50
    h, _ = component_data(at, KEY)
    browser_request(at, KEY, run=h["run"], epoch=h["epoch"], seq=2, reset=True)
    no_exception(at)
    at.switch_page("app_pages/cost_curves.py").run()
    labels = [r.label for r in live_of(at).runs.values()]
    assert len(labels) == 1 and labels[0].endswith("α 0.3") and "→" not in labels[0], labels
    assert at.multiselect(key="cc_runs").options == ["#1 · flower · 2-8-1 · α 0.3"]
