"""What a PDF may say itself about its articles: tags and article threads.

Both are hints. A tagged PDF (InDesign with "Create Tagged PDF", Chromium's print with tags,
Word) wraps the marked content of each story in a structure element (``Art``, ``Aside``, or an
InDesign ``Story``/``Article`` tag); an article thread (InDesign's "Articles" panel, Acrobat's
article tool) chains rectangles, "beads", across a page and on to later pages. Most newspaper
PDFs carry neither, and a typesetter's tags can be wrong, so the analyser only uses them to
settle what its own rules leave open (docs/page-analysis.md).

Reading is bounded: at most ``MAX_ELEMENTS`` structure elements a page and ``MAX_BEADS`` beads a
document, walked iteratively, so a hostile file cannot make either loop run away.
"""

from __future__ import annotations

import ctypes
import logging
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from broadsheet.pdf.extract import Rect

log = logging.getLogger(__name__)

# Structure types that hold one story. Tags from InDesign keep their own names unless the
# typesetter maps them ("Story", "Article"); the standard ones are Art and Aside (a sidebar).
STORY_TYPES = frozenset({"Art", "Aside", "Article", "Story"})
MAX_ELEMENTS = 20_000
MAX_DEPTH = 64
MAX_BEADS = 5_000


def _type_of(element: object, buf: ctypes.Array) -> str:  # type: ignore[type-arg]
    length = pdfium_c.FPDF_StructElement_GetType(element, buf, len(buf))
    if length <= 0 or length > len(buf):
        return ""
    return buf.raw[: max(0, length - 2)].decode("utf-16-le", "replace")


def story_tags(page: pdfium.PdfPage) -> dict[int, int]:
    """Marked-content ID → story number (1, 2, … in the order of the structure tree) for the
    text inside a story element of this page's structure tree; empty when the PDF is untagged."""
    tree = pdfium_c.FPDF_StructTree_GetForPage(page.raw)
    if not tree:
        return {}
    out: dict[int, int] = {}
    buf = ctypes.create_string_buffer(128)
    try:
        # (element, story number of the nearest story element above it, depth)
        stack = [
            (pdfium_c.FPDF_StructTree_GetChildAtIndex(tree, i), 0, 0)
            for i in range(pdfium_c.FPDF_StructTree_CountChildren(tree))
        ]
        stack.reverse()
        stories = 0
        seen = 0
        while stack and seen < MAX_ELEMENTS:
            element, story, depth = stack.pop()
            if not element:
                continue
            seen += 1
            if not story and _type_of(element, buf) in STORY_TYPES:
                stories += 1
                story = stories
            if story:
                for i in range(pdfium_c.FPDF_StructElement_GetMarkedContentIdCount(element)):
                    mcid = pdfium_c.FPDF_StructElement_GetMarkedContentIdAtIndex(element, i)
                    if mcid >= 0:
                        out.setdefault(mcid, story)
            if depth >= MAX_DEPTH:
                continue
            children = [
                (pdfium_c.FPDF_StructElement_GetChildAtIndex(element, i), story, depth + 1)
                for i in range(pdfium_c.FPDF_StructElement_CountChildren(element))
            ]
            stack.extend(reversed(children))
    finally:
        pdfium_c.FPDF_StructTree_Close(tree)
    return out


def article_threads(source: str | Path | bytes) -> dict[int, list[tuple[int, Rect]]]:
    """The document's article threads: page index (0-based) → [(thread number, bead
    rectangle, origin top left)], beads in thread order. Empty when there are none or the
    threads cannot be read (a damaged file is the analyser's business, not this hint's)."""
    import io

    import pikepdf

    out: dict[int, list[tuple[int, Rect]]] = {}
    try:
        pdf = pikepdf.open(io.BytesIO(source) if isinstance(source, bytes) else source)
    except Exception:  # noqa: BLE001 - no threads from a file pikepdf cannot open
        return out
    try:
        threads = pdf.Root.get("/Threads")
        if not isinstance(threads, pikepdf.Array):
            return out
        pages: dict[tuple[int, int], int] = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
        beads = 0
        for number, thread in enumerate(threads, start=1):
            first = thread.get("/F") if isinstance(thread, pikepdf.Dictionary) else None
            bead = first
            visited: set[tuple[int, int]] = set()
            while isinstance(bead, pikepdf.Dictionary) and beads < MAX_BEADS:
                if bead.objgen in visited and bead.objgen != (0, 0):
                    break  # the chain closes on its first bead
                visited.add(bead.objgen)
                beads += 1
                page = bead.get("/P")
                rect = bead.get("/R")
                index = pages.get(page.objgen) if isinstance(page, pikepdf.Dictionary) else None
                if index is not None and isinstance(rect, pikepdf.Array) and len(rect) == 4:
                    box = pdf.pages[index].mediabox  # as extract_page: y from the box's height
                    height = float(box[3]) - float(box[1])
                    x0, y0, x1, y1 = (float(v) for v in rect)
                    out.setdefault(index, []).append(
                        (
                            number,
                            Rect(
                                min(x0, x1), height - max(y0, y1), max(x0, x1), height - min(y0, y1)
                            ),
                        )
                    )
                bead = bead.get("/N")
                if bead is not None and first is not None and bead.objgen == first.objgen:
                    break
    except Exception as exc:  # noqa: BLE001 - a malformed thread is no reason to fail a page
        log.info("article threads unreadable: %s", exc)
    finally:
        pdf.close()
    return out
