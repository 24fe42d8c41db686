"""How far ahead a live run is computed, and by when (``nn_ui.live.pace``)."""
from nn_ui.live.pace import AHEAD_SECONDS, FAST_MARGIN, FIRST_SECONDS, KEEP_SECONDS, STEP, pace


def test_a_chunk_covers_a_few_seconds_past_the_iteration_shown_and_ends_on_a_step():
    upto, deadline, keep, margin = pace(reached=120, have=300, speed=100, target=2500,
                                        now=10.0)
    assert upto == 1000 and upto % STEP == 0 and upto >= 120 + 100 * AHEAD_SECONDS
    assert deadline == 10.0 + (300 - 120) / 100          # when the browser runs out
    assert keep == 120 + 100 * KEEP_SECONDS - 300 and margin == 0


def test_never_past_the_target_and_never_short_of_what_the_browser_has():
    assert pace(2400, 2450, 100, 2500, 0.0).upto == 2500
    assert pace(0, 5000, 10, 9000, 0.0).upto == 5001      # slow speed, much held: one more
    assert 100 * FIRST_SECONDS == 200
    assert pace(-3, -1, 100, 2500, 0.0)[:3] == (200, 0.0, 200)   # after Play: a short first


def test_as_fast_as_it_goes_computes_to_the_target_needed_now():
    assert pace(100, 200, 0, 2500, 7.0) == (2500, 7.0, 0, FAST_MARGIN)  # only to the much more urgent
