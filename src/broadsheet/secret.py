"""The per-data-directory secret key: made once, readable by its owner only, never half-written."""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path


def data_dir_key(path: Path) -> str:
    """The key in `path`, made on first use: written to a private temporary file (mode 0600
    from the start) and linked into place, so no other user can ever read it and two
    processes starting at once agree on one key."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    key = secrets.token_urlsafe(50)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".secret-")  # mode 0600
        try:
            with os.fdopen(fd, "w") as fh:
                fh.write(key)
            os.link(tmp, path)
        except FileExistsError:
            return path.read_text().strip()
        finally:
            os.unlink(tmp)
    except OSError:
        return key  # a read-only data folder: a key for this process only
    return key
