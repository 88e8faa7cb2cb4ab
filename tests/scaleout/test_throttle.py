"""With BROADSHEET_REDIS_URL the sign-in throttle counts in the shared Redis, not the database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from broadsheet.desk import accounts
from broadsheet.desk.models import FailedLogin
from tests.scaleout.deployment import start_redis

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_cache(settings: Any, tmp_path: Path) -> Iterator[str]:
    process, url = start_redis(tmp_path)
    try:
        settings.REDIS_URL = url
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": "broadsheet",
            }
        }
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def request(address: str) -> Any:
    return SimpleNamespace(META={"REMOTE_ADDR": address})


def test_failures_are_counted_in_redis_per_user_and_per_address(redis_cache: str) -> None:
    import redis

    guesser = request("203.0.113.7")
    for n in range(accounts.MAX_PER_USER):
        assert not accounts.throttled(guesser, "Editor"), n
        accounts.record_failure(guesser, "editor ")
    assert accounts.throttled(guesser, "editor")
    assert not accounts.throttled(guesser, "someone-else")  # 5 of 20 for the address
    assert not accounts.throttled(request("198.51.100.1"), "editor")
    assert FailedLogin.objects.count() == 0  # no database writes
    client = redis.Redis.from_url(redis_cache)
    keys = list(client.scan_iter("broadsheet:*:bs:login:*"))
    assert len(keys) == 2
    assert all(0 < client.ttl(k) <= accounts.WINDOW.total_seconds() for k in keys)
    for n in range(accounts.MAX_PER_ADDRESS - accounts.MAX_PER_USER):
        accounts.record_failure(guesser, f"user-{n}")
    assert accounts.throttled(guesser, "someone-else")  # the address's limit


def test_without_redis_the_database_counts(settings: Any) -> None:
    settings.REDIS_URL = ""
    guesser = request("203.0.113.8")
    for _ in range(accounts.MAX_PER_USER):
        accounts.record_failure(guesser, "editor")
    assert accounts.throttled(guesser, "editor")
    assert FailedLogin.objects.count() == 2 * accounts.MAX_PER_USER
