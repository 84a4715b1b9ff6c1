"""Webhooks: each change (:func:`slate.query.changes`) of the kinds a hook chose is POSTed to it once,
as JSON signed with HMAC-SHA256, with retries and exponential backoff; a hook that keeps failing is
disabled. No SQL here (the tables are :mod:`slate.store._hooks`), no click (``slate hooks`` is in
:mod:`slate.cli`).

How a change reaches a hook:

1. **Queue** (:func:`queue`): the changes are derived; each change id never seen before is recorded
   in ``hook_changes`` with a growing ``seq``. Each hook keeps the highest seq it has been queued
   up to (``seen_seq``; when it is added, every change that exists is recorded first, so a hook
   hears only of changes that come into the database after it was added: new articles, whatever
   their date, and re-extractions). Its new changes of its kinds (and production) become outbox rows,
   one per (hook, change id), UNIQUE: a change is queued for a hook once. All of it in one write
   transaction, so two queue runs take turns and see each other's work.
2. **Deliver** (:func:`deliver`): each outbox row that is due is POSTed; right after a 2xx answer
   the row is marked delivered in its own transaction, and a row marked delivered is never sent
   again. A crash can at worst send again the one request in flight, with the same
   ``X-Slate-Delivery`` id (receivers drop it). A failure (not 2xx, a timeout, a refused connection)
   sets the row's next attempt at ``backoff * 2**attempts`` seconds (capped, jittered) and counts
   against the hook: after ``max_failures`` consecutive failures it is disabled, with the reason in
   its status, until :func:`enable_hook`.

:func:`queue_and_deliver` does both: ``slate ingest``, ``slate reextract`` and ``slate hooks
deliver`` call it (and so can a watcher). With no hook defined it costs one query.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import os
import random
import secrets
import socket
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from slate import query as q
from slate.errors import InputError, NotFoundError
from slate.store import Store

#: the names ``slate hooks add --on`` takes, and the kind of change each one means
KIND_OPTIONS = {
    "new_title": "new_production",
    "retitle": "title",
    "release_date": "release_date",
    "status": "status",
    "director": "director",
    "cast": "cast",
}
SIGNATURE_HEADER = "X-Slate-Signature"
DELIVERY_HEADER = "X-Slate-Delivery"
TIMESTAMP_HEADER = "X-Slate-Timestamp"
EVENT_HEADER = "X-Slate-Event"
HOOK_HEADER = "X-Slate-Hook"
_MARK = "hooks_mark"  # slate_meta: the store's fingerprint when the queue last ran


@dataclass(frozen=True)
class DeliverySettings:
    """How deliveries are made: ``timeout`` (seconds per request), ``backoff`` (seconds before the
    first retry, doubled at each further failure up to ``backoff_cap``), ``max_failures``
    (consecutive failures that disable a hook) and ``batch`` (most deliveries tried in one run)."""

    timeout: float = 5.0
    backoff: float = 30.0
    backoff_cap: float = 6 * 3600.0
    max_failures: int = 8
    batch: int = 1000

    @classmethod
    def from_env(cls, **given: Any) -> DeliverySettings:
        """The settings from ``$SLATE_HOOKS_TIMEOUT``, ``$SLATE_HOOKS_BACKOFF`` and
        ``$SLATE_HOOKS_MAX_FAILURES``, overridden by ``given`` values that are not None."""
        values: dict[str, Any] = {}
        for name, env, kind in (
            ("timeout", "SLATE_HOOKS_TIMEOUT", float),
            ("backoff", "SLATE_HOOKS_BACKOFF", float),
            ("max_failures", "SLATE_HOOKS_MAX_FAILURES", int),
        ):
            text = os.environ.get(env)
            if text:
                try:
                    values[name] = kind(text)
                except ValueError:
                    raise InputError(f"${env}", f"not a number: {text!r}") from None
        values.update({k: v for k, v in given.items() if v is not None})
        return cls(**values)


@dataclass
class DeliverySummary:
    """What one :func:`queue_and_deliver` run did."""

    queued: int = 0
    delivered: int = 0
    failed: int = 0
    waiting: int = 0  # undelivered afterwards (retries not yet due, disabled hooks)
    disabled: list[str] = field(default_factory=list)  # "hook N: disabled after ..." for each hook disabled now
    busy: bool = False  # another delivery run was under way: it delivers (this one only queued)

    def line(self) -> str:
        text = (
            f"webhooks: {self.queued} queued, {self.delivered} delivered, {self.failed} failed, {self.waiting} waiting"
        )
        busy = ["another delivery run is under way and delivers them"] if self.busy else []
        return "; ".join([text, *self.disabled, *busy])


@dataclass
class HookInfo:
    """A hook as ``slate hooks list`` shows it (never its secret)."""

    id: int
    url: str
    on: list[str]
    title_id: int | None
    title: str | None
    has_secret: bool
    enabled: bool
    status: str
    failures: int
    delivered: int
    pending: int
    created_at: str


@dataclass
class Attempt:
    """One delivery attempt, as ``slate hooks log`` shows it."""

    at: str
    hook: int
    delivery: str
    change: str
    kind: str
    attempt: int
    ok: bool
    status_code: int | None
    error: str | None
    duration_ms: int
    next_attempt_at: str | None

    @property
    def result(self) -> str:
        return f"{self.status_code} delivered" if self.ok else str(self.error)


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(t: datetime) -> str:
    return t.astimezone(UTC).isoformat(timespec="microseconds")


# -- signing -----------------------------------------------------------------------------------


def sign(secret: str, body: bytes) -> str:
    """The ``X-Slate-Signature`` value of ``body``: ``sha256=`` and the hex HMAC-SHA256 of the body."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, signature: str) -> bool:
    """Whether ``signature`` (an ``X-Slate-Signature`` value) is the body's, compared in constant time."""
    return hmac.compare_digest(sign(secret, body), signature)


# -- hooks -------------------------------------------------------------------------------------


def parse_kinds(text: str | None) -> list[str]:
    """``--on`` as kinds of change: option names (``release_date,director,cast,status,retitle,
    new_title``) or kind names (:data:`slate.query.CHANGE_KINDS`); all kinds when empty."""
    if not text or not text.strip():
        return list(q.CHANGE_KINDS)
    kinds: list[str] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        kind = KIND_OPTIONS.get(part, part if part in q.CHANGE_KINDS else None)
        if kind is None:
            raise InputError("--on", f"unknown kind of change {part!r} (known: {', '.join(KIND_OPTIONS)})")
        if kind not in kinds:
            kinds.append(kind)
    return sorted(kinds, key=q.CHANGE_KINDS.index)


def _option_names(kinds: list[str]) -> list[str]:
    back = {v: k for k, v in KIND_OPTIONS.items()}
    return [back[k] for k in kinds]


def check_url(url: str, *, allow_private: bool) -> None:
    """Refuse (:class:`InputError`) a URL that is not http(s), has no host, or (unless
    ``allow_private``) names or resolves to a loopback, private, link-local or reserved address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise InputError(url, "only http:// and https:// URLs can receive webhooks")
    host = parts.hostname
    if not host:
        raise InputError(url, "no host in the URL")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise InputError(url, "bad port in the URL") from None
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as e:
        raise InputError(url, f"cannot resolve {host}: {e}") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not address.is_global or address.is_multicast:
            shown = host if host == str(address) else f"{host} ({address})"
            raise InputError(
                url, f"{shown} is a loopback, private or reserved address: pass --allow-private to allow it"
            )


def add_hook(
    store: Store,
    url: str,
    *,
    on: str | None = None,
    title: str | None = None,
    secret: str | None = None,
    allow_private: bool = False,
    now: datetime | None = None,
) -> tuple[int, str | None]:
    """Add a hook; returns its id and the secret made for it (None when ``secret`` was given).

    The changes that exist already are recorded as seen first (one transaction with the new hook),
    so the hook hears only of changes that come into the database after it was added."""
    check_url(url, allow_private=allow_private)
    kinds = parse_kinds(on)
    title_id: int | None = None
    name: str | None = None
    if title:
        title_id = q.find_title(store, title)
        name = q.display_name(store, title_id)[0]
    made = None
    if not secret:
        secret = made = secrets.token_hex(32)
    at = _iso(now or _now())
    with store.transaction():
        top = store.see_changes([c.id for c in q.changes(store)], at)
        hook_id = store.add_hook(
            url=url,
            secret=secret,
            kinds=",".join(kinds),
            title_id=title_id,
            title=name,
            allow_private=allow_private,
            created_at=at,
            seen_seq=top,
        )
    return hook_id, made


def list_hooks(store: Store) -> list[HookInfo]:
    return [
        HookInfo(
            id=int(r["id"]),
            url=str(r["url"]),
            on=_option_names(str(r["kinds"]).split(",")),
            title_id=r["title_id"],
            title=r["title"],
            has_secret=bool(r["has_secret"]),
            enabled=bool(r["enabled"]),
            status=str(r["status"]),
            failures=int(r["failures"]),
            delivered=int(r["delivered"]),
            pending=int(r["pending"]),
            created_at=str(r["created_at"]),
        )
        for r in store.hooks()
    ]


def remove_hook(store: Store, hook_id: int) -> None:
    """Delete a hook with its outbox and log."""
    if not store.remove_hook(hook_id):
        raise NotFoundError(f"no hook {hook_id}")


def enable_hook(store: Store, hook_id: int, *, now: datetime | None = None) -> None:
    """Turn a hook back on: its failures are forgotten and its pending deliveries are due now."""
    if not store.enable_hook(hook_id, _iso(now or _now())):
        raise NotFoundError(f"no hook {hook_id}")


def attempts(store: Store, hook_id: int | None = None, *, limit: int = 50) -> list[Attempt]:
    """The latest ``limit`` delivery attempts (of one hook), oldest first."""
    if hook_id is not None and store.hook(hook_id) is None:
        raise NotFoundError(f"no hook {hook_id}")
    return [
        Attempt(
            at=str(r["at"]),
            hook=int(r["hook_id"]),
            delivery=str(r["delivery_id"]),
            change=str(r["change_id"]),
            kind=str(r["kind"]),
            attempt=int(r["attempt"]),
            ok=bool(r["ok"]),
            status_code=r["status_code"],
            error=r["error"],
            duration_ms=int(r["duration_ms"]),
            next_attempt_at=r["next_attempt_at"],
        )
        for r in store.hook_attempts(hook_id, limit=limit)
    ]


# -- queueing ----------------------------------------------------------------------------------


def payload(change: q.Change, hook_id: int, delivery_id: str) -> dict[str, Any]:
    """The JSON body of a delivery (``sent_at`` is added at each attempt)."""
    return {
        "event": "change",
        "delivery": delivery_id,
        "hook": hook_id,
        "change": {
            "id": change.id,
            "date": change.date,
            "kind": change.kind,
            "verb": change.verb,
            "summary": change.summary,
            "region": change.region,
            "medium": change.medium,
            "recorded_at": change.recorded_at,
        },
        "production": {"id": change.title_id, "title": change.title},
        "before": {"value": change.before, "sources": change.before_sources},
        "after": {"value": change.after, "sources": change.after_sources},
    }


def queue(store: Store, *, now: datetime | None = None) -> int:
    """Put every change new to a hook, of its kinds and production, in the outbox; returns how many
    rows were queued. Nothing is derived when the store has not changed since the last run."""
    if not store.has_hooks():
        return 0
    mark = store.hooks_mark()
    if store.meta(_MARK) == mark:
        return 0
    at = _iso(now or _now())
    with store.transaction():  # one writer at a time: queue runs and hook additions take turns
        hooks = store.hooks()
        changes = q.changes(store)
        seen = store.seen_changes()
        new = [c.id for c in changes if c.id not in seen]
        top = store.see_changes(new, at)
        if new:
            seen = store.seen_changes()
        rows: list[tuple[int, str, str, str, str]] = []
        for h in hooks:
            kinds = set(str(h["kinds"]).split(","))
            root = store.root(int(h["title_id"])) if h["title_id"] is not None else None
            for c in changes:
                if seen[c.id] <= int(h["seen_seq"]) or c.kind not in kinds or (root is not None and c.title_id != root):
                    continue
                delivery = str(uuid.uuid4())
                body = json.dumps(payload(c, int(h["id"]), delivery), ensure_ascii=False, separators=(",", ":"))
                rows.append((int(h["id"]), c.id, delivery, c.kind, body))
            store.set_hook_seen(int(h["id"]), top)
        added = store.enqueue(rows, at)
        store.set_meta(_MARK, mark)
    return added


# -- delivering --------------------------------------------------------------------------------


def _body(stored: str, sent_at: int) -> bytes:
    data = json.loads(stored)
    data["sent_at"] = sent_at
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _delay(settings: DeliverySettings, attempts_before: int) -> float:
    """Seconds before the next attempt: ``backoff * 2**attempts_before``, capped, jittered down by up to half."""
    base = min(settings.backoff_cap, settings.backoff * 2 ** min(attempts_before, 40))
    return float(base * random.uniform(0.5, 1.0))


def deliver(store: Store, settings: DeliverySettings | None = None, *, now: datetime | None = None) -> DeliverySummary:
    """POST each due outbox row of each enabled hook (at most ``settings.batch``), oldest first.

    One run at a time per database (:meth:`Store.delivery_lock`): when another is under way, this
    one sends nothing (``busy``), so two runs never send the same row. A hook that fails in this run
    is not tried again in it (its other rows wait for the next run). ``now`` (tests) is the time
    deliveries are due by and retries are scheduled from."""
    import httpx

    settings = settings or DeliverySettings.from_env()
    summary = DeliverySummary()
    with store.delivery_lock() as mine:
        if not mine:
            summary.busy = True
        else:
            _deliver_due(store, settings, now, summary, httpx.Client)
    summary.waiting = store.waiting_deliveries()
    return summary


def _deliver_due(
    store: Store, settings: DeliverySettings, now: datetime | None, summary: DeliverySummary, client_type: Any
) -> None:
    """Deliver due rows until none is left that this run has not tried (rows queued meanwhile too)."""
    tried: set[int] = set()
    broken: set[int] = set()  # hooks that failed in this run
    client = None
    try:
        while len(tried) < settings.batch:
            due = store.due_deliveries(_iso(now or _now()), settings.batch + len(tried))
            rows = [r for r in due if r["id"] not in tried and r["hook_id"] not in broken]
            if not rows:
                return
            if client is None:
                client = client_type(timeout=settings.timeout, follow_redirects=False, trust_env=False)
            for row in rows[: settings.batch - len(tried)]:
                tried.add(int(row["id"]))
                if row["hook_id"] in broken:
                    continue
                if _post(store, client, row, settings, now, summary):
                    summary.delivered += 1
                else:
                    summary.failed += 1
                    broken.add(row["hook_id"])
    finally:
        if client is not None:
            client.close()


def _post(
    store: Store,
    client: Any,
    row: dict[str, Any],
    settings: DeliverySettings,
    now: datetime | None,
    summary: DeliverySummary,
) -> bool:
    import httpx

    sent = now or _now()
    stamp = int(sent.timestamp())
    body = _body(str(row["payload"]), stamp)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "slate-hooks/1",
        SIGNATURE_HEADER: sign(str(row["secret"]), body),
        DELIVERY_HEADER: str(row["delivery_id"]),
        TIMESTAMP_HEADER: str(stamp),
        EVENT_HEADER: "change",
        HOOK_HEADER: str(row["hook_id"]),
    }
    start = time.monotonic()
    code: int | None = None
    error: str | None = None
    try:
        if not row["allow_private"]:
            check_url(str(row["url"]), allow_private=False)  # the name may resolve elsewhere by now
        response = client.post(str(row["url"]), content=body, headers=headers)
        code = int(response.status_code)
        if not 200 <= code < 300:
            error = f"HTTP {code}"
    except httpx.TimeoutException:
        error = f"timed out after {settings.timeout:g} s"
    except httpx.HTTPError as e:
        error = f"{type(e).__name__}: {e}"
    except InputError as e:
        error = f"refused: {e.reason}"
    took = int((time.monotonic() - start) * 1000)
    at = _iso(now or _now())
    if error is None:
        store.delivered(row, at=at, duration_ms=took, status_code=int(code or 0))
        return True
    retry = (now or _now()) + timedelta(seconds=_delay(settings, int(row["attempts"])))
    status = store.failed(
        row,
        at=at,
        duration_ms=took,
        status_code=code,
        error=error,
        next_attempt_at=_iso(retry),
        max_failures=settings.max_failures,
    )
    if status is not None:
        summary.disabled.append(f"hook {row['hook_id']}: {status}")
    return False


def queue_and_deliver(
    store: Store, *, now: datetime | None = None, settings: DeliverySettings | None = None
) -> DeliverySummary:
    """Queue the changes new to each hook, then deliver what is due: what ``slate ingest``,
    ``slate reextract``, ``slate hooks deliver`` and a watcher call. One query when no hook is defined."""
    if not store.has_hooks():
        return DeliverySummary()
    queued = queue(store, now=now)
    summary = deliver(store, settings, now=now)
    summary.queued = queued
    return summary
