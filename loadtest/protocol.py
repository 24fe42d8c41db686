"""A browser tab without a browser: one Streamlit session over ``/_stcore/stream``.

Streamlit's frontend and server talk protobuf over one websocket (the messages ship with the
server in ``streamlit.proto``):

* the tab sends ``BackMsg.rerun_script`` (a ``ClientState``): the page to run (``page_name``
  from the URL, then its ``page_script_hash``), the values of the widgets it holds
  (``widget_states``: a value field per widget id, ``trigger_value`` for a button press), and
  for a fragment's rerun its ``fragment_id`` (``is_auto_rerun`` when a ``run_every`` timer
  fired);
* the server answers with ``ForwardMsg``s: ``new_session`` when a run starts, ``delta``s that
  put an element or a block at a ``metadata.delta_path``, ``auto_rerun`` / ``stop_auto_rerun``
  for fragment timers, and ``script_finished`` when the run ends.

``Tab`` keeps what a browser keeps: the element at every delta path (dropping, at the end of a
full run, the ones that run did not draw), the widget values it set, the fragment timers (it
fires them like the browser's ``setInterval``). A widget with a ``key`` has the element id
``$$ID-<hash>-<key>``, so ``tab.widget("lr")`` finds it, ``await tab.set("lr", "0.01")`` sends
the new value, and ``await tab.click("train")`` presses a button; both wait until the run they
started has finished. ``tab.texts()`` reads what the page shows.
"""
from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field

import websockets

from classroom.st_proto import BackMsg, ForwardMsg, Slider, WidgetState

FINISHED = ForwardMsg.ScriptFinishedStatus
_DONE = {FINISHED.FINISHED_SUCCESSFULLY, FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
         FINISHED.FINISHED_WITH_COMPILE_ERROR}


class ProtocolError(RuntimeError):
    """The server answered something a browser would show as an error (or did not answer)."""


def user_key(element_id: str) -> str | None:
    """The ``key=`` of a widget from its element id ``$$ID-<hash>-<key>`` (None without key)."""
    if not element_id.startswith("$$ID-"):
        return None
    key = element_id.split("-", 2)[-1]
    return None if key == "None" else key


@dataclass
class Drawn:
    """An element or block as the tab holds it."""

    path: tuple
    kind: str                   # "markdown", "slider", "plotly_chart", ... or "block"
    proto: object               # the Element (or Block) message
    run_id: str
    fragment_id: str = ""

    @property
    def inner(self):
        """The element's own message (e.g. the Slider), or the Block."""
        return self.proto if self.kind == "block" else getattr(self.proto, self.kind)

    @property
    def key(self) -> str | None:
        return user_key(getattr(self.inner, "id", "") or "")


@dataclass
class RunTiming:
    """When one request was sent and its run finished (perf_counter seconds)."""

    sent: float
    finished: float | None = None
    status: str = ""

    @property
    def seconds(self) -> float | None:
        return None if self.finished is None else self.finished - self.sent


@dataclass
class Tab:
    """One session of a Streamlit app, driven like a browser tab (see the module docstring)."""

    base_url: str                               # http://127.0.0.1:8501
    page: str = ""                              # url path of the page, "" for the main page
    headers: dict = field(default_factory=dict)  # e.g. a Cookie for a sticky proxy
    query_string: str = ""

    def __post_init__(self):
        self.ws = None
        self.elements: dict[tuple, Drawn] = {}
        self.widget_values: dict[str, WidgetState] = {}
        self.exceptions: list[str] = []
        self.page_script_hash = ""
        self.run_id = ""
        self.session_id = ""            # Streamlit's id of this session (upload URLs name it)
        self.run_fragments: tuple = ()
        self.running = False
        self.finished_runs = 0
        self.timer_ticks = 0            # fragment reruns sent by the timers (run_every)
        self.app_pages: list = []
        self.response_headers = None
        self.connect_started = self.opened = self.first_paint = self.page_ready = None
        self._timers: dict[str, asyncio.Task] = {}
        self._timer_intervals: dict[str, float] = {}
        self._changed = asyncio.Event()
        self._reader: asyncio.Task | None = None
        self._closed = False
        self._sent_seq = 0
        self._started_seq = 0           # the last request whose run has started
        self._finished_seq = 0          # the last request whose run has finished
        self.messages = 0
        self.bytes_received = 0
        #: called with each element drawn (a Drawn), e.g. to read a component's data as it comes
        self.on_element = None
        self._run_open = False
        # the browser's ForwardMsg cache: large elements by hash, so that the server may send
        # a reference instead of an element the tab already holds
        self._msg_cache: dict[str, tuple[ForwardMsg, int]] = {}

    # ----- connection -------------------------------------------------------------------------
    @property
    def ws_url(self) -> str:
        return self.base_url.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream"

    async def open(self, timeout: float = 30.0) -> RunTiming:
        """Connect, ask for the page like a browser that just loaded it, wait for the first run.

        Sets ``first_paint`` (seconds from connecting to the first element drawn) and
        ``page_ready`` (seconds from connecting to the end of the first run).
        """
        self.connect_started = time.perf_counter()
        self.ws = await asyncio.wait_for(websockets.connect(
            self.ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=timeout,
            additional_headers=self.headers or None, compression=None), timeout)
        self.response_headers = self.ws.response.headers     # case-insensitive
        self.opened = time.perf_counter()
        self._reader = asyncio.create_task(self._read(), name="tab-reader")
        timing = await self.rerun(timeout=timeout, page_name=self.page)
        self.page_ready = timing.finished - self.connect_started
        return timing

    async def _get(self, path: str, timeout: float) -> bytes:
        """One HTTP/1.1 GET with the tab's cookies; keeps the cookies it sets (a sticky proxy's).
        -> the whole response, headers included."""
        import re
        from urllib.parse import urlsplit
        parts = urlsplit(self.base_url)
        host, port = parts.hostname, parts.port or 80
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
        try:
            cookie = f"Cookie: {self.headers['Cookie']}\r\n" if self.headers.get("Cookie") else ""
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept-Encoding: gzip"
                         f"\r\n{cookie}Connection: close\r\n\r\n".encode())
            await writer.drain()
            data = await asyncio.wait_for(reader.read(), timeout)
        finally:
            writer.close()
        head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
        if " 200 " not in head.split("\r\n", 1)[0]:
            raise ProtocolError(f"GET {path}: {head.splitlines()[0] if head else 'no answer'}")
        for name, value in re.findall(r"(?im)^set-cookie:\s*([^=;\s]+)=([^;\r\n]*)", head):
            jar = dict(c.split("=", 1) for c in self.headers.get("Cookie", "").split("; ") if c)
            jar[name] = value
            self.headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        return data

    async def load_page(self, timeout: float = 60.0) -> int:
        """GET the page's HTML like a browser (and keep the cookies it sets). -> its bytes"""
        from urllib.parse import urlsplit
        return len(await self._get(urlsplit(self.base_url).path.rstrip("/") + "/", timeout))

    async def fetch_static(self, parallel: int = 6, timeout: float = 60.0,
                           extra: tuple[str, ...] = ()) -> tuple[int, int]:
        """Load the page like a browser with an empty cache: index.html, then the scripts,
        styles and fonts it names and the ``extra`` files (paths under the app's address) its
        own code loads (``parallel`` at a time, gzip accepted). -> (files, bytes)"""
        import re
        from urllib.parse import urlsplit
        base = urlsplit(self.base_url).path.rstrip("/")
        index = await self._get(base + "/", timeout)
        names = re.findall(rb'(?:src|href)="\./(static/[^"]+)"', index)
        names += [name.encode() for name in extra]
        sizes, gate = [len(index)], asyncio.Semaphore(parallel)

        async def one(name: bytes) -> None:
            async with gate:
                sizes.append(len(await self._get(f"{base}/{name.decode()}", timeout)))

        await asyncio.wait_for(asyncio.gather(*(one(n) for n in names)), timeout)
        return len(sizes), sum(sizes)

    async def close(self) -> None:
        """Close the websocket like a closed tab (fragment timers stop with it)."""
        self._closed = True
        for task in self._timers.values():
            task.cancel()
        self._timers.clear()
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            self._reader.cancel()
            try:
                await self._reader
            except (asyncio.CancelledError, Exception):
                pass

    async def __aenter__(self) -> Tab:
        await self.open()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    # ----- sending ----------------------------------------------------------------------------
    async def _send_rerun(self, fragment_id: str = "", auto: bool = False,
                          page_name: str = "", extra: list[WidgetState] = ()) -> int:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_script_hash
        state.page_name = page_name if not self.page_script_hash else ""
        state.fragment_id = fragment_id
        state.is_auto_rerun = auto
        state.widget_states.widgets.extend(list(self.widget_values.values()) + list(extra))
        state.cached_message_hashes.extend(self._msg_cache)
        info = state.context_info
        info.timezone, info.timezone_offset, info.locale = "UTC", 0, "en-US"
        info.url = f"{self.base_url.rstrip('/')}/{self.page}"
        info.is_embedded, info.color_scheme = False, "light"
        self._sent_seq += 1
        await self.ws.send(msg.SerializeToString())
        return self._sent_seq

    async def rerun(self, timeout: float = 30.0, fragment_id: str = "", page_name: str = "",
                    extra: list[WidgetState] = ()) -> RunTiming:
        """Send a rerun and wait until the run it started has finished."""
        timing = RunTiming(time.perf_counter())
        seq = await self._send_rerun(fragment_id, page_name=page_name, extra=extra)
        await self.wait_until(lambda: self._finished_seq >= seq, timeout,
                              f"the run of request {seq}")
        timing.finished, timing.status = time.perf_counter(), "finished"
        return timing

    # ----- widgets ----------------------------------------------------------------------------
    def widget(self, key: str) -> Drawn:
        """The widget drawn with ``key=key`` (ProtocolError if the page has none)."""
        for drawn in self.elements.values():
            if drawn.kind != "block" and drawn.key == key:
                return drawn
        raise ProtocolError(f"no widget with key {key!r} on the page; keys: {self.keys()}")

    def keys(self) -> list[str]:
        """Keys of the widgets (and keyed elements) on the page, in page order."""
        return [d.key for _, d in sorted(self.elements.items()) if d.kind != "block" and d.key]

    def _state_for(self, drawn: Drawn, value) -> WidgetState:
        el, kind = drawn.inner, drawn.kind
        ws = WidgetState(id=el.id)
        if kind in ("button", "download_button"):
            ws.trigger_value = True
        elif kind == "checkbox":
            ws.bool_value = bool(value)
        elif kind == "number_input":
            ws.double_value = float(value)
        elif kind == "slider" and el.type == Slider.SELECT_SLIDER:
            values = list(value) if isinstance(value, (list, tuple)) else [value]
            ws.string_array_value.data.extend(self._options(el, values, drawn))
        elif kind == "slider":
            values = list(value) if isinstance(value, (list, tuple)) else [value]
            ws.double_array_value.data.extend(float(v) for v in values)
        elif kind in ("selectbox", "radio"):
            ws.string_value = self._options(el, [value], drawn)[0]
        elif kind in ("multiselect", "button_group"):
            ws.string_array_value.data.extend(self._options(el, list(value), drawn))
        elif kind in ("text_input", "text_area", "color_picker", "time_input"):
            ws.string_value = str(value)
        else:
            raise ProtocolError(f"setting a {kind} ({drawn.key!r}) is not supported")
        return ws

    @staticmethod
    def _options(el, values, drawn) -> list[str]:
        options = list(getattr(el, "options", []))
        if options and not getattr(el, "accept_new_options", False):
            bad = [str(v) for v in values if str(v) not in options]
            if bad:
                raise ProtocolError(f"{drawn.key!r} has no option {bad}; options: {options}")
        return [str(v) for v in values]

    async def set(self, key: str, value, timeout: float = 30.0) -> RunTiming | None:
        """Give widget ``key`` a new value as a user would (options by their shown label).

        A widget outside a form reruns the page (or its fragment) and this waits for that run;
        a widget in a form waits for its submit button (returns None).
        """
        drawn = self.widget(key)
        self.widget_values[drawn.inner.id] = self._state_for(drawn, value)
        if getattr(drawn.inner, "form_id", ""):
            return None
        return await self.rerun(timeout, fragment_id=drawn.fragment_id)

    def _button(self, key: str) -> Drawn:
        drawn = self.widget(key)
        if drawn.kind not in ("button", "download_button"):
            raise ProtocolError(f"{key!r} is a {drawn.kind}, not a button")
        return drawn

    async def click(self, key: str, timeout: float = 30.0) -> RunTiming:
        """Press button ``key`` and wait for the run it started (a trigger is sent once)."""
        drawn = self._button(key)
        return await self.rerun(timeout, fragment_id=drawn.fragment_id,
                                extra=[self._state_for(drawn, True)])

    async def press(self, key: str) -> None:
        """Press button ``key`` without waiting for its run (e.g. to close the tab during it)."""
        drawn = self._button(key)
        await self._send_rerun(drawn.fragment_id, extra=[self._state_for(drawn, True)])

    async def trigger(self, key: str, event: str, value, wait: bool = True,
                      timeout: float = 30.0) -> RunTiming | None:
        """What a custom component (``st.components.v2``) with ``key`` does when its JavaScript
        calls ``setTriggerValue(event, value)``: a rerun (of its fragment) with the event, sent
        once. Waits for that run unless ``wait`` is False."""
        from streamlit.components.v2.bidi_component.main import _make_trigger_id
        drawn = self.widget(key)
        ws = WidgetState(id=_make_trigger_id(drawn.inner.id, "events"))
        ws.json_trigger_value = json.dumps([{"event": event, "value": value}])
        if not wait:
            await self._send_rerun(drawn.fragment_id, extra=[ws])
            return None
        return await self.rerun(timeout, fragment_id=drawn.fragment_id, extra=[ws])

    # ----- reading ----------------------------------------------------------------------------
    def texts(self) -> list[str]:
        """What the page shows as text, in page order (markdown, headings, metrics, code...)."""
        out = []
        for _, d in sorted(self.elements.items()):
            if d.kind == "block":
                continue
            el = d.inner
            if d.kind == "metric":
                out.append(f"{el.label}: {el.body}")
            elif d.kind == "code":
                out.append(el.code_text)
            elif d.kind == "progress":
                out.append(el.text)
            elif d.kind == "exception":
                out.append(f"{el.type}: {el.message}")
            elif hasattr(el, "body") and isinstance(el.body, str):
                out.append(el.body)
        return out

    @property
    def idle(self) -> bool:
        """No run under way: the last run that started has finished (what is drawn is whole)."""
        return not self._run_open

    def metric(self, label: str) -> str | None:
        """The value shown by ``st.metric(label, ...)`` (None when there is none)."""
        for d in self.find("metric"):
            if d.inner.label == label:
                return d.inner.body
        return None

    def find(self, kind: str) -> list[Drawn]:
        """Elements of one kind (e.g. "plotly_chart"), in page order."""
        return [d for _, d in sorted(self.elements.items()) if d.kind == kind]

    def plotly(self, key: str) -> dict:
        """The figure of ``st.plotly_chart(..., key=key)`` as a dict (data, layout)."""
        for d in self.find("plotly_chart"):
            if d.key == key:
                return json.loads(d.inner.spec)
        raise ProtocolError(f"no plotly chart with key {key!r}")

    async def wait_until(self, predicate, timeout: float, what: str = "the condition") -> None:
        """Wait (reading messages, firing fragment timers) until ``predicate()`` holds."""
        deadline = time.perf_counter() + timeout
        while not predicate():
            if self.exceptions:
                raise ProtocolError(f"the page raised: {self.exceptions[0]}")
            if self._closed or (self._reader is not None and self._reader.done()):
                raise ProtocolError(f"connection closed while waiting for {what}")
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise ProtocolError(f"timed out after {timeout:g} s waiting for {what}")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except asyncio.TimeoutError:
                pass
        if self.exceptions:
            raise ProtocolError(f"the page raised: {self.exceptions[0]}")

    # ----- receiving --------------------------------------------------------------------------
    async def _read(self) -> None:
        try:
            async for data in self.ws:
                msg = ForwardMsg()
                msg.ParseFromString(data)
                self.messages += 1
                self.bytes_received += len(data)
                self._handle(self._through_cache(msg))
                self._changed.set()
        except websockets.ConnectionClosed:
            pass
        finally:
            self._changed.set()

    #: Runs after which a cached element not seen again is dropped (global.maxCachedMessageAge).
    CACHE_AGE = 2

    def _through_cache(self, msg: ForwardMsg) -> ForwardMsg:
        """Resolve a reference to a cached element; keep large elements as the browser does."""
        if msg.WhichOneof("type") == "ref_hash":
            cached = self._msg_cache.get(msg.ref_hash)
            if cached is None:
                raise ProtocolError(f"the server referred to an element not cached: {msg.ref_hash}")
            full = ForwardMsg()
            full.CopyFrom(cached[0])
            full.metadata.CopyFrom(msg.metadata)
            self._msg_cache[msg.ref_hash] = (cached[0], self.finished_runs)
            return full
        if msg.metadata.cacheable and msg.hash:
            self._msg_cache[msg.hash] = (msg, self.finished_runs)
        return msg

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self._run_open = True
            self._started_seq = self._sent_seq
            self.run_id = msg.metadata.run.script_run_id
            self.run_fragments = tuple(msg.metadata.run.fragment_ids)
            ns = msg.new_session
            self.session_id = ns.initialize.session_id or self.session_id
            self.page_script_hash = ns.page_script_hash or self.page_script_hash
            if ns.app_pages:
                self.app_pages = list(ns.app_pages)
            if not self.run_fragments:          # a full run: the browser clears its timers
                for task in self._timers.values():
                    task.cancel()
                self._timers.clear()
        elif kind == "delta":
            self._delta(msg)
        elif kind == "script_finished":
            self._run_open = False
            status = msg.script_finished
            if status in _DONE:
                self._finished_seq = self._started_seq
                self.finished_runs += 1
                for h in [h for h, (_, seen) in self._msg_cache.items()
                          if self.finished_runs - seen > self.CACHE_AGE]:
                    del self._msg_cache[h]
                if status == FINISHED.FINISHED_SUCCESSFULLY:
                    self._drop_stale(msg.metadata.run.script_run_id or self.run_id)
            if status == FINISHED.FINISHED_WITH_COMPILE_ERROR:
                self.exceptions.append("the page script failed to compile")
        elif kind == "session_status_changed":
            self.running = msg.session_status_changed.script_is_running
        elif kind == "auto_rerun":
            self._start_timer(msg.auto_rerun.fragment_id, msg.auto_rerun.interval)
        elif kind == "stop_auto_rerun":
            for fid in msg.stop_auto_rerun.fragment_ids:
                task = self._timers.pop(fid, None)
                if task:
                    task.cancel()
        elif kind == "page_not_found":
            self.exceptions.append(f"page not found: {msg.page_not_found.page_name!r}")
        elif kind == "navigation":
            self.app_pages = list(msg.navigation.app_pages)
            if msg.navigation.page_script_hash:
                self.page_script_hash = msg.navigation.page_script_hash

    def _delta(self, msg: ForwardMsg) -> None:
        delta = msg.delta
        path = tuple(msg.metadata.delta_path)
        which = delta.WhichOneof("type")
        if which == "new_element":
            kind = delta.new_element.WhichOneof("type")
            self.elements[path] = Drawn(path, kind, delta.new_element, self.run_id,
                                        delta.fragment_id)
            if self.first_paint is None and kind != "empty":
                self.first_paint = time.perf_counter() - self.connect_started
            if kind == "exception":
                e = delta.new_element.exception
                self.exceptions.append(f"{e.type}: {e.message}")
            if self.on_element is not None:
                self.on_element(self.elements[path])
        elif which == "add_block":
            self.elements[path] = Drawn(path, "block", delta.add_block, self.run_id,
                                        delta.fragment_id)

    def _drop_stale(self, run_id: str) -> None:
        for path in [p for p, d in self.elements.items() if d.run_id != run_id]:
            del self.elements[path]

    def _start_timer(self, fragment_id: str, interval: float) -> None:
        # Like the browser: every tick sends a rerun of the fragment, whether or not a run is
        # under way; the same interval registered again keeps the running countdown.
        if not fragment_id or self._closed:
            return
        if self._timer_intervals.get(fragment_id) == interval and fragment_id in self._timers:
            return
        old = self._timers.pop(fragment_id, None)
        if old:
            old.cancel()
        self._timer_intervals[fragment_id] = interval

        async def tick():
            while True:
                await asyncio.sleep(interval)
                self.timer_ticks += 1
                await self._send_rerun(fragment_id, auto=True)

        self._timers[fragment_id] = asyncio.create_task(tick(), name=f"auto-rerun-{fragment_id}")
