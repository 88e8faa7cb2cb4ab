"""Signals of the ingest, sent inside the transaction that stores a run."""

from django.dispatch import Signal

# A run rewrote or retired these articles of `issue` (numbers) and replaced or removed these
# pages (page_ids): what the desk had recorded about them (undo snapshots) is out of date.
articles_rewritten = Signal()
