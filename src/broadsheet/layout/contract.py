"""The vocabulary of the analysis JSON contract (page-analysis.md), defined once.

The analyser writes it, the ingest manifest accepts it, the metrics score it and the sample
generator's tests check their ground truth against it.
"""

from __future__ import annotations

# Roles of the blocks of an article.
ROLES = frozenset(
    {"kicker", "headline", "subheadline", "byline", "body", "subhead", "photo", "caption", "jump"}
)
# Kinds of article.
KINDS = frozenset({"news", "picture", "brief", "advert"})
# The text fields of an article.
TEXT_FIELDS = ("kicker", "headline", "subheadline", "byline", "text")
