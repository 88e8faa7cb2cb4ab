"""HTTP done right: HEAD, Range, 405, branded error pages, production settings, headers.

The server-level checks run through a real gunicorn (`broadsheet serve`), because Django's
test client strips HEAD bodies and never sees gunicorn's own limits.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.conftest import ISSUE_DATE
from tests.scaleout.deployment import free_port
from tests.shared_db import shared_database

DAY = ISSUE_DATE.isoformat()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/jcrb/0000/", "/jcrb/9999/", "/jcrb/0001/01/", "/jcrb/9999/12/"])
def test_impossible_years_are_a_branded_404(client, issues, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    html = response.content.decode()
    assert "There is no page at this address" in html
    assert 'href="/jcrb/"' in html  # a way back to the publication
    assert "江城日报" in html


@pytest.mark.django_db
def test_calendars_at_the_edges_of_time_have_no_links_past_them(client, issues):
    assert client.get("/jcrb/9998/12/").status_code == 200
    assert "/jcrb/9999/01/" not in client.get("/jcrb/9998/12/").content.decode()
    assert client.get("/jcrb/1000/01/").status_code == 200


@pytest.mark.django_db
def test_404_in_chinese_by_default(client, issues):
    response = client.get("/jcrb/2026-11-27/Z99/")
    assert response.status_code == 404
    assert "此地址没有页面" in response.content.decode()


@pytest.mark.django_db
def test_methods_a_route_does_not_take_get_405(issues):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)  # as a real browser meets it: CSRF is checked
    for path in (
        f"/jcrb/{DAY}/",
        f"/jcrb/{DAY}/A01/",
        f"/jcrb/{DAY}/A01.pdf",
        "/jcrb/2026/",
        "/search/",
    ):
        for method in (client.post, client.put, client.delete, client.patch):
            response = method(path)
            assert response.status_code == 405, (path, method)
            assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}
    assert client.head(f"/jcrb/{DAY}/A01/").status_code == 200


@pytest.mark.django_db
def test_signed_in_user_without_a_desk_role_gets_a_way_out(client, issues):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("reader1", password="pw-x9!long")
    client.force_login(user)
    response = client.get("/desk/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    html = response.content.decode()
    assert "no role on the editing desk" in html
    assert 'action="/accounts/logout/"' in html and "csrfmiddlewaretoken" in html


@pytest.mark.django_db
def test_500_page_needs_no_database(rf, django_assert_num_queries):
    from broadsheet.errors import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Broadsheet" in response.content.decode()


@pytest.mark.django_db
def test_range_requests_on_pdfs_and_images(client, issues):
    url = f"/jcrb/{DAY}/A01.pdf"
    whole = client.get(url)
    body = b"".join(whole.streaming_content)
    assert whole["Accept-Ranges"] == "bytes"
    part = client.get(url, HTTP_RANGE="bytes=0-99")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 0-99/{len(body)}"
    assert b"".join(part.streaming_content) == body[:100]
    tail = client.get(url, HTTP_RANGE="bytes=-50")
    assert tail.status_code == 206 and b"".join(tail.streaming_content) == body[-50:]
    beyond = client.get(url, HTTP_RANGE=f"bytes={len(body)}-")
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{len(body)}"
    # A part of an older version: the whole file instead.
    stale = client.get(url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"old-etag"')
    assert stale.status_code == 200
    fresh = client.get(url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=whole["ETag"])
    assert fresh.status_code == 206
    several = client.get(url, HTTP_RANGE="bytes=0-9,20-29")
    assert several.status_code == 200
    image = client.get(f"/jcrb/{DAY}/A01.jpg", HTTP_RANGE="bytes=0-2")
    assert image.status_code == 206 and b"".join(image.streaming_content) == b"\xff\xd8\xff"


@pytest.mark.django_db
def test_etags_name_no_storage_paths(client, issues):
    for url in (f"/jcrb/{DAY}/A01.pdf", f"/jcrb/{DAY}/A01.jpg", f"/jcrb/{DAY}/A01/"):
        etag = client.get(url)["ETag"]
        assert "/" not in etag.strip('"') and "issues" not in etag and len(etag) <= 40


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_scripts(client, issues):
    csp = client.get(f"/jcrb/{DAY}/A01/")["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert client.get(f"/jcrb/{DAY}/A01.pdf")["Content-Security-Policy"] == "sandbox"


PRODUCTION = {
    "DEBUG": False,
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SECURE_SSL_REDIRECT": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "LANGUAGE_COOKIE_SECURE": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
}


def test_settings_follow_the_environment(tmp_path):
    """BROADSHEET_HTTPS and BROADSHEET_PROXY_SSL_HEADER give exactly the production values."""
    env = {
        **os.environ,
        "BROADSHEET_DATA_DIR": str(tmp_path / "d"),
        "BROADSHEET_HTTPS": "1",
        "BROADSHEET_PROXY_SSL_HEADER": "X-Forwarded-Proto",
        "DJANGO_SETTINGS_MODULE": "broadsheet.settings",
    }
    names = ", ".join(f"'{k}': s.{k}" for k in PRODUCTION)
    code = (
        f"import django; django.setup(); from django.conf import settings as s; print({{{names}}})"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert eval(out.stdout) == PRODUCTION  # noqa: S307 - our own subprocess's repr


@pytest.mark.django_db
def test_check_deploy_is_clean_with_the_production_settings(capsys):
    with override_settings(
        **PRODUCTION,
        SECRET_KEY="x" * 20 + "a-long-random-production-key-0123456789",
        ALLOWED_HOSTS=["news.example.org"],
    ):
        call_command("check", deploy=True, fail_level="WARNING")
    assert "no issues" in capsys.readouterr().out


def test_secret_key_file_is_private_and_made_once(tmp_path):
    from broadsheet.secret import data_dir_key

    path = tmp_path / "data" / "secret.key"
    key = data_dir_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert data_dir_key(path) == key and len(key) >= 50
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".secret-")]


# Through a real server -------------------------------------------------------------------


@pytest.fixture
def server(issues, tmp_path, data_dir) -> Iterator[str]:
    with shared_database(tmp_path) as url:
        port = free_port()
        env = {**os.environ, "DATABASE_URL": url, "BROADSHEET_DATA_DIR": str(data_dir)}
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "broadsheet.cli",
                "serve",  # prepares: collects the static files the pages need
                "--port",
                str(port),
                "--workers",
                "1",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(base + "/", timeout=2).close()
                    break
                except OSError:
                    assert proc.poll() is None and time.monotonic() < deadline
                    time.sleep(0.2)
            yield base
        finally:
            proc.terminate()
            proc.wait(20)


def fetch(url: str, method: str = "GET", **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


@pytest.mark.django_db(transaction=True)
def test_through_gunicorn_head_range_and_a_very_long_query(server):
    status, headers, body = fetch(f"{server}/jcrb/{DAY}/A01/", "HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0
    status, headers, body = fetch(f"{server}/jcrb/{DAY}/A01.pdf", "HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 1000
    status, headers, body = fetch(f"{server}/jcrb/{DAY}/A01.pdf", Range="bytes=0-4")
    assert status == 206 and body == b"%PDF-" and headers["Content-Range"].startswith("bytes 0-4/")
    query = urllib.parse.urlencode({"q": "党" * 5000})
    status, headers, body = fetch(f"{server}/search/?{query}", **{"Accept-Language": "en"})
    assert status == 400
    assert "too long" in body.decode() and "<html" in body.decode()
    status, _, body = fetch(f"{server}/jcrb/{DAY}/A01/", "PUT")
    assert status == 405
