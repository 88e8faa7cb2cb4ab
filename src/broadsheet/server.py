"""`broadsheet serve`: migrate, collect static files, then run gunicorn in the foreground."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from broadsheet.env import env_bool, env_int, env_str


def prepare() -> None:
    """Bring the database schema and the static files up to date (idempotent, quick), and
    start rebuilding the search index in the background if it is empty but should not be."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from broadsheet.search.api import index_needs_rebuild

    if index_needs_rebuild():
        print(
            "The search index is empty but published articles exist (a new index version?):"
            " rebuilding it in the background with `broadsheet reindex`.",
            flush=True,
        )
        subprocess.Popen([sys.executable, "-m", "broadsheet.cli", "reindex"])


def serve(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="broadsheet serve")
    parser.add_argument("--host", default=env_str("BROADSHEET_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=env_int("BROADSHEET_PORT", 8000, minimum=1))
    parser.add_argument(
        "--workers", type=int, default=env_int("BROADSHEET_WEB_WORKERS", 3, minimum=1)
    )
    parser.add_argument("--no-prepare", action="store_true", help="skip migrate/collectstatic")
    parser.add_argument(
        "--with-worker",
        action="store_true",
        help="also start the background worker (desk uploads, scheduled publishing)",
    )
    options = parser.parse_args(argv)
    if not options.no_prepare:
        prepare()
    gunicorn = [
        sys.executable,
        "-m",
        "gunicorn",
        "broadsheet.wsgi:application",
        "--bind",
        f"{options.host}:{options.port}",
        "--workers",
        str(options.workers),
        "--access-logfile",
        "-" if env_bool("BROADSHEET_ACCESS_LOG", False) else "/dev/null",
        "--timeout",
        "120",
        # No limit of gunicorn's own on the request line: a long search query gets Django's
        # answer (a clear 400), not gunicorn's bare "Request Line is too large" page.
        "--limit-request-line",
        "0",
    ]
    print(f"Broadsheet is serving at http://{options.host}:{options.port}/", flush=True)
    if options.with_worker:
        from broadsheet.supervisor import supervise

        return supervise(gunicorn, [sys.executable, "-m", "broadsheet.cli", "db_worker"])
    os.execvp(sys.executable, gunicorn)
    return 0  # not reached
