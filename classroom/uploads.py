"""How many uploaded files one tab and one address may keep in the server's memory at once.

Streamlit keeps every file a tab uploads (``PUT /_stcore/upload_file/<session>/<file_id>``) in
memory until the tab deletes it or its session ends; ``server.maxUploadSize`` limits one file,
not how many. ``UploadLedger`` counts what each session and each client address holds:

* a session holds at most ``session_files`` files and ``session_bytes`` bytes;
* an address (every tab of one computer, or of one school's NAT) at most ``address_bytes``
  and ``address_in_flight`` uploads under way at once;

an upload is reserved before its body is read (its Content-Length, or a whole file's worth when
the client does not say) and the reservation becomes the bytes received when it is stored.
Over a bound the upload is refused with a sentence: 413 (too much held) or 429 (too many at
once). A session's files are given back when the session ends (``end_session``).

Pure Python: ``classroom.uploads_asgi`` applies it to Streamlit's upload endpoint.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

MB = 1024 * 1024


@dataclass(frozen=True)
class UploadRules:
    """Defaults: 8 files and 32 MB a tab, 96 MB and 2 uploads at once an address."""

    file_bytes: int = 11 * MB          # one request: maxUploadSize (10 MB) and its framing
    session_files: int = 8
    session_bytes: int = 32 * MB
    address_bytes: int = 96 * MB
    address_in_flight: int = 2


@dataclass
class Refusal:
    status: int                        # 413 or 429
    sentence: str


@dataclass
class Ticket:
    """One upload under way: ``reserved`` bytes counted until ``finish``."""

    session: str
    address: str
    file_id: str
    reserved: int
    received: int = 0
    done: bool = False


@dataclass
class _Session:
    address: str
    files: dict = field(default_factory=dict)       # file_id -> bytes held
    reserved: int = 0
    credentials: list = field(default_factory=list)  # headers a DELETE of its files needs

    @property
    def held(self) -> int:
        return sum(self.files.values()) + self.reserved


class UploadLedger:
    """The process's record of the uploads held by every session and address (thread-safe)."""

    def __init__(self, rules: UploadRules = UploadRules()):
        self.rules = rules
        self._lock = threading.Lock()
        self._sessions: dict[str, _Session] = {}
        self._address_bytes: dict[str, int] = {}
        self._in_flight: dict[str, int] = {}
        self.refused = {413: 0, 429: 0}

    def start(self, session: str, address: str, file_id: str,
              declared: int | None) -> Ticket | Refusal:
        """Reserve an upload before its body is read: a ``Ticket``, or a ``Refusal``."""
        r = self.rules
        size = r.file_bytes if declared is None else int(declared)
        with self._lock:
            s = self._sessions.setdefault(session, _Session(address))
            replaced = s.files.get(file_id, 0)
            if size > r.file_bytes:
                refusal = Refusal(413, f"One file may be at most {r.file_bytes // MB} MB.")
            elif self._in_flight.get(address, 0) >= r.address_in_flight:
                refusal = Refusal(429, f"At most {r.address_in_flight} uploads at once from one "
                                       "computer: wait for the others to finish.")
            elif len(s.files) - (file_id in s.files) >= r.session_files:
                refusal = Refusal(413, f"This tab already keeps {r.session_files} uploaded "
                                       "files: remove one, or reload the page.")
            elif s.held - replaced + size > r.session_bytes:
                refusal = Refusal(413, f"This tab already keeps {s.held / MB:.0f} MB of uploads "
                                       f"(at most {r.session_bytes // MB} MB): remove a file, or "
                                       "reload the page.")
            elif self._address_bytes.get(address, 0) - replaced + size > r.address_bytes:
                refusal = Refusal(413, f"The tabs of this computer keep {r.address_bytes // MB} "
                                       "MB of uploads already: close a tab, or wait a moment.")
            else:
                s.reserved += size
                self._address_bytes[address] = self._address_bytes.get(address, 0) + size
                self._in_flight[address] = self._in_flight.get(address, 0) + 1
                return Ticket(session, address, file_id, size)
            self.refused[refusal.status] += 1
            if not s.files and not s.reserved:
                del self._sessions[session]
            return refusal

    def finish(self, ticket: Ticket, stored: bool) -> None:
        """The upload ended: its bytes are held (``stored``) or given back."""
        with self._lock:
            if ticket.done:
                return
            ticket.done = True
            s = self._sessions.get(ticket.session)
            self._in_flight[ticket.address] = max(self._in_flight.get(ticket.address, 1) - 1, 0)
            self._address_bytes[ticket.address] -= ticket.reserved
            if s is None:
                return
            s.reserved -= ticket.reserved
            if stored:
                kept = min(ticket.received, self.rules.file_bytes) or ticket.reserved
                self._address_bytes[s.address] -= s.files.pop(ticket.file_id, 0)
                s.files[ticket.file_id] = kept
                self._address_bytes[s.address] += kept
            self._tidy(ticket.session)

    def remember(self, session: str, credentials: list) -> None:
        """The headers (XSRF token, cookie) of the session's last upload, for ``end_session``."""
        with self._lock:
            if session in self._sessions:
                self._sessions[session].credentials = credentials

    def remove(self, session: str, file_id: str) -> None:
        """The tab deleted one of its files."""
        with self._lock:
            s = self._sessions.get(session)
            if s is not None and file_id in s.files:
                self._address_bytes[s.address] -= s.files.pop(file_id)
                self._tidy(session)

    def end_session(self, session: str) -> tuple[list[str], list]:
        """The session ended: forget its files. -> (their ids, the headers to delete them)"""
        with self._lock:
            s = self._sessions.get(session)
            if s is None:
                return [], []
            files = list(s.files)
            for file_id in files:
                self._address_bytes[s.address] -= s.files.pop(file_id)
            credentials = s.credentials
            self._tidy(session)
            return files, credentials

    def _tidy(self, session: str) -> None:           # with the lock held
        s = self._sessions.get(session)
        if s is not None and not s.files and not s.reserved:
            del self._sessions[session]
        for table in (self._address_bytes, self._in_flight):
            for address in [a for a, n in table.items() if n <= 0]:
                del table[address]

    def held(self, session: str | None = None, address: str | None = None) -> int:
        """Bytes held (and reserved) by a session, an address, or everybody."""
        with self._lock:
            if session is not None:
                s = self._sessions.get(session)
                return 0 if s is None else s.held
            if address is not None:
                return self._address_bytes.get(address, 0)
            return sum(self._address_bytes.values())


#: The server's ledger (one per process).
UPLOADS = UploadLedger()
