"""The API description: an OpenAPI 3.1 document of the reader's JSON twins, `/api/openapi.json`.

`describe(server)` builds the document as a dictionary: every JSON twin (home, year and month
calendars, issue, contents, page, article and its print view, each issue route also under
`ed-<n>/`), the search API with its query parameters, the IIIF routes (described by their own
specifications, listed here as external JSON) and the description itself; path parameters with
their patterns, the bodies as JSON Schemas (`components/schemas`) and the error answers (404,
403 where the publication's access rules refuse, 410 for a retired article). Every URL inside
a body is absolute: the schemas say so (`AbsoluteURL`), so a test that checks the answers
against this document checks that too (tests/reader/test_openapi.py).

`document` serves it with the server URL taken from the request, cached per host.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
from importlib import metadata
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.urls import reverse

from broadsheet.http import read_only
from broadsheet.reader.converters import FIRST_YEAR, LAST_YEAR
from broadsheet.reader.openapi_schemas import SCHEMAS, _ref
from broadsheet.search.api import MAX_LIMIT, MAX_OFFSET, SORTS
from broadsheet.search.query import MAX_QUERY_CHARS

MAX_AGE = 3600
JSON = "application/json"
JSON_LD = "application/ld+json"


# --- Parameters -------------------------------------------------------------------------------


def _path_param(name: str, schema: dict[str, Any], description: str, example: Any) -> dict:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": schema,
        "example": example,
    }


PARAMETERS: dict[str, Any] = {
    "pub": _path_param(
        "pub",
        {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$", "maxLength": 40},
        "The publication's slug.",
        "jcrb",
    ),
    "year": _path_param(
        "year",
        {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
        f"A year, four digits ({FIRST_YEAR} to {LAST_YEAR}).",
        2026,
    ),
    "month": _path_param(
        "month",
        {"type": "string", "pattern": "^(0[1-9]|1[0-2])$"},
        "A month, two digits (01 to 12).",
        "11",
    ),
    "date": _path_param(
        "date",
        {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        "The issue's date, YYYY-MM-DD.",
        "2026-11-27",
    ),
    "edition": _path_param(
        "edition",
        {"type": "integer", "minimum": 2},
        "An edition after the first (the first has no `ed-<n>/`).",
        2,
    ),
    "page": _path_param(
        "page",
        {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_-]{0,19}$"},
        "The page's printed label (`A01`, `010`).",
        "A01",
    ),
    "number": _path_param(
        "number",
        {"type": "integer", "minimum": 1},
        "The article's number in its issue: stable through corrections and re-runs.",
        1,
    ),
    "If-None-Match": {
        "name": "If-None-Match",
        "in": "header",
        "required": False,
        "description": "The ETag of a copy the client holds: 304 when it is still current.",
        "schema": {"type": "string"},
    },
}


def _param(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/parameters/{name}"}


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


SEARCH_PARAMETERS = [
    _query(
        "q",
        {"type": "string"},
        f'The query (docs/search.md): words, "phrases", -excluded, OR. Longer than '
        f"{MAX_QUERY_CHARS} characters is refused with 400.",
    ),
    _query("publication", {"type": "string"}, "Only this publication (its slug)."),
    _query("from", {"type": "string", "format": "date"}, "Issues of this day or later."),
    _query("to", {"type": "string", "format": "date"}, "Issues of this day or earlier."),
    _query("page", {"type": "string"}, "Only pages with this label."),
    _query("issue", {"type": "integer"}, "Only this issue (its id, as in a hit's `issue_id`)."),
    _query("sort", {"enum": list(SORTS)}, "Best first (default) or newest first."),
    _query(
        "offset",
        {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET},
        "Skip this many hits.",
    ),
    _query(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
        "Hits per answer (default 20).",
    ),
]


# --- Responses --------------------------------------------------------------------------------


def _json_response(description: str, schema: str, media: tuple[str, ...] = (JSON,)) -> dict:
    return {"description": description, "content": {m: {"schema": _ref(schema)} for m in media}}


NOT_FOUND = _json_response(
    "No such publication, issue, page or article, or not published (drafts are shown to "
    "staff only).",
    "NotFound",
)
FORBIDDEN = _json_response(
    "The publication's access rules do not let this reader see the issue (docs/access.md); "
    "sign in, or subscribe. What is served to a reader with the right level is `private`.",
    "Forbidden",
)
NOT_MODIFIED = {"description": "The client's copy (`If-None-Match`) is current."}
CACHED_HEADERS = {
    "ETag": {
        "description": "Changes with the issue's version (a correction, an access rule).",
        "schema": {"type": "string"},
    },
    "Cache-Control": {
        "description": "`public` for a free published issue, else `private`.",
        "schema": {"type": "string"},
    },
}


def _issue_operation(
    operation_id: str, summary: str, schema: str, html: str, *, edition: bool, gone: bool = False
) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {**_json_response(summary, schema), "headers": CACHED_HEADERS},
        "304": NOT_MODIFIED,
        "403": FORBIDDEN,
        "404": NOT_FOUND,
    }
    if gone:
        responses["301"] = {
            "description": "The article was merged into another: its twin.",
            "headers": {"Location": {"schema": {"type": "string"}}},
        }
        responses["410"] = _json_response(
            "The article is gone (taken out at a correction).", "Gone"
        )
    return {
        "operationId": operation_id + ("Edition" if edition else ""),
        "summary": summary + (" (an edition after the first)" if edition else ""),
        "description": f"The JSON twin of `{html}`.",
        "tags": ["issues"],
        "security": [{}, {"session": []}],
        "parameters": [_param("If-None-Match")],
        "responses": dict(sorted(responses.items())),
    }


def _paths() -> dict[str, Any]:
    paths: dict[str, Any] = {
        "/index.json": {
            "get": {
                "operationId": "home",
                "summary": "The latest issue of every publication",
                "description": "The JSON twin of `/`.",
                "tags": ["archive"],
                "responses": {"200": _json_response("The latest issues", "Home")},
            }
        },
        "/{pub}/{year}/index.json": {
            "parameters": [_param("pub"), _param("year")],
            "get": {
                "operationId": "calendarYear",
                "summary": "A publication's year: every day with an issue, month by month",
                "description": "The JSON twin of `/<pub>/<YYYY>/`. Open to everyone, whatever "
                "the access rules (they show dates, not content).",
                "tags": ["archive"],
                "responses": {
                    "200": _json_response("The year calendar", "YearCalendar"),
                    "404": NOT_FOUND,
                },
            },
        },
        "/{pub}/{year}/{month}/index.json": {
            "parameters": [_param("pub"), _param("year"), _param("month")],
            "get": {
                "operationId": "calendarMonth",
                "summary": "A publication's month: its days with an issue",
                "description": "The JSON twin of `/<pub>/<YYYY>/<MM>/`. Open to everyone.",
                "tags": ["archive"],
                "responses": {
                    "200": _json_response("The month calendar", "MonthCalendar"),
                    "404": NOT_FOUND,
                },
            },
        },
    }
    issue_routes = [
        ("issue", ".json", [], "An issue: all its pages and their articles", "Issue", "", False),
        ("contents", "/contents.json", [], "An issue at a glance", "Contents", "/contents/", False),
        ("page", "/{page}.json", ["page"], "A page and its articles", "Page", "/<page>/", False),
        ("article", "/a/{number}.json", ["number"], "An article", "Article", "/a/<n>/", True),
        (
            "articlePrint",
            "/a/{number}/print.json",
            ["number"],
            "An article (the twin of its print view: the article's own twin)",
            "Article",
            "/a/<n>/print/",
            True,
        ),
    ]
    for op_id, tail, params, summary, schema, html_tail, gone in issue_routes:
        for edition in (False, True):
            base = "/{pub}/{date}" + ("/ed-{edition}" if edition else "")
            html_base = "/<pub>/<YYYY-MM-DD>" + ("/ed-<n>" if edition else "")
            html = html_base + (html_tail or "/")
            names = ["pub", "date", *(["edition"] if edition else []), *params]
            paths[base + tail] = {
                "parameters": [_param(n) for n in names],
                "get": _issue_operation(op_id, summary, schema, html, edition=edition, gone=gone),
            }
    paths["/search.json"] = {
        "get": {
            "operationId": "search",
            "summary": "Full-text search of the published articles",
            "description": "The JSON twin of `/search/` (docs/search.md). Problems with the "
            "query or the filters are answered 200 with `error` set and no hits; snippets are "
            "blank where the reader may not read the issue.",
            "tags": ["search"],
            "parameters": SEARCH_PARAMETERS,
            "responses": {
                "200": _json_response("One page of hits", "SearchResults"),
                "400": _json_response("The query is too long to be a search", "SearchResults"),
            },
        }
    }
    iiif = [
        ("/iiif/collection.json", [], "iiifSite", "The site's IIIF Collection", False),
        ("/iiif/{pub}/collection.json", ["pub"], "iiifPublication", "A publication's", False),
        ("/iiif/{pub}/{year}/collection.json", ["pub", "year"], "iiifYear", "A year's", False),
        ("/iiif/{pub}/{date}/manifest.json", ["pub", "date"], "iiifManifest", "Manifest", True),
        (
            "/iiif/{pub}/{date}/ed-{edition}/manifest.json",
            ["pub", "date", "edition"],
            "iiifManifestEdition",
            "Manifest of an edition after the first",
            True,
        ),
        (
            "/iiif/image/{pub}/{date}/{page}/info.json",
            ["pub", "date", "page"],
            "iiifImageInfo",
            "A page's IIIF Image API service description",
            True,
        ),
        (
            "/iiif/image/{pub}/{date}/ed-{edition}/{page}/info.json",
            ["pub", "date", "edition", "page"],
            "iiifImageInfoEdition",
            "A page's IIIF Image API service description, an edition after the first",
            True,
        ),
    ]
    for path, names, op_id, summary, restricted in iiif:
        responses: dict[str, Any] = {
            "200": _json_response(
                "IIIF JSON; `application/ld+json` with the API's profile when asked for in "
                "`Accept`.",
                "IIIFResource",
                (JSON, JSON_LD),
            ),
            "404": NOT_FOUND,
        }
        if restricted:
            responses["403"] = FORBIDDEN
        paths[path] = {
            "get": {
                "operationId": op_id,
                "summary": summary if "IIIF" in summary else f"{summary} IIIF Collection",
                "description": "Described by the IIIF specifications (docs/interop.md).",
                "tags": ["iiif"],
                "externalDocs": {"url": "https://iiif.io/api/"},
                "responses": dict(sorted(responses.items())),
            }
        }
        if names:
            paths[path]["parameters"] = [_param(n) for n in names]
    paths.update(_library_paths())
    paths["/api/openapi.json"] = {
        "get": {
            "operationId": "openapi",
            "summary": "This description",
            "tags": ["api"],
            "responses": {"200": _json_response("The OpenAPI 3.1 document", "OpenAPI")},
        }
    }
    return paths


def _library_paths() -> dict[str, Any]:
    """METS of an issue and ALTO of a page (docs/library.md): XML, described by their own
    schemas; under the access rules of the issue's articles."""
    text = {"schema": {"type": "string"}}
    out: dict[str, Any] = {}
    routes = [
        ("/mets.xml", [], "issueMets", "An issue as METS 1.12 with MODS", "METS"),
        ("/{page}/alto.xml", ["page"], "pageAlto", "A page's text and layout as ALTO 4.4", "ALTO"),
    ]
    for tail, params, op_id, summary, standard in routes:
        for edition in (False, True):
            base = "/{pub}/{date}" + ("/ed-{edition}" if edition else "")
            names = ["pub", "date", *(["edition"] if edition else []), *params]
            responses = {
                "200": {
                    "description": f"{standard} XML (docs/library.md).",
                    "content": {"application/xml": text},
                    "headers": CACHED_HEADERS,
                },
                "304": NOT_MODIFIED,
                "403": {
                    "description": "The access rules keep the reader out (docs/access.md).",
                    "content": {"text/plain": text},
                },
                "404": {
                    "description": "No such publication, issue or page, or not published.",
                    "content": {"text/html": text},
                },
            }
            out[base + tail] = {
                "parameters": [_param(n) for n in names],
                "get": {
                    "operationId": op_id + ("Edition" if edition else ""),
                    "summary": summary + (" (an edition after the first)" if edition else ""),
                    "description": f"Validates against the {standard} schema; files are named "
                    "by the reader's absolute URLs.",
                    "tags": ["library"],
                    "externalDocs": {"url": "https://www.loc.gov/standards/"},
                    "security": [{}, {"session": []}],
                    "parameters": [_param("If-None-Match")],
                    "responses": responses,
                },
            }
    return out


def _version() -> str:
    try:
        return metadata.version("broadsheet")
    except metadata.PackageNotFoundError:  # pragma: no cover (run from a source tree)
        return "0"


def describe(server: str) -> dict[str, Any]:
    """The OpenAPI 3.1 document, for a site at `server` (absolute, without a final slash)."""
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "info": {
            "title": "Broadsheet reader API",
            "version": _version(),
            "summary": "The e-paper's JSON twins, search and IIIF, read-only.",
            "description": "Every HTML page of the reader has a JSON twin with the same data "
            "(docs/reader.md). All of it is read-only (`GET`, `HEAD`; anything else is 405), "
            "and every URL inside a body is absolute. Readers see published issues only; "
            "signed-in staff also see issues not yet published. Where a publication's access "
            "rules restrict an issue, its twins answer 403 to a reader without the level.",
            "license": {"name": "Apache-2.0", "identifier": "Apache-2.0"},
        },
        "servers": [{"url": server}],
        "tags": [
            {"name": "archive", "description": "The latest issues and the calendars"},
            {"name": "issues", "description": "An issue, its pages and its articles"},
            {"name": "search"},
            {"name": "iiif", "description": "IIIF Presentation 3 and Image 3 (external)"},
            {"name": "library", "description": "METS/ALTO for libraries (external schemas)"},
            {"name": "api"},
        ],
        "paths": _paths(),
        "components": {
            "schemas": copy.deepcopy(SCHEMAS),
            "parameters": copy.deepcopy(PARAMETERS),
            "securitySchemes": {
                "session": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": settings.SESSION_COOKIE_NAME,
                    "description": "A signed-in reader's session (from /accounts/login/): "
                    "subscribers read restricted issues, staff see unpublished ones.",
                }
            },
        },
    }


@functools.lru_cache(maxsize=16)
def _body(server: str) -> tuple[bytes, str]:
    body = json.dumps(describe(server), ensure_ascii=False, indent=1).encode()
    return body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


@read_only
def document(request: HttpRequest) -> HttpResponseBase:
    """`/api/openapi.json`: the same for every visitor; built once per host and process."""
    server = request.build_absolute_uri(reverse("reader:home")).rstrip("/")
    body, etag = _body(server)
    response: HttpResponseBase
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type=f"{JSON}; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"  # for API tools on other sites
    return response
