"""BROADSHEET_REDIS_URL: the settings it switches, and a clear stop on a malformed value or a
missing shared secret key."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SHOW = (
    "import json; from broadsheet import settings as s; "
    "print(json.dumps([s.CACHES['default']['BACKEND'], s.CACHES['default'].get('LOCATION'), "
    "getattr(s, 'SESSION_ENGINE', 'django.contrib.sessions.backends.db')]))"
)


def settings_with(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    unset = ("BROADSHEET_REDIS_URL", "BROADSHEET_SECRET_KEY")
    environ = {k: v for k, v in os.environ.items() if k not in unset}
    environ.update(BROADSHEET_DATA_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-c", SHOW], env=environ, capture_output=True, text=True, timeout=60
    )


def test_without_redis_the_cache_is_per_process(tmp_path: Path) -> None:
    done = settings_with(tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        "django.core.cache.backends.locmem.LocMemCache",
        None,
        "django.contrib.sessions.backends.db",
    ]


def test_redis_url_shares_cache_and_sessions(tmp_path: Path) -> None:
    done = settings_with(
        tmp_path, BROADSHEET_REDIS_URL="redis://10.0.0.5:6379/2", BROADSHEET_SECRET_KEY="k" * 50
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://10.0.0.5:6379/2",
        "django.contrib.sessions.backends.cached_db",
    ]


@pytest.mark.parametrize("value", ["10.0.0.5:6379", "http://cache:6379/0", "memcached://x"])
def test_a_malformed_redis_url_stops_start_up_naming_the_variable(
    tmp_path: Path, value: str
) -> None:
    done = settings_with(tmp_path, BROADSHEET_REDIS_URL=value, BROADSHEET_SECRET_KEY="k" * 50)
    assert done.returncode != 0
    assert "BROADSHEET_REDIS_URL" in done.stderr and "is not a Redis URL" in done.stderr


def test_several_servers_need_one_secret_key(tmp_path: Path) -> None:
    done = settings_with(tmp_path, BROADSHEET_REDIS_URL="redis://cache:6379/0")
    assert done.returncode != 0
    assert "set BROADSHEET_SECRET_KEY too" in done.stderr
