"""Webhooks (`slate hooks`): each new change POSTed once to a real receiver on 127.0.0.1, signed,
retried after failures and timeouts, a failing hook disabled and enabled again, the outbox surviving
a SIGKILL of `slate hooks deliver`; on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from slate import hooks as h
from slate import query as q
from slate.cli import cli
from slate.errors import InputError
from slate.extract import Extractor
from slate.models import Article, Evidence, Extraction, Fact, TitleInfo
from slate.store import Store, open_store

sys.path.insert(0, str(Path(__file__).parent))
from _gen import ARTICLE_A, ARTICLE_B  # noqa: E402

SECRET = "test-secret-1"
# a second production of our own: announced, then moved
COPPER_A = (
    "2026-05-12",
    "copper-lantern-dated",
    "Northfield Studios has announced Copper Lantern, a heist thriller directed by Ivo Brandt. The film will open in "
    "theaters on October 1, 2027.",
)
COPPER_B = (
    "2026-06-02",
    "copper-lantern-moved",
    "Northfield Studios has moved Copper Lantern from October 1, 2027 to November 12, 2027.",
)
FAST = h.DeliverySettings(timeout=0.5, backoff=60.0, max_failures=10)


class Receiver:
    """A webhook receiver on 127.0.0.1: checks each request's signature with its own HMAC code,
    answers as ``plan`` says (one entry per request, then 200): an HTTP status, ``"hang"`` (answers
    504 only after the client has given up) or ``"hold"`` (waits until :attr:`release` is set)."""

    def __init__(self, secret: str = SECRET) -> None:
        self.secret = secret
        self.plan: list[int | str] = []
        self.requests: list[dict[str, Any]] = []  # every request that arrived (path, headers, body, valid)
        self.accepted: list[dict[str, Any]] = []  # the bodies answered 200
        self.lock = threading.Lock()
        self.held = threading.Event()
        self.release = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                expected = "sha256=" + hmac.new(receiver.secret.encode(), body, hashlib.sha256).hexdigest()
                signature = self.headers.get("X-Slate-Signature", "")
                data = json.loads(body)
                request = {
                    "path": self.path,
                    "body": data,
                    "delivery": self.headers.get("X-Slate-Delivery"),
                    "timestamp": self.headers.get("X-Slate-Timestamp"),
                    "valid": hmac.compare_digest(expected, signature),
                }
                with receiver.lock:
                    receiver.requests.append(request)
                    action = receiver.plan.pop(0) if receiver.plan else 200
                if action == "hang":
                    time.sleep(1.0)
                    action = 504
                elif action == "hold":  # answered, but the sender is gone by then: not acknowledged
                    receiver.held.set()
                    receiver.release.wait(30)
                    action = 200
                    request["valid"] = request["valid"] and "held"
                if action == 200 and request["valid"] and request["valid"] != "held":
                    with receiver.lock:
                        receiver.accepted.append(data)
                self.send_response(int(action) if request["valid"] else 401)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def accepted_ids(self, path: str | None = None) -> list[str]:
        return [str(b["change"]["id"]) for b in self.accepted if path is None or f"/{b['hook']}" == path]

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


def ingest(store: Store, extractor: Extractor, *articles: tuple[str, str, str]) -> None:
    for day, ref, text in articles:
        article = Article.create(text=text, published=date.fromisoformat(day), ref=ref)
        assert store.add(article, extractor.extract(article))


def later(hours: float) -> datetime:
    return datetime.now(UTC) + timedelta(hours=hours)


def test_each_new_change_is_delivered_once_signed_after_a_500_and_a_timeout(
    fresh_db: Store, extractor: Extractor, receiver: Receiver
) -> None:
    ingest(fresh_db, extractor, ARTICLE_A)  # history: before the hook
    hook_id, made = h.add_hook(fresh_db, receiver.url + "/hook", secret=SECRET, allow_private=True)
    assert made is None
    before = {c.id for c in q.changes(fresh_db)}
    ingest(fresh_db, extractor, ARTICLE_B, COPPER_A)
    new = [c for c in q.changes(fresh_db) if c.id not in before]
    assert {c.kind for c in new} >= {"release_date", "cast", "new_production"} and len(new) >= 4

    receiver.plan = [500, "hang"]
    first = h.queue_and_deliver(fresh_db, settings=FAST)
    assert (first.queued, first.delivered, first.failed, first.waiting) == (len(new), 0, 1, len(new))
    second = h.queue_and_deliver(fresh_db, settings=FAST, now=later(1))  # the retry is due (first): it times out
    assert (second.delivered, second.failed) == (0, 1)
    third = h.queue_and_deliver(fresh_db, settings=FAST, now=later(3))
    assert (third.delivered, third.failed, third.waiting) == (len(new), 0, 0)

    assert all(r["valid"] for r in receiver.requests) and len(receiver.requests) == len(new) + 2
    assert sorted(receiver.accepted_ids()) == sorted(c.id for c in new)  # each change once
    assert len({r["delivery"] for r in receiver.requests}) == len(new)  # the retries kept their delivery id
    body = next(b for b in receiver.accepted if b["change"]["kind"] == "release_date" and b["before"]["value"])
    assert body["production"]["title"] == "Tin Lantern Road" and body["hook"] == hook_id
    assert (body["before"]["value"], body["after"]["value"]) == ("2026-06-05", "2026-09-18")
    assert body["after"]["sources"][0]["ref"] == "tin-lantern-road-moved"
    first_try = receiver.requests[0]
    assert first_try["body"]["delivery"] == first_try["delivery"] == receiver.requests[1]["delivery"]
    assert first_try["timestamp"] == str(first_try["body"]["sent_at"])

    log = h.attempts(fresh_db, hook_id)
    assert [a.result for a in log[:2]] == ["HTTP 500", "timed out after 0.5 s"]
    assert log[0].next_attempt_at and all(a.ok for a in log[2:]) and len(log) == len(new) + 2
    # nothing more to send, ever: a later run and a new article with no change for the hook's kinds
    assert h.queue_and_deliver(fresh_db, settings=FAST, now=later(10)).delivered == 0
    assert len(receiver.requests) == len(new) + 2
    listed = h.list_hooks(fresh_db)[0]
    assert (listed.delivered, listed.pending, listed.status, listed.has_secret) == (len(new), 0, "active", True)


def test_kinds_and_title_filters(fresh_db: Store, extractor: Extractor, receiver: Receiver) -> None:
    ingest(fresh_db, extractor, ARTICLE_A, COPPER_A)
    dates = h.add_hook(fresh_db, receiver.url, secret=SECRET, on="release_date", allow_private=True)[0]
    copper = h.add_hook(fresh_db, receiver.url, secret=SECRET, title="copper lantern", allow_private=True)[0]
    cast_new = h.add_hook(fresh_db, receiver.url, secret=SECRET, on="cast,new_title", allow_private=True)[0]
    with pytest.raises(InputError, match="unknown kind of change 'budget'"):
        h.add_hook(fresh_db, receiver.url, on="budget", allow_private=True)
    ingest(fresh_db, extractor, ARTICLE_B, COPPER_B, ("2026-06-20", "glass-harbor", GLASS_HARBOR))
    summary = h.queue_and_deliver(fresh_db, settings=FAST)
    assert summary.failed == 0 and summary.waiting == 0
    got = {hid: {(b["production"]["title"], b["change"]["kind"]) for b in receiver.accepted if b["hook"] == hid}
           for hid in (dates, copper, cast_new)}  # fmt: skip
    assert got[dates] == {("Tin Lantern Road", "release_date"), ("Copper Lantern", "release_date")}
    assert {t for t, _ in got[copper]} == {"Copper Lantern"} and ("Copper Lantern", "status") in got[copper]
    assert got[cast_new] == {("Tin Lantern Road", "cast"), ("Glass Harbor", "new_production")}
    assert len(receiver.accepted_ids()) == len(set(receiver.accepted_ids())) + 1  # one change reached two hooks
    assert [x.on for x in h.list_hooks(fresh_db)] == [["release_date"], list(h.KIND_OPTIONS), ["new_title", "cast"]]
    assert h.list_hooks(fresh_db)[1].title == "Copper Lantern"


GLASS_HARBOR = (
    "Tidewater Films has announced Glass Harbor, a sea drama directed by Mara Quill. The film will open in theaters "
    "on May 8, 2027.\n\nJonah Reyes stars as the lighthouse keeper Tom Ash."
)


def test_a_failing_hook_is_disabled_after_the_limit_then_enabled(
    fresh_db: Store, extractor: Extractor, receiver: Receiver
) -> None:
    hook_id = h.add_hook(fresh_db, receiver.url, secret=SECRET, on="new_title", allow_private=True)[0]
    ingest(fresh_db, extractor, ARTICLE_A, COPPER_A)
    settings = h.DeliverySettings(timeout=2, backoff=60, max_failures=3)
    receiver.plan = [500, 503, 500, 500]
    runs = [h.queue_and_deliver(fresh_db, settings=settings, now=later(hours)) for hours in (0, 2, 4)]
    assert [r.failed for r in runs] == [1, 1, 1] and runs[2].disabled == [
        f"hook {hook_id}: disabled after 3 failures: HTTP 500"
    ]
    hook = h.list_hooks(fresh_db)[0]
    assert (hook.enabled, hook.status, hook.pending) == (False, "disabled after 3 failures: HTTP 500", 2)
    assert h.queue_and_deliver(fresh_db, settings=settings, now=later(48)).failed == 0  # disabled: nothing sent
    assert len(receiver.requests) == 3 and not receiver.accepted
    receiver.plan = []  # it recovers
    h.enable_hook(fresh_db, hook_id)
    done = h.queue_and_deliver(fresh_db, settings=settings)  # due now: enabling made them due
    assert (done.delivered, done.waiting) == (2, 0)
    assert sorted(b["production"]["title"] for b in receiver.accepted) == ["Copper Lantern", "Tin Lantern Road"]
    assert h.list_hooks(fresh_db)[0].status == "active"


def test_sigkill_during_delivery_loses_nothing_and_repeats_nothing_acknowledged(
    db_url: str, extractor: Extractor, receiver: Receiver
) -> None:
    with open_store(db_url) as store:
        hook_id = h.add_hook(store, receiver.url, secret=SECRET, allow_private=True)[0]
        ingest(store, extractor, ARTICLE_A, ARTICLE_B, COPPER_A)
        expected = sorted(c.id for c in q.changes(store))
    assert len(expected) >= 5
    receiver.plan = [200, 200, "hold"]  # the third request is held while the deliverer is killed
    env = {**os.environ, "SLATE_HOOKS_TIMEOUT": "30"}
    slate = str(Path(sys.executable).parent / "slate")
    proc = subprocess.Popen([slate, "hooks", "deliver", "--db", db_url], env=env, stderr=subprocess.PIPE)
    assert receiver.held.wait(30)
    with open_store(db_url) as store:  # meanwhile, a second run (an ingest's) leaves the rows to the first
        busy = h.queue_and_deliver(store, settings=FAST)
    assert busy.busy and (busy.delivered, busy.failed) == (0, 0) and len(receiver.requests) == 3
    assert busy.line().endswith("; another delivery run is under way and delivers them")
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    receiver.release.set()
    in_flight = receiver.requests[2]["delivery"]
    assert len(receiver.accepted_ids()) == 2  # the held one was never answered to anyone
    with open_store(db_url) as store:
        marked = [r for r in store.outbox(hook_id) if r["delivered_at"]]
        assert len(marked) == 2
    rerun = subprocess.run([slate, "hooks", "deliver", "--db", db_url], env=env, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.strip() == f"0 queued, {len(expected) - 2} delivered, 0 failed, 0 waiting"
    deliveries = [r["delivery"] for r in receiver.requests]
    assert len(deliveries) == len(expected) + 1 and deliveries.count(in_flight) == 2  # only the one in flight
    assert all(deliveries.count(d) == 1 for d in deliveries if d != in_flight)
    assert sorted(receiver.accepted_ids()) == expected  # each change acknowledged once
    assert all(r["valid"] for r in receiver.requests)


def test_cli_add_list_ingest_log_remove(tmp_path: Path, receiver: Receiver) -> None:
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    refused = runner.invoke(cli, ["hooks", "add", receiver.url, "--db", db])
    assert refused.exit_code == 1 and "pass --allow-private" in refused.output
    assert "only http:// and https://" in runner.invoke(cli, ["hooks", "add", "ftp://example.org/", "--db", db]).output
    added = runner.invoke(cli, ["hooks", "add", receiver.url, "--on", "release_date", "--allow-private", "--db", db])
    assert added.exit_code == 0, added.output
    secret = added.output.split("secret: ", 1)[1].split()[0]
    assert len(secret) == 64
    receiver.secret = secret
    listed = runner.invoke(cli, ["hooks", "list", "--db", db])
    assert secret not in listed.output and "release_date" in listed.output and "active" in listed.output
    article = tmp_path / "a.txt"
    article.write_text(f" date {ARTICLE_A[0]} a\n{ARTICLE_A[2]}\n", encoding="utf-8")
    moved = tmp_path / "b.txt"
    moved.write_text(f" date {ARTICLE_B[0]} b\n{ARTICLE_B[2]}\n", encoding="utf-8")
    result = runner.invoke(cli, ["ingest", str(article), str(moved), "--db", db, "-q"])
    assert result.exit_code == 0, result.output
    assert "webhooks: 2 queued, 2 delivered, 0 failed, 0 waiting" in result.output
    assert all(r["valid"] for r in receiver.requests) and len(receiver.accepted) == 2
    log = json.loads(runner.invoke(cli, ["hooks", "log", "--hook", "1", "--json", "--db", db]).output)
    assert [(x["kind"], x["ok"], x["status_code"]) for x in log] == [("release_date", True, 200)] * 2
    assert runner.invoke(cli, ["hooks", "log", "--hook", "7", "--db", db]).output == "Error: no hook 7\n"
    assert runner.invoke(cli, ["hooks", "enable", "7", "--db", db]).exit_code == 1
    assert runner.invoke(cli, ["hooks", "remove", "1", "--db", db]).output == "hook 1 removed\n"
    assert "nothing to show" in runner.invoke(cli, ["hooks", "list", "--db", db]).output


def test_no_hooks_costs_nothing_and_an_old_database_reads_as_none(fresh_db: Store, extractor: Extractor) -> None:
    ingest(fresh_db, extractor, ARTICLE_A)
    assert h.queue_and_deliver(fresh_db) == h.DeliverySummary()
    assert fresh_db.seen_changes() == {} and h.list_hooks(fresh_db) == [] and h.attempts(fresh_db) == []


def test_signature_helpers() -> None:
    body = b'{"event":"change"}'
    signature = h.sign("k", body)
    assert signature == "sha256=" + hmac.new(b"k", body, hashlib.sha256).hexdigest()
    assert h.verify("k", body, signature) and not h.verify("other", body, signature)
    assert h.parse_kinds("retitle, new_title,cast") == ["new_production", "title", "cast"]
    with pytest.raises(InputError, match="loopback, private or reserved"):
        h.check_url("http://10.1.2.3/x", allow_private=False)
    h.check_url("http://10.1.2.3/x", allow_private=True)


def test_a_version_2_database_gets_the_hook_tables(db_url: str) -> None:
    open_store(db_url).close()
    drop = [f"DROP TABLE {t}" for t in ("hook_attempts", "hook_outbox", "hook_changes", "hooks")]
    drop.append("UPDATE slate_meta SET value = '2' WHERE key = 'schema_version'")
    if db_url.startswith("postgresql"):
        import psycopg

        with psycopg.connect(db_url, autocommit=True) as pg:
            for sql in drop:
                pg.execute(sql)
    else:
        import sqlite3

        with sqlite3.connect(db_url, isolation_level=None) as conn:
            for sql in [*drop, "PRAGMA user_version = 2"]:
                conn.execute(sql)
    if not db_url.startswith("postgresql"):  # a reader that does not upgrade it: no hooks, no deliveries
        from slate.store._sqlite import connect

        with Store(connect(db_url, readonly=True), dialect="sqlite", url=db_url, readonly=True) as old:
            assert old.check_owner() and old.schema_version == 2
            assert (h.list_hooks(old), h.attempts(old), old.has_hooks(), old.waiting_deliveries()) == ([], [], False, 0)
    listed = CliRunner().invoke(cli, ["hooks", "list", "--db", db_url])  # read-only: upgraded through a writer
    assert listed.exit_code == 0 and listed.output == "nothing to show\n", listed.output
    with open_store(db_url) as store:
        assert store.schema_version == 3 and {"hooks", "hook_outbox"} <= store._tables()


def test_a_change_made_by_a_reextraction_is_delivered(
    fresh_db: Store, extractor: Extractor, receiver: Receiver
) -> None:
    ingest(fresh_db, extractor, ARTICLE_A, ARTICLE_B)
    h.add_hook(fresh_db, receiver.url, secret=SECRET, on="release_date", allow_private=True)
    assert h.queue_and_deliver(fresh_db, settings=FAST) == h.DeliverySummary()  # the history is not news
    # a new extractor reads the second article's date as October 30 (every article re-extracted, as
    # `slate reextract` does: a new version's names resolve only against that version's)
    for (day, ref, text), value in ((ARTICLE_A, "2026-06-05"), (ARTICLE_B, "2026-10-30")):
        article = Article.create(text=text, published=date.fromisoformat(day), ref=ref)
        fact = Fact("Tin Lantern Road", "release_date", value, Evidence(text[:80], 0, 10, 0, 80))
        assert fresh_db.reextract(article, Extraction(article, [TitleInfo("Tin Lantern Road")], [fact], [], [], "v2"))
    summary = h.queue_and_deliver(fresh_db, settings=FAST)
    assert (summary.queued, summary.delivered) == (1, 1)
    change = receiver.accepted[0]
    assert (change["before"]["value"], change["after"]["value"]) == ("2026-06-05", "2026-10-30")
