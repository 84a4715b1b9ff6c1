"""End to end: the seed article, ingested exactly as received, gives the dossier of Mission: Impossible 7."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from slate.cli import cli


def test_seed_dossier(corpus: Path, db_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(cli, ["ingest", str(corpus / "seed.txt"), "--db", str(db_path)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(cli, ["show", "Mission: Impossible 7", "--db", str(db_path), "--json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)
    facts = d["facts"]

    def values(rel: str) -> list[str]:
        return [v["value"] for v in facts.get(rel, [])]

    assert values("director") == ["Christopher McQuarrie"]
    cast = {v["value"]: v.get("character") for v in facts["cast"]}
    assert cast.get("Henry Czerny") == "Kittridge"
    assert "Esai Morales" in cast and "Tom Cruise" in cast
    assert values("release_date") == ["2022-05-27"]
    assert "Levisham" in values("filming_location")
    assert values("status") == ["filming"]
    quote = next(q for q in d["quotes"] if q["text"].startswith("What would Mission be"))
    assert quote["text"] == "What would Mission be without a bit of local color?"
    assert quote["speaker"] == "Christopher McQuarrie"
    assert quote["platform"] == "Instagram"
    # every fact is sourced: the seed's ref, its date and the sentence that said it
    director = facts["director"][0]["sources"][0]
    assert director["ref"] == "seed" and director["date"] == "2021-11-19"
    assert "director Christopher McQuarrie" in director["sentence"]
