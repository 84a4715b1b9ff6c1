"""The objects the JSON API answers with, as pydantic models: `/openapi.json` describes exactly these.

Fields that an answer leaves out when they do not apply (a cast member's character, a date's region)
are optional here and absent from the JSON, so the API answers the same objects as `slate ... --json`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Error(BaseModel):
    """Every error the server answers: the HTTP status again, and one line saying what went wrong."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"status": 404, "error": "no production with id 99999", "suggestions": []}]}
    )
    status: int = Field(description="The HTTP status code (404, 413, 414, 422, 500).")
    error: str = Field(description="What went wrong, in one line.")
    suggestions: list[str] | None = Field(None, description="Names close to an unknown one (404 only).")


class TitleSummary(BaseModel):
    """One production in a list: its current name, kind, counts, and current release date and status."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 3, "name": "Skyline Protocol: Ember Run", "kind": "film",
                    "aliases": ["Skyline Protocol 2", "Skyline Protocol: Ember Run", "Ember Run"],
                    "facts": 30, "articles": 3, "last_asserted": "2025-02-14", "release_date": "2025-11-07",
                    "status": "post_production", "year": 2025,
                }
            ]
        }
    )  # fmt: skip
    id: int = Field(description="The production's id (the root of its merged title rows).")
    name: str = Field(description="The name the latest article used.")
    kind: str = Field(description='"film" or "series".')
    aliases: list[str] = Field(description="Every name the production has had.")
    facts: int = Field(description="Facts (claims) stated about it.")
    articles: int = Field(description="Articles that stated them.")
    last_asserted: str | None = Field(description="Date of the latest article stating a fact (YYYY-MM-DD).")
    release_date: str | None = Field(None, description='Current release date: "2025", "2025-03" or "2025-03-07".')
    status: str | None = Field(None, description="Current production status (filming, released...).")
    year: int | None = Field(None, description="Year of the current release date.")


class EditBy(BaseModel):
    """An editor's decision behind a value: its id (see `slate log`), who made it, when and why."""

    edit: int = Field(description="The decision's id.")
    editor: str
    reason: str
    made_at: str = Field(description="When it was made (ISO-8601 UTC).")


class AddedBy(EditBy):
    source_url: str | None = Field(None, description="The page the editor gave as the source.")


class EditLink(BaseModel):
    """A link an editor made between two productions (sequel_of, same_franchise, remake_of)."""

    link: str
    direction: str = Field(description='"to": this production is a sequel/remake of the other; "from": the reverse.')
    id: int = Field(description="The other production.")
    name: str
    edit: EditBy


class Source(BaseModel):
    """An article that stated a fact: its ref, date, outlet and the sentence (or an editor who added it)."""

    ref: str = Field(description="The article's ref (see /api/articles/{ref}).")
    date: str = Field(description="The article's publication date (YYYY-MM-DD).")
    sentence: str = Field(description="The sentence that stated the fact.")
    outlet: str | None = Field(None, description="The site the article came from (host of its URL).")
    as_previous: bool | None = Field(None, description="True when the article gave this date as a former one.")
    rejected: EditBy | None = Field(None, description="An editor rejected what this article said here.")
    added: AddedBy | None = Field(None, description="Not an article: an editor added the fact (ref `edit N`).")
    url: str | None = Field(None, description="The source URL of a fact an editor added.")


class FactValue(BaseModel):
    """One current value of a relation."""

    value: str
    character: str | None = None
    region: str | None = None
    medium: str | None = None
    since: str = Field(description="Date of the article that started the current run of this value.")
    entity_id: int | None = Field(None, description="The person or organisation (see /api/people/{id}).")
    sources: list[Source]


class HistoryValue(BaseModel):
    """One value a relation has had, with the first and last article asserting it."""

    value: str
    character: str | None = None
    region: str | None = None
    medium: str | None = None
    first_asserted: str
    last_asserted: str
    sources: list[Source]
    rejected: EditBy | None = Field(None, description="An editor rejected this value (every source of it).")


class DossierQuote(BaseModel):
    speaker: str
    text: str
    platform: str | None = None
    ref: str
    date: str
    sentence: str
    outlet: str | None = None


class Dossier(BaseModel):
    """Everything known about a production (as of a date), as `slate show --json` prints it."""

    id: int
    name: str
    kind: str
    aliases: list[str]
    as_of: str | None = Field(description="The as-of date asked for, or null for today.")
    facts: dict[str, list[FactValue]] = Field(description="Current values by relation (director, cast...).")
    history: dict[str, list[HistoryValue]] = Field(description="Every value each relation has had.")
    quotes: list[DossierQuote]
    links: list[EditLink] = Field(default_factory=list, description="Links editors made to other productions.")


class FactRow(BaseModel):
    """A current fact of a production as a flat row (the CSV's columns)."""

    relation: str
    value: str
    character: str | None
    region: str | None
    medium: str | None
    since: str
    sources: int = Field(description="How many article mentions state it.")
    refs: str = Field(description="The refs of the articles, space-separated.")


class TimelineRow(BaseModel):
    value: str
    region: str | None
    medium: str | None
    first_asserted: str
    last_asserted: str
    moved: bool = Field(description="A later announcement replaced this date.")
    signal: str | None = Field(description='The move word of the later article ("delayed", "pushed"...).')
    previous_only: bool = Field(description="Only ever given as a former date.")
    sources: list[Source]


class AliasRow(BaseModel):
    alias: str
    first_ref: str
    first_date: str
    reason: str
    strong: bool


class PossibleMatch(BaseModel):
    id: int
    name: str
    why: str


class History(BaseModel):
    """Every value of every relation, the release-date timeline, the names, the possible matches."""

    id: int
    name: str
    history: dict[str, list[HistoryValue]]
    timeline: list[TimelineRow]
    aliases: list[AliasRow]
    possible_matches: list[PossibleMatch]


class Contradiction(BaseModel):
    title: str
    rel: str
    value: str
    other_value: str
    ref: str
    date: str
    other_ref: str
    other_date: str
    days: int
    sentence: str
    other_sentence: str


class PersonRelation(BaseModel):
    character: str | None
    sources: list[Source]


class PersonWork(BaseModel):
    id: int
    name: str
    kind: str
    year: int | None
    relations: dict[str, PersonRelation]


class Credit(BaseModel):
    """One production in one role."""

    id: int
    name: str
    kind: str
    year: int | None = Field(description="Year of the production's release date (else of its first article).")
    character: str | None
    sources: list[Source]


class CreditRow(BaseModel):
    """A credit as a flat row (the CSV's columns)."""

    role: str
    production: str
    production_id: int
    kind: str
    year: int | None
    character: str | None
    first_said: str
    sources: int
    refs: str


class PersonQuote(BaseModel):
    text: str
    platform: str | None
    ref: str
    date: str
    outlet: str | None


class Person(BaseModel):
    """A person (or organisation, place) under every form of the name the data knows."""

    id: int
    type: str = Field(description='"person", "organisation" or "place".')
    name: str
    names: list[str] = Field(description='Every form of the name ("Cruise", "Tom Cruise").')
    productions: list[PersonWork]
    credits: dict[str, list[Credit]] = Field(description="Productions by role (cast, director...), by year.")
    quotes: list[PersonQuote]


class ArticleFact(BaseModel):
    rel: str
    value: str
    character: str | None
    region: str | None
    medium: str | None
    span_start: int
    span_end: int
    sentence: str
    title: str
    title_id: int
    entity_id: int | None
    rejected: EditBy | None = None


class ArticleQuote(BaseModel):
    speaker: str
    text: str
    platform: str | None
    span_start: int
    span_end: int
    sentence: str
    speaker_entity_id: int | None


class Article(BaseModel):
    """A stored article with every fact and quote extracted from it (character offsets into text)."""

    id: str
    ref: str
    url: str | None
    published: str
    title: str | None
    source_name: str | None
    text: str
    ingested_at: str
    extractor_version: str
    facts: list[ArticleFact]
    quotes: list[ArticleQuote]


class PersonHit(BaseModel):
    id: int
    type: str
    name: str
    claims: int
    names: list[str]


class QuoteHit(BaseModel):
    speaker: str
    text: str
    platform: str | None
    asserted_on: str
    ref: str
    root: int | None


class SearchResults(BaseModel):
    """Productions (forgiving: misspellings, any former name, a subtitle), people, quotes."""

    query: str
    titles: list[TitleSummary]
    people: list[PersonHit]
    quotes: list[QuoteHit]


class SearchRow(BaseModel):
    type: str = Field(description='"production", "person", "organisation", "place" or "quote".')
    id: int | None
    name: str
    detail: str
    date: str | None
    ref: str | None


Format = Literal["json", "csv"]


class ChangeSource(BaseModel):
    """An article saying one side of a change (or a release date): its ref, date, outlet and sentence."""

    ref: str = Field(description="The article's ref (see /api/articles/{ref}).")
    date: str = Field(description="The article's publication date (YYYY-MM-DD).")
    sentence: str | None = Field(None, description="The sentence that said it (none when only the name was).")
    outlet: str | None = Field(None, description="The site the article came from (host of its URL).")


class Release(BaseModel):
    """A production's current release date in one region/medium, as precise as the news gave it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title_id": 2, "title": "Skyline Protocol: Ember Run", "kind": "film", "date": "2025-11-07",
                    "precision": "day", "region": None, "medium": None, "status": "post_production",
                    "since": "2024-06-02", "sources": [{"ref": "2024-06-02-skyline-protocol-2-delay",
                    "date": "2024-06-02", "sentence": "Northstar Pictures has moved Skyline Protocol 2 ..."}],
                    "previous": "2025-06-13", "moved_on": "2024-06-02", "moves": 1, "first_announced": "2024-01-10",
                    "last_modified": "2024-06-02", "uid": "94823416-9fcb-5b15-acfd-4a8c6428621f", "other_dates": [],
                }
            ]
        }
    )  # fmt: skip
    title_id: int = Field(description="The production's id.")
    title: str = Field(description="The production's current name.")
    kind: str = Field(description='"film" or "series".')
    date: str = Field(description='The current release date: "2025", "2025-03" or "2025-03-07".')
    precision: Literal["year", "month", "day"] = Field(description="How precise the date is.")
    region: str | None = Field(description="The region the date is for (none: the main date).")
    medium: str | None = Field(description="The medium the date is for (streaming...; none: the main date).")
    status: str | None = Field(description="The production's current status.")
    since: str = Field(description="First said (in its latest unbroken run), YYYY-MM-DD.")
    sources: list[ChangeSource] = Field(description="The articles that said this date.")
    previous: str | None = Field(description="The date before the latest move.")
    moved_on: str | None = Field(description="The day of the article that moved it.")
    moves: int = Field(description="How many times the date changed (the iCalendar SEQUENCE).")
    first_announced: str = Field(description="The day a date was first given for this region/medium.")
    last_modified: str = Field(description="The day the date last changed (the iCalendar LAST-MODIFIED).")
    uid: str = Field(description="Stable across runs and databases: the iCalendar UID.")
    other_dates: list[str] = Field(description="Other dates ahead that the same article gave.")


class Change(BaseModel):
    """One change of a production, derived from its claims: before, after, and the articles saying each."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "28c2a6af-92a4-5544-aec7-c2186e3d09fa", "date": "2023-10-20", "kind": "director",
                    "verb": "replaced", "title_id": 3, "title": "Glass Orchard", "before": "Samuel Okoro",
                    "after": "Lucia Ferraro", "region": None, "medium": None,
                    "summary": "Director Samuel Okoro replaced by Lucia Ferraro",
                    "before_sources": [{"ref": "glass-orchard-2023-05-02", "date": "2023-05-02"}],
                    "after_sources": [{"ref": "glass-orchard-2023-10-20", "date": "2023-10-20"}],
                    "recorded_at": "2026-12-01T17:17:44+00:00",
                }
            ]
        }
    )  # fmt: skip
    id: str = Field(description="Stable across runs and databases (a UUID from the production, kind, values, day).")
    date: str = Field(description="The day of the change: the publication date of the article making it.")
    kind: Literal["new_production", "title", "release_date", "status", "director", "cast"] = Field(
        description="What changed."
    )
    verb: str = Field(description="new, dated, moved, refined, set, changed, joined, left, replaced or retitled.")
    title_id: int = Field(description="The production's id.")
    title: str = Field(description="The production's current name.")
    before: str | None = Field(description="The value the day before (none: there was none).")
    after: str | None = Field(description="The value at the end of the day (none: it ended).")
    region: str | None = Field(description="For a release date: the region it is for.")
    medium: str | None = Field(description="For a release date: the medium it is for.")
    summary: str = Field(description="The change in one line.")
    before_sources: list[ChangeSource] = Field(description="The articles that said the value before.")
    after_sources: list[ChangeSource] = Field(description="The articles that made the change.")
    recorded_at: str | None = Field(description="When the article making the change was ingested (UTC).")
