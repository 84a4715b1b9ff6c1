"""Slate's benchmark: speed and memory against bare spaCy, measured in the same run on the same articles.

    ./dev bench            # or: .venv/bin/python bench/run.py [--quick] [--json]

Articles: the dev corpus (../shared/corpus/dev_articles.jsonl) when present, else the team's samples,
repeated to size (each copy made distinct so it is stored as a new article). Figures:

  spacy_s            bare ``nlp.pipe`` over the texts: same model, same components Slate loads, same batch size
  extract_vs_spacy   Slate's extraction (parse + Slate's components + records) / spacy_s    target <= 1.3
  ingest_vs_spacy    extraction + writing a fresh SQLite file / spacy_s                      target <= 1.5
  workers2_speedup   `slate ingest --workers 1` time / `--workers 2` time (whole commands)   target >= 1.6
  show_p50_ms/p99    dossier latency on a database of 100,000 synthetic articles            target p99 <= 50
  peak_rss_mb        peak memory of `slate ingest` at two input sizes 10x apart             target larger <= 1.2x
  mixed_articles_per_s  `slate ingest --workers 2` of a stream where 1 article in 20 is about film/TV
                     (dev corpus) and the rest are not (the training corpus's non-production articles,
                     by the team's annotations), end to end, articles per second              target >= 150
  watch_articles_per_s  `slate watch` (the library call, one process) of a local RSS feed of 1,000
                     summary-only entries served by a server on 127.0.0.1 started here: each entry's
                     page fetched, parsed (trafilatura), extracted and stored, articles per second;
                     watch_vs_ingest is its time / in-process ingest of the same articles' texts

The benchmark reports; it never fails on speed (the test suite runs it only with --quick as a smoke test).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "dev_articles.jsonl"
SLATE = str(Path(sys.executable).parent / "slate")


def base_articles() -> list[dict[str, str]]:
    if CORPUS.exists():
        return [json.loads(line) for line in CORPUS.open(encoding="utf-8")]
    from slate.ingest import iter_articles
    from slate.models import Article

    out = []
    for a in iter_articles([str(REPO / "samples")]):
        if isinstance(a, Article):
            out.append({"id": a.ref, "date": a.published.isoformat(), "url": a.url or "", "text": a.text})
    return out


def articles(n: int) -> list[dict[str, str]]:
    base = base_articles()
    out = []
    for i in range(n):
        r = dict(base[i % len(base)])
        copy = i // len(base)
        r["id"] = f"{r['id']}-{copy}"
        if copy:
            r["text"] = r["text"] + f"\n\n(Copy {copy}.)"
        out.append(r)
    return out


def write_jsonl(rows: list[dict[str, str]], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r) + "\n")
    return path


def timed(fn: object) -> float:
    t = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - t


def speed(n: int, batch: int) -> dict[str, float]:
    import spacy

    from slate.extract import Extractor
    from slate.models import Article
    from slate.pipeline import ingest_stream
    from slate.store import open_store

    rows = articles(n)
    arts = [
        Article.create(text=r["text"], published=date.fromisoformat(r["date"]), ref=r["id"], url=r.get("url"))
        for r in rows
    ]
    ex = Extractor()
    names = [p for p in ex.nlp.pipe_names if not p.startswith("slate_")]
    model = ex.nlp.meta.get("name", "")
    bare = spacy.load(f"{ex.nlp.meta['lang']}_{model}", exclude=["lemmatizer"]) if model else ex.nlp
    assert [p for p in bare.pipe_names] == names, (bare.pipe_names, names)
    texts = [a.text for a in arts]
    list(bare.pipe(texts[:batch], batch_size=batch))  # warm up both
    list(ex.extract_many(arts[:batch], batch_size=batch))
    spacy_s = min(timed(lambda: list(bare.pipe(texts, batch_size=batch))) for _ in range(2))
    extract_s = min(timed(lambda: [e.to_record() for e in ex.extract_many(arts, batch_size=batch)]) for _ in range(2))

    def ingest() -> None:
        with tempfile.TemporaryDirectory() as d, open_store(Path(d) / "b.db") as store:
            ingest_stream(store, iter(arts), extractor=ex, batch_size=batch)

    ingest_s = min(timed(ingest) for _ in range(2))
    return {
        "articles": n,
        "spacy_s": round(spacy_s, 3),
        "extract_s": round(extract_s, 3),
        "ingest_s": round(ingest_s, 3),
        "extract_vs_spacy": round(extract_s / spacy_s, 3),
        "ingest_vs_spacy": round(ingest_s / spacy_s, 3),
    }


def workers(n: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as d:
        src = write_jsonl(articles(n), Path(d) / "in.jsonl")
        times = {}
        for w in (1, 2):
            db = Path(d) / f"w{w}.db"
            t = time.perf_counter()
            subprocess.run([SLATE, "ingest", str(src), "--db", str(db), "-q", "--workers", str(w)], check=True,
                           capture_output=True)  # fmt: skip
            times[w] = time.perf_counter() - t
    return {
        "workers_articles": n,
        "workers1_s": round(times[1], 2),
        "workers2_s": round(times[2], 2),
        "workers2_speedup": round(times[1] / times[2], 3),
    }


def negative_articles() -> list[dict[str, str]]:
    """The training corpus's articles that the team's annotations say are not production news."""
    annotations = REPO / "data" / "annotations" / "train.jsonl"
    train = REPO.parent / "shared" / "corpus" / "train" / "articles.jsonl"
    if not (annotations.exists() and train.exists()):
        return []
    empty = {r["id"] for r in map(json.loads, annotations.open(encoding="utf-8")) if not r["titles"] and not r["facts"]}
    return [r for r in map(json.loads, train.open(encoding="utf-8")) if r["id"] in empty]


def mixed(n: int) -> dict[str, float]:
    negatives, positives = negative_articles(), base_articles()
    if not negatives:
        return {}
    rows = []
    for i in range(n):
        r = dict(positives[(i // 20) % len(positives)] if i % 20 == 0 else negatives[i % len(negatives)])
        r["id"] = f"{r['id']}-{i}"
        r["text"] = r["text"] + f"\n\n({i}.)"
        rows.append(r)
    with tempfile.TemporaryDirectory() as d:
        stream = write_jsonl(rows, Path(d) / "mixed.jsonl")
        t = time.perf_counter()
        subprocess.run([SLATE, "ingest", str(stream), "--db", str(Path(d) / "m.db"), "-q", "--workers", "2"],
                       check=True, capture_output=True)  # fmt: skip
        elapsed = time.perf_counter() - t
    return {"mixed_articles": n, "mixed_s": round(elapsed, 2), "mixed_articles_per_s": round(n / elapsed, 1)}


def _serve(routes: dict[str, tuple[bytes, str]]) -> tuple[object, str]:
    """A threaded HTTP server on 127.0.0.1 serving ``routes`` (path -> (body, content type))."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

        def do_GET(self) -> None:  # noqa: N802
            body, ctype = routes.get(self.path, (b"not here", "text/plain"))
            self.send_response(200 if self.path in routes else 404)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def watch_speed(n: int, batch: int) -> dict[str, float]:
    """`slate watch` of ``n`` summary-only feed entries (each page fetched) against ingest of the same texts."""
    from html import escape

    from slate.extract import Extractor
    from slate.ingest import html_article
    from slate.models import Article
    from slate.pipeline import ingest_stream
    from slate.store import open_store
    from slate.watch import Limits, watch

    rows = articles(n)
    routes: dict[str, tuple[bytes, str]] = {"/robots.txt": (b"User-agent: *\nAllow: /\n", "text/plain")}
    items = []
    for i, r in enumerate(rows):
        paras = "".join(f"<p>{escape(p)}</p>" for p in r["text"].split("\n") if p.strip())
        page = (
            f'<!doctype html><html><head><meta charset="utf-8"><title>Story {i}</title>'
            f'<meta property="article:published_time" content="{r["date"]}"></head>'
            f"<body><article><h1>Story {i}</h1>{paras}</article></body></html>"
        )
        routes[f"/news/{i}"] = (page.encode("utf-8"), "text/html; charset=utf-8")
        items.append(i)
    httpd, base = _serve(routes)
    feed = ['<?xml version="1.0"?><rss version="2.0"><channel><title>Bench wire</title>']
    for i in items:
        day = date.fromisoformat(rows[i]["date"])
        feed.append(f"<item><title>Story {i}</title><link>{base}/news/{i}</link><description>Story {i} \u2026"
                    f"</description><pubDate>{day:%a, %d %b %Y} 09:00:00 +0000</pubDate></item>")  # fmt: skip
    feed.append("</channel></rss>")
    routes["/feed.xml"] = ("".join(feed).encode("utf-8"), "application/rss+xml")
    ex = Extractor()
    limits = Limits(delay=0, allow_private=True, per_host=8, concurrency=8)
    with tempfile.TemporaryDirectory() as d, open_store(Path(d) / "w.db") as store:
        t = time.perf_counter()
        polls = watch(store, [f"{base}/feed.xml"], limits=limits, extractor=ex, batch_size=batch).polls
        watch_s = time.perf_counter() - t
        stored = polls[0].new
    httpd.shutdown()  # type: ignore[attr-defined]
    arts = []  # the same pages' texts, as ingest would read them
    for i in items:
        a = html_article(routes[f"/news/{i}"][0], source=str(i), ref=str(i), default_date=None)
        arts.append(Article.create(text=a.text, published=a.published, ref=a.ref))
    with tempfile.TemporaryDirectory() as d, open_store(Path(d) / "i.db") as store:
        t = time.perf_counter()
        ingest_stream(store, iter(arts), extractor=ex, batch_size=batch)
        ingest_s = time.perf_counter() - t
    return {
        "watch_articles": stored,
        "watch_s": round(watch_s, 2),
        "watch_articles_per_s": round(stored / watch_s, 1),
        "watch_ingest_per_s": round(len(arts) / ingest_s, 1),
        "watch_vs_ingest": round(watch_s / ingest_s, 3),
    }


WORDS = (
    "amber harbor night courier glass orchard silver coast paper lantern iron meadow copper river "
    "hollow crown salt road winter signal echo valley north star velvet storm ember run dead drop"
).split()


def synthetic_db(path: Path, n_articles: int) -> list[int]:
    """A database of ``n_articles`` template articles about n/5 productions, written in bulk."""
    from slate.models import Article, Evidence, Extraction, Fact, TitleInfo
    from slate.store import open_store

    rng = random.Random(7)
    n_titles = max(n_articles // 5, 1)
    names = [f"{rng.choice(WORDS).title()} {rng.choice(WORDS).title()} {i}" for i in range(n_titles)]
    people = [f"{rng.choice(WORDS).title()} {rng.choice(WORDS).title()}son" for _ in range(5000)]
    start = date(2015, 1, 1)
    with open_store(path) as store:
        for chunk in range(0, n_articles, 2000):
            with store.transaction():
                for i in range(chunk, min(chunk + 2000, n_articles)):
                    name = names[i % n_titles]
                    day = start + timedelta(days=(i * 37) % 3000)
                    release = (day + timedelta(days=200 + i % 300)).isoformat()
                    text = f"{name} is set for {release}, the studio said. Article {i}."
                    a = Article.create(text=text, published=day, ref=f"syn-{i}")
                    ev = Evidence(text, 0, len(name), 0, len(text))
                    facts = [
                        Fact(name, "release_date", release, ev),
                        Fact(name, "director", people[(i // n_titles) % len(people)], ev),
                        Fact(name, "cast", people[i % len(people)], ev, character="Lead"),
                        Fact(name, "studio", f"{rng.choice(WORDS).title()} Pictures", ev),
                        Fact(name, "status", rng.choice(["filming", "post_production", "announced"]), ev),
                    ]
                    store.add(a, Extraction(a, [TitleInfo(name)], facts, [], [], "bench"))
        return [int(r["root"]) for r in store.title_summaries(None, 500, 0)]


def show_latency(n_articles: int) -> dict[str, float]:
    from slate import query as q
    from slate.store import open_store

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "big.db"
        t = time.perf_counter()
        ids = synthetic_db(path, n_articles)
        build_s = time.perf_counter() - t
        rng = random.Random(3)
        samples = []
        with open_store(path) as store:
            for _ in range(300):
                tid = rng.choice(ids)
                t = time.perf_counter()
                q.dossier(store, tid)
                samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return {
        "show_articles": n_articles,
        "show_build_s": round(build_s, 1),
        "show_p50_ms": round(statistics.median(samples), 2),
        "show_p99_ms": round(samples[int(len(samples) * 0.99) - 1], 2),
    }


def peak_rss(sizes: tuple[int, int]) -> dict[str, float]:
    import psutil

    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as d:
        for n in sizes:
            src = write_jsonl(articles(n), Path(d) / f"in{n}.jsonl")
            proc = subprocess.Popen([SLATE, "ingest", str(src), "--db", str(Path(d) / f"m{n}.db"), "-q"],
                                    stderr=subprocess.DEVNULL)  # fmt: skip
            ps = psutil.Process(proc.pid)
            peak = 0
            while proc.poll() is None:
                try:
                    peak = max(peak, ps.memory_info().rss)
                except psutil.NoSuchProcess:
                    break
                time.sleep(0.05)
            out[f"peak_rss_mb_{n}"] = round(peak / 2**20, 1)
    small, large = (out[f"peak_rss_mb_{n}"] for n in sizes)
    out["peak_rss_ratio"] = round(large / small, 3) if small else 0.0
    return out


TARGETS = {
    "extract_vs_spacy": ("<=", 1.3),
    "ingest_vs_spacy": ("<=", 1.5),
    "workers2_speedup": (">=", 1.6),
    "show_p99_ms": ("<=", 50.0),
    "peak_rss_ratio": ("<=", 1.2),
    "mixed_articles_per_s": (">=", 150.0),
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes: a smoke run, not a measurement")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    n_speed, n_workers, n_show, n_rss, n_mixed, n_watch = (
        (30, 30, 2000, (10, 100), 100, 12) if args.quick else (150, 300, 100_000, (100, 1000), 2000, 1000)
    )
    result: dict[str, float] = {"cpus": float(os.cpu_count() or 1)}
    result.update(speed(n_speed, batch=16))
    result.update(workers(n_workers))
    result.update(show_latency(n_show))
    result.update(peak_rss(n_rss))
    result.update(mixed(n_mixed))
    result.update(watch_speed(n_watch, batch=16))
    if args.json:
        print(json.dumps(result))
        return 0
    for key, value in result.items():
        target = TARGETS.get(key)
        mark = ""
        if target:
            op, bound = target
            ok = value <= bound if op == "<=" else value >= bound
            mark = f"   target {op} {bound}: {'ok' if ok else 'MISSED'}"
        print(f"{key:22} {value}{mark}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
