"""Rebuild the search index from the database, issue by issue, resumably.

Progress is recorded after every batch of issues (in ``ReindexRun``), so an interrupted run
continues where it stopped; ``--from-scratch`` empties the index and starts over.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from broadsheet.newspaper.models import Article, Issue
from broadsheet.search.backends import get_backend
from broadsheet.search.backends.replicated import ReplicatedBackend
from broadsheet.search.documents import index_doc
from broadsheet.search.models import ReindexRun


class Command(BaseCommand):
    help = "Rebuild the search index of every published issue; re-running continues."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--from-scratch", action="store_true", help="empty the index and start over"
        )
        parser.add_argument("--batch", type=int, default=50, help="issues per commit (default 50)")

    def handle(self, *args: Any, from_scratch: bool = False, batch: int = 50, **opts: Any) -> None:
        backend = get_backend()
        if isinstance(backend, ReplicatedBackend):
            self._replica(backend, from_scratch, batch)
            return
        run = ReindexRun.objects.filter(backend=backend.name).first()
        if from_scratch or run is None or run.finished_at is not None:
            if from_scratch:
                backend.clear()
                self.stdout.write("emptied the index")
            run, _ = ReindexRun.objects.update_or_create(
                backend=backend.name,
                defaults={
                    "last_issue_id": 0,
                    "issues_done": 0,
                    "articles_done": 0,
                    "started_at": timezone.now(),
                    "finished_at": None,
                },
            )
        else:
            self.stdout.write(
                f"continuing after issue {run.last_issue_id} ({run.issues_done} issues done)"
            )
        todo = Issue.objects.filter(pk__gt=run.last_issue_id).order_by("pk")
        total = todo.count()
        t0 = time.monotonic()
        done = 0
        while True:
            issues = list(
                Issue.objects.select_related("publication")
                .filter(pk__gt=run.last_issue_id)
                .order_by("pk")[: max(1, batch)]
            )
            if not issues:
                break
            articles = 0
            with backend.bulk() as replace:
                for issue in issues:
                    if issue.status == Issue.Status.PUBLISHED:
                        docs = []
                        for a in Article.objects.filter(issue=issue).select_related("page"):
                            a.issue = issue
                            docs.append(index_doc(a))
                        replace(issue.pk, docs)
                        articles += len(docs)
                    else:
                        replace(issue.pk, [])
            run.last_issue_id = issues[-1].pk
            run.issues_done += len(issues)
            run.articles_done += articles
            run.save(update_fields=["last_issue_id", "issues_done", "articles_done"])
            done += len(issues)
            self.stdout.write(
                f"{done}/{total} issues, {run.articles_done} articles indexed"
                f" ({time.monotonic() - t0:.1f} s)"
            )
        run.finished_at = timezone.now()
        run.save(update_fields=["finished_at"])
        self.stdout.write(
            self.style.SUCCESS(
                f"reindexed {run.issues_done} issues, {run.articles_done} articles"
                f" with {backend.name}"
            )
        )

    def _replica(self, backend: ReplicatedBackend, from_scratch: bool, batch: int) -> None:
        """This server's replica: from the newest snapshot plus the log, else from the database."""
        replica = backend.replica
        t0 = time.monotonic()
        if not from_scratch and replica.restore():
            self.stdout.write(
                self.style.SUCCESS(
                    f"restored the newest snapshot and applied the log after it: "
                    f"{replica.articles_indexed} articles indexed ({time.monotonic() - t0:.1f} s)"
                )
            )
            return
        n = replica.rebuild(batch=batch)
        self.stdout.write(
            self.style.SUCCESS(
                f"indexed {n} articles from the database ({time.monotonic() - t0:.1f} s)"
            )
        )
