"""A real S3-compatible server for these tests: the one `make test-s3` started (its settings
are in the environment), else a private one started here with scripts/test-s3.sh and stopped
at the end. Each test gets a key prefix of its own in the bucket."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from broadsheet.storage import S3_BACKEND, S3Config, s3_config, s3_options

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "test-s3.sh"


@dataclass
class Bucket:
    config: S3Config
    prefix: str
    client: Any
    credentials: dict[str, str]

    def names(self) -> list[str]:
        found = self.client.list_objects_v2(Bucket=self.config.bucket, Prefix=self.prefix + "/")
        return sorted(o["Key"][len(self.prefix) + 1 :] for o in found.get("Contents", []))

    def get(self, name: str | None) -> bytes:
        assert name
        got = self.client.get_object(Bucket=self.config.bucket, Key=f"{self.prefix}/{name}")
        return bytes(got["Body"].read())


@dataclass
class Server:
    config: S3Config
    credentials: dict[str, str]  # AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Never changes this process's environment: other tests (and the servers they start)
    must keep their own storage."""
    keys = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
    config = s3_config()
    if config is not None:
        yield Server(config, {k: os.environ[k] for k in keys if k in os.environ})
        return
    state = tmp_path_factory.mktemp("s3-server")
    env = {**os.environ, "BROADSHEET_TEST_S3_DIR": str(state)}
    done = subprocess.run(
        [str(SCRIPT), "start"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    values = dict(line.split("=", 1) for line in done.stdout.split())
    config = s3_config(values)
    assert config is not None
    try:
        yield Server(config, {k: values[k] for k in keys})
    finally:
        subprocess.run([str(SCRIPT), "stop"], env=env, timeout=30, check=False)


@pytest.fixture
def bucket(s3_server: Server, settings: Any, data_dir: Path) -> Bucket:
    """The default storage on S3 under a fresh prefix; signed URLs live 60 seconds."""
    import boto3

    config = s3_server.config
    prefix = "/".join(p for p in (config.prefix, f"st-{uuid.uuid4().hex[:12]}") if p)
    options = s3_options(config, prefix=prefix)
    options["access_key"] = s3_server.credentials.get("AWS_ACCESS_KEY_ID")
    options["secret_key"] = s3_server.credentials.get("AWS_SECRET_ACCESS_KEY")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": S3_BACKEND, "OPTIONS": options},
    }
    settings.BROADSHEET_S3_SIGNED_URL_SECONDS = 60
    client = boto3.client(
        "s3",
        endpoint_url=config.endpoint_url,
        region_name=config.region,
        aws_access_key_id=options["access_key"],
        aws_secret_access_key=options["secret_key"],
    )
    return Bucket(config, prefix, client, s3_server.credentials)
