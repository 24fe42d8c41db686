"""How far ahead a live run is computed, and by when (``nn_ui.live.pace``)."""
from nn_ui.live.pace import (AHEAD_SECONDS, FAST_MARGIN, FIRST_SECONDS, GROWTH, KEEP_SECONDS,
                             STEP, pace)


def test_a_chunk_covers_a_few_seconds_past_the_iteration_shown_and_ends_on_a_step():
    upto, deadline, keep, margin = pace(reached=820, have=1000, speed=100, target=2500,
                                        now=10.0)
    assert upto == 1700 and upto % STEP == 0 and upto >= 820 + 100 * AHEAD_SECONDS
    assert deadline == 10.0 + (1000 - 820) / 100          # when the browser runs out
    assert keep == 820 + 100 * KEEP_SECONDS - 1000 and margin == 0


def test_from_the_start_a_chunk_at_most_triples_what_the_browser_holds():
    # a class pressing Play at once: each gets 2 s, then up to 6 s in all... in turn
    assert GROWTH == 3
    assert pace(-3, -1, 100, 2500, 0.0).upto == 200
    assert pace(10, 200, 100, 2500, 0.0).upto == 600
    assert pace(10, 250, 100, 2500, 0.0).upto == 800        # 750, ended on a STEP
    assert pace(300, 600, 100, 2500, 0.0).upto == 1100      # then AHEAD_SECONDS past the shown
    ups, have, reached = [], 0, 0                   # a whole run, asked 3 s before the end
    while have < 2500:
        have = pace(reached, have, 100, 2500, 0.0).upto
        ups.append(have)
        reached = max(reached, have - 300)
    assert ups == [200, 600, 1100, 1600, 2100, 2500]


def test_never_past_the_target_and_never_short_of_what_the_browser_has():
    assert pace(2400, 2450, 100, 2500, 0.0).upto == 2500
    assert pace(0, 5000, 10, 9000, 0.0).upto == 5001      # slow speed, much held: one more
    assert 100 * FIRST_SECONDS == 200
    assert pace(-3, -1, 100, 2500, 0.0)[:3] == (200, 0.0, 200)   # after Play: a short first


def test_as_fast_as_it_goes_computes_to_the_target_needed_now():
    assert pace(100, 200, 0, 2500, 7.0) == (2500, 7.0, 0, FAST_MARGIN)  # only to the much more urgent
