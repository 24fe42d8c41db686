"""Hostile clients: what a script can ask of the app that a browser never would, over the real
endpoints (a ``Tab`` for the websocket, plain HTTP/1.1 for uploads and headers).

    tab = Tab(url, page="predict", headers={"X-Forwarded-For": "10.0.0.7"})
    await tab.open()
    answers = await upload_flood(tab, files=80, size=9_500_000)    # HTTP statuses, in order

Only 127.0.0.1 is contacted; every loop is bounded in count.
"""
from __future__ import annotations

import asyncio
import os
import re
import secrets
import time
from urllib.parse import urlsplit

from loadtest.protocol import Tab

MAX_FILES = 200


def _cookie(tab: Tab, name: str) -> str | None:
    m = re.search(rf"(?:^|; ){re.escape(name)}=([^;]*)", tab.headers.get("Cookie", ""))
    return m.group(1) if m else None


async def http(url: str, method: str, path: str, headers: dict | None = None,
               body: bytes = b"", timeout: float = 60.0, chunked: bool = False) -> tuple[int, dict, bytes]:
    """One HTTP/1.1 request to 127.0.0.1. -> (status, headers lower-cased, body)"""
    parts = urlsplit(url)
    reader, writer = await asyncio.wait_for(
        asyncio.open_connection(parts.hostname, parts.port or 80), timeout)
    try:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {parts.hostname}:{parts.port}",
                 "Connection: close"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        if chunked:
            lines.append("Transfer-Encoding: chunked")
        elif body or method in ("PUT", "POST"):
            lines.append(f"Content-Length: {len(body)}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        try:
            if chunked:
                for i in range(0, len(body), 65536):
                    piece = body[i:i + 65536]
                    writer.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                    await writer.drain()
                writer.write(b"0\r\n\r\n")
            else:
                writer.write(body)
            await writer.drain()
        except (ConnectionError, OSError):
            pass                        # refused early: the server closed before the body
        data = b""
        try:
            while chunk := await asyncio.wait_for(reader.read(65536), timeout):
                data += chunk
        except (ConnectionError, OSError):
            pass                        # the answer came, then the server closed the socket
    finally:
        writer.close()
    head, _, rest = data.partition(b"\r\n\r\n")
    first, *header_lines = head.decode("latin-1").split("\r\n")
    status = int(first.split()[1]) if first.startswith("HTTP/") else 0
    out = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        out[name.strip().lower()] = value.strip()
    return status, out, rest


def multipart(name: str, data: bytes, content_type: str = "image/jpeg") -> tuple[str, bytes]:
    """A form with one file, as the browser's uploader sends it. -> (content type, body)"""
    boundary = "----hostile" + secrets.token_hex(8)
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"{name}\"\r\nContent-Type: {content_type}\r\n\r\n").encode() + data + \
        f"\r\n--{boundary}--\r\n".encode()
    return f"multipart/form-data; boundary={boundary}", body


async def upload(tab: Tab, data: bytes, file_id: str | None = None, name: str = "big.jpg",
                 chunked: bool = False) -> int:
    """PUT one file into ``tab``'s session as its uploader would. -> the HTTP status"""
    file_id = file_id or secrets.token_hex(8)
    content_type, body = multipart(name, data)
    headers = {"Content-Type": content_type, **{k: v for k, v in tab.headers.items()}}
    base = urlsplit(tab.base_url).path.rstrip("/")
    xsrf = _cookie(tab, "_streamlit_xsrf")
    if xsrf is None:                    # the browser's health check sets the XSRF cookie
        await tab._get(f"{base}/_stcore/health", 30)
        headers.update(tab.headers)
        xsrf = _cookie(tab, "_streamlit_xsrf")
    if xsrf:
        headers["X-Xsrftoken"] = xsrf
    status, _, _ = await http(tab.base_url, "PUT",
                              f"{base}/_stcore/upload_file/{tab.session_id}/{file_id}",
                              headers, body, chunked=chunked)
    return status


async def upload_flood(tab: Tab, files: int, size: int, parallel: int = 4) -> list[int]:
    """``files`` uploads of ``size`` random bytes into ``tab``'s session, ``parallel`` at a
    time, as fast as the server takes them. -> the statuses, in the order sent"""
    data = os.urandom(size)
    await upload(tab, b"", file_id="first")          # the XSRF cookie, once
    gate = asyncio.Semaphore(parallel)
    statuses: list[int] = [0] * min(files, MAX_FILES)

    async def one(i: int) -> None:
        async with gate:
            try:
                statuses[i] = await upload(tab, data)
            except (ConnectionError, OSError, asyncio.TimeoutError):
                statuses[i] = -1

    await asyncio.gather(*(one(i) for i in range(len(statuses))))
    return statuses


def nested_json(depth: int) -> str:
    """A JSON text of ``depth`` nested lists: ``[[[...]]]``."""
    return "[" * depth + "]" * depth


# ----- compute: tabs that keep asking for chunks and resetting ----------------------------------
async def hog(url: str, address: str, seconds: float, rate: float = 2.8,
              iterations: int = 10_000, sent_by: dict | None = None) -> int:
    """One tab alternating "next chunk" and Reset of a ``iterations`` run, ``rate`` requests a
    second, for ``seconds`` (bounded). -> requests sent"""
    from loadtest.scenarios import Live
    scenario = Live(iterations=iterations, dataset="cats")
    tab = Tab(url, page="live_training", headers={"X-Forwarded-For": address})
    await tab.open(timeout=120)
    sent = 0
    try:
        await scenario.prepare(tab, scenario.settings(7))
        view = scenario.view(tab)
        end = time.perf_counter() + min(seconds, 300)
        while time.perf_counter() < end:
            await view.ask(max(view.end, 0), want=True)
            await asyncio.sleep(1.0 / rate)
            await view.ask(0, want=False, reset=True)
            await asyncio.sleep(1.0 / rate)
            sent += 2
            if sent_by is not None:
                sent_by[address] = sent
    finally:
        await tab.close()
    return sent


async def own_run(url: str, address: str, iterations: int = 2500) -> float:
    """A student plays their own cat run to its end (as fast as it goes). -> seconds"""
    from loadtest.scenarios import Live
    scenario = Live(iterations=iterations, dataset="cats")
    tab = Tab(url, page="live_training", headers={"X-Forwarded-For": address})
    await tab.open(timeout=120)
    try:
        await scenario.prepare(tab, scenario.settings(3))
        start = time.perf_counter()
        await scenario.view(tab).play(180)
        return time.perf_counter() - start
    finally:
        await tab.close()


async def compute_fairness(url: str, repeats: int = 3) -> dict:
    """A student's own run alone, then while two tabs hog the compute. -> seconds of each"""
    alone = [await own_run(url, "10.0.1.1") for _ in range(repeats)]
    sent: dict = {}
    hogs = [asyncio.create_task(hog(url, f"10.0.2.{i}", 40 * repeats + 60, sent_by=sent))
            for i in (1, 2)]
    for _ in range(1200):                           # until both hog tabs are at it
        if len(sent) == 2 and min(sent.values()) >= 4:
            break
        await asyncio.sleep(0.1)
    hogged = [await own_run(url, "10.0.1.2") for _ in range(repeats)]
    for task in hogs:
        task.cancel()
    await asyncio.gather(*hogs, return_exceptions=True)
    return {"alone": alone, "with two hogs": hogged}
