"""Slate over HTTP: a JSON API and server-rendered pages, thin over :mod:`slate.query`.

Every HTML page links to its JSON twin; article text, titles, names and quotes are untrusted and
always escaped (Jinja2 autoescape). No SQL and no spaCy here.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, unquote_to_bytes, urlencode

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from swagger_ui_bundle import swagger_ui_path

from slate import __version__
from slate import query as q
from slate.errors import NotFoundError, SlateError
from slate.store import Store, open_store
from slate.store._url import redact
from slate.web.chart import slip_chart
from slate.web.highlight import highlight

WEB = Path(__file__).parent / "web"
log = logging.getLogger("slate.api")
MAX_LIMIT = 200
MAX_URL_BYTES = 4096
MAX_ID = 2**63 - 1  # the largest id either database can hold
Id = Annotated[int, PathParam(ge=0, le=MAX_ID)]
# Pages carry no script at all; only the interactive docs run Swagger UI's (served from here).
PAGE_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
DOCS_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'"
)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


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
    """Read-only server: a request with a body is refused (413), an over-long URL too (414), a path
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

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                csp = DOCS_CSP if scope.get("path") == "/docs" else PAGE_CSP
                extra = {**SECURITY_HEADERS, "Content-Security-Policy": csp}
                added = [(k.lower().encode(), v.encode()) for k, v in extra.items()]
                message = {**message, "headers": [*message.get("headers", []), *added]}
            elif message["type"] == "http.response.body" and head:
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(db: str) -> FastAPI:
    """The ASGI app serving the database at ``db`` (SQLite path or PostgreSQL URL)."""
    open_store(db, readonly=True).close()  # fail fast on a missing or foreign database
    app = FastAPI(
        title="Slate",
        version=__version__,
        description="A time-aware, sourced database of film and TV productions, read from dated news.",
        docs_url=None,
        redoc_url=None,
    )
    # interactive docs from a vendored Swagger UI: no CDN, works offline
    app.mount("/static/swagger", StaticFiles(directory=str(swagger_ui_path)), name="swagger")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="Slate API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/swagger/favicon-32x32.png",
        )

    templates = Jinja2Templates(directory=str(WEB / "templates"))
    templates.env.globals["version"] = __version__
    templates.env.filters["seg"] = path_segment
    templates.env.filters["safe_link"] = safe_link
    app.add_middleware(Limits)
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")

    def get_store() -> Iterator[Store]:
        store = open_store(db, readonly=True)
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
                status_code=exc.status_code,
            )  # fmt: skip
        return JSONResponse({"status": exc.status_code, "error": str(exc.detail)}, status_code=exc.status_code)

    def title_or_404(store: Store, title_id: int) -> int:
        root = store.root(title_id)
        if not store.title_rows([title_id]) or not store.answers(root):  # none of its names answers
            raise NotFoundError(f"no production with id {title_id}")
        return root

    # -- JSON API ----------------------------------------------------------------------------
    @app.get("/api/titles", tags=["api"])
    def api_titles(
        q_: str | None = Query(None, alias="q", max_length=200),
        limit: int = Query(50, ge=1, le=MAX_LIMIT),
        offset: int = Query(0, ge=0, le=MAX_ID),
        store: Store = Depends(get_store),
    ) -> list[dict[str, Any]]:
        """Productions (whose names contain ``q``) with counts of facts and articles."""
        return [q.to_jsonable(t) for t in q.list_titles(store, q_, limit=limit, offset=offset)]

    @app.get("/api/titles/{title_id}", tags=["api"])
    def api_title(title_id: Id, as_of: date | None = None, store: Store = Depends(get_store)) -> dict[str, Any]:
        """The dossier, as `slate show --json` prints it (``as_of`` = YYYY-MM-DD)."""
        return q.dossier(store, title_or_404(store, title_id), as_of=as_of)

    @app.get("/api/titles/{title_id}/history", tags=["api"])
    def api_history(title_id: Id, store: Store = Depends(get_store)) -> dict[str, Any]:
        """Every value each relation has had, and the release-date timeline."""
        root = title_or_404(store, title_id)
        d = q.dossier(store, root)
        return {
            "id": root, "name": d["name"], "history": d["history"],
            "timeline": [q.to_jsonable(r) for r in q.timeline(store, root)],
            "aliases": [q.to_jsonable(a) for a in q.aliases(store, root)],
            "possible_matches": [q.to_jsonable(m) for m in q.possible_matches(store, root)],
        }  # fmt: skip

    @app.get("/api/titles/{title_id}/contradictions", tags=["api"])
    def api_contradictions(title_id: Id, store: Store = Depends(get_store)) -> list[dict[str, Any]]:
        return [q.to_jsonable(c) for c in q.contradictions(store, title_or_404(store, title_id))]

    @app.get("/api/people/{person_id}", tags=["api"])
    def api_person(person_id: Id, store: Store = Depends(get_store)) -> dict[str, Any]:
        """Every production the person is linked to, by relation, with sources."""
        return q.person(store, person_id)

    @app.get("/api/articles/{ref:path}", tags=["api"])
    def api_article(ref: str, store: Store = Depends(get_store)) -> dict[str, Any]:
        """The article, and its extracted facts and quotes with character offsets."""
        return q.article_view(store, ref)

    @app.get("/api/search", tags=["api"])
    def api_search(
        q_: str = Query("", alias="q", max_length=200),
        limit: int = Query(20, ge=1, le=MAX_LIMIT),
        store: Store = Depends(get_store),
    ) -> dict[str, Any]:
        """Titles, people and quotes matching ``q``."""
        return q.search(store, q_, limit=limit)

    # -- pages -------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, store: Store = Depends(get_store)) -> Any:
        return templates.TemplateResponse(
            request, "home.html",
            {"counts": store.counts(), "recent": q.recent(store, limit=12), "json": "/api/titles"},
        )  # fmt: skip

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(
        request: Request, q_: str = Query("", alias="q", max_length=200), store: Store = Depends(get_store)
    ) -> Any:
        results = q.search(store, q_, limit=50)
        return templates.TemplateResponse(
            request, "search.html", {"results": results, "json": "/api/search?" + urlencode({"q": q_})}
        )

    @app.get("/titles/{title_id}", response_class=HTMLResponse, include_in_schema=False)
    def title_page(request: Request, title_id: Id, as_of: date | None = None, store: Store = Depends(get_store)) -> Any:
        root = title_or_404(store, title_id)
        d = q.dossier(store, root, as_of=as_of)
        rows = q.timeline(store, root, as_of=as_of)
        claims = [
            c for c in store.claims(store.members(root), as_of) if c["rel"] in {"release_date", "previous_release_date"}
        ]
        twin = f"/api/titles/{root}" + (f"?as_of={as_of.isoformat()}" if as_of else "")
        return templates.TemplateResponse(
            request, "title.html",
            {"d": d, "timeline": rows, "chart": slip_chart(claims), "json": twin, "as_of": as_of,
             "maybe": q.possible_matches(store, root)},
        )  # fmt: skip

    @app.get("/people/{person_id}", response_class=HTMLResponse, include_in_schema=False)
    def person_page(request: Request, person_id: Id, store: Store = Depends(get_store)) -> Any:
        p = q.person(store, person_id)
        return templates.TemplateResponse(request, "person.html", {"p": p, "json": f"/api/people/{person_id}"})

    @app.get("/articles/{ref:path}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, ref: str, store: Store = Depends(get_store)) -> Any:
        a = q.article_view(store, ref)
        body = highlight(a["text"], a["facts"], a["quotes"])
        twin = f"/api/articles/{quote(a['ref'], safe='')}"
        return templates.TemplateResponse(request, "article.html", {"a": a, "body": body, "json": twin})

    return app
