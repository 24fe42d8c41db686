"""Who a request comes from: the peer's address, or, behind a trusted proxy (HAProxy on the
same host, or ``CLASSROOM_TRUSTED_PROXIES``), the address it saw. The guards that count by
address (``flood_asgi``, ``uploads_asgi``, ``headers_asgi``) all ask here.
"""
from __future__ import annotations

import ipaddress
import os


def _trusted_proxies() -> set[str]:
    """Peers whose X-Forwarded-For is believed: loopback (HAProxy on the same host) and the
    addresses in ``CLASSROOM_TRUSTED_PROXIES`` (comma-separated)."""
    extra = os.environ.get("CLASSROOM_TRUSTED_PROXIES", "")
    return {"127.0.0.1", "::1", *(a.strip() for a in extra.split(",") if a.strip())}


def client_address(scope: dict, trusted: set[str] | None = None) -> str | None:
    """The client's address: the peer's, or the last X-Forwarded-For hop when the peer is a
    trusted proxy (HAProxy's ``option forwardfor`` appends the address it saw)."""
    peer = (scope.get("client") or (None,))[0]
    if peer in (trusted if trusted is not None else _trusted_proxies()):
        for name, value in scope.get("headers", []):
            if name.lower() == b"x-forwarded-for":
                hop = value.decode("latin-1").split(",")[-1].strip()
                try:
                    return str(ipaddress.ip_address(hop))
                except ValueError:
                    break
    return peer
