"""``UploadGuard``: the ``classroom.uploads`` bounds on Streamlit's upload endpoint, as ASGI
middleware for ``st.App(..., middleware=[...])``.

* ``PUT /_stcore/upload_file/<session>/<file_id>``: reserved in the ledger before Streamlit
  reads the body (refused at once, 413 or 429 with the sentence, when it does not fit); the
  bytes are counted as they stream (a body longer than it said, or than a file may be, is cut
  off with 413); stored when Streamlit answers 204.
* ``DELETE`` of the same path (the tab removed a file): given back.
* ``/_stcore/stream``: the guard reads the session's id in Streamlit's first message
  (``new_session``) and, when the websocket closes, deletes the session's files through
  Streamlit's own ``DELETE`` endpoint, in process, with the XSRF header and cookie of the tab's
  last upload. Streamlit itself frees a disconnected session's files only when the session is
  dropped, ``server.disconnectedSessionTTL`` (120 s) later; no public API frees them sooner.
  A tab that reconnects after a network cut keeps its settings but must upload its photo again.
"""
from __future__ import annotations

import re

from classroom.client_address import client_address
from classroom.st_proto import ForwardMsg
from classroom.uploads import UPLOADS, Refusal, UploadLedger

_PATH = re.compile(r"/_stcore/upload_file/([^/]+)/([^/]+)/?$")
STREAM = "/_stcore/stream"
_CREDENTIALS = (b"x-xsrftoken", b"cookie")


async def _drain(receive, limit: int) -> None:
    """Read and drop a refused request's body (at most ``limit`` bytes), so that the client
    reads the answer instead of a reset connection; nothing of it is kept."""
    seen = 0
    while seen <= limit:
        message = await receive()
        if message["type"] != "http.request":
            return
        seen += len(message.get("body", b""))
        if not message.get("more_body", False):
            return


async def _answer(send, status: int, sentence: str) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": sentence.encode()})


def _declared(scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name.lower() == b"content-length":
            try:
                return max(int(value), 0)
            except ValueError:
                return None
    return None


def session_id_of(data: bytes) -> str | None:
    """The session id in a ``new_session`` ForwardMsg, else None."""
    msg = ForwardMsg()
    try:
        msg.ParseFromString(data)
    except Exception:
        return None
    if msg.WhichOneof("type") == "new_session":
        return msg.new_session.initialize.session_id or None
    return None


class UploadGuard:
    """ASGI middleware: the upload ledger on Streamlit's upload endpoint (see the module)."""

    def __init__(self, app, ledger: UploadLedger = UPLOADS):
        self.app, self.ledger = app, ledger

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and scope.get("path", "").endswith(STREAM):
            return await self._stream(scope, receive, send)
        match = _PATH.search(scope.get("path", "")) if scope["type"] == "http" else None
        if match is None or scope.get("method") not in ("PUT", "DELETE"):
            return await self.app(scope, receive, send)
        session, file_id = match.groups()
        if scope["method"] == "DELETE":
            return await self._delete(scope, receive, send, session, file_id)
        return await self._put(scope, receive, send, session, file_id)

    async def _put(self, scope, receive, send, session, file_id):
        address = client_address(scope) or "unknown"
        declared = _declared(scope)
        ticket = self.ledger.start(session, address, file_id, declared)
        if isinstance(ticket, Refusal):
            await _drain(receive, self.ledger.rules.file_bytes)
            return await _answer(send, ticket.status, ticket.sentence)
        limit = ticket.reserved
        status = {}

        async def counted_receive():
            message = await receive()
            if message["type"] == "http.request":
                ticket.received += len(message.get("body", b""))
                if ticket.received > limit:
                    raise _TooLong()
            return message

        async def noted_send(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, counted_receive, noted_send)
        except _TooLong:
            if "code" not in status:
                await _answer(send, 413, "The upload is longer than it said, or than a file "
                                         "may be.")
        finally:
            stored = status.get("code") == 204
            if stored:
                self.ledger.remember(session, [(k, v) for k, v in scope.get("headers", [])
                                               if k.lower() in _CREDENTIALS])
            self.ledger.finish(ticket, stored)

    async def _delete(self, scope, receive, send, session, file_id):
        status = {}

        async def noted_send(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        await self.app(scope, receive, noted_send)
        if status.get("code") == 204:
            self.ledger.remove(session, file_id)

    async def _stream(self, scope, receive, send):
        session = {}

        async def noted_send(message):
            if "id" not in session and message.get("type") == "websocket.send" \
                    and message.get("bytes"):
                found = session_id_of(message["bytes"])
                if found:
                    session["id"] = found
            await send(message)

        try:
            await self.app(scope, receive, noted_send)
        finally:
            if "id" in session:
                await self.free(scope, session["id"])

    async def free(self, scope, session: str) -> int:
        """Delete the files of ``session`` through Streamlit's endpoint. -> how many"""
        files, credentials = self.ledger.end_session(session)
        prefix = scope.get("path", "")[:-len(STREAM)] if scope.get("path", "").endswith(
            STREAM) else ""
        for file_id in files:
            path = f"{prefix}/_stcore/upload_file/{session}/{file_id}"
            request = {**{k: v for k, v in scope.items() if k not in ("subprotocols",)},
                       "type": "http", "method": "DELETE", "path": path,
                       "raw_path": path.encode(), "query_string": b"", "http_version": "1.1",
                       "headers": [(b"host", b"localhost"), *credentials]}
            sent = False

            async def receive_nothing():
                nonlocal sent
                if not sent:
                    sent = True
                    return {"type": "http.request", "body": b"", "more_body": False}
                return {"type": "http.disconnect"}

            async def discard(message):
                pass

            try:
                await self.app(request, receive_nothing, discard)
            except Exception:
                pass
        return len(files)


class _TooLong(Exception):
    """The body is longer than reserved."""
