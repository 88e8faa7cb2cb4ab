"""The sign-in throttle's client address behind trusted proxies (BROADSHEET_TRUSTED_PROXIES)."""

from __future__ import annotations

import ipaddress

import pytest
from django.test import RequestFactory

from broadsheet.desk.accounts import client_address


@pytest.fixture
def proxies(settings):
    settings.TRUSTED_PROXIES = [
        ipaddress.ip_network("127.0.0.1"),
        ipaddress.ip_network("10.0.0.0/8"),
    ]


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/desk/login/", **extra)


def test_without_trusted_proxies_the_peer_is_the_client(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(_request("127.0.0.1", "203.0.113.9")) == "127.0.0.1"


def test_behind_a_trusted_proxy_the_forwarded_client_counts(proxies):
    assert client_address(_request("127.0.0.1", "203.0.113.9")) == "203.0.113.9"
    # Two trusted hops: the first untrusted address from the right.
    assert client_address(_request("127.0.0.1", "198.51.100.7, 10.1.2.3")) == "198.51.100.7"


def test_a_forged_header_does_not_hide_the_real_client(proxies):
    # The client sent "X-Forwarded-For: 192.0.2.1"; nginx appended the real address.
    assert client_address(_request("127.0.0.1", "192.0.2.1, 203.0.113.9")) == "203.0.113.9"
    # Straight from an untrusted peer, the header is ignored.
    assert client_address(_request("203.0.113.9", "192.0.2.1")) == "203.0.113.9"


def test_a_trusted_proxy_without_the_header_is_itself_the_address(proxies):
    assert client_address(_request("127.0.0.1")) == "127.0.0.1"
    assert client_address(_request("127.0.0.1", " , ")) == "127.0.0.1"


def test_a_malformed_setting_names_the_variable(monkeypatch):
    import subprocess
    import sys

    monkeypatch.setenv("BROADSHEET_TRUSTED_PROXIES", "not-an-address")
    run = subprocess.run(
        [sys.executable, "-c", "import broadsheet.settings"], capture_output=True, text=True
    )
    assert run.returncode != 0
    assert "BROADSHEET_TRUSTED_PROXIES" in run.stderr
