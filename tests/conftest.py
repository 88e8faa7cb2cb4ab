"""Shared fixtures: every test gets its own data folder; PDFs are made by the tests themselves."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from tests.browser_support import browser, tabs  # noqa: F401  (fixtures, registered once)
from tests.factories import ArticleSpec, write_page_pdf
from tests.storage.support import storage_for_test


@pytest.fixture(autouse=True)
def data_dir(settings: Any, tmp_path: Path) -> Path:
    """Point all state (files, staging, search index) at a fresh folder for each test."""
    root = tmp_path / "data"
    root.mkdir()
    settings.DATA_DIR = root
    # Smaller renditions keep the suite quick; the benchmark measures the real size.
    settings.BROADSHEET_PAGE_IMAGE_WIDTH = 800
    settings.BROADSHEET_THUMB_WIDTH = 120
    settings.STORAGES = {
        # The test's data folder, or its own prefix in the bucket of `make test-s3`.
        "default": storage_for_test(root),
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.cache import cache

    cache.clear()
    return root


@pytest.fixture
def publication(db: Any) -> Any:
    from broadsheet.newspaper.models import Publication

    return Publication.objects.create(
        slug="jcrb", name="江城日报", language="zh-hans", sort_order=0
    )


@pytest.fixture
def english_publication(db: Any) -> Any:
    from broadsheet.newspaper.models import Publication

    return Publication.objects.create(
        slug="courier", name="The Riverside Courier", language="en", sort_order=2
    )


ISSUE_DATE = dt.date(2026, 11, 27)


def zh_articles(page: int) -> list[ArticleSpec]:
    return [
        ArticleSpec(
            headline=f"第{page}版头条新闻标题",
            kicker="引题文字在此",
            subheadline="——副题说明文字",
            byline="本报记者 王小明",
            paragraphs=[
                f"这是第{page}版头条的正文第一段，介绍城市建设的最新进展。" * 3,
                "第二段继续介绍有关情况，市民反映良好。" * 3,
            ],
            box=(40, 110, 560, 520),
        ),
        ArticleSpec(
            headline=f"第{page}版二条消息",
            paragraphs=["社区服务中心开展志愿活动，居民踊跃参加。" * 4],
            box=(40, 560, 560, 900),
        ),
    ]


@pytest.fixture
def page_pdfs(tmp_path: Path) -> list[Path]:
    """Three single-page PDFs named like a typesetting system's output (A01…A03)."""
    out = tmp_path / "pdfs"
    out.mkdir()
    return [
        write_page_pdf(out / f"A0{n}.pdf", zh_articles(n), header=f"江城日报 A0{n}")
        for n in (1, 2, 3)
    ]


@pytest.fixture
def manifest_for(tmp_path: Path):
    """Write a manifest giving the articles of each page explicitly (independent of analysis)."""
    import json

    def make(files: list[Path], **extra: Any) -> Path:
        pages = []
        for n, path in enumerate(files, 1):
            arts = []
            for spec in zh_articles(n):
                x0, y0, x1, y1 = spec.box
                arts.append(
                    {
                        "kicker": spec.kicker,
                        "headline": spec.headline,
                        "subheadline": spec.subheadline,
                        "byline": spec.byline,
                        "text": "\n\n".join(spec.paragraphs),
                        "regions": [[x0, y0, x1, y1]],
                        "blocks": [
                            {
                                "role": "headline",
                                "bbox": [x0, y0, x1, y0 + 40],
                                "text": spec.headline,
                            }
                        ],
                    }
                )
            pages.append(
                {
                    "file": path.name,
                    "number": f"A0{n}",
                    "name": ["要闻", "城市", "文化"][n - 1],
                    "articles": arts,
                }
            )
        target = tmp_path / "manifest.json"
        target.write_text(
            json.dumps({"pages": pages, **extra}, ensure_ascii=False), encoding="utf-8"
        )
        return target

    return make


DB_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


def _uses_database(item: pytest.Item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    marked = item.get_closest_marker("django_db") or item.get_closest_marker("database")
    return marked is not None or bool(fixtures & DB_FIXTURES)


# Tests run with `make test` (pytest-xdist, `-n … --dist loadgroup`) spread one by one over the
# workers, except these, each kept together on one worker: the tests of a module with a
# module- or session-scoped fixture of its own (an ingested site, generated pages: made once,
# not once per worker), and the tests named here with the reason they must run in order.
SERIAL_TESTS: set[str] = set()  # none now: add "path::function" with the reason


def shared_setup_modules(root: Path) -> set[str]:
    """The test modules (paths from `root`) that define a fixture scoped wider than a test."""
    import ast

    found = set()
    for path in sorted(root.glob("tests/**/test_*.py")):
        text = path.read_text(encoding="utf-8")
        if "scope=" not in text:
            continue
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef):
                for decorator in node.decorator_list:
                    scope = next(
                        (
                            k.value.value
                            for k in getattr(decorator, "keywords", ())
                            if k.arg == "scope" and isinstance(k.value, ast.Constant)
                        ),
                        "function",
                    )
                    if scope != "function":
                        found.add(path.relative_to(root).as_posix())
    return found


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`--dist loadgroup` with the groups above. (pytest-xdist's own reading of
    `@pytest.mark.xdist_group` renames the test's node id, which pytest 9.2 no longer lets it
    do; a group named by such a marker, should it work again, is still kept together.)"""
    if config.getoption("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    modules = shared_setup_modules(config.rootpath)

    class Groups(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return xdist_scope(nodeid, modules)

    return Groups(config, log)


def xdist_scope(nodeid: str, modules: set[str]) -> str:
    """The unit of work a test goes to a worker in: its module's, its function's (all its
    parameters, in SERIAL_TESTS), or its own."""
    if "@" in nodeid:
        return nodeid.rsplit("@", 1)[-1]
    module = nodeid.split("::", 1)[0]
    function = nodeid.split("[", 1)[0]
    if module in modules:
        return module
    return function if function in SERIAL_TESTS else nodeid


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The PostgreSQL run (`make test-postgres`) runs the tests that use a database; the pure
    ones (page analysis, PDFs, samples, OCR engine …) cannot differ between databases and ran
    in the SQLite run. BROADSHEET_TEST_ALL=1 runs everything anyway."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres") or os.environ.get("BROADSHEET_TEST_ALL") == "1":
        return
    keep = [item for item in items if _uses_database(item)]
    if len(keep) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if not _uses_database(i)])
        items[:] = keep
