"""HEAD answers 200 on every GET route of a running `slate serve`, with the GET's headers and no body."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from starlette.routing import Mount, Route

from slate import edits
from slate.api import create_app
from slate.store import open_store

SLATE = str(Path(sys.executable).parent / "slate")
SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "2024-01-10-skyline-protocol-2.txt"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_head_on_every_get_route(tmp_path: Path) -> None:
    db = str(tmp_path / "head.db")
    subprocess.run([SLATE, "ingest", str(SAMPLE), "--db", db, "-q"], check=True, capture_output=True, timeout=300)
    port = _free_port()
    server = subprocess.Popen(
        [SLATE, "serve", "--db", db, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as c:
            for _ in range(200):
                try:
                    titles = c.get("/api/titles").json()
                    break
                except httpx.HTTPError:
                    time.sleep(0.05)
            else:
                raise AssertionError("slate serve did not start")
            title_id = titles[0]["id"]
            dossier = c.get(f"/api/titles/{title_id}").json()
            person_id = dossier["facts"]["director"][0]["entity_id"]
            ref = c.get(f"/api/titles/{title_id}").json()["facts"]["director"][0]["sources"][0]["ref"]
            with open_store(db) as store:  # one edit, for /api/edits/{edit_id}
                edit = edits.apply(store, "kind", {"title": titles[0]["name"], "kind": "film"}, editor="t", reason="r")
            values = {"title_id": title_id, "person_id": person_id, "ref": ref, "edit_id": edit.id}

            urls = []
            for route in create_app(db).routes:
                if isinstance(route, Route) and "GET" in (route.methods or ()):
                    urls.append(route.path.replace("{ref:path}", "{ref}").format(**values))
                elif isinstance(route, Mount):
                    urls.append(route.path + ("/swagger-ui.css" if "swagger" in route.path else "/style.css"))
            urls += ["/api/search?q=skyline", "/search?q=skyline", f"/titles/{title_id}?as_of=2024-02-01"]
            assert len(urls) >= 17, urls
            for url in urls:
                got, head = c.get(url), c.head(url)
                assert (url, got.status_code, head.status_code) == (url, 200, 200)
                assert head.content == b""
                assert head.headers["content-type"] == got.headers["content-type"]
                assert head.headers.get("content-length") == got.headers.get("content-length")
            assert c.head("/api/titles/999999").status_code == 404
            assert c.post("/api/titles").status_code in (405, 413)
    finally:
        server.terminate()
        server.wait(timeout=30)
