"""Pack this server's replicated search index into the default storage, for new servers.

Keeps the newest ``--keep`` snapshots and deletes the change-log rows every kept snapshot
already covers (docs/search.md, "Scale-out").
"""

from __future__ import annotations

import time
from typing import Any

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser

from broadsheet.search import changelog
from broadsheet.search.backends import get_backend
from broadsheet.search.backends.replicated import ReplicatedBackend
from broadsheet.search.models import SearchSnapshot


class Command(BaseCommand):
    help = "Snapshot the replicated search index for new app servers, and prune the change log."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--keep", type=int, default=2, help="snapshots to keep (default 2, at least 1)"
        )

    def handle(self, *args: Any, keep: int = 2, **opts: Any) -> None:
        backend = get_backend()
        if not isinstance(backend, ReplicatedBackend):
            raise CommandError(
                "search_snapshot needs BROADSHEET_SEARCH_BACKEND=replicated"
                f" (this server uses {backend.name})"
            )
        t0 = time.monotonic()
        try:
            name, seq, articles = backend.replica.snapshot()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"snapshot {name}: {articles} articles, log up to {seq} ({time.monotonic() - t0:.1f} s)"
        )
        kept = list(SearchSnapshot.objects.all()[: max(1, keep)])
        for old in SearchSnapshot.objects.exclude(pk__in=[s.pk for s in kept]):
            default_storage.delete(old.name)
            old.delete()
            self.stdout.write(f"deleted snapshot {old.name}")
        below = min(min([s.seq + 1, *s.holes]) for s in kept)
        pruned = changelog.prune(below)
        self.stdout.write(self.style.SUCCESS(f"pruned {pruned} change-log rows below {below}"))
