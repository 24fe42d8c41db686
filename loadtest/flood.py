"""The rerun flood: scripted tabs asking for reruns far faster than a person, while the health
check and normal students are timed.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python -m loadtest.flood --floods 4 --rate 50 --seconds 20
    .venv/bin/python -m loadtest.flood --script app.py --floods 1 --seconds 5   # no guard

1. The app is started on 127.0.0.1 (``asgi.py``: app.py behind ``classroom.flood_asgi``).
2. ``--normal`` students open the Activation functions page and change its α slider one after
   another, a pause of ``--think`` seconds between changes, all along: each change's time from
   sending to its run's end is a *rerun latency*.
3. After ``--baseline`` seconds, ``--floods`` tabs open the same page and each sends rerun
   requests at ``--rate`` a second for ``--seconds`` seconds (each from its own address, as
   HAProxy's X-Forwarded-For names it; a closed one reconnects, at most once a second).
4. The health check (``/_stcore/health``) is asked every 0.25 s throughout, with a 10 s timeout.

Printed: the health check's latency (max during the flood, max from 5 s after it), the normal
students' median rerun latency before and during the flood and their speed ratio, and what the
flooders got (sent, shown the message, closed, refused). Every loop is bounded in count and
time; only 127.0.0.1 is contacted.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from dataclasses import asdict, dataclass, field

from loadtest.protocol import Tab
from loadtest.server import AppServer, ROOT

PAGE = "activations"
MAX_RATE, MAX_FLOODS, MAX_SECONDS = 200, 16, 120


@dataclass
class Flooder:
    address: str
    sent: int = 0
    connections: int = 0
    refused: int = 0
    closed: int = 0
    saw_message: bool = False
    errors: dict = field(default_factory=dict)


async def flood(url: str, address: str, rate: float, seconds: float, page: str = PAGE,
                message_words: str = "more than a person can click",
                await_message: float = 0.0, stop_on_message: bool = False) -> Flooder:
    """One scripted tab: rerun requests at ``rate`` a second for ``seconds`` (bounded); then,
    if ``await_message``, up to that many seconds more for the drop's message to arrive on a
    connection still open (a busy server may draw it after the flood ends).
    ``stop_on_message``: stop sending once the message is shown."""
    out = Flooder(address)
    end = time.perf_counter() + min(seconds, MAX_SECONDS)
    step = 1.0 / min(rate, MAX_RATE)
    while time.perf_counter() < end and not (stop_on_message and out.saw_message):
        tab = Tab(url, page=page, headers={"X-Forwarded-For": address})
        try:
            await tab.open(timeout=max(1.0, end - time.perf_counter()))
            out.connections += 1
        except Exception as error:        # refused in its cool-down, or the server is too slow
            out.refused += 1
            name = type(error).__name__
            out.errors[name] = out.errors.get(name, 0) + 1
            await tab.close()
            await asyncio.sleep(min(1.0, max(0.0, end - time.perf_counter())))
            continue
        try:
            next_send = time.perf_counter()
            while time.perf_counter() < end and not tab._reader.done():
                await tab._send_rerun()
                out.sent += 1
                next_send += step
                await asyncio.sleep(max(0.0, next_send - time.perf_counter()))
                out.saw_message |= any(message_words in t for t in tab.texts())
                if stop_on_message and out.saw_message:
                    break
            if await_message and not tab._reader.done():
                try:
                    await tab.wait_until(lambda: any(message_words in t for t in tab.texts()),
                                         await_message, "the drop's message")
                except Exception:
                    pass
            if tab._reader.done():
                out.closed += 1
        except Exception:                 # the server closed the socket under a send
            out.closed += 1
        finally:
            out.saw_message |= any(message_words in t for t in tab.texts())
            await tab.close()
    return out


async def health(url: str, until: float, every: float = 0.25, timeout: float = 10.0) -> list:
    """[(time, latency)] of GET /_stcore/health until ``until`` (a timeout counts as its
    length)."""
    from urllib.parse import urlsplit
    parts = urlsplit(url)
    out = []
    while time.perf_counter() < until:
        t0 = time.perf_counter()
        try:
            async def get():
                reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
                writer.write(b"GET /_stcore/health HTTP/1.1\r\nHost: x\r\nConnection: close"
                             b"\r\n\r\n")
                await writer.drain()
                data = await reader.read()
                writer.close()
                return data
            data = await asyncio.wait_for(get(), timeout)
            ok = b" 200 " in data.split(b"\r\n", 1)[0]
        except (asyncio.TimeoutError, OSError):
            ok = False
        latency = time.perf_counter() - t0
        out.append((t0, latency if ok else max(latency, timeout)))
        await asyncio.sleep(max(0.0, every - latency))
    return out


async def student(url: str, until: float, think: float, key: str = "act_alpha") -> list:
    """[(time, seconds)] of a student changing the α slider, one change after another."""
    out = []
    async with Tab(url, page=PAGE) as tab:
        values = (0.01, 0.1, 0.2, 0.05)
        i = 0
        while time.perf_counter() < until:
            t0 = time.perf_counter()
            await tab.set(key, values[i % len(values)], timeout=60)
            out.append((t0, time.perf_counter() - t0))
            i += 1
            await asyncio.sleep(think)
    return out


@dataclass
class Report:
    script: str
    floods: int
    rate: float
    seconds: float
    health_max_before: float = 0.0
    health_max_during: float = 0.0
    health_max_from_5s_after: float = 0.0
    health_timeouts: int = 0
    rerun_median_before: float = 0.0
    rerun_median_during: float = 0.0
    rerun_median_first_3s: float = 0.0
    rerun_median_rest: float = 0.0
    speed_ratio: float = 0.0
    rerun_medians_per_5s: list = field(default_factory=list)
    flooders: list = field(default_factory=list)


async def scenario(url: str, script: str, floods: int, rate: float, seconds: float,
                   normal: int = 2, baseline: float = 10.0, after: float = 10.0,
                   think: float = 0.2) -> Report:
    t0 = time.perf_counter()
    flood_start = t0 + baseline
    flood_end = flood_start + seconds
    end = flood_end + after
    probe = asyncio.create_task(health(url, end))
    students = [asyncio.create_task(student(url, end, think)) for _ in range(normal)]
    await asyncio.sleep(max(0.0, flood_start - time.perf_counter()))
    flooders = await asyncio.gather(*(flood(url, f"10.0.0.{i + 1}", rate, seconds)
                                      for i in range(min(floods, MAX_FLOODS))))
    checks = await probe
    runs = [r for rs in await asyncio.gather(*students) for r in rs]

    def during(t):
        return flood_start <= t < flood_end

    report = Report(script, floods, rate, seconds)
    report.health_max_before = max((lat for t, lat in checks if t < flood_start), default=0)
    report.health_max_during = max((lat for t, lat in checks if during(t)), default=0)
    report.health_max_from_5s_after = max((lat for t, lat in checks if t >= flood_end + 5),
                                          default=0)
    report.health_timeouts = sum(lat >= 10.0 for _, lat in checks)
    before = [s for t, s in runs if t < flood_start]
    flooded = [s for t, s in runs if during(t)]
    report.rerun_median_before = statistics.median(before) if before else 0.0
    report.rerun_median_during = statistics.median(flooded) if flooded else float("inf")
    first = [s for t, s in runs if flood_start <= t < flood_start + 3]
    rest = [s for t, s in runs if flood_start + 3 <= t < flood_end]
    report.rerun_median_first_3s = statistics.median(first) if first else 0.0
    report.rerun_median_rest = statistics.median(rest) if rest else 0.0
    report.speed_ratio = report.rerun_median_before / report.rerun_median_during
    report.rerun_medians_per_5s = [
        round(statistics.median(b), 3) if b else None
        for b in ([s for t, s in runs if t0 + k <= t < t0 + k + 5]
                  for k in range(0, int(end - t0), 5))]
    report.flooders = [asdict(f) for f in flooders]
    return report


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--script", default="asgi.py", help="asgi.py (guarded) or app.py")
    ap.add_argument("--floods", type=int, default=4)
    ap.add_argument("--rate", type=float, default=50.0)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--normal", type=int, default=2)
    ap.add_argument("--baseline", type=float, default=10.0)
    ap.add_argument("--after", type=float, default=10.0)
    ap.add_argument("--think", type=float, default=0.2)
    ap.add_argument("--log", default=None, help="the server's log file")
    a = ap.parse_args(argv)
    with AppServer(ROOT / a.script, log_path=a.log) as server:
        report = asyncio.run(asyncio.wait_for(scenario(
            server.url, a.script, a.floods, a.rate, a.seconds, a.normal, a.baseline, a.after,
            a.think), a.baseline + a.seconds + a.after + 120))
    print(json.dumps(asdict(report), indent=1))
    print(f"{a.script}: {a.floods} flooders x {a.rate:g}/s x {a.seconds:g} s | health max "
          f"{report.health_max_before:.2f} s before, {report.health_max_during:.2f} s during, "
          f"{report.health_max_from_5s_after:.2f} s from 5 s after | normal rerun median "
          f"{report.rerun_median_before:.3f} s before, {report.rerun_median_during:.3f} s "
          f"during ({report.rerun_median_first_3s:.3f} s in its first 3 s, "
          f"{report.rerun_median_rest:.3f} s after): speed {report.speed_ratio:.0%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
