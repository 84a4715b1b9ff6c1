"""Invented articles for load, crash and scale tests, written from the team's own templates.

Names are made of random syllables (seeded), so nothing here is about a real production."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

ONSETS = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "gr", "st", "tr"]
NUCLEI = ["a", "e", "i", "o", "u", "ai", "ei", "ou"]
CODAS = ["n", "r", "s", "l", "m", "th", "nd", "rk", "v", ""]
GENRES = ["thriller", "drama", "comedy", "western", "horror film", "musical"]


def word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(ONSETS) + rng.choice(NUCLEI) + rng.choice(CODAS) for _ in range(syllables)).title()


def person_names(n: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    out: set[str] = set()
    while len(out) < n:
        out.add(f"{word(rng, 2)} {word(rng, rng.choice([2, 3]))}")
    return sorted(out)


def articles(n: int, seed: int = 3) -> list[dict[str, str]]:
    """``n`` short trade-press articles about n/3 invented productions (JSONL records)."""
    rng = random.Random(seed)
    people = person_names(400, seed)
    titles = [f"The {word(rng, 2)} {word(rng, 2)}" for _ in range(max(n // 3, 1))]
    cities = [word(rng, 2) + rng.choice(["ton", "burg", "ville", "port"]) for _ in range(30)]
    out = []
    for i in range(n):
        title = titles[i % len(titles)]
        director, a, b, c = rng.sample(people, 4)
        day = date(2020, 1, 1) + timedelta(days=rng.randrange(1500))
        release = day + timedelta(days=rng.randrange(120, 600))
        text = (
            f'Director {director} has started shooting the {rng.choice(GENRES)} "{title}" in {rng.choice(cities)}. '
            f"{a}, {b} and {c} star in the film, which opens on {release:%B} {release.day}, {release.year}. "
            f"\u201cWe are building the whole town from scratch,\u201d {director} said in a statement."
        )
        out.append({"id": f"gen-{i:05d}", "date": day.isoformat(), "url": f"https://gen.example/{i}", "text": text})
    return out


def write_jsonl(rows: list[dict[str, str]], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r) + "\n")
    return path


# two articles in the team's words (invented names): a film dated, then moved and given a UK date
ARTICLE_A = (
    "2026-01-12",
    "tin-lantern-road-dated",
    "Harborlight Pictures has announced Tin Lantern Road, a heist drama directed by Elena Marsh. The film will open "
    "in theaters on June 5, 2026.\n\nOwen Pryce stars as the safecracker Jules Avery, and Dana Whitlow plays the "
    "detective Ruth Kane. Production begins next month in Glasgow.",
)
ARTICLE_B = (
    "2026-03-02",
    "tin-lantern-road-moved",
    "Harborlight Pictures has moved Tin Lantern Road from June 5, 2026 to September 18, 2026, giving the crew more "
    "time after a long shoot in Glasgow.\n\nTin Lantern Road will also open in the UK on October 2, 2026. Lila Moreno "
    "has joined the cast as the fixer Nell Hart.",
)
