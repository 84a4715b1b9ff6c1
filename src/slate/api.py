"""Slate over HTTP: a JSON API and server-rendered pages, thin over :mod:`slate.query`.

Every HTML page links to its JSON twin; article text, titles, names and quotes are untrusted and
always escaped (Jinja2 autoescape). No SQL and no spaCy here.
"""

from __future__ import annotations

import dataclasses
import hmac
import json
import logging
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import parse_qsl, quote, unquote_to_bytes, urlencode

from fastapi import Depends, FastAPI, Query, Request, Security
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from slate import __version__, auth, edits
from slate import query as q
from slate import schemas as sc
from slate.errors import AccountError, EditError, NotFoundError, SlateError, StoreError
from slate.export import json_ld_script
from slate.models import STATUSES
from slate.schemas import Format
from slate.store import Store, open_store
from slate.store._url import redact
from slate.web import feeds
from slate.web.chart import slip_chart
from slate.web.export import to_csv
from slate.web.highlight import highlight

WEB = Path(__file__).parent / "web"
log = logging.getLogger("slate.api")
MAX_LIMIT = 200
MAX_URL_BYTES = 4096
MAX_ID = 2**63 - 1  # the largest id either database can hold
MAX_BODY = 64 * 1024
#: the only routes that take a request body (POST): the editors' forms and write API
WRITE_PATHS = re.compile(
    r"/(?:api/edits|api/edits/\d{1,19}/undo|api/users|login|logout|titles/\d{1,19}/edit|people/\d{1,19}/edit"
    r"|edits/\d{1,19}/undo)"
)
SESSION_COOKIE = "slate_session"
LOGIN_COOKIE = "slate_login"  # the login form's CSRF token (double-submit: cookie and form field)
Id = Annotated[int, PathParam(ge=0, le=MAX_ID)]
# Pages carry no script at all; only the interactive docs run Swagger UI's (served from here).
PAGE_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
DOCS_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'"
)
Kind = Literal["film", "series"]
Status = Literal[STATUSES]  # type: ignore[valid-type]
Sort = Literal["facts", "name", "release", "changed"]
SORT_HELP = "`facts` (most first), `name`, `release` (soonest first, undated last) or `changed` (latest first)."
TITLE_COLUMNS = ["id", "name", "kind", "year", "release_date", "status", "facts", "articles", "last_asserted"]
FACT_COLUMNS = ["relation", "value", "character", "region", "medium", "since", "sources", "refs"]
CREDIT_COLUMNS = ["role", "production", "production_id", "kind", "year", "character", "first_said", "sources", "refs"]
SEARCH_COLUMNS = ["type", "id", "name", "detail", "date", "ref"]
CSV_CONTENT: dict[str, Any] = {
    "content": {
        "text/csv": {"schema": {"type": "string"}, "example": "id,name,kind\r\n3,Skyline Protocol: Ember Run,film\r\n"}
    }
}
TOTAL_HEADER = {
    "X-Total-Count": {"description": "How many productions match (all pages).", "schema": {"type": "integer"}}
}
ERROR_422 = {"model": sc.Error, "description": "A bad parameter (or a control character such as %00 in the URL)."}
ERRORS_422: dict[int | str, dict[str, Any]] = {422: ERROR_422}
ERRORS_404: dict[int | str, dict[str, Any]] = {
    404: {"model": sc.Error, "description": "No such id (or ref): the error names it."},
    422: ERROR_422,
}
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


#: reachable without signing in on a private server (the login form and its POST)
PUBLIC_PATHS = {"/login"}
BEARER = {"WWW-Authenticate": "Bearer"}
BEARER_SCHEME = HTTPBearer(
    auto_error=False, description="An API token from `slate tokens create NAME`: `Authorization: Bearer TOKEN`."
)
ERRORS_WRITE: dict[int | str, dict[str, Any]] = {
    401: {"model": sc.Error, "description": "No API token, or a wrong or revoked one (`WWW-Authenticate: Bearer`)."},
    404: {"model": sc.Error, "description": "A production, person or edit the edit names is not in the database."},
    413: {"model": sc.Error, "description": "A request body over 64 KiB."},
    422: {"model": sc.Error, "description": "A bad body, or an edit that cannot be made: the error says why."},
}


class LoginRequired(Exception):
    """A page of a private server asked for without signing in: to the login form, then back."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next = next_path


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer TOKEN`` header."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def local_path(value: str | None) -> str:
    """Where to go after signing in: a path on this server only (never ``//host`` or a URL)."""
    text = value or "/"
    if not text.startswith("/") or text.startswith("//") or "\\" in text or _CONTROL.search(text.encode()):
        return "/"
    return text


async def form_fields(request: Request) -> dict[str, str]:
    """A form's ``application/x-www-form-urlencoded`` body (the last value of a repeated field)."""
    body = await request.body()
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if body and kind != "application/x-www-form-urlencoded":
        raise StarletteHTTPException(415, "a form is sent as application/x-www-form-urlencoded")
    try:
        return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=50))
    except (UnicodeDecodeError, ValueError):
        raise StarletteHTTPException(400, "the form could not be read") from None


Form = Annotated[dict[str, str], Depends(form_fields)]


def edit_json(e: edits.Edit) -> dict[str, Any]:
    return dataclasses.asdict(e)


def safe_link(url: object) -> str | None:
    """An article's URL only when it is a web address: never ``javascript:`` or ``data:``."""
    text = str(url or "").strip()
    return text if re.match(r"https?://[^\s\x00-\x1f]+$", text, re.I) else None


def path_segment(value: object) -> str:
    """A value (an article ref written by strangers) as one URL path segment."""
    return quote(str(value), safe="")


_CONTROL = re.compile(rb"[\x00-\x1f\x7f]")


def has_control_characters(path: str, query_string: bytes) -> bool:
    """A control character (NUL, newline, ...) in the decoded path or in a decoded query value."""
    decoded = path.encode("utf-8", "surrogatepass")
    return bool(_CONTROL.search(decoded) or _CONTROL.search(unquote_to_bytes(query_string)))


class Limits:
    """Read-only server but for the editors' POST routes (:data:`WRITE_PATHS`, bodies up to
    :data:`MAX_BODY` bytes): any other request with a body is refused (413), an over-long URL too (414), a path
    or parameter holding a control character (``%00``) too (422), on every route. HEAD is answered on
    every GET route: the GET response with its headers and without its body."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope.get("method") == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length", b"0").strip() or b"0"
        status, message = 0, ""
        if len(scope.get("raw_path", b"")) + len(scope.get("query_string", b"")) > MAX_URL_BYTES:
            status, message = 414, f"URL longer than {MAX_URL_BYTES} bytes"
        elif scope.get("method") not in ("GET", "POST"):  # no route takes PUT, PATCH, DELETE...: the log is append-only
            status, message = 405, "Method Not Allowed"
        elif scope.get("method") == "POST" and WRITE_PATHS.fullmatch(scope.get("path", "")):
            if b"transfer-encoding" in headers or not length.isdigit():
                status, message = 411, "a request body needs a Content-Length"
            elif int(length) > MAX_BODY:
                status, message = 413, f"request body larger than {MAX_BODY} bytes"
        elif b"transfer-encoding" in headers or not length.isdigit() or int(length) > 0:
            status, message = 413, "this server takes no request bodies"
        elif has_control_characters(scope.get("path", ""), scope.get("query_string", b"")):
            status, message = 422, "control characters (such as %00) in the URL"
        if status:
            body = json.dumps({"status": status, "error": message}).encode()
            headers_out = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
            await send({"type": "http.response.start", "status": status, "headers": headers_out})
            await send({"type": "http.response.body", "body": b"" if head else body})
            return

        signed_in = SESSION_COOKIE.encode() + b"=" in headers.get(b"cookie", b"")

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                csp = DOCS_CSP if scope.get("path") == "/docs" else PAGE_CSP
                extra = {**SECURITY_HEADERS, "Content-Security-Policy": csp}
                if signed_in and not any(k.lower() == b"cache-control" for k, _ in message.get("headers", [])):
                    extra["Cache-Control"] = "no-store"  # a signed-in page holds a CSRF token: no cache keeps it
                added = [(k.lower().encode(), v.encode()) for k, v in extra.items()]
                message = {**message, "headers": [*message.get("headers", []), *added]}
            elif message["type"] == "http.response.body" and head:
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def browse_args(
    q_: Annotated[str | None, Query(alias="q", max_length=200, description="A part of any name.")] = None,
    kind: Annotated[Kind | None, Query(description="Only films or only series.")] = None,
    status: Annotated[Status | None, Query(description="Only productions with this current status.")] = None,
    year: Annotated[int | None, Query(ge=1000, le=9999, description="Only this release year.")] = None,
    sort: Annotated[Sort, Query(description=SORT_HELP)] = "facts",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="At most this many rows.")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_ID, description="Skip this many rows.")] = 0,
) -> dict[str, Any]:
    return {"query": q_, "kind": kind, "status": status, "year": year, "sort": sort, "limit": limit,
            "offset": offset}  # fmt: skip


BrowseArgs = Annotated[dict[str, Any], Depends(browse_args)]
FormatQ = Annotated[Format, Query(description="`csv` for a spreadsheet-safe CSV of the same rows.")]


def create_app(db: str, *, private: bool = False) -> FastAPI:
    """The ASGI app serving the database at ``db`` (SQLite path or PostgreSQL URL); ``private``:
    reads need a signed-in session or an API token too."""
    open_store(db, readonly=True).close()  # fail fast on a missing or foreign database

    def who(request: Request) -> None:
        """Every route: the browser's session (for the pages' edit forms); when private, a reader."""
        request.state.session = None
        secret = request.cookies.get(SESSION_COOKIE)
        if secret:
            with reading() as store:
                request.state.session = auth.session(store, secret)
        if not private or request.url.path in PUBLIC_PATHS or request.state.session is not None:
            return
        token = bearer_token(request)
        if token:
            with reading() as store:
                if auth.token_account(store, token) is not None:
                    return
        if request.url.path.startswith("/api/"):
            raise StarletteHTTPException(401, "this server is private: send an API token", headers=BEARER)
        raise LoginRequired(request.url.path + (f"?{request.url.query}" if request.url.query else ""))

    app = FastAPI(
        dependencies=[Depends(who)],
        title="Slate",
        version=__version__,
        description="A time-aware, sourced database of film and TV productions, read from dated news.",
        docs_url=None,
        redoc_url=None,
    )
    # interactive docs from a vendored Swagger UI: no CDN, works offline
    # Swagger UI 5 (it reads the OpenAPI 3.1 FastAPI writes), shipped as static files in swagger-ui-py
    app.mount("/static/swagger", StaticFiles(packages=[("swagger_ui", "static")]), name="swagger")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="Slate API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/swagger/favicon-32x32.png",
        )

    def signed_in(request: Request) -> dict[str, Any]:
        session = getattr(request.state, "session", None)
        return {"account": session.account if session else None, "csrf": session.csrf if session else ""}

    templates = Jinja2Templates(directory=str(WEB / "templates"), context_processors=[signed_in])
    templates.env.globals["version"] = __version__
    templates.env.filters["seg"] = path_segment
    templates.env.filters["safe_link"] = safe_link
    app.add_middleware(Limits)
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")

    @contextmanager
    def reading() -> Iterator[Store]:
        store = open_store(db, readonly=True)
        try:
            yield store
        finally:
            store.close()

    def get_store() -> Iterator[Store]:
        with reading() as store:
            yield store

    @contextmanager
    def writing() -> Iterator[Store]:
        """A writable store for one write request (reads stay read-only)."""
        try:
            store = open_store(db)
        except StoreError as e:
            log.error("cannot write: %s", redact(str(e), db))
            message = "the database cannot be written here; the server's log says why"
            raise StarletteHTTPException(503, message) from None
        try:
            yield store
        finally:
            store.close()

    def wants_html(request: Request) -> bool:
        return not request.url.path.startswith("/api/")

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Any:
        if wants_html(request):
            return templates.TemplateResponse(
                request, "error.html", {"status": 404, "message": str(exc), "suggestions": exc.suggestions},
                status_code=404,
            )  # fmt: skip
        return JSONResponse({"status": 404, "error": str(exc), "suggestions": exc.suggestions}, status_code=404)

    def server_error(request: Request, exc: Exception) -> Any:
        # the details (which name the database's host and port) go to the server's log, not to clients
        log.error("%s %s: %s", request.method, request.url.path, redact(str(exc) or type(exc).__name__, db))
        message = "the database could not be read; the server's log has the details"
        if wants_html(request):
            return templates.TemplateResponse(
                request, "error.html", {"status": 500, "message": message, "suggestions": []}, status_code=500
            )
        return JSONResponse({"status": 500, "error": message}, status_code=500)

    @app.exception_handler(SlateError)
    async def slate_error(request: Request, exc: SlateError) -> Any:
        return server_error(request, exc)

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> Any:
        return server_error(request, exc)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Any:
        errors = exc.errors()
        where = ".".join(str(x) for x in errors[0].get("loc", [])) if errors else "request"
        message = f"invalid {where}: {errors[0].get('msg', 'bad value')}" if errors else "invalid request"
        if wants_html(request):
            return templates.TemplateResponse(
                request, "error.html", {"status": 422, "message": message, "suggestions": []}, status_code=422
            )
        return JSONResponse({"status": 422, "error": message}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Any:
        if wants_html(request):
            return templates.TemplateResponse(
                request, "error.html", {"status": exc.status_code, "message": str(exc.detail), "suggestions": []},
                status_code=exc.status_code, headers=exc.headers,
            )  # fmt: skip
        return JSONResponse(
            {"status": exc.status_code, "error": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers
        )

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Any:
        return RedirectResponse("/login?" + urlencode({"next": exc.next}), status_code=303)

    @app.exception_handler(EditError)
    async def edit_error(request: Request, exc: EditError) -> Any:
        if wants_html(request):
            back = request.url.path.rsplit("/edit", 1)[0] if request.url.path.endswith("/edit") else "/log"
            return templates.TemplateResponse(
                request, "error.html", {"status": 422, "message": str(exc), "suggestions": [], "back": back},
                status_code=422,
            )  # fmt: skip
        return JSONResponse({"status": 422, "error": str(exc)}, status_code=422)

    def title_or_404(store: Store, title_id: int) -> int:
        root = store.root(title_id)
        if not store.title_rows([title_id]) or not store.answers(root):  # none of its names answers
            raise NotFoundError(f"no production with id {title_id}")
        return root

    def csv_response(rows: list[dict[str, Any]], columns: list[str], name: str) -> Response:
        return Response(
            to_csv(rows, columns), media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'inline; filename="{name}.csv"'},
        )  # fmt: skip

    # -- JSON API ----------------------------------------------------------------------------
    @app.get(
        "/api/titles", tags=["productions"], summary="List productions", response_model=list[sc.TitleSummary],
        responses={200: {**CSV_CONTENT, "headers": TOTAL_HEADER}, **ERRORS_422},
    )  # fmt: skip
    def api_titles(
        args: BrowseArgs, response: Response, format: FormatQ = "json", store: Store = Depends(get_store)
    ) -> Any:
        """Every production, one page at a time: its current name, kind, counts, current release date and
        status. Filter by a part of a name (`q`), `kind`, current `status` and release `year`; sort by
        `facts` (most first), `name`, `release` (soonest first) or `changed` (latest news first). The total
        number of matching productions is in the `X-Total-Count` header."""
        total, rows = q.browse(store, **args)
        items = [q.to_jsonable(t) for t in rows]
        if format == "csv":
            out = csv_response(items, TITLE_COLUMNS, "titles")
            out.headers["X-Total-Count"] = str(total)
            return out
        response.headers["X-Total-Count"] = str(total)
        return items

    @app.get(
        "/api/titles/{title_id}", tags=["productions"], summary="A production's dossier",
        response_model=sc.Dossier, response_model_exclude_unset=True, responses=ERRORS_404,
    )  # fmt: skip
    def api_title(
        title_id: Id,
        as_of: Annotated[date | None, Query(description="Only what articles published by this date said.")] = None,
        store: Store = Depends(get_store),
    ) -> Any:
        """Everything known about a production: every current fact with the articles and sentences that
        stated it, every value each relation has had, and what its makers said. The same object as
        `slate show --json`; with `as_of` (YYYY-MM-DD), as it stood on that day."""
        title_or_404(store, title_id)
        return q.dossier(store, title_id, as_of=as_of)  # the production this id was part of then

    @app.get(
        "/api/titles/{title_id}/facts", tags=["productions"], summary="A production's current facts as rows",
        response_model=list[sc.FactRow], responses={200: CSV_CONTENT, **ERRORS_404},
    )  # fmt: skip
    def api_title_facts(
        title_id: Id,
        as_of: Annotated[date | None, Query(description="Only what articles published by this date said.")] = None,
        format: FormatQ = "json",
        store: Store = Depends(get_store),
    ) -> Any:
        """The dossier's current facts, one row per value (relation, value, character, region, medium,
        since, how many mentions, the articles' refs): the table to paste into a spreadsheet."""
        title_or_404(store, title_id)
        rows = q.fact_rows(q.dossier(store, title_id, as_of=as_of))
        return csv_response(rows, FACT_COLUMNS, f"title-{title_id}-facts") if format == "csv" else rows

    @app.get(
        "/api/titles/{title_id}/history", tags=["productions"], summary="A production's history",
        response_model=sc.History, response_model_exclude_unset=True, responses=ERRORS_404,
    )  # fmt: skip
    def api_history(title_id: Id, store: Store = Depends(get_store)) -> Any:
        """Every value each relation has had (with the first and last article asserting it), the
        release-date timeline with its moves, every name the production has had and why, and the
        productions kept apart that may be the same one."""
        root = title_or_404(store, title_id)
        d = q.dossier(store, root)
        return {
            "id": root, "name": d["name"], "history": d["history"],
            "timeline": [q.to_jsonable(r) for r in q.timeline(store, root)],
            "aliases": [q.to_jsonable(a) for a in q.aliases(store, root)],
            "possible_matches": [q.to_jsonable(m) for m in q.possible_matches(store, root)],
        }  # fmt: skip

    @app.get(
        "/api/titles/{title_id}/contradictions", tags=["productions"], summary="A production's contradictions",
        response_model=list[sc.Contradiction], responses=ERRORS_404,
    )  # fmt: skip
    def api_contradictions(title_id: Id, store: Store = Depends(get_store)) -> Any:
        """Different release dates (per region and medium) or directors stated by different articles
        within 14 days, where the later article signals no move: as `slate contradictions`."""
        return [q.to_jsonable(c) for c in q.contradictions(store, title_or_404(store, title_id))]

    @app.get(
        "/api/people/{person_id}", tags=["people"], summary="A person's productions",
        response_model=sc.Person, responses=ERRORS_404,
    )  # fmt: skip
    def api_person(person_id: Id, store: Store = Depends(get_store)) -> Any:
        """Every production a person (or organisation, place) is linked to, by production and by role,
        with years and sources, and what they said. A person is one person under every form of the name
        the data knows: the id of "Cruise" answers with "Tom Cruise" when they share a production."""
        return q.person(store, person_id)

    @app.get(
        "/api/people/{person_id}/credits", tags=["people"], summary="A person's credits as rows",
        response_model=list[sc.CreditRow], responses={200: CSV_CONTENT, **ERRORS_404},
    )  # fmt: skip
    def api_person_credits(person_id: Id, format: FormatQ = "json", store: Store = Depends(get_store)) -> Any:
        """One row per production and role: role, production, kind, year, character, the first date
        said, how many mentions, the articles' refs."""
        rows = q.credit_rows(q.person(store, person_id))
        return csv_response(rows, CREDIT_COLUMNS, f"person-{person_id}-credits") if format == "csv" else rows

    @app.get(
        "/api/articles/{ref:path}", tags=["articles"], summary="An article and what was extracted from it",
        response_model=sc.Article, responses=ERRORS_404,
    )  # fmt: skip
    def api_article(
        ref: Annotated[str, PathParam(description="The article's ref or id.")], store: Store = Depends(get_store)
    ) -> Any:
        """The stored article (text, URL, date, outlet) and every fact and quote extracted from it, with
        character offsets into its text."""
        return q.article_view(store, ref)

    @app.get(
        "/api/search", tags=["search"], summary="Search productions, people and quotes",
        response_model=sc.SearchResults, responses={200: CSV_CONTENT, **ERRORS_422},
    )  # fmt: skip
    def api_search(
        q_: Annotated[
            str, Query(alias="q", max_length=200, description="Words to look for.", examples=["skylne protocol"])
        ] = "",
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="At most this many of each.")] = 20,
        format: FormatQ = "json",
        store: Store = Depends(get_store),
    ) -> Any:
        """Productions by any name they have had, forgiving misspellings, word order, a former name, a
        subtitle alone ("Ember Run") or a numbered name ("Skyline Protocol II"); people under every form of
        their name; quotes containing the words."""
        results = q.search(store, q_, limit=limit)
        if format == "csv":
            return csv_response(q.search_rows(results), SEARCH_COLUMNS, "search")
        return results

    # -- release calendar and what changed ---------------------------------------------------
    # JSON, pages, iCalendar and Atom over slate.query.releases / slate.query.changes

    def base_url(request: Request) -> str:
        return str(request.base_url).rstrip("/")

    CHANGE_KINDS_HELP = f"Some of: {', '.join(q.CHANGE_KINDS)} (comma-separated)."

    def change_kinds(kind: str | None) -> list[str] | None:
        """``kind=release_date,cast``: some of the kinds of change (422 for an unknown one)."""
        if not kind:
            return None
        kinds = [k.strip() for k in kind.split(",") if k.strip()]
        unknown = [k for k in kinds if k not in q.CHANGE_KINDS]
        if unknown:
            msg = f"unknown kind of change {unknown[0]!r} (known: {', '.join(q.CHANGE_KINDS)})"
            raise RequestValidationError([{"loc": ("query", "kind"), "msg": msg}])
        return kinds

    def release_rows(
        store: Store, start: date | None, end: date | None, region: str | None, medium: str | None, kind: str | None
    ) -> list[q.ReleaseRow]:
        return q.releases(store, start=start, end=end, region=region or None, medium=medium or None, kind=kind or None)

    def form_day(value: str | None, name: str) -> date | None:
        """A date from a page's form, where an empty field means none (422 for anything else)."""
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise RequestValidationError([{"loc": ("query", name), "msg": "not a date (YYYY-MM-DD)"}]) from None

    def form_kind(value: str | None) -> str | None:
        if value and value not in ("film", "series"):
            raise RequestValidationError([{"loc": ("query", "kind"), "msg": "film or series"}])
        return value or None

    @app.get(
        "/api/releases", tags=["calendar"], summary="The release calendar",
        response_model=list[sc.Release], responses={200: CSV_CONTENT, **ERRORS_422},
    )  # fmt: skip
    def api_releases(
        from_: date | None = Query(None, alias="from", description="Releases on or after this day (YYYY-MM-DD)."),
        to: date | None = Query(None, description="Releases on or before this day (YYYY-MM-DD)."),
        region: str | None = Query(None, max_length=100, description="Only dates given for this region (e.g. UK)."),
        medium: str | None = Query(
            None, max_length=100, description="Only dates given for this medium (e.g. streaming)."
        ),
        kind: str | None = Query(None, pattern="^(film|series)$", description="film or series."),
        format: FormatQ = "json",
        store: Store = Depends(get_store),
    ) -> Any:
        """Productions by current release date, one row per production and region/medium, with the
        date's precision, the previous date and the day the news moved it. In CSV the sources are
        their dated refs (`2024-06-02 ref; ...`), as `slate releases --csv`."""
        rows = release_rows(store, from_, to, region, medium, kind)
        if format == "csv":
            return csv_response(q.release_rows(rows), list(q.RELEASE_COLUMNS), "releases")
        return [q.to_jsonable(r) for r in rows]

    @app.get(
        "/api/changes", tags=["calendar"], summary="What changed",
        response_model=list[sc.Change], responses={200: CSV_CONTENT, **ERRORS_404},
    )  # fmt: skip
    def api_changes(
        since: date | None = None,
        until: date | None = None,
        kind: str | None = Query(None, max_length=200, description=CHANGE_KINDS_HELP),
        title_id: int | None = Query(None, ge=0, le=MAX_ID),
        limit: int = Query(MAX_LIMIT, ge=1, le=MAX_LIMIT),
        offset: int = Query(0, ge=0, le=MAX_ID),
        format: FormatQ = "json",
        store: Store = Depends(get_store),
    ) -> Any:
        """What changed, newest first: new productions, retitlings, release dates moved, status
        changes, directors and cast joining or leaving, each with before, after and their sources
        (in CSV: each side's dated refs, `2024-06-02 ref; ...`)."""
        root = title_or_404(store, title_id) if title_id is not None else None
        kinds = change_kinds(kind)
        if since is None and until is None and root is None:  # the latest: without reading every production
            rows = q.latest_changes(store, limit=offset + limit, kinds=kinds)
        else:
            rows = q.changes(store, since=since, until=until, title_id=root, kinds=kinds)[::-1]
        page = rows[offset : offset + limit]
        if format == "csv":
            return csv_response(q.change_rows(page), list(q.CHANGE_COLUMNS), "changes")
        return [q.to_jsonable(c) for c in page]

    def release_form(
        from_text: str | None = Query(None, alias="from", max_length=10),
        to_text: str | None = Query(None, alias="to", max_length=10),
        region: str | None = Query(None, max_length=100),
        medium: str | None = Query(None, max_length=100),
        kind_text: str | None = Query(None, alias="kind", max_length=10),
    ) -> dict[str, Any]:
        """The release calendar page's filters (an empty field: none), as /api/releases names them."""
        given = {"from": form_day(from_text, "from"), "to": form_day(to_text, "to"), "region": region,
                 "medium": medium, "kind": form_kind(kind_text)}  # fmt: skip
        return {k: v for k, v in given.items() if v}

    def releases_view(request: Request, params: dict[str, Any], format: str, store: Store) -> Any:
        rows = release_rows(
            store, params.get("from"), params.get("to"), params.get("region"), params.get("medium"), params.get("kind")
        )
        if format == "csv":
            return csv_response(q.release_rows(rows), list(q.RELEASE_COLUMNS), "releases")
        sections: dict[str, list[q.ReleaseRow]] = {}
        for r in rows:
            sections.setdefault(q.period_label(r.date), []).append(r)
        query = "?" + urlencode(params) if params else ""
        return templates.TemplateResponse(
            request, "releases.html",
            {"sections": sections, "count": len(rows), "filters": params, "ics": "/releases.ics" + query,
             "json": "/api/releases" + query, "csv": "/releases.csv" + query},
        )  # fmt: skip

    @app.get("/releases", response_class=HTMLResponse, include_in_schema=False)
    def releases_page(
        request: Request,
        params: dict[str, Any] = Depends(release_form),
        format: FormatQ = "json",
        store: Store = Depends(get_store),
    ) -> Any:
        return releases_view(request, params, format, store)

    @app.get("/releases.csv", include_in_schema=False)
    def releases_csv(
        request: Request, params: dict[str, Any] = Depends(release_form), store: Store = Depends(get_store)
    ) -> Any:
        return releases_view(request, params, "csv", store)

    @app.get("/releases.ics", include_in_schema=False)
    def releases_ics(
        request: Request,
        from_: date | None = Query(None, alias="from", description="Releases on or after this day (YYYY-MM-DD)."),
        to: date | None = Query(None, description="Releases on or before this day (YYYY-MM-DD)."),
        region: str | None = Query(None, max_length=100, description="Only dates given for this region (e.g. UK)."),
        medium: str | None = Query(
            None, max_length=100, description="Only dates given for this medium (e.g. streaming)."
        ),
        kind: str | None = Query(None, pattern="^(film|series)$", description="film or series."),
        store: Store = Depends(get_store),
    ) -> Response:
        rows = release_rows(store, from_, to, region, medium, kind)
        body = feeds.release_calendar(rows, name="Slate release calendar", base_url=base_url(request))
        return Response(body, media_type=feeds.ICS_TYPE)

    @app.get("/titles/{title_id}.ics", include_in_schema=False)
    def title_ics(request: Request, title_id: Id, store: Store = Depends(get_store)) -> Response:
        root = title_or_404(store, title_id)
        rows = q.releases(store, title_id=root)
        name = q.display_name(store, root)[0]
        body = feeds.release_calendar(rows, name=f"{name}: release dates (Slate)", base_url=base_url(request))
        return Response(body, media_type=feeds.ICS_TYPE)

    def change_form(
        since_text: str | None = Query(None, alias="since", max_length=10),
        kind: str | None = Query(None, max_length=200, description=CHANGE_KINDS_HELP),
        title_id: int | None = Query(None, ge=0, le=MAX_ID),
    ) -> dict[str, Any]:
        """The changes page's filters (an empty field: none)."""
        return {"since": form_day(since_text, "since"), "kind": kind, "title_id": title_id}

    def changes_view(request: Request, form: dict[str, Any], format: str, store: Store) -> Any:
        since, kind, title_id = form["since"], form["kind"], form["title_id"]
        root = title_or_404(store, title_id) if title_id is not None else None
        if since is None and root is None:  # the latest 500 (without reading every production of a large database)
            rows = q.latest_changes(store, limit=500, kinds=change_kinds(kind))
        else:
            rows = q.changes(store, since=since, title_id=root, kinds=change_kinds(kind))[::-1]
        if format == "csv":  # every change the page counts, newest first (as /api/changes)
            return csv_response(q.change_rows(rows), list(q.CHANGE_COLUMNS), "changes")
        shown = rows[:500]
        days: dict[str, list[q.Change]] = {}
        for c in shown:
            days.setdefault(c.date, []).insert(0, c)  # newest day first; within a day, in kind order
        params = {
            k: v for k, v in {"since": since, "kind": kind, "title_id": root}.items() if v is not None and v != ""
        }
        query = "?" + urlencode(params) if params else ""
        return templates.TemplateResponse(
            request, "changes.html",
            {"days": days, "count": len(rows), "shown": len(shown), "since": since, "kind": kind or "",
             "capped": since is None and root is None and len(rows) >= 500, "title_id": root,
             "title": q.display_name(store, root)[0] if root is not None else None,
             "kinds": q.CHANGE_KINDS,
             "atom": f"/titles/{root}/changes.atom" if root is not None
             else "/changes.atom" + query,
             "json": "/api/changes" + query, "csv": "/changes.csv" + query},
        )  # fmt: skip

    @app.get("/changes", response_class=HTMLResponse, include_in_schema=False)
    def changes_page(
        request: Request,
        form: dict[str, Any] = Depends(change_form),
        format: FormatQ = "json",
        store: Store = Depends(get_store),
    ) -> Any:
        return changes_view(request, form, format, store)

    @app.get("/changes.csv", include_in_schema=False)
    def changes_csv(
        request: Request, form: dict[str, Any] = Depends(change_form), store: Store = Depends(get_store)
    ) -> Any:
        return changes_view(request, form, "csv", store)

    @app.get("/changes.atom", include_in_schema=False)
    def changes_atom(
        request: Request,
        since: date | None = None,
        kind: str | None = Query(None, max_length=200, description=CHANGE_KINDS_HELP),
        store: Store = Depends(get_store),
    ) -> Response:
        if since is None:
            rows = q.latest_changes(store, limit=100, kinds=change_kinds(kind))
        else:
            rows = q.changes(store, since=since, kinds=change_kinds(kind))[-100:]
        base = base_url(request)
        body = feeds.changes_feed(
            rows, feed_id=f"urn:uuid:{q.feed_id()}", title="Slate: what changed",
            self_url=str(request.url), page_url=f"{base}/changes", base_url=base,
        )  # fmt: skip
        return Response(body, media_type=feeds.ATOM_TYPE)

    @app.get("/titles/{title_id}/changes.atom", include_in_schema=False)
    def title_changes_atom(request: Request, title_id: Id, store: Store = Depends(get_store)) -> Response:
        root = title_or_404(store, title_id)
        rows = q.changes(store, title_id=root)[-100:]
        name = q.display_name(store, root)[0]
        base = base_url(request)
        body = feeds.changes_feed(
            rows, feed_id=f"urn:uuid:{q.feed_id(store, root)}", title=f"{name}: what changed (Slate)",
            self_url=str(request.url), page_url=f"{base}/titles/{root}", base_url=base,
        )  # fmt: skip
        return Response(body, media_type=feeds.ATOM_TYPE)

    # -- pages -------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, store: Store = Depends(get_store)) -> Any:
        return templates.TemplateResponse(
            request, "home.html",
            {"counts": store.counts(), "changes": q.latest_changes(store, limit=12), "json": "/api/titles"},
        )  # fmt: skip

    def titles_page(request: Request, args: dict[str, Any], format: str, store: Store) -> Any:
        total, rows = q.browse(store, **args)
        if format == "csv":
            return csv_response([q.to_jsonable(t) for t in rows], TITLE_COLUMNS, "titles")
        given = {k: v for k, v in request.query_params.items() if k not in {"offset", "format"} and v}
        offset, limit = args["offset"], args["limit"]

        def page_url(off: int) -> str:
            return "/titles?" + urlencode({**given, "offset": off}) if off else "/titles?" + urlencode(given)

        return templates.TemplateResponse(
            request, "titles.html",
            {"rows": rows, "total": total, "args": args, "statuses": STATUSES, "sorts": q.SORTS,
             "prev": page_url(max(offset - limit, 0)) if offset else None,
             "next": page_url(offset + limit) if offset + limit < total else None,
             "json": "/api/titles?" + urlencode(given), "csv": "/titles.csv?" + urlencode(given)},
        )  # fmt: skip

    @app.get("/titles", response_class=HTMLResponse, include_in_schema=False)
    def titles_list(
        request: Request, args: BrowseArgs, format: FormatQ = "json", store: Store = Depends(get_store)
    ) -> Any:
        return titles_page(request, args, format, store)

    @app.get("/titles.csv", include_in_schema=False)
    def titles_csv(request: Request, args: BrowseArgs, store: Store = Depends(get_store)) -> Any:
        return titles_page(request, args, "csv", store)

    def search_view(request: Request, q_: str, format: str, store: Store) -> Any:
        results = q.search(store, q_, limit=50)
        if format == "csv":
            return csv_response(q.search_rows(results), SEARCH_COLUMNS, "search")
        return templates.TemplateResponse(
            request, "search.html",
            {"results": results, "json": "/api/search?" + urlencode({"q": q_}),
             "csv": "/search.csv?" + urlencode({"q": q_})},
        )  # fmt: skip

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(
        request: Request, q_: str = Query("", alias="q", max_length=200), format: FormatQ = "json",
        store: Store = Depends(get_store),
    ) -> Any:  # fmt: skip
        return search_view(request, q_, format, store)

    @app.get("/search.csv", include_in_schema=False)
    def search_csv(
        request: Request, q_: str = Query("", alias="q", max_length=200), store: Store = Depends(get_store)
    ) -> Any:
        return search_view(request, q_, "csv", store)

    @app.get("/titles/{title_id}", response_class=HTMLResponse, include_in_schema=False)
    def title_page(
        request: Request, title_id: Id, as_of: date | None = None, format: FormatQ = "json",
        edit: int | None = Query(None, ge=0, le=MAX_ID), store: Store = Depends(get_store),
    ) -> Any:  # fmt: skip
        root = title_or_404(store, title_id)
        d = q.dossier(store, title_id, as_of=as_of)  # the production this id was part of then
        root = d["id"]
        if format == "csv":
            return csv_response(q.fact_rows(d), FACT_COLUMNS, f"title-{root}-facts")
        rows = q.timeline(store, root, as_of=as_of)
        claims = [
            c for c in store.claims(store.members(root), as_of) if c["rel"] in {"release_date", "previous_release_date"}
        ]
        twin = f"/api/titles/{root}" + (f"?as_of={as_of.isoformat()}" if as_of else "")
        csv_twin = f"/titles/{root}/facts.csv" + (f"?as_of={as_of.isoformat()}" if as_of else "")
        release = (d["facts"].get("release_date") or [{}])[0].get("value")
        chart = slip_chart(claims, today=as_of or date.today(), name=d["name"])
        return templates.TemplateResponse(
            request, "title.html",
            {"d": d, "timeline": rows, "chart": chart, "json": twin, "csv": csv_twin, "as_of": as_of,
             "maybe": q.possible_matches(store, root), "related": q.related(store, root),
             "year": release[:4] if release else None, "first": q.first_known(store, root),
             "done": edit_notice(store, edit), "ld": json_ld_script(d, base_url=str(request.base_url))},
        )  # fmt: skip

    @app.get("/titles/{title_id}/facts.csv", include_in_schema=False)
    def title_facts_csv(title_id: Id, as_of: date | None = None, store: Store = Depends(get_store)) -> Any:
        root = title_or_404(store, title_id)
        rows = q.fact_rows(q.dossier(store, title_id, as_of=as_of))  # the production this id was part of then
        return csv_response(rows, FACT_COLUMNS, f"title-{root}-facts")

    @app.get("/people/{person_id}", response_class=HTMLResponse, include_in_schema=False)
    def person_page(
        request: Request, person_id: Id, format: FormatQ = "json",
        edit: int | None = Query(None, ge=0, le=MAX_ID), store: Store = Depends(get_store),
    ) -> Any:  # fmt: skip
        p = q.person(store, person_id)
        if format == "csv":
            return csv_response(q.credit_rows(p), CREDIT_COLUMNS, f"person-{person_id}-credits")
        return templates.TemplateResponse(
            request, "person.html",
            {"p": p, "json": f"/api/people/{person_id}", "csv": f"/people/{person_id}/credits.csv",
             "done": edit_notice(store, edit)},
        )  # fmt: skip

    @app.get("/people/{person_id}/credits.csv", include_in_schema=False)
    def person_credits_csv(person_id: Id, store: Store = Depends(get_store)) -> Any:
        return csv_response(q.credit_rows(q.person(store, person_id)), CREDIT_COLUMNS, f"person-{person_id}-credits")

    @app.get("/articles/{ref:path}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, ref: str, store: Store = Depends(get_store)) -> Any:
        a = q.article_view(store, ref)
        body = highlight(a["text"], a["facts"], a["quotes"])
        twin = f"/api/articles/{quote(a['ref'], safe='')}"
        return templates.TemplateResponse(
            request,
            "article.html",
            {"a": a, "body": body, "json": twin, "outlet": q.outlet(a["url"], a["source_name"])},
        )

    # -- accounts, sign-in, and the editors' write API and forms -----------------------------
    def api_account(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER_SCHEME)],
    ) -> auth.Account:
        """The account of the request's API token (401 without a live one)."""
        if credentials is None or not credentials.credentials:
            raise StarletteHTTPException(401, "an API token is needed: Authorization: Bearer TOKEN", headers=BEARER)
        with writing() as store:
            account = auth.token_account(store, credentials.credentials, touch=store)
        if account is None:
            message = "the API token is wrong, revoked or of a disabled account"
            raise StarletteHTTPException(401, message, headers=BEARER)
        return account

    def make_edit(account: auth.Account, op: str, params: dict[str, Any], reason: str, source: str | None) -> Any:
        with writing() as store:
            done = edits.apply(store, op, params, editor=account.name, reason=reason, source_url=source or None)
        auth.audit.info("edit %d (%s) by %r: %s", done.id, op, account.name, done.summary)
        return done

    def find_edit(store: Store, edit_id: int) -> edits.Edit:
        for e in edits.log(store, limit=1_000_000):
            if e.id == edit_id:
                return e
        raise NotFoundError(f"no edit with id {edit_id}")

    @app.post(
        "/api/edits", tags=["edits"], summary="Make an edit", status_code=201, response_model=sc.Edit,
        responses=ERRORS_WRITE,
    )  # fmt: skip
    def api_make_edit(body: sc.EditIn, account: auth.Account = Depends(api_account)) -> Any:
        """Correct the data as `slate edit` does (merge, split, kind, name, link, reject, add, undo),
        as the account of the bearer token: the edit, with its id and a one-line summary, goes into the
        audit log with the account's name, the reason and the source."""
        return edit_json(make_edit(account, body.op, dict(body.params), body.reason, body.source_url))

    @app.get(
        "/api/edits", tags=["edits"], summary="The audit log of edits", response_model=list[sc.Edit],
        responses=ERRORS_404,
    )  # fmt: skip
    def api_edits(
        title: Annotated[str | None, Query(max_length=300, description="Only edits naming this production.")] = None,
        limit: Annotated[int, Query(ge=1, le=500, description="At most this many, newest first.")] = 500,
        store: Store = Depends(get_store),
    ) -> Any:
        """Every edit, newest first: who made it, when, why, with which source, what it did, and
        whether it was undone. Append-only: no route changes or deletes an entry (an undo is a new edit)."""
        return [edit_json(e) for e in edits.log(store, title=title or None, limit=limit)]

    @app.get("/api/edits/{edit_id}", tags=["edits"], summary="One edit", response_model=sc.Edit, responses=ERRORS_404)
    def api_edit(edit_id: Id, store: Store = Depends(get_store)) -> Any:
        """One entry of the audit log: the operation, its parameters, the editor, when, why, the source,
        and the edit that undid it, if any."""
        return edit_json(find_edit(store, edit_id))

    @app.post(
        "/api/edits/{edit_id}/undo", tags=["edits"], summary="Undo an edit", status_code=201,
        response_model=sc.Edit, responses=ERRORS_WRITE,
    )  # fmt: skip
    def api_undo(edit_id: Id, body: sc.UndoIn, account: auth.Account = Depends(api_account)) -> Any:
        """Undo an edit: a new edit (op `undo`) in the audit log, as the token's account; the undone
        one is kept and names it in `undone_by`."""
        return edit_json(make_edit(account, "undo", {"id": edit_id}, body.reason, None))

    @app.post(
        "/api/users", tags=["accounts"], summary="Add an account (admins)", status_code=201, response_model=sc.User,
        responses={**ERRORS_WRITE, 403: {"model": sc.Error, "description": "The token is not an admin's."},
                   409: {"model": sc.Error, "description": "An account of that name exists."}},
    )  # fmt: skip
    def api_add_user(body: sc.UserIn, account: auth.Account = Depends(api_account)) -> Any:
        """Add an editor or admin account, as `slate users add` does: only an admin's token may. The
        password (optional) is for the login form; API tokens are made with `slate tokens create`."""
        if not account.admin:
            raise StarletteHTTPException(403, "only an admin can add accounts")
        with writing() as store:
            try:
                user_id = auth.add_user(store, body.name, body.role, body.password, by=account.name)
            except AccountError as e:
                raise StarletteHTTPException(409 if "already" in str(e) else 422, str(e)) from None
            row = store.user(body.name.strip())
        assert row is not None
        return {"id": user_id, "name": row["name"], "role": row["role"], "created_at": row["created_at"],
                "password": row["password_hash"] is not None}  # fmt: skip

    # -- sign-in pages -------------------------------------------------------------------------
    def cookie_secure(request: Request) -> bool:
        return request.url.scheme == "https"

    def login_form(request: Request, status: int, error: str | None, next_path: str) -> Any:
        token = secrets.token_urlsafe(32)
        out = templates.TemplateResponse(
            request, "login.html", {"error": error, "login_csrf": token, "next": next_path}, status_code=status
        )
        out.set_cookie(
            LOGIN_COOKIE, token, max_age=3600, path="/login", httponly=True, samesite="strict",
            secure=cookie_secure(request),
        )  # fmt: skip
        out.headers["Cache-Control"] = "no-store"
        return out

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request, next: str = Query("/", max_length=2000)) -> Any:
        return login_form(request, 200, None, local_path(next))

    @app.post("/login", include_in_schema=False)
    def login_post(request: Request, form: Form) -> Any:
        expected = request.cookies.get(LOGIN_COOKIE, "")
        if not expected or not hmac.compare_digest(expected, form.get("csrf", "")):
            raise StarletteHTTPException(403, "the form's CSRF token is missing or wrong: reload the login page")
        next_path = local_path(form.get("next"))
        address = request.client.host if request.client else "unknown"
        try:
            with writing() as store:
                session = auth.login(
                    store, form.get("name", ""), form.get("password", ""), address,
                    replaces=request.cookies.get(SESSION_COOKIE),
                )  # fmt: skip
        except auth.RateLimited as e:
            out: Response = login_form(request, 429, str(e), next_path)
            out.headers["Retry-After"] = str(e.retry_after)
            return out
        if session is None:
            return login_form(request, 401, "wrong account name or password", next_path)
        out = RedirectResponse(next_path, status_code=303)
        out.set_cookie(
            SESSION_COOKIE, session.secret, max_age=auth.SESSION_DAYS * 86400, path="/", httponly=True,
            samesite="strict", secure=cookie_secure(request),
        )  # fmt: skip
        out.delete_cookie(LOGIN_COOKIE, path="/login", httponly=True, samesite="strict", secure=cookie_secure(request))
        return out

    def form_session(request: Request, form: dict[str, str]) -> auth.Session:
        """The signed-in session of a form POST, whose CSRF token must match (403 otherwise)."""
        session: auth.Session | None = request.state.session
        if session is None:
            raise StarletteHTTPException(403, "sign in first (your session has ended)")
        if not auth.csrf_ok(session, form.get("csrf")):
            raise StarletteHTTPException(403, "the form's CSRF token is missing or wrong: reload the page")
        return session

    @app.post("/logout", include_in_schema=False)
    def logout(request: Request, form: Form) -> Any:
        session = form_session(request, form)
        with writing() as store:
            auth.logout(store, session.secret)
        out = RedirectResponse("/", status_code=303)
        out.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict", secure=cookie_secure(request))
        return out

    # -- edit forms ----------------------------------------------------------------------------
    def form_edit(session: auth.Session, op: str, params: dict[str, Any], form: dict[str, str]) -> edits.Edit:
        clean = {k: v for k, v in params.items() if v not in (None, "")}
        result: edits.Edit = make_edit(session.account, op, clean, form.get("reason", ""), form.get("source_url"))
        return result

    @app.post("/titles/{title_id}/edit", include_in_schema=False)
    def title_edit(request: Request, title_id: Id, form: Form) -> Any:
        session = form_session(request, form)
        with reading() as store:
            root = title_or_404(store, title_id)
            name = q.display_name(store, root)[0]
        op = form.get("op", "")
        if op == "merge":
            params: dict[str, Any] = {"what": "production", "a": name, "b": form.get("other", "").strip()}
        elif op == "kind":
            params = {"title": name, "kind": form.get("kind")}
        elif op in ("reject", "add"):
            params = {"title": name, "rel": form.get("rel"), "value": form.get("value"),
                      "article": form.get("article")}  # fmt: skip
        else:
            raise EditError(f"unknown edit {op!r} on this form (merge, kind, reject or add)")
        done = form_edit(session, op, params, form)
        with reading() as store:
            after = store.root(root)
        return RedirectResponse(f"/titles/{after}?edit={done.id}#edit-result", status_code=303)

    @app.post("/people/{person_id}/edit", include_in_schema=False)
    def person_edit(request: Request, person_id: Id, form: Form) -> Any:
        session = form_session(request, form)
        with reading() as store:
            name = q.person(store, person_id)["name"]
        if form.get("op") != "merge":
            raise EditError("this form merges people: op must be merge")
        done = form_edit(session, "merge", {"what": "entity", "a": name, "b": form.get("other", "").strip()}, form)
        return RedirectResponse(f"/people/{person_id}?edit={done.id}#edit-result", status_code=303)

    @app.post("/edits/{edit_id}/undo", include_in_schema=False)
    def undo_form(request: Request, edit_id: Id, form: Form) -> Any:
        session = form_session(request, form)
        done = form_edit(session, "undo", {"id": edit_id}, form)
        return RedirectResponse(f"/log?edit={done.id}#edit-result", status_code=303)

    @app.get("/log", response_class=HTMLResponse, include_in_schema=False)
    def log_page(
        request: Request, edit: int | None = Query(None, ge=0, le=MAX_ID), store: Store = Depends(get_store)
    ) -> Any:
        rows = edits.log(store, limit=500)
        return templates.TemplateResponse(
            request, "log.html", {"edits": rows, "json": "/api/edits", "done": edit_notice(store, edit)}
        )

    def edit_notice(store: Store, edit_id: int | None) -> edits.Edit | None:
        if edit_id is None:
            return None
        try:
            return find_edit(store, edit_id)
        except NotFoundError:
            return None

    return app
