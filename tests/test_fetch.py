"""The fetcher of `slate watch` against real HTTP servers on 127.0.0.1: politeness (User-Agent,
robots.txt, conditional GET, per-host limits) and safety (addresses, redirects, size, gzip bombs,
content types, timeouts). No extraction here."""

from __future__ import annotations

import gzip
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from _web import STORIES, Route, Server, dead_port, endless, gzip_route, page_html, redirect  # noqa: E402
from slate import __version__  # noqa: E402
from slate.ingest._fetch import Fetcher, FetchError, Limits, Request, address_problem  # noqa: E402

OPEN = Limits(delay=0, allow_private=True, timeout=5)
PAGE = page_html(STORIES[0]).encode()


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server().start()
    s.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", ctype="text/plain")
    s.routes["/page"] = Route(PAGE, validators=True)
    yield s
    s.stop()


def fail(fetcher: Fetcher, url: str) -> FetchError:
    with pytest.raises(FetchError) as e:
        fetcher.fetch(url)
    return e.value


def test_user_agent_robots_once_and_conditional_get(server: Server) -> None:
    with Fetcher(OPEN) as f:
        first = f.fetch(server.url("/page"))
        assert first.status == 200 and first.body == PAGE and first.etag and first.last_modified
        again = f.fetch(server.url("/page"), etag=first.etag, last_modified=first.last_modified)
    assert again.status == 304 and again.body == b""
    sent = server.headers["/page"]
    assert sent[0]["user-agent"].startswith(f"Slate/{__version__} ")
    assert "if-none-match" not in sent[0]
    assert sent[1]["if-none-match"] == first.etag and sent[1]["if-modified-since"] == first.last_modified
    assert server.count("/robots.txt") == 1  # cached per host


def test_robots_txt_disallows_and_the_page_is_never_requested(server: Server) -> None:
    server.routes["/private/scoop"] = Route(PAGE)
    with Fetcher(OPEN) as f:
        err = fail(f, server.url("/private/scoop"))
    assert err.reason == "robots.txt disallows" and str(err) == f"{server.url('/private/scoop')}: robots.txt disallows"
    assert server.count("/private/scoop") == 0


def test_redirects_followed_a_loop_and_too_many_refused(server: Server) -> None:
    server.routes["/old"] = redirect("/older", 301)
    server.routes["/older"] = redirect(server.url("/page"), 308)
    server.routes["/a"] = redirect("/b")
    server.routes["/b"] = redirect("/a")
    for i in range(8):
        server.routes[f"/hop{i}"] = redirect(f"/hop{i + 1}")
    server.routes["/hop8"] = Route(PAGE)
    with Fetcher(OPEN) as f:
        got = f.fetch(server.url("/old"))
        assert got.body == PAGE and got.final_url == server.url("/page") and len(got.redirects) == 2
        assert fail(f, server.url("/a")).reason.startswith("redirect loop (")
        assert fail(f, server.url("/hop0")).reason == "too many redirects (more than 5)"
    assert server.count("/a") == 1 and server.count("/b") == 1
    assert server.count("/hop6") == 0  # stopped at the sixth redirect


def test_a_50_mb_page_is_refused_while_streaming(server: Server) -> None:
    size = 50 * 2**20
    server.routes["/huge"] = endless("/huge", size)
    server.routes["/declared"] = Route(b"x" * (2 * 2**20))
    with Fetcher(Limits(delay=0, allow_private=True, max_bytes=2**20)) as f:
        err = fail(f, server.url("/huge"))
        assert err.reason == f"too large (over {2**20} bytes)"
        declared = fail(f, server.url("/declared"))
        assert declared.reason.startswith(f"too large (over {2**20} bytes): Content-Length {2 * 2**20}")
    time.sleep(0.3)
    with server.lock:
        sent = server.sent["/huge"]
    assert sent < size // 4, sent  # the server could not send most of it: the client stopped reading


def test_gzip_is_decoded_and_a_gzip_bomb_is_refused(server: Server) -> None:
    bomb = gzip.compress(b"\0" * (30 * 2**20), 9)
    assert len(bomb) < 64 * 1024
    server.routes["/bomb"] = Route(bomb, headers={"Content-Encoding": "gzip"})
    server.routes["/zipped"] = gzip_route(PAGE)
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    server.routes["/deflated"] = Route(zlib.compress(PAGE), headers={"Content-Encoding": "deflate"})
    server.routes["/raw-deflated"] = Route(raw.compress(PAGE) + raw.flush(), headers={"Content-Encoding": "deflate"})
    with Fetcher(Limits(delay=0, allow_private=True, max_bytes=2**20)) as f:
        for path in ("/zipped", "/deflated", "/raw-deflated"):
            got = f.fetch(server.url(path))
            assert got.body == PAGE and got.wire_bytes < len(PAGE), path
        err = fail(f, server.url("/bomb"))
    assert err.reason == f"decompressed size over {2**20} bytes"


def test_content_type_and_scheme_are_checked(server: Server) -> None:
    server.routes["/logo.png"] = Route(b"\x89PNG....", ctype="image/png")
    server.routes["/odd"] = Route(b"hello", ctype="text/x-unknown")
    with Fetcher(OPEN) as f:
        assert fail(f, server.url("/logo.png")).reason == "unsupported content type image/png"
        assert fail(f, server.url("/odd")).reason == "unsupported content type text/x-unknown"
        assert fail(f, "ftp://127.0.0.1/feed.xml").reason == "not an http(s) URL: ftp"
        assert fail(f, "file:///etc/passwd").reason == "not an http(s) URL: file"


def test_private_addresses_are_refused_on_every_hop(server: Server) -> None:
    other = Server().start()
    try:
        other.routes["/page"] = Route(PAGE)
        server.routes["/to-other"] = redirect(other.url("/page"))
        with Fetcher(Limits(delay=0)) as f:
            err = fail(f, server.url("/page"))
            assert err.reason == "not an allowed address (loopback): 127.0.0.1"
        assert server.count("/page") == 0 and server.count("/robots.txt") == 0  # nothing was sent
        # one host allowed: its redirect to another private address is refused at that hop
        with Fetcher(Limits(delay=0, allow_hosts=frozenset({f"127.0.0.1:{server.port}"}))) as f:
            assert f.fetch(server.url("/page")).status == 200
            err = fail(f, server.url("/to-other"))
            assert err.reason == "not an allowed address (loopback): 127.0.0.1"
        assert other.count("/page") == 0
    finally:
        other.stop()
    assert address_problem("10.1.2.3") == "private"
    assert address_problem("192.168.0.7") == "private"
    assert address_problem("169.254.169.254") == "link-local"
    assert address_problem("::1") == "loopback"
    assert address_problem("::ffff:127.0.0.1") == "loopback"
    assert address_problem("0.0.0.0") == "unspecified"
    assert address_problem("93.184.215.14") is None


def test_a_slow_host_and_a_dead_host_do_not_stall_the_others(server: Server) -> None:
    slow = Server().start()
    try:
        slow.routes["/robots.txt"] = Route(b"", ctype="text/plain")
        for i in range(4):
            slow.routes[f"/s{i}"] = Route(PAGE, sleep=1.0)
        for i in range(8):
            server.routes[f"/f{i}"] = Route(PAGE)
        dead = f"http://127.0.0.1:{dead_port()}/feed.xml"
        requests = [Request(slow.url(f"/s{i}")) for i in range(4)]
        requests += [Request(dead)] + [Request(server.url(f"/f{i}")) for i in range(8)]
        arrived: dict[str, float] = {}
        outcome: dict[str, object] = {}
        start = time.monotonic()
        with Fetcher(Limits(delay=0, allow_private=True, per_host=2, concurrency=4, timeout=5)) as f:
            for req, res in f.fetch_many(requests):
                arrived[req.url] = time.monotonic() - start
                outcome[req.url] = res
    finally:
        slow.stop()
    fast = [arrived[server.url(f"/f{i}")] for i in range(8)]
    assert max(fast) < 0.8, fast  # done while the slow host still holds its two slots
    assert min(arrived[slow.url(f"/s{i}")] for i in range(4)) >= 0.9
    assert slow.count("/s0") == 1 and all(slow.count(f"/s{i}") == 1 for i in range(4))
    err = outcome[dead]
    assert isinstance(err, FetchError) and err.reason.endswith("connection refused") and err.retry
    assert arrived[dead] < 1.0


def test_timeouts_and_the_per_host_delay(server: Server) -> None:
    server.routes["/sleepy"] = Route(PAGE, sleep=2)
    with Fetcher(Limits(delay=0, allow_private=True, timeout=0.5)) as f:
        err = fail(f, server.url("/sleepy"))
    assert err.reason == "timed out" and err.retry
    with Fetcher(Limits(delay=0.4, allow_private=True)) as f:
        start = time.monotonic()
        for _ in range(3):
            f.fetch(server.url("/page"))
        assert time.monotonic() - start >= 3 * 0.4 - 0.05  # robots.txt and three pages: three waits
