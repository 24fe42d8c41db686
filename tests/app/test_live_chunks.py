"""The live view's data (nn_ui.view.chunks, feed): packing and reading back, the W1
pictures and their differences, and a run cut at an iteration to go on with another α, exactly
the numbers of nn_core's Trainer whose α changed at that iteration."""
import numpy as np
import pytest

from nn_core import Trainer, compute_cost
from nn_ui.view import chunks
from nn_ui.live.feed import Feed
from nn_ui.view.session_ui import new_run
from nn_ui.live.settings import Settings


def test_a_message_reads_back_its_header_and_arrays():
    a = {"costs": np.array([0.69, 0.5, np.nan], np.float32),
         "it": np.array([0, 20, 40], np.uint32), "frames": np.arange(24, dtype=np.uint8)}
    c = chunks.pack({"start": 3, "end": 5}, a)
    header, back = chunks.decode(chunks.message({"run": "x", "target": 9}, c))
    assert header["run"] == "x" and header["chunk"]["start"] == 3
    for k in a:
        np.testing.assert_array_equal(back[k], a[k])
    assert chunks.decode(chunks.message({"run": "x"}))[0]["chunk"] is None
    with pytest.raises(ValueError, match="float64"):
        chunks.pack({}, {"bad": np.zeros(2)})


def test_the_costs_alone_are_read_without_inflating_the_pictures_after_them():
    rng = np.random.default_rng(1)
    a = {"costs": np.linspace(0.7, 0.1, 500, dtype=np.float32),
         "frames": rng.integers(0, 256, 200_000, dtype=np.uint8)}      # noise: it stays large
    data = chunks.message({"run": "x"}, chunks.pack({"start": 0, "end": 499}, a))
    header, back = chunks.decode(data, ("costs",))
    assert header["chunk"]["end"] == 499 and list(back) == ["costs"]
    np.testing.assert_array_equal(back["costs"], a["costs"])
    cut = data[:len(data) // 2]                       # the pictures' bytes never reached
    np.testing.assert_array_equal(chunks.decode(cut, ("costs",))[1]["costs"], a["costs"])
    with pytest.raises(Exception):
        chunks.decode(cut)                            # the whole body: not there


def test_frames_as_differences_mod_256_come_back_exactly():
    rng = np.random.default_rng(0)
    frames = rng.integers(0, 256, (5, 2, 4, 4, 3), dtype=np.uint8)
    d = chunks.deltas(frames)
    np.testing.assert_array_equal(d[0], frames[0])
    np.testing.assert_array_equal(chunks.undeltas(d), frames)


def test_unit_pictures_scale_each_unit_on_its_own():
    W1 = np.array([[-2.0, 0.0, 2.0, 1.0], [5.0, 5.0, 5.0, 5.0], [0.0, np.nan, 1.0, 0.5]])
    P = chunks.unit_pictures(W1, (2, 2))
    assert P.dtype == np.uint8 and P.shape == (3, 2, 2)
    assert P[0].ravel().tolist() == [0, 128, 255, 191]       # (w - min) / (max - min) * 255
    assert P[1].ravel().tolist() == [128] * 4                # all equal: mid-grey
    assert P[2].ravel().tolist() == [0, 0, 255, 128]         # NaN counts as 0
    assert chunks.unit_pictures(np.ones((20, 4)), (2, 2)).shape[0] == chunks.MAX_PICTURES


@pytest.mark.parametrize("cut_at", [0, 137, 300])
def test_alpha_changed_at_an_iteration_is_exactly_a_trainer_whose_alpha_changed_there(cut_at):
    settings = Settings("moons", (6,), "tanh", "he", 4)
    feed = Feed.start(new_run(settings, 0.3))
    while feed.end < 400:
        feed.compute(400)
    feed.cut(cut_at, 1.0)                          # the browser showed iteration cut_at
    assert feed.end == cut_at and feed.stretches()[-1] == [cut_at, 1.0]
    while feed.end < 500:
        feed.compute(500)
    run = feed.run
    t = Trainer(run.inputs.X, run.inputs.Y, [2, 6, 1], "tanh", 0.3, "he", 4)
    t.run(cut_at)
    t.learning_rate = 1.0
    t.run(500 - cut_at)
    last = float(compute_cost(t.predict_proba(), t.Y))
    assert feed.costs == t.costs + [last]                   # every iteration, to the last bit
    for k, v in t.parameters.items():
        np.testing.assert_array_equal(feed.trainer.parameters[k], v)
    assert run.alpha_text() == ("α 1" if cut_at == 0 else "α 0.3 → α 1")


def test_a_diverged_run_keeps_its_alpha():
    feed = Feed.start(new_run(Settings("flower", (8,), "relu", "he", 1), 10.0))
    while not feed.diverged and feed.end < 2500:
        feed.compute(2500)
    assert feed.diverged
    feed.cut(feed.end, 0.1)
    assert feed.stretches() == [[0, 10.0]] and feed.diverged


def test_a_whole_packed_run_is_the_bytes_zlib_made_before():
    """The chunks are deflated with zlib-ng (faster): the same bytes as the standard zlib's
    stream the browser was sent before, for a whole run's pictures and numbers."""
    import zlib

    feed = Feed.start(new_run(Settings("moons", (6,), "tanh", "he", 4), 0.3))
    while feed.end < 2500:
        feed.compute(2500)
    chunk = feed.chunk_from(0)
    header, arrays = chunks.decode(chunks.message({}, chunk))
    parts = []
    for name, (_, offset, _, _) in sorted(header["chunk"]["blobs"].items(),
                                          key=lambda kv: kv[1][1]):
        raw = np.ascontiguousarray(arrays[name]).tobytes()
        parts.append(raw + b"\0" * ((-len(raw)) % 8))
    zlib_stream = zlib.compressobj(1, zlib.DEFLATED, 15, 8, zlib.Z_RLE)
    before = zlib_stream.compress(b"".join(parts)) + zlib_stream.flush()
    assert len(before) > 10_000 and chunk.body == before


def test_a_chunk_sends_its_first_picture_as_a_difference_from_one_the_browser_has():
    """A chunk after the first brings no whole picture: its first frame is a difference from
    the last frame before it (``frame_base``), which the browser has; read back as the browser
    does, every frame is the run's, and the chunks are smaller than with a whole first frame."""
    from nn_ui.live.pace import Pace

    feed = Feed.start(new_run(Settings("moons", (6,), "tanh", "he", 5), 0.3))
    held, have, sizes, whole = {}, -1, [], []
    for upto in (200, 400, 800, 1300, 1800, 2300, 2500):     # a played run's chunks
        feed.compute(2500, pace=Pace(upto, 0.0, 10 ** 9))
        chunk = feed.chunk_from(have)
        header, a = chunks.decode(chunks.message({}, chunk))
        base = a["frame_base"]
        assert (len(base) == 0) == (have < 0)                 # the first chunk: as they are
        if len(base):
            assert int(base[0]) == max(i for i in held if i < header["chunk"]["start"])
        frames = chunks.undeltas(a["frames"], held[int(base[0])] if len(base) else None)
        held.update(zip(a["frame_it"].tolist(), frames))
        sizes.append(len(chunk.body))
        meta = {k: v for k, v in header["chunk"].items() if k != "blobs"}
        whole.append(len(chunks.pack(meta, {**a, "frames": chunks.deltas(frames),
                                            "frame_base": base[:0]}).body))
        have = feed.end
    _, run = chunks.decode(chunks.message({}, feed.chunk_from(-1)))   # the whole run at once
    assert sorted(held) == run["frame_it"].tolist() == list(range(0, 2501, 100))
    np.testing.assert_array_equal(np.stack([held[i] for i in sorted(held)]),
                                  chunks.undeltas(run["frames"]))
    assert all(s < w for s, w in zip(sizes[1:], whole[1:]))
