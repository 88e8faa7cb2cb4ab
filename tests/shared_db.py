"""One database for the test and the processes it starts (workers, a real server)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper


@contextmanager
def shared_database(tmp_path: Path) -> Iterator[str]:
    """A database URL that this process and its subprocesses share, as in production.

    PostgreSQL: the test database itself. SQLite: the in-memory test database is copied to a
    WAL file, and this process's connection moves there too (a second handle keeps the
    in-memory database alive for the test run's teardown)."""
    if connection.vendor != "sqlite":
        s = connection.settings_dict
        user, host, port = s.get("USER") or "postgres", s.get("HOST") or "127.0.0.1", s.get("PORT")
        yield f"postgresql://{user}@{host}:{port or 5432}/{s['NAME']}"
        return
    path = tmp_path / "shared.sqlite3"
    memory = connection.settings_dict["NAME"]
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    assert target.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
    target.close()
    keeper = sqlite3.connect(memory, uri=True)
    # Django never closes an in-memory SQLite connection (that would drop the database);
    # the keeper holds it, so close this one for real and reconnect to the file.
    BaseDatabaseWrapper.close(connection)
    connections.settings["default"]["NAME"] = str(path)
    connection.settings_dict["NAME"] = str(path)
    try:
        yield f"sqlite:///{path}"
    finally:
        BaseDatabaseWrapper.close(connection)
        connections.settings["default"]["NAME"] = memory
        connection.settings_dict["NAME"] = memory
        connection.ensure_connection()  # back on the in-memory database before the keeper goes
        keeper.close()
