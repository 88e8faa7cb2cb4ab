"""Reading old e-paper sites (pure: no Django).

A legacy e-paper archive is a local mirror of static HTML pages, page images with image maps of
the article zones, page PDFs and article pages, in one of a few generations of one vendor's
system (docs/import.md). This package finds the issues in such a mirror and reads each one into
plain data (`LegacyIssue`); `broadsheet.ingest.legacy` turns that into an ingest manifest and
runs the one ingest pipeline.
"""
