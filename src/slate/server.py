"""``slate serve``'s HTTP server: uvicorn with limits, so slow or idle clients cannot hold the
process's file descriptors.

* **header timeout**: a connection must send a whole request head within ``header_timeout``
  seconds of connecting or of its previous response, else it is closed (uvicorn has none);
* **keep-alive timeout**: an idle connection between requests is closed after ``keep_alive`` s;
* **connection cap**: at most ``max_connections`` open at once (never more than the descriptor
  limit allows); one over the cap is answered 503 and closed at once;
* **log lines rate-limited**: the same message at most a few times per interval, then one line
  saying how many were left out.
"""

from __future__ import annotations

import asyncio
import logging
import resource
import time
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

#: descriptors kept for everything that is not a client connection (database files, threads, logs)
FD_RESERVE = 256
_BUSY = b'{"status":503,"error":"too many connections"}'
_BUSY_RESPONSE = (
    b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nconnection: close\r\n"
    b"retry-after: 1\r\ncontent-length: " + str(len(_BUSY)).encode() + b"\r\n\r\n" + _BUSY
)
log = logging.getLogger("slate.server")


def connection_cap(requested: int) -> int:
    """``requested``, lowered so the connections and the reserve fit the descriptor limit."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return requested
    return max(8, min(requested, int(soft) - FD_RESERVE))


class RateLimit(logging.Filter):
    """At most ``burst`` records of one message per ``interval`` seconds; the count of those left
    out is added to the next one let through."""

    def __init__(self, burst: int = 5, interval: float = 10.0) -> None:
        super().__init__()
        self.burst = burst
        self.interval = interval
        self.seen: dict[tuple[str, str], tuple[float, int, int]] = {}  # key -> (window start, passed, dropped)

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, str(record.msg))
        now = time.monotonic()
        start, passed, dropped = self.seen.get(key, (now, 0, 0))
        if now - start >= self.interval:
            start, passed = now, 0
        if passed >= self.burst:
            self.seen[key] = (start, passed, dropped + 1)
            return False
        if dropped:
            record.msg = f"{record.msg} ({dropped} similar lines left out)"
            dropped = 0
        if len(self.seen) > 1000:
            self.seen.clear()
        self.seen[key] = (start, passed + 1, dropped)
        return True


def limited_protocol(header_timeout: float, max_connections: int) -> type[H11Protocol]:
    """uvicorn's h11 protocol with a header timeout and a connection cap."""

    class Limited(H11Protocol):
        _head_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            if len(self.connections) > max_connections:
                log.warning("connection refused: %d connections open (the cap)", max_connections)
                transport.write(_BUSY_RESPONSE)
                transport.close()
                return
            self._arm()

        def _arm(self) -> None:
            self._disarm()
            self._head_timer = self.loop.call_later(header_timeout, self._head_timeout)

        def _disarm(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _head_timeout(self) -> None:
            self._head_timer = None
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                log.warning("connection closed: no complete request head within %g s", header_timeout)
                self.transport.close()

        def handle_events(self) -> None:
            super().handle_events()
            if self.conn.their_state is not h11.IDLE:
                self._disarm()  # the head is in

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm()  # the next request's head (the keep-alive timeout closes an idle one sooner)

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

    return Limited


def serve(
    app: Any,
    *,
    host: str,
    port: int,
    header_timeout: float = 10.0,
    keep_alive: int = 5,
    max_connections: int = 1000,
) -> None:
    """Run ``app`` until interrupted, with the limits above."""
    cap = connection_cap(max_connections)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        http=limited_protocol(header_timeout, cap),
        timeout_keep_alive=keep_alive,
        limit_concurrency=cap + 1,  # requests beyond the cap get 503 (uvicorn counts this connection too)
    )
    limit = RateLimit()
    for name in ("uvicorn.error", "uvicorn.access", "asyncio", "slate.server"):
        logging.getLogger(name).addFilter(limit)
    for name, level in (("slate.server", logging.WARNING), ("slate.audit", logging.INFO)):
        # slate.audit: every sign-in (failed ones too), edit and account change, with the account
        if not logging.getLogger(name).handlers:
            handler = logging.StreamHandler()
            handler.setFormatter(logging.Formatter("%(levelname)s:  %(message)s"))
            logger = logging.getLogger(name)
            logger.addHandler(handler)
            logger.setLevel(level)
            logger.propagate = False
    uvicorn.Server(config).run()
