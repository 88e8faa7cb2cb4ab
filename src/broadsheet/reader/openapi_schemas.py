"""The schemas of the API description (components/schemas of /api/openapi.json): the JSON
objects the reader's twins, the search API and the library endpoints answer with."""

from __future__ import annotations

import copy
from typing import Any

from broadsheet.search.api import MAX_LIMIT, SORTS


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(name: str) -> dict[str, Any]:
    return {"oneOf": [_ref(name), {"type": "null"}]}


def _obj(properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """An object with exactly these properties, all present (the twins never omit a key)."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
        **extra,
    }


def _array(items: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "array", "items": items, **extra}


# --- Schemas ----------------------------------------------------------------------------------

_STRING = {"type": "string"}
_INT = {"type": "integer"}

# What every article object of the twins starts with (serialize.article_summary's fields).
_ARTICLE_HEAD: dict[str, Any] = {
    "number": {"type": "integer", "minimum": 1},
    "kind": _ref("ArticleKind"),
    "kicker": _STRING,
    "headline": _STRING,
    "subheadline": _STRING,
    "byline": _STRING,
}
SCHEMAS: dict[str, Any] = {
    "AbsoluteURL": {
        "type": "string",
        "format": "uri",
        "pattern": "^https?://",
        "description": "An absolute URL, with the scheme and host the request came to.",
    },
    "Date": {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
    "Box": {
        "description": "A zone's box [x0, y0, x1, y1] in PDF points, origin top left.",
        **_array({"type": "number"}, minItems=4, maxItems=4),
    },
    "Outline": {
        "description": "A zone as drawn: a polygon of [x, y] points (PDF points, origin top left).",
        **_array(_array({"type": "number"}, minItems=2, maxItems=2), minItems=3),
    },
    "Publication": _obj(
        {
            "slug": _STRING,
            "name": _STRING,
            "language": {"type": "string", "examples": ["zh-hans", "en"]},
            "timezone": {"type": "string", "examples": ["Asia/Shanghai"]},
            "url": {
                **_ref("AbsoluteURL"),
                "description": "`/<pub>/`: redirects to the latest issue.",
            },
        }
    ),
    "IssueSummary": _obj(
        {
            "publication": {"type": "string", "description": "The publication's slug."},
            "publication_name": _STRING,
            "date": _ref("Date"),
            "edition": {"type": "integer", "minimum": 1},
            "url": {**_ref("AbsoluteURL"), "description": "The issue's HTML page."},
        }
    ),
    "PageSummary": _obj(
        {
            "sequence": {"type": "integer", "minimum": 0},
            "number": {"type": "string", "description": "The printed page label (A01, 010)."},
            "name": _STRING,
            "width": {"type": "number", "description": "In PDF points."},
            "height": {"type": "number", "description": "In PDF points."},
            "text_quality": {"enum": ["ok", "garbled", "ocr", "none"]},
            "has_image": {
                "type": "boolean",
                "description": "False for a page made blank from its text alone (no scan).",
            },
            "url": _ref("AbsoluteURL"),
            "pdf": _ref("AbsoluteURL"),
            "image": _ref("AbsoluteURL"),
            "thumbnail": _ref("AbsoluteURL"),
            "iiif_image": {**_ref("AbsoluteURL"), "description": "The IIIF Image service base."},
        }
    ),
    "ArticleKind": {"enum": ["news", "picture", "brief", "advert"]},
    "ArticleOnPage": _obj(
        {
            **_ARTICLE_HEAD,
            "url": _ref("AbsoluteURL"),
            "zones": _array(_ref("Box")),
            "outlines": _array(_ref("Outline")),
        }
    ),
    "ArticleInContents": _obj(
        {
            **_ARTICLE_HEAD,
            "title": {
                "type": "string",
                "description": "The headline, or a stand-in for an article without one.",
            },
            "url": _ref("AbsoluteURL"),
        }
    ),
    "Home": _obj({"publications": _array(_ref("IssueSummary"))}),
    "Issue": _obj(
        {
            "issue": _ref("IssueSummary"),
            "iiif_manifest": _ref("AbsoluteURL"),
            "pages": _array(_ref("IssuePage")),
        }
    ),
    "Page": _obj(
        {
            "issue": _ref("IssueSummary"),
            "page": _ref("PageSummary"),
            "articles": _array(_ref("ArticleOnPage")),
            "previous_page": _nullable("AbsoluteURL"),
            "next_page": _nullable("AbsoluteURL"),
        }
    ),
    "BodyBlock": _obj({"type": {"enum": ["paragraph", "subhead"]}, "text": _STRING}),
    "Article": _obj(
        {
            **_ARTICLE_HEAD,
            "url": _ref("AbsoluteURL"),
            "body": _array(_ref("BodyBlock")),
            "text": {"type": "string", "description": "The body as plain text."},
            "issue": _ref("IssueSummary"),
            "pages": _array(
                _obj(
                    {
                        "number": _STRING,
                        "url": _ref("AbsoluteURL"),
                        "zones": _array(_ref("Box")),
                        "outlines": _array(_ref("Outline")),
                    }
                )
            ),
            "previous_article": _nullable("AbsoluteURL"),
            "next_article": _nullable("AbsoluteURL"),
            "print": {**_ref("AbsoluteURL"), "description": "The print view."},
        }
    ),
    "Contents": _obj(
        {
            "issue": _ref("IssueSummary"),
            "pdf": {**_ref("AbsoluteURL"), "description": "The whole issue as one PDF."},
            "iiif_manifest": _ref("AbsoluteURL"),
            "pages": _array(_ref("ContentsPage")),
        }
    ),
    "CalendarDay": _obj(
        {"date": _ref("Date"), "url": {**_ref("AbsoluteURL"), "description": "The issue."}}
    ),
    "CalendarYear": _obj({"year": _INT, "url": _ref("AbsoluteURL")}),
    "YearCalendar": _obj(
        {
            "publication": _ref("Publication"),
            "years": _array(_ref("CalendarYear"), description="The years with an issue."),
            "latest_issue": _nullable("AbsoluteURL"),
            "year": _INT,
            "url": _ref("AbsoluteURL"),
            "issue_count": {"type": "integer", "minimum": 0},
            "months": _array(
                _obj(
                    {
                        "month": {"type": "integer", "minimum": 1, "maximum": 12},
                        "url": _ref("AbsoluteURL"),
                        "issue_count": {"type": "integer", "minimum": 0},
                        "days": _array(_ref("CalendarDay")),
                    }
                ),
                minItems=12,
                maxItems=12,
            ),
        }
    ),
    "MonthCalendar": _obj(
        {
            "publication": _ref("Publication"),
            "years": _array(_ref("CalendarYear")),
            "latest_issue": _nullable("AbsoluteURL"),
            "year": _INT,
            "month": {"type": "integer", "minimum": 1, "maximum": 12},
            "url": _ref("AbsoluteURL"),
            "year_url": _ref("AbsoluteURL"),
            "previous_month": _nullable("AbsoluteURL"),
            "next_month": _nullable("AbsoluteURL"),
            "issue_count": {"type": "integer", "minimum": 0},
            "days": _array(_ref("CalendarDay")),
        }
    ),
    "SearchHit": _obj(
        {
            "article_id": _INT,
            "article_number": _INT,
            "publication": _STRING,
            "publication_name": _STRING,
            "date": _ref("Date"),
            "edition": {"type": "integer", "minimum": 1},
            "page": _STRING,
            "page_name": _STRING,
            "headline": _STRING,
            "headline_html": {"type": "string", "description": "Escaped, matches in <mark>."},
            "snippet": {
                "type": "string",
                "description": "Escaped, matches in <mark>; empty where the access rules do "
                "not let the reader read the issue.",
            },
            "score": {"type": "number"},
            "url": _ref("AbsoluteURL"),
            "page_url": _ref("AbsoluteURL"),
            "zone_url": _ref("AbsoluteURL"),
            "issue_id": _INT,
        }
    ),
    "SearchResults": _obj(
        {
            "query": _STRING,
            "total": {"type": "integer", "minimum": 0},
            "offset": {"type": "integer", "minimum": 0},
            "limit": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
            "sort": {
                "type": "string",
                "examples": list(SORTS),
                "description": "The order asked for; one other than relevance or date is "
                "answered with `error` set and no hits.",
            },
            "error": {"type": ["string", "null"]},
            "filters": {"type": "object", "additionalProperties": {"type": "string"}},
            "hits": _array(_ref("SearchHit")),
        }
    ),
    "NotFound": _obj({"error": {"const": "not_found"}}),
    "Forbidden": _obj(
        {
            "error": {"const": "forbidden"},
            "access": {
                "enum": ["registered", "subscribers"],
                "description": "The level the reader needs (docs/access.md).",
            },
            "reason": _STRING,
        }
    ),
    "Gone": _obj(
        {
            "error": {"const": "gone"},
            "number": _INT,
            "issue": {**_ref("AbsoluteURL"), "description": "The issue, to find the way back."},
        }
    ),
    "IIIFResource": {
        "type": "object",
        "description": "A IIIF resource (Presentation API 3.0 or Image API 3.0), described by "
        "its own specification and JSON Schema: https://iiif.io/api/.",
        "properties": {"@context": {}, "id": _ref("AbsoluteURL"), "type": _STRING},
        "required": ["@context", "id", "type"],
    },
    "OpenAPI": {
        "type": "object",
        "properties": {"openapi": {"type": "string", "pattern": "^3\\.1\\."}},
        "required": ["openapi", "info", "paths"],
    },
}
# The pages of the issue and contents twins carry their articles: a PageSummary and one key.
_issue_page = copy.deepcopy(SCHEMAS["PageSummary"])
_issue_page["properties"]["articles"] = _array(_ref("ArticleOnPage"))
_issue_page["required"].append("articles")
SCHEMAS["IssuePage"] = _issue_page
_contents_page = copy.deepcopy(SCHEMAS["PageSummary"])
_contents_page["properties"]["articles"] = _array(
    _ref("ArticleInContents"), description="The articles that start on this page."
)
_contents_page["required"].append("articles")
SCHEMAS["ContentsPage"] = _contents_page
