"""The README and the code name the same commands, API endpoints and pages: each one the code has is
documented, and each one the README documents exists."""

from __future__ import annotations

import re
from pathlib import Path

from slate.api import create_app
from slate.cli import cli
from slate.store import open_store

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
NOT_PAGES = {"/openapi.json", "/docs"}  # documented in the serve section's prose
TWINS = (".csv", ".ics", ".atom")


def norm(path: str) -> str:
    """``/titles/{title_id}`` and ``/titles/{id}?as_of=`` alike: parameters as ``{}``, no query."""
    return re.sub(r"\{[^}]*\}", "{}", path.split("?", 1)[0])


def code_routes(tmp_path: Path) -> tuple[set[str], set[str]]:
    db = tmp_path / "empty.db"
    open_store(str(db)).close()
    paths = {
        str(getattr(r, "path", "")) for r in create_app(str(db)).routes if "GET" in (getattr(r, "methods", None) or ())
    }
    api = {norm(p) for p in paths if p.startswith("/api/")}
    pages = {norm(p) for p in paths if not p.startswith("/api/")} - NOT_PAGES
    return api, pages


def test_every_command_is_documented_and_every_documented_command_exists() -> None:
    headings = re.findall(r"^### (.*)$", README, re.M)
    documented = {m for h in headings for m in re.findall(r"`slate ([a-z-]+)", h)}
    assert documented == set(cli.commands), documented ^ set(cli.commands)


def test_every_endpoint_and_page_is_documented_and_exists(tmp_path: Path) -> None:
    api, pages = code_routes(tmp_path)
    readme_api = {norm(p) for p in re.findall(r"^\| `GET (/api/[^`\s]*)`", README, re.M)}
    readme_pages = {norm(p) for p in re.findall(r"^\| `(/[^`\s]*)`", README, re.M)} - NOT_PAGES
    # twins and feeds (CSV, iCalendar, Atom): named anywhere in the README, in backticks
    csv_pages = {p for p in pages if p.endswith(TWINS)}
    readme_csv = {norm(p) for p in re.findall(r"`(/[^`\s]*\.(?:csv|ics|atom))[^`]*`", README)}
    assert api == readme_api, api ^ readme_api
    assert pages - csv_pages == readme_pages, (pages - csv_pages) ^ readme_pages
    assert csv_pages == readme_csv, csv_pages ^ readme_csv
    assert "/openapi.json" in README and "`/docs`" in README
