"""The BROADSHEET_S3_* settings: defaults, and a malformed value stops start-up naming it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from broadsheet.env import ConfigError
from broadsheet.storage import (
    LOCAL_BACKEND,
    S3_BACKEND,
    default_storage_setting,
    s3_config,
    s3_options,
)


def test_no_bucket_means_local_disk(tmp_path: Path) -> None:
    assert s3_config({}) is None
    assert s3_config({"BROADSHEET_S3_REGION": "eu-west-1"}) is None
    setting = default_storage_setting(tmp_path, None)
    assert setting == {"BACKEND": LOCAL_BACKEND, "OPTIONS": {"location": str(tmp_path / "files")}}


def test_defaults_and_every_variable(tmp_path: Path) -> None:
    plain = s3_config({"BROADSHEET_S3_BUCKET": "paper-files"})
    assert plain is not None
    assert (plain.endpoint_url, plain.region, plain.prefix, plain.signed_url_seconds) == (
        None,
        "us-east-1",
        "",
        300,
    )
    assert plain.origin() == "https://paper-files.s3.us-east-1.amazonaws.com"
    dotted = s3_config({"BROADSHEET_S3_BUCKET": "paper.files", "BROADSHEET_S3_REGION": "eu-west-1"})
    assert dotted is not None and dotted.origin() == "https://s3.eu-west-1.amazonaws.com"
    full = s3_config(
        {
            "BROADSHEET_S3_BUCKET": "paper-files",
            "BROADSHEET_S3_ENDPOINT_URL": "http://127.0.0.1:9000/",
            "BROADSHEET_S3_REGION": "cn-north-1",
            "BROADSHEET_S3_PREFIX": "/broadsheet/prod/",
            "BROADSHEET_S3_SIGNED_URL_SECONDS": "60",
        }
    )
    assert full is not None
    assert full.endpoint_url == "http://127.0.0.1:9000" and full.origin() == full.endpoint_url
    assert (full.region, full.prefix, full.signed_url_seconds) == (
        "cn-north-1",
        "broadsheet/prod",
        60,
    )
    options = default_storage_setting(tmp_path, full)
    assert options["BACKEND"] == S3_BACKEND
    assert options["OPTIONS"] == {
        "bucket_name": "paper-files",
        "endpoint_url": "http://127.0.0.1:9000",
        "addressing_style": "path",
        "region_name": "cn-north-1",
        "location": "broadsheet/prod",
        "querystring_expire": 60,
    }


@pytest.mark.parametrize("bucket", ["paper-files", "paper.files"])
@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1"])
def test_signed_urls_on_amazon_s3_use_the_host_the_csp_allows(
    bucket: str, region: str, settings: Any
) -> None:
    """Made offline (signing needs no network): every signed URL's host is `origin()`."""
    from broadsheet.storage.s3 import BroadsheetS3Storage

    config = s3_config({"BROADSHEET_S3_BUCKET": bucket, "BROADSHEET_S3_REGION": region})
    assert config is not None
    storage = BroadsheetS3Storage(**s3_options(config), access_key="k", secret_key="s")
    url = storage.signed_url(
        "issues/a.pdf", filename="a.pdf", content_type="application/pdf", attachment=False,
        seconds=60,
    )  # fmt: skip
    assert url.startswith(config.origin() + "/"), (url, config.origin())


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BROADSHEET_S3_BUCKET", "Paper_Files"),
        ("BROADSHEET_S3_BUCKET", "ab"),
        ("BROADSHEET_S3_ENDPOINT_URL", "127.0.0.1:9000"),
        ("BROADSHEET_S3_ENDPOINT_URL", "ftp://s3.example.com"),
        ("BROADSHEET_S3_ENDPOINT_URL", "http://s3.example.com:port"),
        ("BROADSHEET_S3_REGION", "us east 1"),
        ("BROADSHEET_S3_PREFIX", "a/../b"),
        ("BROADSHEET_S3_PREFIX", "files\\old"),
        ("BROADSHEET_S3_SIGNED_URL_SECONDS", "five"),
        ("BROADSHEET_S3_SIGNED_URL_SECONDS", "0"),
        ("BROADSHEET_S3_SIGNED_URL_SECONDS", "604801"),
    ],
)
def test_a_malformed_value_names_its_variable(name: str, value: str) -> None:
    env = {"BROADSHEET_S3_BUCKET": "paper-files", name: value}
    with pytest.raises(ConfigError, match=name):
        s3_config(env)


def test_start_up_stops_on_a_malformed_setting(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "BROADSHEET_DATA_DIR": str(tmp_path / "d"),
        "BROADSHEET_S3_BUCKET": "paper-files",
        "BROADSHEET_S3_SIGNED_URL_SECONDS": "soon",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-m", "broadsheet.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "BROADSHEET_S3_SIGNED_URL_SECONDS='soon' is not a whole number" in done.stderr
