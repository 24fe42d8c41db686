import pytest

from classroom import FramePacer


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def pacer(**kw):
    clock = Clock()
    return FramePacer(**{"frames_per_second": 20, "base": 0.25, "max_interval": 4.0,
                         "ttl": 10.0, "clock": clock, **kw}), clock


def test_one_student_gets_the_pages_own_pace():
    p, _ = pacer()
    assert p.interval("a") == 0.25 and p.playing() == 1


def test_a_class_shares_the_frames_of_the_server():
    p, _ = pacer()
    for i in range(40):
        every = p.interval(i)
    assert every == 2.0                        # 40 playing / 20 frames a second
    assert p.interval(0) == 2.0                # everyone gets the same share
    for i in range(40, 200):
        p.interval(i)
    assert p.interval(0) == 4.0                # never slower than max_interval


def test_sessions_stop_counting_when_they_stop_or_go_quiet():
    p, clock = pacer()
    for i in range(40):
        p.interval(i)
    for i in range(20):
        p.stop(i)                              # paused or finished
    assert p.playing() == 20 and p.interval(20) == 1.0
    clock.now += 11                            # the others closed their tabs: no frame since
    assert p.playing() == 0 and p.interval("new") == 0.25


def test_repace_when_the_class_got_busier_or_quieter():
    p, _ = pacer()
    assert not p.repace("a", 0.25)             # alone: 0.25 is right
    assert not p.repace("a", None)             # not playing: nothing to re-pace
    for i in range(39):
        p.interval(i)
    assert p.repace("a", 0.25)                 # 40 now: 2.0 wanted, 0.25 used
    assert not p.repace("a", 2.0)
    for i in range(39):
        p.stop(i)
    assert p.repace("a", 2.0)                  # alone again


def test_scaled_keeps_the_learning_per_second():
    p, _ = pacer()
    assert p.scaled(25, 0.25) == 25 and p.scaled(25, None) == 25
    assert p.scaled(25, 2.0) == 200            # 8 times fewer frames, 8 times more a frame
    assert p.scaled(1, 0.3) == 1


def test_the_frame_rate_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("CLASSROOM_FRAMES_PER_SECOND", "8")
    assert FramePacer().frames_per_second == 8.0
    with pytest.raises(ValueError):
        FramePacer(frames_per_second=0)
