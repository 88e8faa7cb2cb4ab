"""What lets `make test` run the suite in parallel (pytest-xdist): each worker's own ports, and
the tests kept together on one worker (tests/conftest.py)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests import conftest
from tests.conftest import shared_setup_modules, xdist_scope
from tests.scaleout.deployment import PORT_BLOCK, free_port

ROOT = Path(__file__).resolve().parents[2]


# Blocks no real worker of a two-to-twenty-worker run uses, so this test takes nobody's ports.
@pytest.mark.parametrize("worker", ["gw29", "gw30"])
def test_a_worker_takes_distinct_bindable_ports_from_its_own_block(
    worker: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTEST_XDIST_WORKER", worker)
    first = 20000 + int(worker[2:]) * PORT_BLOCK
    taken = [free_port() for _ in range(5)]
    assert all(first <= port < first + PORT_BLOCK for port in taken)
    assert len(set(taken)) == 5
    for port in taken:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port))
    with socket.socket() as held:  # the next port of the block is in use: passed over
        busy = max(taken) + 1
        held.bind(("127.0.0.1", busy))
        held.listen()
        assert free_port() == busy + 1


def test_outside_xdist_the_kernel_picks_the_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    port = free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))
    assert port >= 1024


def test_modules_with_shared_setup_stay_together_and_the_rest_spread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    modules = shared_setup_modules(ROOT)
    assert {"tests/ops/test_backup.py", "tests/ocr/test_engine.py"} <= modules
    assert "tests/ingest/test_bad_input.py" not in modules  # function-scoped fixtures only
    backup = "tests/ops/test_backup.py::test_restore_over_a_database_in_use_needs_force"
    assert xdist_scope(backup, modules) == "tests/ops/test_backup.py"
    serial = "tests/ingest/test_bad_input.py::test_bad_pdf_is_refused_and_nothing_changes"
    monkeypatch.setattr(conftest, "SERIAL_TESTS", {serial})
    assert xdist_scope(serial + "[zero-pages]", modules) == serial
    alone = "tests/ingest/test_bad_input.py::test_command_reports_the_error"
    assert xdist_scope(alone, modules) == alone
    assert xdist_scope(alone + "@pdf", modules) == "pdf"  # an xdist_group marker's group
