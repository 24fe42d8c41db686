"""Small files that decode huge: a 25-megapixel lossless WebP of a few bytes takes about 380 MB
to decode. Ten uploaded at once must add less than 700 MB to the server's peak memory (the
process's pixel budget, nn_io.images.DECODING), and each is answered (a Photo) or refused with
a sentence (ServerBusy)."""
import subprocess
import sys
import threading
import time

import pytest

from nn_io.errors import ImageTooLarge, ServerBusy
from nn_io.images import DECODING, PixelBudget, load_photo

TEN_AT_ONCE = r"""
import io, resource, sys, threading
from PIL import Image
im = Image.new("RGB", (5000, 5000), (120, 30, 200))
buf = io.BytesIO(); im.save(buf, "WEBP", lossless=True, method=0); data = buf.getvalue()
del im, buf
from nn_io.images import load_photo
from nn_io.errors import InputError
def rss():
    return int(next(l for l in open("/proc/self/status") if l.startswith("VmRSS")).split()[1])
base = rss()
# the peak so far (making the file) is below the decode's; ru_maxrss is the process's peak
made = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
out = []
def one():
    try:
        out.append(load_photo(data).image64.shape)
    except InputError as e:
        out.append(type(e).__name__ + ": " + e.message)
threads = [threading.Thread(target=one) for _ in range(10)]
[t.start() for t in threads]; [t.join() for t in threads]
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(len(data), base, made, peak, repr(out))
"""


@pytest.mark.slow
def test_ten_25_megapixel_webps_at_once_add_less_than_700_mb():
    run = subprocess.run([sys.executable, "-c", TEN_AT_ONCE], capture_output=True, text=True,
                         timeout=600, env={"OPENBLAS_NUM_THREADS": "1", "PATH": "/usr/bin:/bin",
                                           "PYTHONPATH": "."})
    assert run.returncode == 0, run.stderr[-2000:]
    size, base, made, peak, out = run.stdout.split(" ", 4)
    answers = eval(out)
    assert int(size) < 1000                                  # a tiny file...
    assert len(answers) == 10
    assert all(a == (64, 64, 3) or a.startswith("ServerBusy") for a in answers), answers
    extra_mb = (int(peak) - int(base)) / 1024
    assert extra_mb < 700, f"ten decodes at once added {extra_mb:.0f} MB"   # 851 MB with two at once


def test_the_budget_lets_photos_in_up_to_its_pixels_and_in_order():
    budget = PixelBudget(100)
    first = budget.take(60, wait=1)
    started = []

    def later(name, pixels):
        with budget.take(pixels, wait=30):
            started.append(name)

    a = threading.Thread(target=later, args=("a", 50))      # does not fit beside the 60
    a.start()
    deadline = time.monotonic() + 30
    while not budget._line and time.monotonic() < deadline:  # a is in line
        time.sleep(0.01)
    assert started == [] and budget.in_use == 60
    with pytest.raises(ServerBusy, match="try again"):
        budget.take(10, wait=0.05)                           # a is first in line
    first.__exit__(None, None, None)
    a.join(30)
    assert started == ["a"] and budget.in_use == 0 and budget.peak == 60


def test_a_photo_larger_than_the_budget_waits_until_it_is_alone():
    budget = PixelBudget(10)
    with budget.take(500, wait=1):
        assert budget.in_use == 500
    assert budget.in_use == 0


def test_a_gif_over_10_megapixels_is_refused_from_its_header():
    import io
    from PIL import Image
    buf = io.BytesIO()
    Image.new("P", (4000, 3000)).save(buf, "GIF")
    with pytest.raises(ImageTooLarge, match="12 million pixels"):
        load_photo(buf.getvalue())


def test_decoding_gives_its_pixels_back():
    import io
    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGB", (800, 600), (10, 200, 30)).save(buf, "WEBP", lossless=True)
    load_photo(buf.getvalue())
    assert DECODING.in_use == 0 and DECODING.peak >= 800 * 600
