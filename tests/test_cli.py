"""Every command of the ``slate`` CLI, its bad inputs, and its documentation."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from slate.cli import cli

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "samples.db"
    res = CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--db", str(db)])
    assert res.exit_code == 0, res.output
    return db


def run(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(cli, list(args))
    return res.exit_code, res.stdout, res.stderr


def test_ingest_summary_and_idempotence(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    code, _, err = run("ingest", str(SAMPLES), "--db", str(db))
    assert code == 0
    assert "9 new, 0 already stored, 0 failed" in err
    code, _, err = run("ingest", str(SAMPLES / "trade-wire.jsonl"), "--db", str(db))
    assert code == 0 and "0 new, 4 already stored, 0 failed; 0 claims" in err


def test_ingest_bad_items_reported_and_rest_stored(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bin.txt").write_bytes(b"\x00\xff" * 50)
    (tmp_path / "nodate.txt").write_text("Glass Orchard starts filming in Cape Town in May.")
    code, _, err = run(
        "ingest", str(tmp_path / "empty.txt"), str(SAMPLES / "2024-01-10-skyline-protocol-2.txt"),
        str(tmp_path / "bin.txt"), str(tmp_path / "nodate.txt"), str(tmp_path / "missing.txt"), "--db", str(db),
    )  # fmt: skip
    assert code == 1
    lines = err.strip().splitlines()
    assert sum(1 for line in lines if line.startswith("Error: ")) == 4
    assert any("empty.txt: empty file" in line for line in lines)
    assert any("bin.txt: binary file" in line for line in lines)
    assert any("nodate.txt: no publication date" in line for line in lines)
    assert any("missing.txt: no such file" in line for line in lines)
    assert "1 new, 0 already stored, 4 failed" in lines[-1]
    assert "Traceback" not in err
    code, out, _ = run("articles", "--db", str(db))
    assert code == 0 and "2024-01-10-skyline-protocol-2" in out


def test_ingest_date_option_and_stdin(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    text = "Northstar Pictures has dated Skyline Protocol 3 for July 4, 2027, the studio said."
    res = CliRunner().invoke(cli, ["ingest", "-", "--db", str(db), "--date", "2025-03-01"], input=text)
    assert res.exit_code == 0, res.stderr
    code, out, _ = run("show", "Skyline Protocol 3", "--db", str(db), "--json")
    assert code == 0
    d = json.loads(out)
    assert d["facts"]["release_date"][0]["value"] == "2027-07-04"
    from slate.models import content_id

    assert d["facts"]["release_date"][0]["sources"][0] == {
        "ref": f"stdin-{content_id(text)[:10]}", "date": "2025-03-01", "sentence": text,
    }  # fmt: skip


def test_bad_date_option_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("ingest", str(SAMPLES), "--db", str(tmp_path / "x.db"), "--date", "2025-13-01")
    assert code == 2 and "not a date" in err


def test_titles_show_timeline_aliases_contradictions(sample_db: Path) -> None:
    db = str(sample_db)
    code, out, _ = run("titles", "--db", db)
    assert code == 0 and "Skyline Protocol: Ember Run" in out and "The Lantern Keepers" in out
    code, out, _ = run("titles", "skyline", "--db", db, "--json")
    (row,) = json.loads(out)
    assert row["name"] == "Skyline Protocol: Ember Run" and row["articles"] == 3
    code, out, _ = run("titles", "--db", db, "--kind", "series")
    assert code == 0 and out.splitlines()[0].split() == ["title", "kind", "release", "status", "facts", "articles"]
    assert [line.split("  ")[0] for line in out.splitlines()[1:]] == ["The Salt Road"]
    code, out, _ = run("titles", "--db", db, "--sort", "release", "--limit", "1", "--json")
    (row,) = json.loads(out)
    assert row["release_date"] == min(r["release_date"] for r in json.loads(run("titles", "--db", db, "--json")[1]))
    code, out, _ = run("titles", "--db", db, "--year", "2025", "--sort", "name")
    assert [line.split("  ")[0] for line in out.splitlines()[1:]] == [
        "The Salt Road",
        "Skyline Protocol: Ember Run",
    ]  # "the" aside
    code, out, _ = run("show", "skyline protocol 2", "--db", db)
    assert code == 0
    assert out.startswith("Skyline Protocol: Ember Run")
    assert "Daniel Reyes" in out and "2025-11-07" in out
    code, out, _ = run("show", "Skyline Protocol 2", "--db", db, "--as-of", "2024-03-01", "--json")
    d = json.loads(out)
    assert d["as_of"] == "2024-03-01" and d["name"] == "Skyline Protocol 2"
    assert [v["value"] for v in d["facts"]["release_date"]] == ["2025-06-13"]
    code, out, _ = run("timeline", "Ember Run", "--db", db)
    assert code == 0 and "2025-06-13" in out and "2025-11-07" in out and "yes" in out
    code, out, _ = run("aliases", "Skyline Protocol: Ember Run", "--db", db)
    assert code == 0 and "Skyline Protocol 2" in out and "now titled" in out
    code, out, _ = run("contradictions", "--db", db, "--json")
    found = json.loads(out)
    assert [(c["title"], c["value"], c["other_value"]) for c in found] == [
        ("The Salt Road", "2025-03-07", "2025-03-14")
    ]


def test_show_unknown_title_suggests(sample_db: Path) -> None:
    code, _, err = run("show", "Skyline Protocl", "--db", str(sample_db))
    assert code == 1
    assert err.startswith("Error: no production called 'Skyline Protocl'")
    assert "Skyline Protocol" in err and len(err.strip().splitlines()) == 1


def test_extract_jsonl_is_the_gold_format(tmp_path: Path) -> None:
    code, out, _ = run("extract", str(SAMPLES / "trade-wire.jsonl"), "--format", "jsonl")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == [
        "glass-orchard-2023-05-02", "glass-orchard-2023-10-20", "salt-road-2024-08-12", "salt-road-2024-08-15",
    ]  # fmt: skip
    for r in records:
        assert set(r) >= {"id", "titles", "facts", "quotes"}
        for f in r["facts"]:
            ev = f["evidence"]
            assert ev["sentence"] and 0 <= ev["start"] < ev["end"]
    text = (SAMPLES / "trade-wire.jsonl").read_text().splitlines()[1]
    body = json.loads(text)["text"]
    f = next(f for f in records[1]["facts"] if f["rel"] == "former_director")
    assert body[f["evidence"]["start"] : f["evidence"]["end"]] == "Samuel Okoro"


def test_extract_text_format_and_failure_exit(tmp_path: Path) -> None:
    code, out, _ = run("extract", str(SAMPLES / "2025-02-14-skyline-protocol-ember-run.txt"), "--format", "text")
    assert code == 0 and out.startswith("# 2025-02-14-skyline-protocol-ember-run (2025-02-14)")
    code, _, err = run("extract", str(tmp_path / "nope.txt"))
    assert code == 1 and "no such file" in err


def test_unreadable_database_is_one_line(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 50)
    code, _, err = run("titles", "--db", str(junk))
    assert code == 1 and err.startswith("Error:") and len(err.strip().splitlines()) == 1


def test_every_command_has_an_example_and_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        help_text = command.help or ""
        assert "Example:" in help_text and f"slate {name}" in help_text, name
        assert f"slate {name}" in readme, f"README does not document `slate {name}`"


def test_real_binary_no_traceback_and_env_db(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "slate"
    env = {**os.environ, "SLATE_DB": str(tmp_path / "env.db")}
    p = subprocess.run(
        [str(exe), "ingest", str(tmp_path / "missing.txt")], capture_output=True, text=True, env=env, check=False
    )
    assert p.returncode == 1 and "Traceback" not in p.stderr
    assert p.stderr.splitlines()[0] == f"Error: {tmp_path / 'missing.txt'}: no such file or directory"
    p = subprocess.run(
        [str(exe), "ingest", str(SAMPLES / "trade-wire.jsonl")], capture_output=True, text=True, env=env, check=False
    )
    assert p.returncode == 0 and (tmp_path / "env.db").exists()
