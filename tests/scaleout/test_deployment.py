"""Several app servers (docs/scale-out.md): two `broadsheet serve` on one PostgreSQL, one Redis
and one file store, behind nginx, with the background worker as a process of its own.

One deployment, four claims: a page cached by one server is served by both; a correction made
through one is seen at once on both (and the session it was made with is valid on both); a
server killed mid-traffic costs no request nginx can retry; the worker publishes a scheduled
issue at its time. PostgreSQL only: SQLite is the one-server default.
"""

from __future__ import annotations

import datetime as dt
import http.client
import http.cookiejar
import json
import os
import re
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from broadsheet.ingest.pipeline import IngestRequest, ingest
from broadsheet.newspaper.models import Article, Issue
from broadsheet.storage import default_storage_setting, s3_config
from tests.conftest import ISSUE_DATE
from tests.desk.conftest import make_user
from tests.scaleout.deployment import Deployment, s3_environment, scale_out
from tests.shared_db import shared_database

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "pw-x9!long"


class Browser:
    """A reader or editor over plain HTTP, with cookies, against any server."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str) -> tuple[int, bytes]:
        try:
            with self.opener.open(url, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def post(
        self, url: str, data: dict[str, str] | bytes, headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        body = data if isinstance(data, bytes) else urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(url, body, headers=headers or {}, method="POST")
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def cookie(self, name: str) -> str:
        return next((c.value or "" for c in self.jar if c.name == name), "")

    def login(self, base: str, username: str, password: str) -> tuple[int, bytes]:
        status, page = self.get(base + "/accounts/login/")
        assert status == 200, page[:300]
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token is not None
        return self.post(
            base + "/accounts/login/",
            {"csrfmiddlewaretoken": token.group(1).decode(), "username": username,
             "password": password},
        )  # fmt: skip


@pytest.fixture
def object_store(db: Any, settings: Any, monkeypatch: Any) -> dict[str, str]:
    """The one file store of the deployment: moto's S3 (scripts/test-s3.sh), under a key
    prefix of this test's own, for this process and every server alike."""
    if connection.vendor != "postgresql":
        pytest.skip("several app servers share PostgreSQL: run with DATABASE_URL (make test)")
    store = s3_environment()
    if store is None:
        return {}
    store["BROADSHEET_S3_PREFIX"] = f"scaleout-{secrets.token_hex(6)}"
    for name, value in store.items():
        monkeypatch.setenv(name, value)
    config = s3_config(store)
    assert config is not None
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_setting(Path(), config)}
    return store


@pytest.fixture
def site(
    object_store: dict[str, str], publication: Any, page_pdfs: list[Path], manifest_for: Any
) -> dict[str, Any]:
    """A published one-page issue and a processed one waiting to be scheduled."""
    manifest = manifest_for(page_pdfs[:1])
    published = ingest(
        IngestRequest(
            publication=publication.slug, date=ISSUE_DATE, files=page_pdfs[:1],
            manifest=manifest, publish=True, workers=1,
        )
    ).issue  # fmt: skip
    waiting = ingest(
        IngestRequest(
            publication=publication.slug, date=ISSUE_DATE + dt.timedelta(days=1),
            files=page_pdfs[:1], manifest=manifest, workers=1,
        )
    ).issue  # fmt: skip
    assert waiting.status == Issue.Status.READY
    make_user("editor", "editor", [publication])
    article = Article.objects.filter(issue=published).order_by("order").first()
    assert article is not None
    base = f"/{publication.slug}"
    return {
        "page": f"{base}/{ISSUE_DATE}/A01/",
        "article": f"{base}/{ISSUE_DATE}/a/{article.number}/",
        "article_number": article.number,
        "headline": article.headline,
        "published": published,
        "waiting": waiting,
        "waiting_page": f"{base}/{waiting.date}/A01/",
    }


@pytest.fixture
def deployment(
    object_store: dict[str, str], site: dict[str, Any], tmp_path: Path, data_dir: Path
) -> Any:
    store = object_store
    with shared_database(tmp_path) as database_url:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "BROADSHEET_SECRET_KEY": secrets.token_urlsafe(40),
            **(store or {}),
        }
        files = None if store else data_dir / "files"
        with scale_out(tmp_path / "deploy", env, files=files) as running:
            yield running


def front_cache_keys(redis_url: str) -> list[str]:
    import redis

    client = redis.Redis.from_url(redis_url)
    return [k.decode() for k in client.scan_iter("broadsheet:*:bs:front:*")]


def shared_cache(redis_url: str) -> Any:
    from django.core.cache.backends.redis import RedisCache

    return RedisCache(redis_url, {"KEY_PREFIX": "broadsheet"})


def test_two_servers_behind_nginx_share_cache_sessions_and_work(
    deployment: Deployment, site: dict[str, Any]
) -> None:
    one, two = deployment.servers
    reader = Browser()

    # 1. A page cached by one server is served by both: mark the entry server one stored in
    # Redis, and server two (and nginx, whichever server it picks) answers with the mark.
    status, first = reader.get(one + site["page"])
    assert status == 200
    keys = front_cache_keys(deployment.redis_url)
    assert len(keys) == 1, keys
    key = keys[0].split(":", 2)[2]
    cache = shared_cache(deployment.redis_url)
    issue_id, expected, content, headers = cache.get(key)
    assert content == first
    cache.set(key, (issue_id, expected, content + b"<!-- kept by server one -->", headers), 600)
    for url in (two, deployment.url, deployment.url):
        status, body = reader.get(url + site["page"])
        assert status == 200 and body.endswith(b"<!-- kept by server one -->")

    # 2. A correction made through one server is seen at once on both. The editor signs in on
    # server one and corrects through server two: the session is shared too.
    for url in (one, two):
        status, body = reader.get(url + site["article"])
        assert status == 200 and site["headline"].encode() in body
    editor = Browser()
    status, _ = editor.login(one, "editor", PASSWORD)
    assert status == 200 and editor.cookie("sessionid")
    corrected = "更正：两台服务器同时可见的标题"
    status, answer = editor.post(
        f"{two}/desk/issues/{site['published'].pk}/changes/",
        json.dumps({"op": "text", "article": site["article_number"], "headline": corrected})
        .encode(),
        {"Content-Type": "application/json", "X-CSRFToken": editor.cookie("csrftoken")},
    )  # fmt: skip
    assert status == 200, answer[:300]
    for url in (one, two):
        for path in (site["article"], site["page"]):
            status, body = reader.get(url + path)
            assert status == 200 and corrected.encode() in body, (url, path)
            assert b"kept by server one" not in body

    # The sign-in throttle counts in Redis: five failures on one server lock the next try on
    # the other (the editor's own session is untouched).
    guesser = Browser()
    for _ in range(5):
        status, body = guesser.login(one, "editor", "wrong password")
        assert status == 200 and b"Too many" not in body
    status, body = guesser.login(two, "editor", PASSWORD)
    assert status == 200
    assert not guesser.cookie("sessionid")

    # 4 (set up). Schedule the waiting issue through nginx a few seconds ahead; the worker, a
    # process of its own, publishes it while server one is being killed below.
    waiting = site["waiting"]
    status, _ = reader.get(deployment.url + site["waiting_page"])
    assert status == 404
    when = (timezone.now() + dt.timedelta(seconds=8)).replace(microsecond=0)
    status, page = editor.get(f"{deployment.url}/desk/issues/{waiting.pk}/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert status == 200 and token is not None
    status, _ = editor.post(
        f"{deployment.url}/desk/issues/{waiting.pk}/publish/",
        {"csrfmiddlewaretoken": token.group(1).decode(), "when": "at", "confirm": "on",
         "publish_at": timezone.localtime(when).strftime("%Y-%m-%dT%H:%M:%S")},
    )  # fmt: skip
    assert status == 200
    waiting.refresh_from_db()
    assert waiting.publish_at == when and waiting.status == Issue.Status.READY

    # 3. Server one killed (SIGKILL, its workers too) in the middle of traffic through nginx:
    # every GET nginx can retry is answered, by server two.
    outcomes: Counter[Any] = Counter()
    after_kill: Counter[Any] = Counter()
    killed = threading.Event()
    stop = threading.Event()
    paths = [site["page"], site["article"], site["page"][:-1] + ".thumb.jpg", "/robots.txt"]

    for path in paths:
        status, body = reader.get(deployment.url + path)
        assert status == 200, (path, body[:300])

    def traffic() -> None:
        client = Browser()
        n = 0
        while not stop.is_set():
            path = paths[n % len(paths)]
            n += 1
            try:
                status, _ = client.get(deployment.url + path)
            except http.client.IncompleteRead:
                # Server one died after nginx had passed its headers on: nginx cannot retry
                # what the client has already begun to receive. At most one per client.
                status = "truncated"
            except (OSError, http.client.HTTPException) as exc:
                status = type(exc).__name__
            (after_kill if killed.is_set() else outcomes)[status] += 1

    threads = [threading.Thread(target=traffic) for _ in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    deployment.kill("server-1")
    killed.set()
    deadline = time.monotonic() + 20
    while sum(after_kill.values()) < 60 and time.monotonic() < deadline:
        time.sleep(0.05)  # until enough requests went through nginx without server one
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    statuses = outcomes + after_kill
    assert deployment.processes["server-1"].poll() is not None
    # Every request nginx could retry was answered; only a response already under way from
    # the killed server may be cut (one per client thread at most).
    assert set(statuses) <= {200, "truncated"}, statuses
    assert statuses["truncated"] <= len(threads), statuses
    assert after_kill[200] >= 60, after_kill
    with pytest.raises(OSError):
        urllib.request.urlopen(one + "/robots.txt", timeout=2)
    # nginx did meet the dead server (and so retried on the other one), not merely avoid it.
    log = (deployment.root / "nginx" / "nginx-error.log").read_text()
    assert f'upstream: "{one}/' in log, log[-2000:]

    # 4. The worker published the scheduled issue at its time, and readers see it.
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        waiting.refresh_from_db()
        if waiting.status == Issue.Status.PUBLISHED:
            break
        time.sleep(0.1)
    assert waiting.status == Issue.Status.PUBLISHED, waiting.status
    assert waiting.published_at is not None
    assert when <= waiting.published_at <= when + dt.timedelta(seconds=10)  # never early
    status, _ = reader.get(deployment.url + site["waiting_page"])
    assert status == 200
