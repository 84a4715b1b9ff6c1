"""Polite, safe HTTP fetching for ``slate watch`` (httpx; no SQL here: what is remembered is the caller's).

One :class:`Fetcher` per run. Every request:

- names Slate and its version in its User-Agent, and asks robots.txt first (one robots.txt per
  host per run; its ``Crawl-delay`` is honoured as the host's minimum interval);
- is http(s) only; every hop's host is resolved here and the connection goes to the address that
  was checked (redirects included), which must be a public one unless ``allow_private``;
- sends ``If-None-Match`` / ``If-Modified-Since`` when the caller knows them (304 costs nothing);
- follows at most ``max_redirects`` redirects itself, and a loop is named as one;
- has a connect/read timeout and an overall deadline; is refused when its Content-Length or the
  bytes streamed so far pass ``max_bytes`` (the rest is never read), and when gzip/deflate
  decompress past ``max_bytes``; its content type must be a page's or a feed's.

:meth:`Fetcher.fetch_many` runs requests on a thread pool with a per-host limit of concurrent requests
and a per-host minimum interval between them, scheduling per host, so a slow or dead host holds its own
slots only and never stalls the others. Every problem is a :class:`FetchError` with a one-line reason.
"""

from __future__ import annotations

import hashlib
import ipaddress
import socket
import threading
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from slate import __version__

USER_AGENT = f"Slate/{__version__} (film and TV news reader; +https://github.com/slate-news/slate)"
#: the name robots.txt rules are matched against
ROBOTS_AGENT = "Slate"
#: content types Slate reads (pages and feeds); others are refused before their body is read
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/feed+json",
        "application/json",
    }
)
ROBOTS_MAX_BYTES = 512 * 1024
_CHUNK = 64 * 1024


class FetchError(Exception):
    """A URL that could not be fetched: ``URL: reason`` (one line)."""

    def __init__(self, url: str, reason: str, *, retry: bool = False) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        #: a passing problem (timeout, refused connection, 5xx, 429): worth asking again on a later poll
        self.retry = retry


@dataclass(frozen=True)
class Limits:
    """What one run allows itself (the ``slate watch`` options)."""

    timeout: float = 10.0
    #: overall seconds for one request, body included (a server dripping bytes is cut off)
    deadline: float = 60.0
    max_redirects: int = 5
    #: bytes on the wire, and bytes after gzip/deflate decompression
    max_bytes: int = 10 * 2**20
    #: minimum seconds between two requests to one host (robots.txt Crawl-delay can raise it)
    delay: float = 1.0
    per_host: int = 2
    concurrency: int = 8
    allow_private: bool = False
    #: hosts (``host`` or ``host:port``) fetched from even at a private address
    allow_hosts: frozenset[str] = frozenset()


@dataclass
class Response:
    """A fetched URL: ``status`` 304 (not modified, ``body`` empty) or 2xx with its body, decompressed."""

    url: str
    final_url: str
    status: int
    body: bytes = b""
    content_type: str = ""
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    #: sha256 of the body (None for a 304)
    content_hash: str | None = None
    #: bytes received on the wire (before decompression)
    wire_bytes: int = 0
    redirects: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Request:
    """One URL to fetch, with the validators of its last fetch (conditional GET) and a tag for the caller."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    tag: Any = None


def address_problem(ip: str) -> str | None:
    """Why ``ip`` is not a public address (``private``, ``loopback``...), else None."""
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    for name in ("loopback", "link_local", "multicast", "unspecified", "reserved", "private"):
        if getattr(addr, f"is_{name}"):
            return name.replace("_", "-")
    if not addr.is_global:
        return "not global"
    return None


def _media_type(value: str) -> tuple[str, str | None]:
    main, _, params = value.partition(";")
    charset = None
    for part in params.split(";"):
        key, _, val = part.strip().partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("'\"").lower()
    return main.strip().lower(), charset


class _Decoder:
    """gzip/deflate decompression with a limit on what comes out (a bomb is refused, not inflated)."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.encoding = encoding
        self.limit = limit
        self.size = 0
        self._z: Any = None
        self._first = True
        if encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = zlib.decompressobj()

    def feed(self, data: bytes, url: str) -> bytes:
        if self._z is None:
            return data
        if self.encoding == "deflate" and self._first and data:
            self._first = False
            if (data[0] & 0x0F) != 8:  # raw deflate, without the zlib header some servers leave out
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
        out = bytearray()
        try:
            chunk = self._z.decompress(data, self.limit - self.size + 1)
            while True:
                out += chunk
                self.size += len(chunk)
                if self.size > self.limit:
                    raise FetchError(url, f"decompressed size over {self.limit} bytes")
                tail = self._z.unconsumed_tail
                if not tail:
                    break
                chunk = self._z.decompress(tail, self.limit - self.size + 1)
        except zlib.error as e:
            raise FetchError(url, f"broken {self.encoding} data ({e})") from None
        return bytes(out)


class _Host:
    """One host's slots and its rate limit."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.next_at = 0.0
        self.delay: float | None = None  # from robots.txt, once read
        self.robots: RobotFileParser | None = None
        self.robots_error: FetchError | None = None
        self.robots_lock = threading.Lock()
        self.robots_done = False


class Fetcher:
    """Fetches URLs politely within :class:`Limits`; safe to use from several threads."""

    def __init__(self, limits: Limits | None = None, *, user_agent: str = USER_AGENT) -> None:
        self.limits = limits or Limits()
        self.user_agent = user_agent
        lim = self.limits
        self._client = httpx.Client(
            timeout=httpx.Timeout(lim.timeout),
            follow_redirects=False,
            trust_env=False,  # no proxy from the environment: the address checked is the one connected to
            limits=httpx.Limits(max_connections=max(lim.concurrency * 2, 4), max_keepalive_connections=16),
        )
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()
        #: requests sent, robots.txt included (for reports and tests)
        self.requests = 0

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one URL -------------------------------------------------------------------------------
    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET ``url`` (robots.txt, address, redirects, size and type checked); a 304 when the
        validators still hold. Raises :class:`FetchError`."""
        deadline = time.monotonic() + self.limits.deadline
        seen: list[str] = []
        current = url
        while True:
            self._check_robots(current, deadline)
            conditional = not seen  # validators belong to the URL asked for, not to where it redirects
            response = self._get(
                current,
                etag=etag if conditional else None,
                last_modified=last_modified if conditional else None,
                deadline=deadline,
                origin=url,
            )
            if isinstance(response, Response):
                response.url = url
                response.redirects = seen
                return response
            target = response
            seen.append(current)
            if target in seen or target == url:
                raise FetchError(url, f"redirect loop ({' -> '.join([*seen, target])})")
            if len(seen) > self.limits.max_redirects:
                raise FetchError(url, f"too many redirects (more than {self.limits.max_redirects})")
            current = target

    def _host(self, key: str) -> _Host:
        with self._hosts_lock:
            host = self._hosts.get(key)
            if host is None:
                host = self._hosts[key] = _Host()
            return host

    def _resolve(self, url: str, origin: str) -> tuple[str, str, int, str]:
        """(scheme, host, port, address to connect to) for ``url``, or a FetchError."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as e:
            raise FetchError(origin, f"not a valid URL ({e})") from None
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(origin, f"not an http(s) URL: {scheme or 'no scheme'}")
        host = parts.hostname
        if not host:
            raise FetchError(origin, "no host in the URL")
        port = port or (443 if scheme == "https" else 80)
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as e:
            raise FetchError(
                origin, f"cannot resolve {host} ({getattr(e, 'strerror', None) or e})", retry=True
            ) from None
        addresses = [str(info[4][0]) for info in infos]
        allowed = self.limits.allow_hosts
        if not self.limits.allow_private and host.lower() not in allowed and f"{host.lower()}:{port}" not in allowed:
            for ip in addresses:
                why = address_problem(ip)
                if why is not None:
                    where = host if host == ip.split("%")[0] else f"{host} ({ip})"
                    raise FetchError(origin, f"not an allowed address ({why}): {where}")
        return scheme, host, port, addresses[0]

    def _wait_turn(self, key: str, deadline: float) -> None:
        host = self._host(key)
        with host.lock:
            now = time.monotonic()
            start = max(now, host.next_at)
            host.next_at = start + max(self.limits.delay, host.delay or 0.0)
        if start > now:
            time.sleep(min(start - now, max(deadline - now, 0)))

    def _get(
        self, url: str, *, etag: str | None, last_modified: str | None, deadline: float, origin: str,
        limit: int | None = None, robots: bool = False,
    ) -> Response | str:  # fmt: skip
        """One GET: the response, or the absolute URL it redirects to."""
        scheme, host, port, ip = self._resolve(url, origin)
        parts = urlsplit(url)
        default = port == (443 if scheme == "https" else 80)
        host_header = host if default else f"{host}:{port}"
        if ":" in host and not host.startswith("["):
            host_header = f"[{host}]" if default else f"[{host}]:{port}"
        netloc_ip = f"[{ip}]" if ":" in ip else ip
        target = f"{scheme}://{netloc_ip}:{port}{parts.path or '/'}" + (f"?{parts.query}" if parts.query else "")
        headers = {
            "User-Agent": self.user_agent,
            "Host": host_header,
            "Accept": "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
            "application/feed+json, application/xml;q=0.9, */*;q=0.1",
            "Accept-Encoding": "gzip, deflate",
        }
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        limit = limit or self.limits.max_bytes
        self._wait_turn(f"{scheme}://{host}:{port}", deadline)
        self.requests += 1
        extensions: dict[str, Any] = {"sni_hostname": host} if scheme == "https" else {}
        remaining = max(deadline - time.monotonic(), 0.001)
        timeout = httpx.Timeout(min(self.limits.timeout, remaining))
        try:
            with self._client.stream("GET", target, headers=headers, extensions=extensions, timeout=timeout) as r:
                return self._read(r, url, origin, limit, deadline, robots=robots)
        except httpx.TimeoutException:
            raise FetchError(origin, "timed out", retry=True) from None
        except httpx.ConnectError as e:
            raise FetchError(origin, f"cannot connect: {_reason(e)}", retry=True) from None
        except httpx.HTTPError as e:
            raise FetchError(origin, f"{type(e).__name__}: {_reason(e)}", retry=True) from None

    def _read(
        self, r: httpx.Response, url: str, origin: str, limit: int, deadline: float, *, robots: bool
    ) -> Response | str:
        status = r.status_code
        if status in (301, 302, 303, 307, 308):
            location = r.headers.get("location")
            if not location:
                raise FetchError(origin, f"redirect ({status}) without a Location")
            return str(urljoin(url, location.strip()))
        etag = r.headers.get("etag")
        last_modified = r.headers.get("last-modified")
        if status == 304:
            return Response(url=origin, final_url=url, status=304, etag=etag, last_modified=last_modified)
        if status >= 400 or status < 200:
            if robots:
                return Response(url=origin, final_url=url, status=status)
            retry = status >= 500 or status in (408, 429)
            raise FetchError(origin, f"HTTP {status} {r.reason_phrase}".rstrip(), retry=retry)
        ctype, charset = _media_type(r.headers.get("content-type", ""))
        if not robots and ctype and ctype not in PAGE_TYPES and ctype not in FEED_TYPES:
            raise FetchError(origin, f"unsupported content type {ctype}")
        declared = r.headers.get("content-length", "")
        if declared.strip().isdigit() and int(declared) > limit:
            raise FetchError(origin, f"too large (over {limit} bytes): Content-Length {int(declared)}")
        encoding = r.headers.get("content-encoding", "identity").strip().lower()
        if encoding not in ("identity", "", "gzip", "x-gzip", "deflate"):
            raise FetchError(origin, f"unsupported content encoding {encoding}")
        decoder = _Decoder(encoding, limit)
        body = bytearray()
        wire = 0
        for chunk in r.iter_raw(_CHUNK):
            wire += len(chunk)
            if wire > limit:
                raise FetchError(origin, f"too large (over {limit} bytes)")
            if time.monotonic() > deadline:
                raise FetchError(origin, "timed out", retry=True)
            body += decoder.feed(chunk, origin)
        data = bytes(body)
        return Response(
            url=origin,
            final_url=url,
            status=status,
            body=data,
            content_type=ctype,
            charset=charset,
            etag=etag,
            last_modified=last_modified,
            content_hash=hashlib.sha256(data).hexdigest(),
            wire_bytes=wire,
        )

    # -- robots.txt ----------------------------------------------------------------------------
    def _check_robots(self, url: str, deadline: float) -> None:
        try:
            parts = urlsplit(url)
            key = f"{parts.scheme.lower()}://{parts.hostname}:{parts.port or (443 if parts.scheme == 'https' else 80)}"
        except ValueError as e:
            raise FetchError(url, f"not a valid URL ({e})") from None
        if parts.scheme.lower() not in ("http", "https"):
            raise FetchError(url, f"not an http(s) URL: {parts.scheme or 'no scheme'}")
        host = self._host(key)
        with host.robots_lock:  # one robots.txt request per host, whoever asks first
            if not host.robots_done:
                self._load_robots(host, f"{parts.scheme.lower()}://{parts.netloc}/robots.txt", url, deadline)
                host.robots_done = True
        if host.robots_error is not None:
            raise FetchError(url, host.robots_error.reason, retry=host.robots_error.retry)
        if host.robots is not None and not host.robots.can_fetch(ROBOTS_AGENT, url):
            raise FetchError(url, "robots.txt disallows")

    def _load_robots(self, host: _Host, robots_url: str, url: str, deadline: float) -> None:
        """RFC 9309: a 4xx (no robots.txt) allows everything; a 5xx or no answer disallows the host."""
        seen = 0
        current = robots_url
        try:
            while True:
                got = self._get(
                    current, etag=None, last_modified=None, deadline=deadline, origin=url,
                    limit=ROBOTS_MAX_BYTES, robots=True,
                )  # fmt: skip
                if isinstance(got, str):
                    seen += 1
                    if seen > self.limits.max_redirects:
                        host.robots = None  # too many redirects: as if there were none (RFC 9309 2.3.1.2)
                        return
                    current = got
                    continue
                break
        except FetchError as e:
            if "too large" in e.reason or "decompressed" in e.reason:
                return  # unreadable robots.txt: fetch as if there were none
            if e.reason.startswith("not an allowed address"):
                host.robots_error = FetchError(url, e.reason)
            else:
                host.robots_error = FetchError(url, f"robots.txt unreachable: {e.reason}", retry=True)
            return
        if got.status >= 500:
            host.robots_error = FetchError(url, f"robots.txt answered HTTP {got.status}", retry=True)
            return
        if got.status >= 400:
            return
        parser = RobotFileParser()
        parser.parse(got.body.decode("utf-8", "replace").splitlines())
        host.robots = parser
        delay = parser.crawl_delay(ROBOTS_AGENT)
        if delay is not None:
            host.delay = min(float(delay), 60.0)

    # -- many URLs -----------------------------------------------------------------------------
    def fetch_many(
        self, requests: Iterable[Request], *, stop: Callable[[], bool] | None = None
    ) -> Iterator[tuple[Request, Response | FetchError]]:
        """Fetch every request, yielding ``(request, response or error)`` as each finishes.

        At most ``per_host`` requests to one host run at once and ``concurrency`` in all; a host's
        further requests wait in its own queue, so a slow host never takes the others' slots.
        When ``stop()`` turns true, nothing new is started; what is running finishes and is yielded."""
        queues: dict[str, deque[Request]] = {}
        for req in requests:
            queues.setdefault(_host_key(req.url), deque()).append(req)
        running: dict[Future[Response], tuple[str, Request]] = {}
        busy: dict[str, int] = dict.fromkeys(queues, 0)
        order = deque(queues)
        lim = self.limits
        with ThreadPoolExecutor(max_workers=max(lim.concurrency, 1), thread_name_prefix="slate-fetch") as pool:

            def start() -> None:
                if stop is not None and stop():
                    return
                turns = len(order)
                while len(running) < lim.concurrency and turns > 0:
                    key = order[0]
                    order.rotate(-1)
                    turns -= 1
                    if queues[key] and busy[key] < lim.per_host:
                        req = queues[key].popleft()
                        busy[key] += 1
                        running[pool.submit(self.fetch, req.url, etag=req.etag, last_modified=req.last_modified)] = (
                            key,
                            req,
                        )
                        turns = len(order)

            start()
            while running:
                done, _ = wait(list(running), return_when=FIRST_COMPLETED)
                for fut in done:
                    key, req = running.pop(fut)
                    busy[key] -= 1
                    try:
                        result: Response | FetchError = fut.result()
                    except FetchError as e:
                        result = e
                    except Exception as e:  # noqa: BLE001 - one URL's surprise must not stop the others
                        result = FetchError(req.url, f"{type(e).__name__}: {_reason(e)}")
                    start()
                    yield req, result


def _host_key(url: str) -> str:
    try:
        parts = urlsplit(url)
        return f"{parts.scheme.lower()}://{(parts.hostname or '').lower()}:{parts.port or ''}"
    except ValueError:
        return url


def _reason(e: BaseException) -> str:
    text = " ".join(str(e).split())
    if "Connection refused" in text or "[Errno 111]" in text:
        return "connection refused"
    return text[:200] or type(e).__name__
