"""`slate serve` limits: clients that never finish their request head are closed after the header
timeout (however slowly they trickle), idle keep-alive connections after the keep-alive timeout,
connections over the cap are answered 503 at once, and the log stays a few lines."""

from __future__ import annotations

import select
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from slate.store import open_store

SLATE = str(Path(sys.executable).parent / "slate")
SLOW = 30  # slow-header clients, 10 more than the cap
CAP = 20


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_slow_header_clients_are_closed_and_connections_capped(tmp_path: Path) -> None:
    db = tmp_path / "srv.db"
    open_store(db).close()
    port = _free_port()
    server = subprocess.Popen(
        [SLATE, "serve", "--db", str(db), "--port", str(port), "--header-timeout", "2", "--keep-alive", "1"]
        + ["--max-connections", str(CAP)],
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(base + "/api/titles", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.05)
        socks: list[socket.socket] = []
        connected: dict[int, float] = {}
        for _ in range(SLOW):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            connected[s.fileno()] = time.monotonic()
            s.sendall(b"GET /api/titles HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # the head never ends
            socks.append(s)
        started = time.monotonic()
        closed_at: dict[int, float] = {}
        refused = 0
        while len(closed_at) < SLOW and time.monotonic() - started < 8:
            open_ = [s for s in socks if s.fileno() not in closed_at]
            readable, _, _ = select.select(open_, [], [], 0.25)
            for s in readable:
                try:
                    data = s.recv(4096)
                except ConnectionResetError:
                    data = b""
                if data.startswith(b"HTTP/1.1 503"):
                    refused += 1
                    data = b""  # followed by the close
                if not data:
                    closed_at[s.fileno()] = time.monotonic() - connected[s.fileno()]
            for s in open_:  # a header line now and then: trickling must not keep a connection open
                if s.fileno() not in closed_at:
                    try:
                        s.sendall(b"X-Slow: 1\r\n")
                    except OSError:
                        closed_at[s.fileno()] = time.monotonic() - connected[s.fileno()]
        assert len(closed_at) == SLOW, f"{SLOW - len(closed_at)} slow clients still open after 8 s"
        times = sorted(closed_at.values())  # seconds from each client's connect to its close
        over, held = times[: SLOW - CAP], times[SLOW - CAP :]
        assert over[-1] < 1.5 and refused >= 1, (over, refused)  # over the cap: 503 (or a reset) at once
        assert 1.9 < held[0] and held[-1] < 5.0, held  # the others: closed after the 2 s header timeout
        for s in socks:
            s.close()

        with httpx.Client(base_url=base, timeout=5) as c:  # the server still answers, and HEAD-less GETs work
            assert c.get("/api/titles").status_code == 200
        keep = socket.create_connection(("127.0.0.1", port), timeout=5)
        keep.sendall(b"GET /api/titles HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        t0 = time.monotonic()
        reply = b""
        while b"\r\n\r\n" not in reply:
            reply += keep.recv(4096)
        assert reply.startswith(b"HTTP/1.1 200")
        keep.settimeout(5)
        while keep.recv(4096):  # the rest of the body, then the close after the idle keep-alive second
            pass
        assert 0.9 < time.monotonic() - t0 < 4.0
        keep.close()
    finally:
        server.send_signal(signal.SIGINT)
        try:
            _, err = server.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            _, err = server.communicate()
    lines = err.strip().splitlines()
    assert "Traceback" not in err
    assert len(lines) <= 15, lines  # 10 refusals and 20 timeouts: a few lines each, the rest counted
