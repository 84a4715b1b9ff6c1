"""The PostgreSQL password is never printed or logged (ingest summary, serve banner and log, errors), and
the 500 answers while the database is down name neither its host nor its port."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from _pg import PostgresServer  # noqa: E402

SLATE = str(Path(sys.executable).parent / "slate")
SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "2024-01-10-skyline-protocol-2.txt"
SECRET = "S3cretPW"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _with_password(url: str) -> str:
    # the test servers trust local connections, so any password is accepted (and must never be shown)
    return url.replace("postgresql://slate@", f"postgresql://slate:{SECRET}@", 1)


def test_password_never_shown_and_500_names_no_host(pg_server: str) -> None:
    try:
        own = PostgresServer()  # a server of this test's own, to stop while `slate serve` uses it
        url = _with_password(own.start())
    except (RuntimeError, OSError, subprocess.CalledProcessError) as e:
        pytest.fail(f"cannot start a second PostgreSQL: {e}")
    pg_port = url.rsplit(":", 1)[1].split("/")[0]
    outputs: list[str] = []
    running = True
    try:
        ingest = subprocess.run([SLATE, "ingest", str(SAMPLE), "--db", url, "-q"], capture_output=True, text=True)
        assert ingest.returncode == 0, ingest.stderr
        assert f"added to postgresql://slate:***@127.0.0.1:{pg_port}/postgres" in ingest.stderr
        outputs += [ingest.stdout, ingest.stderr]

        port = _free_port()
        server = subprocess.Popen(
            [SLATE, "serve", "--db", url, "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as c:
                for _ in range(200):
                    try:
                        title_id = c.get("/api/titles").json()[0]["id"]
                        break
                    except httpx.HTTPError:
                        time.sleep(0.05)
                else:
                    raise AssertionError("slate serve did not start")
                own.stop()  # the database goes down under the running server
                running = False
                answers = [c.get(path) for path in ("/", "/api/titles", f"/titles/{title_id}", "/api/search?q=x")]
                for r in answers:
                    assert r.status_code == 500
                    assert "127.0.0.1" not in r.text and pg_port not in r.text and SECRET not in r.text
                    assert "the database could not be read" in r.text
                assert answers[0].headers["content-type"].startswith("text/html")
                assert answers[1].json() == {
                    "status": 500,
                    "error": "the database could not be read; the server's log has the details",
                }
        finally:
            server.terminate()
            out, err = server.communicate(timeout=30)
        assert f"Slate serving postgresql://slate:***@127.0.0.1:{pg_port}/postgres" in err
        assert "cannot connect to PostgreSQL" in err  # the log has the details
        outputs += [out, err]

        down = subprocess.run([SLATE, "titles", "--db", url], capture_output=True, text=True)
        assert down.returncode == 1 and down.stderr.startswith("Error: cannot connect to PostgreSQL")
        outputs += [down.stdout, down.stderr]
        bad = subprocess.run([SLATE, "titles", "--db", url + "?sslmode=bogus"], capture_output=True, text=True)
        assert bad.returncode == 1
        outputs += [bad.stdout, bad.stderr]
    finally:
        if running:
            own.stop()
    for text in outputs:
        assert SECRET not in text
