"""Control characters (``%00``, newlines...) in a URL: 422 on every route of a real `slate serve`,
never a 500, on both backends; the library searches such text literally (it is in no stored text)."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from slate import query
from slate.cli import cli
from slate.errors import NotFoundError
from slate.store import open_store

SLATE = str(Path(sys.executable).parent / "slate")
SAMPLES = Path(__file__).resolve().parents[1] / "samples"
URLS = [
    "/api/search?q=%00",
    "/api/search?q=%00&limit=200",
    "/api/search?q=the%00",
    "/search?q=%00",
    "/search?q=a%0Ab",
    "/api/titles?q=%00",
    "/api/titles/1?as_of=%00",
    "/titles/1?as_of=2024-01-01%00",
    "/api/articles/%00",
    "/articles/a%00b",
    "/api/articles/glass-orchard-2023-05-02%1F",
    "/people/%7F",
    "/%00",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_control_characters_in_urls_are_422_on_both_backends(db_url: str) -> None:
    res = CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--db", db_url, "-q"])
    assert res.exit_code == 0, res.output
    with open_store(db_url, readonly=True) as store:
        assert query.search(store, "\x00", limit=200)["quotes"] == []  # not every quote (SQLite LIKE stops at NUL)
        assert query.search(store, "the\x00", limit=200)["quotes"] == []
        assert query.search(store, "the", limit=200)["quotes"]
        with pytest.raises(NotFoundError):
            query.article_view(store, "a\x00b")
    port = _free_port()
    server = subprocess.Popen([SLATE, "serve", "--db", db_url, "--port", str(port)], stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=10) as c:
            for _ in range(200):
                try:
                    c.get("/api/titles?limit=1")
                    break
                except httpx.HTTPError:
                    time.sleep(0.05)
            for url in URLS:
                r = c.get(url)
                assert r.status_code == 422, (url, r.status_code, r.text[:200])
                assert r.json() == {"status": 422, "error": "control characters (such as %00) in the URL"}
            assert c.get("/api/search?q=the").json()["quotes"]
            assert c.get("/api/search?q=").json()["quotes"] == []
            assert c.get("/api/articles/glass-orchard-2023-05-02").status_code == 200
    finally:
        server.send_signal(signal.SIGINT)
        try:
            _, err = server.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            _, err = server.communicate()
    assert "Traceback" not in err and "DataError" not in err, err
