"""In Chromium: a subscriber reads a restricted issue whose page images are signed S3 URLs
(the redirect after the access check, allowed by the Content-Security-Policy)."""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from broadsheet.access.models import AccessPolicy, Subscription
from tests.conftest import ISSUE_DATE
from tests.factories import ingest_first_page
from tests.storage.conftest import Bucket

DAY = ISSUE_DATE.isoformat()


@pytest.mark.browser
def test_a_subscriber_sees_restricted_page_images_through_signed_urls(
    live_server: Any, transactional_db: Any, tabs: Any, client: Any, bucket: Bucket, publication: Any,
    page_pdfs: list[Path], manifest_for: Any, settings: Any, tmp_path: Path,
) -> None:  # fmt: skip
    # What settings.py does when BROADSHEET_S3_BUCKET is set (this bucket may be the tests').
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    if bucket.config.origin() not in policy["DIRECTIVES"]["img-src"]:
        policy["DIRECTIVES"]["img-src"].append(bucket.config.origin())
    settings.CONTENT_SECURITY_POLICY = policy
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    ingest_first_page(page_pdfs, manifest_for)
    AccessPolicy.objects.create(publication=publication, level="subscribers")
    user = get_user_model().objects.create_user("sub", "sub@example.org", "pw-x9!long")
    Subscription.objects.create(user=user, publication=publication)

    client.force_login(user)
    page = tabs.open()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    fetched: list[tuple[str, int]] = []
    page.on("response", lambda r: fetched.append((r.url, r.status)))
    page.goto(f"{live_server.url}/jcrb/{DAY}/A01/")
    page.wait_for_load_state("networkidle")
    images = page.eval_on_selector_all(
        "img[src]", "els => els.map(e => [e.currentSrc, e.complete && e.naturalWidth > 0])"
    )
    assert images and all(shown for _src, shown in images), images
    # Each image answered with a redirect after the access check, then came from the bucket.
    redirects = [url for url, status in fetched if status == 302 and "/jcrb/" in url]
    from_s3 = [
        url for url, status in fetched if status == 200 and url.startswith(bucket.config.origin())
    ]
    assert redirects and from_s3, fetched
    assert all("X-Amz-Signature=" in url for url in from_s3)
    shots = os.environ.get("BROADSHEET_SCREENSHOTS")
    if shots:
        page.screenshot(path=str(Path(shots) / "s3-restricted-page.png"), full_page=False)
