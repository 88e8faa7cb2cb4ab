"""The API description at /api/openapi.json: a valid OpenAPI 3.1 document that lists every JSON
route, and every route it describes answers with a status and a body its schema accepts.

The second part runs Schemathesis against the Django app itself (its WSGI integration, in the
test's database transaction): first the concrete requests of a published demo issue (its date,
page labels and article numbers, an edition, a retired and a merged article, a restricted
publication), then generated requests for every operation (fixed seed), which must never get a
5xx and must conform to the document.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
import werkzeug.test
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, connection
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, Phase, given, settings
from openapi_spec_validator import OpenAPIV31SpecValidator
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from broadsheet.access.models import AccessPolicy
from broadsheet.newspaper.models import Article, RetiredArticle
from tests.conftest import ISSUE_DATE
from tests.factories import ingest_first_page

pytestmark = pytest.mark.django_db

DAY = ISSUE_DATE.isoformat()
# Werkzeug's test client, under Schemathesis' WSGI integration, does not undo our gzip.
PLAIN = {"Accept-Encoding": "identity"}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


# --- The document -----------------------------------------------------------------------------


def test_the_document_is_valid_openapi_3_1(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Cache-Control"] == "public, max-age=3600"
    assert response["Access-Control-Allow-Origin"] == "*"
    doc = response.json()
    OpenAPIV31SpecValidator(doc).validate()  # raises on the first error
    assert doc["openapi"] == "3.1.0"
    assert doc["servers"] == [{"url": "http://testserver"}]
    # Its server is the host it was asked at; a current copy is answered 304.
    other = client.get("/api/openapi.json", HTTP_HOST="localhost").json()
    assert other["servers"] == [{"url": "http://localhost"}]
    again = client.get("/api/openapi.json", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert client.post("/api/openapi.json").status_code == 405


def test_the_document_describes_the_twins_with_their_errors(client):
    doc = client.get("/api/openapi.json").json()
    paths = doc["paths"]
    for path in [
        "/{pub}/{year}/index.json",
        "/{pub}/{year}/{month}/index.json",
        "/{pub}/{date}.json",
        "/{pub}/{date}/contents.json",
        "/{pub}/{date}/{page}.json",
        "/{pub}/{date}/a/{number}.json",
        "/{pub}/{date}/a/{number}/print.json",
        "/{pub}/{date}/ed-{edition}/a/{number}/print.json",
    ]:
        responses = paths[path]["get"]["responses"]
        assert responses["404"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/NotFound"
        }
        # Issue routes are under the access rules; the calendars are open to everyone.
        assert ("403" in responses) == ("{date}" in path), path
    assert {"301", "410"} <= set(paths["/{pub}/{date}/a/{number}.json"]["get"]["responses"])
    search = paths["/search.json"]["get"]
    assert {p["name"] for p in search["parameters"]} == {
        "q", "publication", "from", "to", "page", "issue", "sort", "offset", "limit"
    }  # fmt: skip
    assert "400" in search["responses"]
    params = doc["components"]["parameters"]
    assert params["date"]["schema"]["pattern"] == "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
    assert params["month"]["schema"]["pattern"] == "^(0[1-9]|1[0-2])$"
    assert params["year"]["schema"] == {"type": "integer", "minimum": 1000, "maximum": 9998}
    # Every URL inside a body is declared absolute.
    schemas = doc["components"]["schemas"]
    assert schemas["AbsoluteURL"]["pattern"] == "^https?://"
    assert schemas["Page"]["properties"]["next_page"]["oneOf"][0] == {
        "$ref": "#/components/schemas/AbsoluteURL"
    }


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def test_every_json_route_of_the_site_is_described(client):
    """A new twin (a public route ending in .json) cannot be left out of the description; the
    desk's own JSON (staff only, for its pages' scripts) is no public API."""
    documented = set(client.get("/api/openapi.json").json()["paths"])
    json_routes = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        for route in _routes(get_resolver().url_patterns)
        if route.endswith(".json") and not route.startswith(("desk/", "admin/", "accounts/"))
    }
    assert len(json_routes) >= 20
    assert {"/" + r for r in json_routes} == {p for p in documented if p.endswith(".json")}
    # And the METS/ALTO of issues and pages (XML, docs/library.md).
    xml_routes = {
        "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        for route in _routes(get_resolver().url_patterns)
        if route.endswith(("mets.xml", "alto.xml"))
    }
    assert len(xml_routes) == 4
    assert xml_routes == {p for p in documented if not p.endswith(".json")}


# --- Every route answers as described ---------------------------------------------------------


@pytest.fixture
def wsgi_app() -> Iterator[Callable[..., Any]]:
    """Django's WSGI app, keeping the test's connection (and its transaction) across requests,
    as the test client does (on PostgreSQL, closing it would end the test's transaction).

    PostgreSQL search sets planner options with `SET LOCAL` (search/backends/postgres.py); a
    request's transaction ends them, but here every request runs in the test's one transaction,
    where they would stay and slow each later query (JIT-compiled plans): reset them after each
    request, as the end of its transaction would."""
    handler = WSGIHandler()

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        try:
            return handler(environ, start_response)
        finally:
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    for option in ("enable_seqscan", "enable_indexscan", "enable_bitmapscan"):
                        cursor.execute(f"RESET {option}")

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield app
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def demo(issues, english_publication, page_pdfs, manifest_for) -> dict[str, Any]:
    """The reader fixtures' published issues, plus an edition 2 of the day, a retired and a
    merged article number, and a restricted issue of another publication."""
    ingest_first_page(page_pdfs, manifest_for, edition=2)
    ingest_first_page(page_pdfs, manifest_for, publication="courier")
    AccessPolicy.objects.create(publication=english_publication, level="subscribers")
    today = issues[ISSUE_DATE]
    numbers = list(
        Article.objects.filter(issue=today).order_by("order").values_list("number", flat=True)
    )
    gone, merged = max(numbers) + 10, max(numbers) + 11
    RetiredArticle.objects.create(issue=today, number=gone, reason="deleted")
    RetiredArticle.objects.create(
        issue=today, number=merged, reason="merged", merged_into=numbers[0]
    )
    return {"numbers": numbers, "gone": gone, "merged": merged}


def _explicit_requests(demo: dict[str, Any]) -> list[tuple[str, dict, dict, int]]:
    """(path, path parameters, query, expected status) of the demo's real addresses."""
    day = {"pub": "jcrb", "date": DAY}
    ed2 = {**day, "edition": 2}
    earlier = ISSUE_DATE.replace(day=ISSUE_DATE.day - 2).isoformat()
    out: list[tuple[str, dict, dict, int]] = [
        ("/index.json", {}, {}, 200),
        ("/api/openapi.json", {}, {}, 200),
        ("/{pub}/{year}/index.json", {"pub": "jcrb", "year": ISSUE_DATE.year}, {}, 200),
        ("/{pub}/{year}/index.json", {"pub": "courier", "year": 2001}, {}, 200),
        ("/{pub}/{year}/index.json", {"pub": "nope", "year": 2026}, {}, 404),
        ("/{pub}/{year}/{month}/index.json", {"pub": "jcrb", "year": 2026, "month": "11"}, {}, 200),
        ("/{pub}/{year}/{month}/index.json", {"pub": "jcrb", "year": 9998, "month": "12"}, {}, 200),
        ("/{pub}/{date}.json", day, {}, 200),
        ("/{pub}/{date}.json", {**day, "date": earlier}, {}, 200),
        ("/{pub}/{date}.json", {**day, "date": "2026-11-28"}, {}, 404),  # a draft
        ("/{pub}/{date}.json", {"pub": "courier", "date": DAY}, {}, 403),
        ("/{pub}/{date}/ed-{edition}.json", ed2, {}, 200),
        ("/{pub}/{date}/contents.json", day, {}, 200),
        ("/{pub}/{date}/contents.json", {"pub": "courier", "date": DAY}, {}, 403),
        ("/{pub}/{date}/ed-{edition}/contents.json", ed2, {}, 200),
        ("/{pub}/{date}/ed-{edition}/{page}.json", {**ed2, "page": "A01"}, {}, 200),
        ("/{pub}/{date}/{page}.json", {**day, "page": "Z99"}, {}, 404),
        ("/{pub}/{date}/{page}.json", {"pub": "courier", "date": DAY, "page": "A01"}, {}, 403),
        ("/{pub}/{date}/a/{number}.json", {**day, "number": demo["gone"]}, {}, 410),
        ("/{pub}/{date}/a/{number}.json", {**day, "number": demo["merged"]}, {}, 301),
        ("/{pub}/{date}/a/{number}/print.json", {**day, "number": demo["gone"]}, {}, 410),
        ("/{pub}/{date}/a/{number}/print.json", {**day, "number": demo["merged"]}, {}, 301),
        ("/{pub}/{date}/a/{number}.json", {**day, "number": 10**6}, {}, 404),
        ("/{pub}/{date}/a/{number}/print.json", {**day, "number": 10**20}, {}, 404),
        ("/{pub}/{date}/ed-{edition}/contents.json", {**day, "edition": 10**20}, {}, 404),
        ("/{pub}/{date}/ed-{edition}/a/{number}.json", {**ed2, "number": 1}, {}, 200),
        ("/{pub}/{date}/ed-{edition}/a/{number}/print.json", {**ed2, "number": 1}, {}, 200),
        ("/search.json", {}, {"q": "城市建设"}, 200),
        ("/search.json", {}, {"q": "城市", "publication": "jcrb", "sort": "date", "limit": 2}, 200),
        ("/search.json", {}, {"q": "城市", "from": DAY, "to": DAY, "page": "A02"}, 200),
        ("/search.json", {}, {"q": "x" * 300}, 400),
        ("/iiif/collection.json", {}, {}, 200),
        ("/iiif/{pub}/collection.json", {"pub": "jcrb"}, {}, 200),
        ("/iiif/{pub}/{year}/collection.json", {"pub": "jcrb", "year": 2026}, {}, 200),
        ("/iiif/{pub}/{date}/manifest.json", day, {}, 200),
        ("/iiif/{pub}/{date}/manifest.json", {"pub": "courier", "date": DAY}, {}, 403),
        ("/iiif/{pub}/{date}/ed-{edition}/manifest.json", ed2, {}, 200),
        ("/iiif/image/{pub}/{date}/{page}/info.json", {**day, "page": "A01"}, {}, 200),
        ("/iiif/image/{pub}/{date}/ed-{edition}/{page}/info.json", {**ed2, "page": "A01"}, {}, 200),
    ]
    # METS/ALTO (docs/library.md): XML, under the same access rules.
    out += [
        ("/{pub}/{date}/mets.xml", day, {}, 200),
        ("/{pub}/{date}/mets.xml", {"pub": "courier", "date": DAY}, {}, 403),
        ("/{pub}/{date}/mets.xml", {**day, "date": "2026-11-28"}, {}, 404),  # a draft
        ("/{pub}/{date}/ed-{edition}/mets.xml", ed2, {}, 200),
        ("/{pub}/{date}/{page}/alto.xml", {**day, "page": "A02"}, {}, 200),
        ("/{pub}/{date}/{page}/alto.xml", {**day, "page": "Z99"}, {}, 404),
        ("/{pub}/{date}/ed-{edition}/{page}/alto.xml", {**ed2, "page": "A01"}, {}, 200),
    ]
    for page in ("A01", "A02", "A03"):
        out.append(("/{pub}/{date}/{page}.json", {**day, "page": page}, {}, 200))
    for number in demo["numbers"]:
        out.append(("/{pub}/{date}/a/{number}.json", {**day, "number": number}, {}, 200))
        out.append(("/{pub}/{date}/a/{number}/print.json", {**day, "number": number}, {}, 200))
    return out


def test_every_described_route_answers_as_described(demo, wsgi_app):
    started = time.monotonic()
    # (Not Django's test client: it would connect the signal handlers that wsgi_app took off.)
    document = werkzeug.test.Client(wsgi_app).get("/api/openapi.json", headers=PLAIN).get_json()
    schema = schemathesis.openapi.from_dict(document)
    operations = {op.path: op for op in (r.ok() for r in schema.get_all_operations())}
    seen: Counter[tuple[str, int]] = Counter()

    # The demo's real addresses: each gets the answer it should, with a conforming body.
    for path, path_parameters, query, expected in _explicit_requests(demo):
        case = operations[path].Case(path_parameters=path_parameters, query=query)
        response = case.call_and_validate(headers=PLAIN, checks=CHECKS, app=wsgi_app)
        assert response.status_code == expected, (path, path_parameters, query)
        seen[path, response.status_code] += 1
    explicit_ok = {path for (path, status), _ in seen.items() if status == 200}
    assert explicit_ok == set(operations), set(operations) - explicit_ok  # every route, a 200
    assert sum(n for (_, status), n in seen.items() if status == 200) >= 35

    # Generated requests for every operation, in a fixed order and with a fixed seed: from the
    # document's examples (the demo's own publication, date, page and article), valid ones
    # (positive) and ones that break the parameters' schemas (negative). None may get a 5xx;
    # every answer must be one the document lists, with a body its schema accepts.
    fuzzed: Counter[int] = Counter()
    for path in sorted(operations):
        operation = operations[path]
        strategies = [
            (operation.get_strategies_from_examples(), 5),
            ([operation.as_strategy()], 12),
        ]
        if "{" in path or path == "/search.json":  # something to get wrong
            negative = operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE)
            strategies.append(([negative], 8))
        for group, examples in strategies:
            for strategy in group:

                @settings(
                    max_examples=examples,
                    derandomize=True,
                    database=None,
                    deadline=None,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=list(HealthCheck),
                )
                @given(case=strategy)
                def fuzz(case: Any) -> None:
                    response = case.call_and_validate(headers=PLAIN, checks=CHECKS, app=wsgi_app)
                    fuzzed[response.status_code] += 1

                fuzz()
    assert sum(fuzzed.values()) >= 10 * len(operations)
    assert set(fuzzed) <= {200, 301, 304, 400, 403, 404, 410}, fuzzed
    assert fuzzed[200] >= 2 * len(operations) and fuzzed[404] > 0
    assert time.monotonic() - started < 60
