"""A real HTTP server on 127.0.0.1 for the watch and fetch tests: routes of the team's own invented
feeds and pages, and a count of the requests (and their headers) each path received."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Handler = Callable[["_Handler"], None]


@dataclass
class Route:
    body: bytes = b""
    ctype: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    #: seconds to wait before answering
    sleep: float = 0.0
    #: send ETag / Last-Modified and answer 304 to a request that carries them
    validators: bool = False


class Server:
    """A threaded HTTP server; ``routes`` maps a path to a :class:`Route` or a handler function."""

    def __init__(self) -> None:
        self.routes: dict[str, Route | Handler] = {}
        self.counts: Counter[str] = Counter()
        self.headers: dict[str, list[dict[str, str]]] = {}
        self.sent: Counter[str] = Counter()  # body bytes a streaming handler managed to send
        self.served: Counter[str] = Counter()  # responses sent whole
        self.posts: dict[str, list[bytes]] = {}  # bodies POSTed to each path (a webhook receiver)
        #: other hosts (host:port) a test lets the fetcher reach with this one
        self.allow: set[str] = set()
        self.lock = threading.Lock()
        owner = self

        class Bound(_Handler):
            server_owner = owner

        self.httpd = _Quiet(("127.0.0.1", 0), Bound)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> Server:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def count(self, path: str) -> int:
        with self.lock:
            return self.counts[path]


class _Quiet(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hung up (a refused download, a killed run): counted, not printed


class _Handler(BaseHTTPRequestHandler):
    server_owner: Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        owner = self.server_owner
        path = self.path
        with owner.lock:
            owner.counts[path] += 1
            owner.headers.setdefault(path, []).append({k.lower(): v for k, v in self.headers.items()})
        route = owner.routes.get(path)
        if route is None:
            self.answer(404, b"not here", "text/plain")
            return
        if callable(route):
            route(self)
            return
        if route.sleep:
            time.sleep(route.sleep)
        headers = dict(route.headers)
        if route.validators:
            etag = f'"v-{len(route.body)}"'
            modified = formatdate(1767225600, usegmt=True)
            headers |= {"ETag": etag, "Last-Modified": modified}
            if self.headers.get("If-None-Match") == etag:
                self.answer(304, b"", None, headers)
                return
        self.answer(route.status, route.body, route.ctype, headers)

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with self.server_owner.lock:
            self.server_owner.posts.setdefault(self.path, []).append(body)
        self.answer(200, b"ok", "text/plain")

    def answer(self, status: int, body: bytes, ctype: str | None, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            self.wfile.write(body)
        self.wfile.flush()
        with self.server_owner.lock:
            self.server_owner.served[self.path] += 1


def redirect(to: str, status: int = 302) -> Route:
    return Route(status=status, headers={"Location": to}, ctype="text/plain")


def endless(path: str, total: int) -> Handler:
    """A page of ``total`` bytes sent without a Content-Length, 64 KiB at a time; what was sent
    before the client hung up is counted in ``server.sent[path]``."""

    def handle(h: _Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Connection", "close")
        h.end_headers()
        h.close_connection = True
        chunk = b"<p>" + b"x" * (65536 - 7) + b"</p>\n"
        sent = 0
        try:
            while sent < total:
                h.wfile.write(chunk)
                sent += len(chunk)
                with h.server_owner.lock:
                    h.server_owner.sent[path] = sent
        except OSError:
            return

    return handle


def gzip_route(body: bytes, ctype: str = "text/html; charset=utf-8") -> Route:
    return Route(body=gzip.compress(body, 6), ctype=ctype, headers={"Content-Encoding": "gzip"})


def dead_port() -> int:
    """A port on 127.0.0.1 nobody listens on."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = int(s.getsockname()[1])
    s.close()
    return port


# -- the team's invented news ----------------------------------------------------------------------
@dataclass(frozen=True)
class Story:
    slug: str
    day: str  # YYYY-MM-DD
    headline: str
    text: str  # paragraphs separated by blank lines


STORIES = [
    Story(
        "glass-harbor",
        "2026-02-03",
        "Ana Ruiz to direct Glass Harbor",
        "Director Ana Ruiz will direct the thriller Glass Harbor for Northlight Pictures, the studio said on "
        "Tuesday. Tomas Veld and Ines Calloway star in the film, which follows a harbor pilot who finds a "
        "stolen ship in the fog.\n\nProduction begins in April in Lisbon, and Northlight Pictures has set "
        "Glass Harbor for release on October 9, 2026. The script is by Marek Osterholt, who wrote the "
        "studio's last two dramas.\n\n\u201cThis is a story about people who stay when everyone else "
        "leaves,\u201d Ruiz said in a statement. Calloway plays the pilot's sister, a customs officer who "
        "knows more than she says.",
    ),
    Story(
        "copper-meadow",
        "2026-02-10",
        "Copper Meadow moves to spring",
        "Bellwether Studios has moved the western Copper Meadow from November 13, 2026 to March 5, 2027, "
        "the studio said on Monday. The film, directed by Ruth Okafor, wrapped filming in Alberta in "
        "January.\n\nDaniel Szabo stars as the rancher Eli Mercer, and Priya Nandakumar plays the "
        "surveyor Hattie Lowe. Okafor wrote the screenplay with Colm Arden.\n\nBellwether said the new "
        "date gives the film room away from the holiday releases. \u201cWe want audiences to find it "
        "when the prairie turns green,\u201d Okafor told reporters.",
    ),
    Story(
        "salt-lantern",
        "2026-02-17",
        "Salt Lantern begins filming in Glasgow",
        "Filming on the drama Salt Lantern began this week in Glasgow, Harrowgate Films said. Director "
        "Niamh Corrigan leads a cast that includes Felix Amadi, Dora Lindqvist and Paul Renner.\n\n"
        "Amadi plays a night-ferry captain who hides a fugitive, and Lindqvist plays the detective who "
        "follows them along the coast. Harrowgate Films has set Salt Lantern for release on August 21, "
        "2026.\n\nThe production moves to Oban in March. \u201cThe sea is the third lead in this film,\u201d "
        "Corrigan said.",
    ),
    Story(
        "paper-orchard",
        "2026-02-24",
        "Paper Orchard adds Mira Solberg",
        "Mira Solberg has joined the cast of Paper Orchard, the comedy Kestrel Pictures is making with "
        "director Jonah Whitcombe. Solberg will play Greta Vane, the owner of an orchard that sells more "
        "paper than apples.\n\nBen Adeyemi and Clara Moutinho also star. Filming starts in May in Porto, "
        "and Kestrel Pictures plans to release Paper Orchard on January 15, 2027.\n\n\u201cI read the "
        "script on a train and laughed so loudly people moved seats,\u201d Solberg said.",
    ),
    Story(
        "iron-signal",
        "2026-03-03",
        "Iron Signal set for summer",
        "Redwater Pictures has dated the science-fiction thriller Iron Signal for July 17, 2026. The film is "
        "directed by Sven Halvorsen and stars Amara Duke as an engineer who hears a signal from a dead "
        "satellite.\n\nLeo Castellanos plays her estranged brother, and Yuki Tanabe plays the station "
        "chief. Iron Signal was shot in Reykjavik last autumn and is now in post-production.\n\n"
        "\u201cWe built the station as one long corridor, so the actors never left it,\u201d Halvorsen said.",
    ),
    Story(
        "winter-courier",
        "2026-03-10",
        "Winter Courier to shoot in Tallinn",
        "Director Lotte Brandt will shoot the spy drama Winter Courier in Tallinn this spring for Greyfell "
        "Studios. Oskar Lind stars as a courier who carries one letter too many across the border.\n\n"
        "Hana Petrova plays the diplomat who sends him, and Ike Mensah plays the guard who lets him pass. "
        "Greyfell Studios will release Winter Courier on November 6, 2026. The crew will spend six weeks in the "
        "old town and two in Narva before moving to a studio in Helsinki.\n\n\u201cIt is a quiet film about "
        "loud choices,\u201d Brandt said.",
    ),
]


def page_html(story: Story, *, dated: bool = True, charset: str = "utf-8", url: str = "") -> str:
    meta = f'<meta property="article:published_time" content="{story.day}T09:00:00Z">' if dated else ""
    paras = "".join(f"<p>{p}</p>\n" for p in story.text.split("\n\n"))
    canonical = f'<link rel="canonical" href="{url}">' if url else ""
    return (
        f'<!doctype html><html lang="en"><head><meta charset="{charset}"><title>{story.headline}</title>'
        f"{meta}{canonical}</head><body><header><nav><a href='/'>Home</a> | <a href='/news'>News</a></nav></header>"
        f"<main><article><h1>{story.headline}</h1>\n{paras}</article></main>"
        "<footer><p>Copyright Trade Wire Daily</p></footer></body></html>"
    )


def rss(items: list[tuple[Story, str, bool]], title: str = "Trade Wire Daily") -> bytes:
    """An RSS 2.0 feed; each item is (story, link, full): full carries the whole article in
    content:encoded, otherwise only a one-line description."""
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>',
        f"<title>{title}</title><link>https://tradewire.example/</link><description>News</description>",
    ]
    for story, link, full in items:
        out.append(f"<item><title>{story.headline}</title><link>{link}</link><guid>{link}</guid>")
        out.append(f"<pubDate>{_rfc822(story.day)}</pubDate>")
        first = story.text.split("\n\n")[0].split(". ")[0]
        out.append(f"<description>{first}\u2026</description>")
        if full:
            html = "".join(f"<p>{p}</p>" for p in story.text.split("\n\n"))
            out.append(f"<content:encoded><![CDATA[{html}]]></content:encoded>")
        out.append("</item>")
    out.append("</channel></rss>")
    return "\n".join(out).encode("utf-8")


def atom(items: list[tuple[Story, str]], title: str = "Reel Ledger") -> bytes:
    """An Atom feed of summary-only entries."""
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{title}</title><id>urn:reel-ledger</id><updated>2026-03-10T00:00:00Z</updated>",
    ]
    for story, link in items:
        out.append(
            f'<entry><title>{story.headline}</title><id>{link}</id><link href="{link}"/>'
            f"<published>{story.day}T08:00:00Z</published><updated>{story.day}T08:00:00Z</updated>"
            f"<summary>{story.headline}. Read more</summary></entry>"
        )
    out.append("</feed>")
    return "\n".join(out).encode("utf-8")


def json_feed(items: list[tuple[Story, str]], title: str = "Frame Rate") -> bytes:
    import json

    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "items": [
            {
                "id": link,
                "url": link,
                "title": s.headline,
                "date_published": f"{s.day}T10:00:00Z",
                "content_text": s.text,
            }
            for s, link in items
        ],  # fmt: skip
    }
    return json.dumps(doc).encode("utf-8")


def _rfc822(day: str) -> str:
    from datetime import date

    d = date.fromisoformat(day)
    return f"{['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][d.weekday()]}, {d.day:02d} " + d.strftime(
        "%b %Y 09:00:00 +0000"
    )
