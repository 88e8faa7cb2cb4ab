"""The `broadsheet` command. Thin: each subcommand is a Django management command, except
`analyze` (pure, no database) and `serve` (a production WSGI server)."""

from __future__ import annotations

import os
import sys

USAGE = """usage: broadsheet COMMAND [options]

commands:
  serve [--host H] [--port P]        prepare the database and serve the site
  demo [--days N] [--no-serve]       build the sample newspapers and serve them
  ingest --publication SLUG --date YYYY-MM-DD [--edition N] [--manifest FILE] [--publish]
         [--replace] [--reanalyse] PDF...
  analyze FILE.pdf [--pages 1,3-5]   print the page analysis as JSON (no database needed)
  import-epaper SITE_DIR --publication SLUG [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--publish]
         [--dry-run] [--report FILE]   import an old e-paper site's archive (docs/import.md)
  import-mets PATH --publication SLUG [--publish] [--articles analyse|none] [--report FILE]
                                     import METS/ALTO issues, NDNP batches (docs/library.md)
  export-mets --publication SLUG (--date YYYY-MM-DD [--edition N] | --from YYYY-MM-DD
         --to YYYY-MM-DD) [--bag] OUTDIR   METS/ALTO for libraries (docs/library.md)
  export-static --publication SLUG [--since YYYY-MM-DD] OUTDIR
                                     a static edition for any web server (docs/static.md)
  publication add SLUG --name NAME --language zh-hans|en
  publication list
  reindex [--from-scratch]           rebuild the search index
  search-snapshot [--keep N]         pack this server's search index for new servers (docs/search.md)
  ocr [--publication SLUG] [--from D] [--to D] [--force]
                                     recognise the text of scanned pages already published (docs/ocr.md)
  repair [--check]                   check files, runs and states against the database; fix them
  backup DEST                        back up the database and the files into a new folder
  restore SRC [--force]              verify a backup and restore it (docs/operations.md)
  migrate, createsuperuser, …        any Django management command
"""


HYPHENATED = {"import-epaper", "import-mets", "export-mets", "search-snapshot"}


def _django(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["broadsheet", *argv])
    return 0


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return 0
    command, rest = args[0], args[1:]
    if command == "analyze":
        from broadsheet.layout.cli import main as analyze_main

        return analyze_main(rest)
    if command == "serve":
        from broadsheet.server import serve

        return serve(rest)
    if command in HYPHENATED:  # import-epaper → Django's import_epaper, and so on
        args = [command.replace("-", "_"), *rest]
    return _django(args)


if __name__ == "__main__":
    sys.exit(main())
