"""Staging folders: where a run copies the files it received before validating them.

Each run makes `DATA_DIR/staging/<random>/` with an `owner.json` naming its process, and
removes the folder when it ends. A run killed with `kill -9` cannot; the next run, every
worker at start and `broadsheet repair` remove folders whose process is gone (or that are
older than a day, for folders from another machine).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import time
import uuid
from pathlib import Path

from django.conf import settings

MAX_AGE_SECONDS = 86400


def root() -> Path:
    return Path(settings.DATA_DIR) / "staging"


def make_staging() -> Path:
    folder = root() / uuid.uuid4().hex
    folder.mkdir(parents=True)
    owner = {"pid": os.getpid(), "host": socket.gethostname(), "started": time.time()}
    (folder / "owner.json").write_text(json.dumps(owner), encoding="utf-8")
    return folder


def pid_alive(pid: int) -> bool:
    """Is a process of this id running on this machine?"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _is_stale(folder: Path, max_age_seconds: float) -> bool:
    try:
        owner = json.loads((folder / "owner.json").read_text(encoding="utf-8"))
        pid, host = int(owner["pid"]), str(owner["host"])
    except (OSError, ValueError, KeyError, TypeError):
        owner, pid, host = None, 0, ""
    try:
        age = time.time() - folder.stat().st_mtime
    except OSError:
        return False
    if owner is not None and host == socket.gethostname():
        return not pid_alive(pid)
    # No owner file (a folder of an older version) or another machine's: by its age.
    return age > max_age_seconds


def stale_staging(max_age_seconds: float = MAX_AGE_SECONDS) -> list[Path]:
    """Staging folders of runs that are gone."""
    if not root().is_dir():
        return []
    return [f for f in sorted(root().iterdir()) if f.is_dir() and _is_stale(f, max_age_seconds)]


def clean_stale_staging(max_age_seconds: float = MAX_AGE_SECONDS) -> list[Path]:
    """Remove the staging folders of runs that are gone; returns what was removed."""
    removed = []
    for folder in stale_staging(max_age_seconds):
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            removed.append(folder)
    return removed
