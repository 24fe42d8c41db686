"""``RerunGuard``: the ``classroom.flood`` rules on Streamlit's websocket, as ASGI middleware.

``asgi.py`` hands it to ``st.App(..., middleware=[...])``, Streamlit's public way to put
middleware in front of the app, so no Streamlit module is patched. The guard reads what a tab
sends on ``/_stcore/stream`` (``BackMsg`` protobufs, from ``streamlit.proto``) before
Streamlit does:

* a rerun request (``rerun_script``) is judged by the connection's ``RerunBudget``: run now,
  held (the newest held one runs when the budget allows), or dropped; a fragment's rerun is a
  timer's tick only if the server announced that fragment's timer to this tab (the small
  ``auto_rerun`` / ``stop_auto_rerun`` messages it sends, read on their way out) and it comes
  no faster than the timer's interval (``classroom.flood.FragmentTimers``);
* the drop forwards one last full rerun, in which the page shows the message
  (``classroom.st_helpers.stop_if_dropped`` finds the connection by the header
  ``X-Classroom-Connection`` the guard gives every websocket, in ``st.context.headers``;
  ``X-Classroom-Address`` gives it the client's address, for ``classroom.quota``);
  after that nothing of the connection reaches Streamlit, and a connection that keeps sending
  is closed (code 1008) ``close_after`` seconds on; its address cools down;
* a widget value no widget of the app can take is removed from the request before Streamlit
  reads it (``classroom.widget_values``: it would raise before the page's first line runs);
  the widget keeps its value. A frame longer than ``MAX_FRAME`` is not even parsed: it is
  dropped and counted against the tab's budget;
* ``clear_cache`` (the developer menu's "Clear cache", which would empty every student's
  caches) is never forwarded; other messages pass.

This module and ``widget_values`` are the ones that read Streamlit's wire messages, this one
alone ``st.App``'s middleware; ``tests/classroom/test_flood.py`` fails when either changes
underneath them. The client's address: ``classroom.client_address``.
"""
from __future__ import annotations

import asyncio
from uuid import uuid4

from classroom.flood import (DROP, DROPPED, FLOOD, HOLD, RUN, FloodRegistry, FragmentTimers,
                             RerunBudget)
from classroom.client_address import client_address
from classroom.st_proto import BackMsg, ForwardMsg
from classroom.widget_values import clean_widget_states

#: A whole frame from a tab, at most (longer: dropped unparsed, counted against its budget).
MAX_FRAME = 2_000_000
#: The header that names a websocket connection to the page (set here, never by the client).
HEADER = "x-classroom-connection"
#: The header that gives the page the client's address (a trusted proxy's X-Forwarded-For).
ADDRESS_HEADER = "x-classroom-address"
STREAM = "/_stcore/stream"
#: Server messages at most this long are read for fragment timers (an ``auto_rerun`` message
#: is about 100 bytes; the page's elements, far longer, are not parsed).
TIMER_MESSAGE_BYTES = 512


def _rerun(data: bytes) -> tuple[str, BackMsg | None]:
    """(message type, the parsed message) of one frame; ("", None) if it does not parse (then
    Streamlit closes the connection itself)."""
    msg = BackMsg()
    try:
        msg.ParseFromString(data)
    except Exception:
        return "", None
    return msg.WhichOneof("type") or "", msg


class _Connection:
    """One websocket: reads the client's frames as they come, hands Streamlit those the budget
    allows (in order), holds the newest over-budget rerun."""

    def __init__(self, receive, send, registry: FloodRegistry, connection: str,
                 address: str | None):
        self._receive, self._send = receive, send
        self.registry, self.connection, self.address = registry, connection, address
        self.budget = RerunBudget(registry.rules)
        self.timers = FragmentTimers()
        self._queue: asyncio.Queue = asyncio.Queue()
        self._held: tuple[dict, bool, bool] | None = None     # (message, timer tick, full run)
        self._release: asyncio.Task | None = None
        self._pump: asyncio.Task | None = None
        self.closed = False

    async def receive(self) -> dict:
        if self._pump is None:
            self._pump = asyncio.create_task(self._read(), name="rerun-guard")
        return await self._queue.get()

    async def send(self, message: dict) -> None:
        if self.closed:
            return                      # closed by the guard: Streamlit's last words go nowhere
        data = message.get("bytes") if message.get("type") == "websocket.send" else None
        if data and len(data) <= TIMER_MESSAGE_BYTES:
            self._note_timers(data)
        await self._send(message)

    def _note_timers(self, data: bytes) -> None:
        msg = ForwardMsg()
        try:
            msg.ParseFromString(data)
        except Exception:
            return
        kind = msg.WhichOneof("type")
        if kind == "auto_rerun":
            self.timers.start(msg.auto_rerun.fragment_id, msg.auto_rerun.interval)
        elif kind == "stop_auto_rerun":
            self.timers.stop(msg.stop_auto_rerun.fragment_ids)

    async def _read(self) -> None:
        try:
            while True:
                message = await self._receive()
                if message["type"] == "websocket.receive" and message.get("bytes"):
                    message = await self._judge(message)
                    if message is None:
                        continue
                await self._queue.put(message)
                if message["type"] == "websocket.disconnect":
                    return
        except Exception:               # the transport failed: Streamlit cleans up as usual
            await self._queue.put({"type": "websocket.disconnect", "code": 1011})

    async def _judge(self, message: dict) -> dict | None:
        if self.budget.dropped_at is not None:     # not even parsed
            self.budget.ask()
            if self.budget.should_close():
                await self._close()
                return {"type": "websocket.disconnect", "code": 1008}
            return None
        if len(message["bytes"]) > MAX_FRAME:           # not parsed, not forwarded
            self.budget.ask()
            return None
        kind, msg = _rerun(message["bytes"])
        if kind == "clear_cache":
            return None
        if kind != "rerun_script":
            return message
        tick = self.timers.is_tick(msg.rerun_script.fragment_id, msg.rerun_script.is_auto_rerun)
        verdict = self.budget.ask(timer_tick=tick)
        if verdict in (RUN, HOLD) and clean_widget_states(msg):
            message = {**message, "bytes": msg.SerializeToString()}
        full = not msg.rerun_script.fragment_id
        held_full = self._held is not None and self._held[2]
        if held_full and not full:      # a full rerun is held: this newer request becomes
            msg.rerun_script.fragment_id = ""       # one, with its newer values (a fragment's
            msg.rerun_script.is_auto_rerun = False  # rerun would not run the page with them)
            message, tick, full = {**message, "bytes": msg.SerializeToString()}, False, True
        if verdict == RUN:
            self._held = None           # this request is newer than the held one
            return message
        if verdict == HOLD:
            self._held = (message, tick, full)
            if self._release is None or self._release.done():
                self._release = asyncio.create_task(self._release_held())
            return None
        if verdict == DROP:
            self._held = None
            self.registry.drop(self.connection, self.address)
            msg.rerun_script.fragment_id = ""       # a full run, which shows the message
            msg.rerun_script.is_auto_rerun = False
            clean_widget_states(msg)
            return {**message, "bytes": msg.SerializeToString()}
        assert verdict == DROPPED
        return None

    async def _release_held(self) -> None:
        while self._held is not None and not self.closed:
            tick = self._held[1]
            await asyncio.sleep(max(self.budget.wait(timer_tick=tick), 0.01))
            if self._held is not None and self.budget.release(timer_tick=self._held[1]):
                held, self._held = self._held[0], None
                await self._queue.put(held)

    async def _close(self) -> None:
        if not self.closed:
            self.closed = True
            try:
                await self._send({"type": "websocket.close", "code": 1008,
                                  "reason": "too many requests"})
            except Exception:
                pass

    def stop(self) -> None:
        for task in (self._pump, self._release):
            if task is not None:
                task.cancel()
        self.registry.forget(self.connection)


class RerunGuard:
    """ASGI middleware: the rerun budget on every websocket of ``/_stcore/stream``."""

    def __init__(self, app, registry: FloodRegistry = FLOOD):
        self.app, self.registry = app, registry

    async def __call__(self, scope, receive, send):
        if scope["type"] != "websocket" or not scope.get("path", "").endswith(STREAM):
            return await self.app(scope, receive, send)
        address = client_address(scope)
        if self.registry.refuses(address):
            await receive()                                         # websocket.connect
            await send({"type": "websocket.close", "code": 1008})   # refused: HTTP 403
            return
        connection = uuid4().hex
        ours = (HEADER.encode(), ADDRESS_HEADER.encode())
        headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() not in ours]
        scope = {**scope, "headers": [*headers, (HEADER.encode(), connection.encode()),
                                      (ADDRESS_HEADER.encode(), (address or "").encode())]}
        conn = _Connection(receive, send, self.registry, connection, address)
        try:
            await self.app(scope, conn.receive, conn.send)
        finally:
            conn.stop()

