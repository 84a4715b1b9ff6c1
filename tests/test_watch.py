"""`slate watch` end to end against real HTTP servers on 127.0.0.1 serving the team's invented RSS,
Atom and JSON feeds and article pages: what is stored, what is refused (one line each), the second
run (conditional GET, nothing fetched or stored twice), SIGKILL mid-poll, SIGTERM of the long loop,
and the addresses refused without --allow-private. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))
from _web import STORIES, Route, Server, Story, atom, dead_port, endless, json_feed, page_html, redirect, rss  # noqa: E402
from slate.cli import cli  # noqa: E402
from slate.errors import InputError  # noqa: E402
from slate.extract import Extractor  # noqa: E402
from slate.store import Store, open_store  # noqa: E402
from slate.watch import Limits, feed_status, watch  # noqa: E402

SLATE = str(Path(sys.executable).parent / "slate")

#: a page written in Windows-1252 (and served as such): accents and curly quotes must survive
CP1252 = Story(
    "creme-street",
    "2026-03-14",
    "Hélène Marchetti films Crème Street",
    "Director Hélène Marchetti will direct the drama Crème Street for Larkspur Films, the studio said. "
    "Renée Vasseur and Joël Brandao star as two bakers who inherit a café in Lyon.\n\n"
    "Filming begins in May in Lyon, and Larkspur Films has set Crème Street for release on February 12, "
    "2027. Marchetti wrote the script with Søren Dahl.\n\n"
    "\u201cEvery scene smells of butter,\u201d Marchetti said. Vasseur plays the elder sister, who wants "
    "to sell the café before the first winter.",
)
#: a page given to watch directly (not a feed)
GIVEN = Story(
    "ember-tide",
    "2026-03-16",
    "Ember Tide casts Rosa Lindgren",
    "Rosa Lindgren has been cast as the lead of Ember Tide, the thriller director Karim Dallow is making "
    "for Stonebridge Pictures. Lindgren plays a lighthouse keeper who sees a ship burn on a calm night.\n\n"
    "Filming starts in June in Galway, and Stonebridge Pictures will release Ember Tide on March 19, "
    "2027. Dallow wrote the script.\n\n\u201cShe carries the whole film without a word for ten minutes,\u201d "
    "Dallow said.",
)


@pytest.fixture
def site() -> Iterator[tuple[Server, Server]]:
    """The news site (robots.txt, three feeds, pages, redirects, refusals) and a second private host."""
    s = Server().start()
    other = Server().start()
    other.routes["/leak"] = Route(page_html(STORIES[3]).encode())
    port = dead_port()
    dead = f"http://127.0.0.1:{port}/news/gone"
    s.allow.add(f"127.0.0.1:{port}")  # allowed, and nobody listens there
    s.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", ctype="text/plain")
    glass, copper, salt, paper, iron, winter = STORIES
    s.routes["/news/copper-meadow"] = Route(page_html(copper).encode())
    s.routes["/news/salt-lantern"] = Route(page_html(salt, dated=False).encode())  # the entry's date is used
    s.routes["/news/old-iron"] = redirect("/news/iron-signal", 301)
    s.routes["/news/iron-signal"] = Route(page_html(iron).encode())
    s.routes["/news/creme-street"] = Route(
        page_html(CP1252, charset="windows-1252").encode("cp1252"), ctype="text/html; charset=windows-1252"
    )
    s.routes["/private/scoop"] = Route(page_html(paper).encode())
    s.routes["/big"] = endless("/big", 50 * 2**20)
    s.routes["/logo.png"] = Route(b"\x89PNG", ctype="image/png")
    s.routes["/ember-tide"] = Route(page_html(GIVEN).encode(), validators=True)
    links = [
        (glass, s.url("/news/glass-harbor"), True),
        (copper, s.url("/news/copper-meadow"), False),
        (salt, s.url("/news/salt-lantern"), False),
        (replace(paper, headline="Scoop"), s.url("/private/scoop"), False),
        (replace(paper, headline="Gone"), dead, False),
        (replace(paper, headline="Leak"), other.url("/leak"), False),
        (replace(paper, headline="Huge"), s.url("/big"), False),
        (replace(paper, headline="Logo"), s.url("/logo.png"), False),
    ]
    s.routes["/rss.xml"] = Route(rss(links), ctype="application/rss+xml", validators=True)
    s.routes["/atom.xml"] = Route(
        atom([(CP1252, s.url("/news/creme-street")), (iron, s.url("/news/old-iron"))]),
        ctype="application/atom+xml",
        validators=True,
    )
    s.routes["/feed.json"] = Route(
        json_feed([(winter, s.url("/news/winter-courier"))]), ctype="application/feed+json", validators=True
    )
    yield s, other
    s.stop()
    other.stop()


def limits(server: Server) -> Limits:
    return Limits(
        delay=0, timeout=5, max_bytes=512 * 1024, allow_hosts=frozenset({f"127.0.0.1:{server.port}", *server.allow})
    )


def run_watch(db: str, server: Server, extractor: Extractor) -> tuple[list[str], object]:
    lines: list[str] = []

    def on_error(err: InputError) -> None:
        lines.append(str(err))

    urls = [server.url("/rss.xml"), server.url("/atom.xml"), server.url("/feed.json"), server.url("/ember-tide")]
    with open_store(db) as store:
        summary = watch(store, urls, limits=limits(server), extractor=extractor, on_error=on_error)
    return lines, summary.polls[0]


def articles(store: Store) -> dict[str, dict[str, object]]:
    return {str(r["url"]): r for r in store._rows("SELECT url, published, text, title FROM articles")}


def test_watch_stores_feeds_and_pages_and_a_second_run_fetches_nothing_again(
    db_url: str, site: tuple[Server, Server], extractor: Extractor
) -> None:
    server, other = site
    errors, poll = run_watch(db_url, server, extractor)
    url = server.url
    dead_line = next(e for e in errors if "/news/gone" in e)
    assert sorted(e for e in errors if e != dead_line) == sorted(
        [
            f"{url('/private/scoop')}: robots.txt disallows",
            f"{other.url('/leak')}: not an allowed address (loopback): 127.0.0.1",
            f"{url('/big')}: too large (over {512 * 1024} bytes)",
            f"{url('/logo.png')}: unsupported content type image/png",
        ]
    )
    assert dead_line.endswith("cannot connect: connection refused")
    assert (poll.new, poll.failed, poll.not_modified) == (7, 5, 0), poll  # type: ignore[attr-defined]
    with open_store(db_url, readonly=True) as store:
        stored = articles(store)
        assert set(stored) == {
            url("/news/glass-harbor"),  # from the feed's content
            url("/news/copper-meadow"),
            url("/news/salt-lantern"),
            url("/news/creme-street"),
            url("/news/iron-signal"),  # where the redirect led
            url("/news/winter-courier"),  # JSON Feed content
            url("/ember-tide"),  # a page given
        }
        assert stored[url("/news/salt-lantern")]["published"] == "2026-02-17"  # the entry's date: no date on the page
        assert stored[url("/news/copper-meadow")]["published"] == "2026-02-10"
        creme = str(stored[url("/news/creme-street")]["text"])
        assert "Hélène Marchetti" in creme and "\u201cEvery scene smells of butter,\u201d" in creme
        directors = {r["value"] for r in store._rows("SELECT value FROM claims WHERE rel = 'director'")}
        assert {"Ana Ruiz", "Ruth Okafor", "Hélène Marchetti"} <= directors, directors
        fetches = {r["url"]: r for r in store._rows("SELECT url, state, status, etag, content_hash FROM watch_fetches")}
        rss_etag = fetches[url("/rss.xml")]["etag"]
        assert rss_etag and fetches[url("/rss.xml")]["state"] == "done"
        assert fetches[url("/news/copper-meadow")]["state"] == "done"
        assert fetches[url("/private/scoop")]["state"] == "failed"
        assert len(str(fetches[url("/news/copper-meadow")]["content_hash"])) == 64
    assert server.count("/private/scoop") == 0 and other.count("/leak") == 0
    assert server.count("/news/glass-harbor") == 0  # its entry carried the whole article
    pages = ["/news/copper-meadow", "/news/salt-lantern", "/news/old-iron", "/news/iron-signal", "/news/creme-street"]
    assert all(server.count(p) == 1 for p in pages)

    # the second run: conditional GETs answered 304, nothing new, no page fetched again
    errors, poll = run_watch(db_url, server, extractor)
    assert (poll.new, poll.not_modified) == (0, 4), poll  # type: ignore[attr-defined]
    assert server.headers["/rss.xml"][1]["if-none-match"] == rss_etag
    assert all("if-none-match" in server.headers[p][1] for p in ("/rss.xml", "/atom.xml", "/feed.json", "/ember-tide"))
    assert all(server.count(p) == 1 for p in pages) and server.count("/big") == 1 and server.count("/logo.png") == 1
    assert errors == [dead_line]  # only the passing problem is asked again
    assert server.count("/robots.txt") == 2  # once per run
    with open_store(db_url, readonly=True) as store:
        assert len(articles(store)) == 7
        rows = {r["url"]: r for r in feed_status(store)}
    rss_row = rows[url("/rss.xml")]
    assert (rss_row["kind"], rss_row["last_status"], rss_row["polls"], rss_row["total_new"]) == ("feed", 304, 2, 3)
    assert rss_row["last_errors"] == 1 and rss_row["pages_failed"] == 5
    assert (rows[url("/ember-tide")]["kind"], rows[url("/ember-tide")]["total_new"]) == ("page", 1)

    res = CliRunner().invoke(cli, ["feeds", "--db", db_url, "--json"])
    assert res.exit_code == 0 and {r["url"] for r in json.loads(res.stdout)} == set(rows)
    res = CliRunner().invoke(cli, ["feeds", "--db", db_url])
    assert f"{url('/rss.xml')}  [feed] Trade Wire Daily\n    last poll " in res.stdout
    assert "(304): 0 new, 1 errors; 3 articles in 2 polls; 7 linked pages, 5 failed\n    last error: " in res.stdout


def test_without_allow_private_a_local_feed_is_refused(tmp_path: Path, site: tuple[Server, Server]) -> None:
    server, _ = site
    p = subprocess.run(
        [SLATE, "watch", server.url("/rss.xml"), "--once", "--db", str(tmp_path / "w.db")],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert p.returncode == 1 and "Traceback" not in p.stderr
    assert p.stderr.splitlines()[0] == f"Error: {server.url('/rss.xml')}: not an allowed address (loopback): 127.0.0.1"
    assert server.count("/rss.xml") == 0 and server.count("/robots.txt") == 0


def _slow_site(n: int) -> Server:
    """A feed of ``n`` summary-only entries whose pages take a while each."""
    s = Server().start()
    s.routes["/robots.txt"] = Route(b"", ctype="text/plain")
    items = []
    for i in range(n):
        base = STORIES[i % len(STORIES)]
        story = replace(
            base, slug=f"{base.slug}-{i}", text=base.text + f"\n\nUpdate {i}: the studio confirmed the plan."
        )
        s.routes[f"/p/{i}"] = Route(page_html(story).encode(), sleep=0.25)
        items.append((story, s.url(f"/p/{i}"), False))
    s.routes["/rss.xml"] = Route(rss(items), ctype="application/rss+xml", validators=True)
    return s


def _db_counts(db: Path) -> tuple[int, int, int]:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        urls = conn.execute("SELECT COUNT(DISTINCT url) FROM articles").fetchone()[0]
        claims = conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
    return int(n), int(urls), int(claims)


def _wait(cond: object, timeout: float) -> None:
    end = time.monotonic() + timeout
    while not cond():  # type: ignore[operator]
        assert time.monotonic() < end, "timed out waiting"
        time.sleep(0.05)


def _rerun(db: Path, s: Server, extractor: Extractor) -> tuple[int, int]:
    """The same watch again, in this process: (new, failed)."""
    with open_store(db) as store:
        limits = Limits(delay=0, allow_private=True, per_host=1)
        poll = watch(store, [s.url("/rss.xml")], limits=limits, extractor=extractor, batch_size=2).polls[0]
    return poll.new, poll.failed


def test_sigkill_mid_poll_then_a_rerun_loses_nothing_and_fetches_nothing_twice(
    tmp_path: Path, extractor: Extractor
) -> None:
    n = 10
    s = _slow_site(n)
    db = tmp_path / "k.db"
    cmd = [SLATE, "watch", s.url("/rss.xml"), "--once", "--allow-private", "--delay", "0", "--per-host", "1",
           "--batch-size", "2", "--db", str(db)]  # fmt: skip
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        _wait(lambda: sum(s.count(f"/p/{i}") for i in range(n)) >= 5, 90)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        stored_before = _db_counts(db)[0]
        assert stored_before < n
        new, failed = _rerun(db, s, extractor)
        assert (new, failed) == (n - stored_before, 0)
        # every page was sent once; the one request in flight at the kill (never answered) was asked again
        assert all(s.served[f"/p/{i}"] == 1 for i in range(n)), s.served
        assert sum(s.count(f"/p/{i}") for i in range(n)) <= n + 1
        articles_n, distinct_urls, claims = _db_counts(db)
        assert articles_n == distinct_urls == n and claims > 0
        assert _rerun(db, s, extractor) == (0, 0)
        assert _db_counts(db)[:2] == (n, n) and all(s.served[f"/p/{i}"] == 1 for i in range(n))
    finally:
        s.stop()


def test_sigterm_stops_the_long_running_loop_cleanly(tmp_path: Path, extractor: Extractor) -> None:
    n = 10
    s = _slow_site(n)
    db = tmp_path / "t.db"
    hook = CliRunner().invoke(cli, ["hooks", "add", s.url("/hook"), "--allow-private", "--db", str(db)])
    assert hook.exit_code == 0, hook.output
    cmd = [SLATE, "watch", s.url("/rss.xml"), "--every", "1s", "--allow-private", "--delay", "0", "--per-host", "1",
           "--batch-size", "2", "--db", str(db)]  # fmt: skip
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        _wait(lambda: sum(s.count(f"/p/{i}") for i in range(n)) >= 4, 90)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert "Traceback" not in err and "stopped early" in err, err
        stored = _db_counts(db)[0]  # the database is whole (integrity_check), what was extracted is stored
        assert 1 <= stored < n
        # the poll's changes went to the webhook once its articles were committed
        delivered = [json.loads(b) for b in s.posts.get("/hook", [])]
        assert delivered and all(d["change"]["id"] for d in delivered), err
        fetched = sum(s.served[f"/p/{i}"] for i in range(n))
        with open_store(db, readonly=True) as store:
            pending = store._one("SELECT COUNT(*) AS n FROM watch_fetches WHERE state = 'pending'")
        assert pending is not None and stored + int(pending["n"]) == fetched  # fetched pages wait, none lost
        # the next run stores the rest, fetching only what was never fetched
        assert _rerun(db, s, extractor) == (n - stored, 0)
        assert _db_counts(db)[:2] == (n, n) and all(s.served[f"/p/{i}"] == 1 for i in range(n))
    finally:
        s.stop()


def test_a_version_2_database_without_the_watch_tables_reads_as_empty(db_path: Path) -> None:
    open_store(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("DROP TABLE watch_fetches")
        conn.execute("DROP TABLE watch_feeds")
    with open_store(db_path, readonly=True) as store:
        assert feed_status(store) == [] and store.watch_fetch("http://x.example/") is None
        assert list(store.watch_pending()) == [] and store.watch_known(["http://x.example/"]) == {}
    assert os.path.exists(db_path)


def _claims(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return sorted(
            conn.execute(
                "SELECT a.url, c.title_name, c.rel, c.value, c.character, c.span_start, c.span_end, c.asserted_on"
                " FROM claims c JOIN articles a ON a.id = c.article_id"
            ).fetchall(),
            key=repr,
        )


def test_workers_and_a_dask_cluster_store_what_one_process_stores(
    site: tuple[Server, Server], tmp_path: Path, extractor: Extractor
) -> None:
    """`slate watch --workers 2` and `--dask ADDRESS` extract with ingest's runners: the same claims."""
    pytest.importorskip("distributed")
    from test_backends import _free_port, _wait_for_workers

    s, _ = site
    urls = [s.url("/rss.xml"), s.url("/atom.xml"), s.url("/feed.json"), s.url("/ember-tide")]
    run_watch(str(tmp_path / "one.db"), s, extractor)
    one = _claims(tmp_path / "one.db")
    assert len(one) > 20
    with open_store(tmp_path / "w2.db") as store:
        summary = watch(store, urls, limits=limits(s), workers=2, on_error=lambda e: None)
    assert summary.polls[0].new > 0
    assert _claims(tmp_path / "w2.db") == one
    bindir = Path(sys.executable).parent
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    procs = [subprocess.Popen([str(bindir / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], **quiet)]  # type: ignore[call-overload]  # fmt: skip
    try:
        procs.append(subprocess.Popen([str(bindir / "dask"), "worker", address, "--nworkers", "1", "--nthreads", "1",
                                       "--no-dashboard", "--local-directory", str(tmp_path / "dask")], **quiet))  # type: ignore[call-overload]  # fmt: skip
        _wait_for_workers(address, 1)
        with open_store(tmp_path / "dask.db") as store:
            watch(store, urls, limits=limits(s), dask=address, on_error=lambda e: None)
        assert _claims(tmp_path / "dask.db") == one
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            p.wait(timeout=20)
