"""The readers' copy of a page PDF: the same pages, without anything that runs or hides.

A page PDF comes from outside (a typesetting system, an agency, an old archive) and is never
trusted. Readers get a copy rewritten by qpdf (through pikepdf) with these removed:
JavaScript (document scripts, script actions anywhere), open actions and additional actions
(of the document, pages, annotations and fields), launch actions and actions that submit,
import or open other files, embedded files and file attachments, forms (AcroForm fields and
widgets, XFA), multimedia (screens, movies, sounds, rich media, 3D) and encryption. Links to
web addresses and to places in the document stay; the page content itself is not touched.

Pure: no Django. `sanitize_pdf` raises `PdfError` with an operator-readable problem when a
file cannot be rewritten.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

from broadsheet.pdf.document import PdfError

# Action types that stay in a link: a web address, or a place in this document.
SAFE_ACTIONS = {"/URI", "/GoTo", "/Named", "/Thread"}
# Annotation types that do something (run, play, carry a file or a form field): removed.
ACTIVE_ANNOTATIONS = {
    "/Widget",
    "/FileAttachment",
    "/Screen",
    "/Movie",
    "/Sound",
    "/RichMedia",
    "/3D",
}
# Keys that hold scripts, actions run by events, forms or attachments, wherever they are.
DANGEROUS_KEYS = {
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript",
    "/AA": "additional actions",
    "/OpenAction": "open action",
    "/AcroForm": "form fields",
    "/XFA": "XFA form",
    "/EmbeddedFiles": "embedded files",
    "/EF": "embedded file",
    "/RichMediaContent": "rich media",
}
ACTION_NAMES = {
    "/JavaScript": "JavaScript",
    "/Launch": "launch action",
    "/SubmitForm": "form submission",
    "/ImportData": "data import",
    "/ResetForm": "form action",
    "/GoToR": "link to another file",
    "/GoToE": "link to an embedded file",
    "/Rendition": "multimedia action",
    "/Movie": "multimedia action",
    "/Sound": "multimedia action",
    "/RichMediaExecute": "rich media",
    "/Hide": "form action",
    "/SetOCGState": "layer action",
    "/Trans": "transition action",
    "/GoTo3DView": "3D action",
}


@dataclass(frozen=True)
class Sanitized:
    pdf: bytes
    removed: tuple[str, ...]


class _Cleaner:
    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.found: Counter[str] = Counter()
        self.seen: set[tuple[int, int]] = set()

    def clean(self) -> None:
        for page in self.pdf.pages:
            self._annotations(page.obj)
        self._walk(self.pdf.trailer)

    def _annotations(self, page: Dictionary) -> None:
        annots = page.get("/Annots")
        if not isinstance(annots, Array):
            return
        kept = Array()
        for annot in annots:
            if not isinstance(annot, Dictionary):
                continue
            subtype = str(annot.get("/Subtype", ""))
            if subtype in ACTIVE_ANNOTATIONS:
                self.found[_ANNOTATION_NAMES.get(subtype, "active annotation")] += 1
                continue
            kept.append(annot)
        if len(kept) == len(annots):
            return
        if len(kept):
            page.Annots = kept
        else:
            del page["/Annots"]

    def _walk(self, root: object) -> None:
        stack = [root]
        while stack:
            obj = stack.pop()
            if isinstance(obj, pikepdf.Stream):
                obj = obj.stream_dict
            if isinstance(obj, Dictionary | Array) and obj.is_indirect:
                key = obj.objgen
                if key in self.seen:
                    continue
                self.seen.add(key)
            if isinstance(obj, Array):
                stack.extend(obj)
                continue
            if not isinstance(obj, Dictionary):
                continue
            self._dictionary(obj)
            for name in list(obj.keys()):
                if name in ("/Parent", "/P"):  # back references: reached from the top anyway
                    continue
                stack.append(obj[name])

    def _dictionary(self, obj: Dictionary) -> None:
        opening = obj.get("/OpenAction")
        if opening is not None and _harmless_opening(opening):
            pass  # "open at page 1, fit the width": a destination, kept
        elif opening is not None:
            self.found["open action"] += 1
            del obj["/OpenAction"]
        for key, what in DANGEROUS_KEYS.items():
            if key not in obj or key == "/OpenAction":
                continue
            if key == "/EmbeddedFiles":
                self.found[f"embedded files ({_count_names(obj[key])})"] += 1
            elif key == "/AcroForm":
                fields = obj[key].get("/Fields") if isinstance(obj[key], Dictionary) else None
                if isinstance(fields, Array) and len(fields):
                    self.found["form fields"] += 1
            else:
                self.found[what] += 1
            del obj[key]
        action = obj.get("/S")
        if isinstance(action, Name) and str(action) in ACTION_NAMES:
            self.found[ACTION_NAMES[str(action)]] += 1
            for key in list(obj.keys()):
                del obj[key]
            return
        if isinstance(action, Name) and str(action) in SAFE_ACTIONS and "/Next" in obj:
            del obj["/Next"]  # a chain can lead from a link to a script
        if "/A" in obj and isinstance(obj["/A"], Dictionary):
            inner = obj["/A"].get("/S")
            if isinstance(inner, Name) and str(inner) not in SAFE_ACTIONS:
                self.found[ACTION_NAMES.get(str(inner), "action")] += 1
                del obj["/A"]


def _harmless_opening(value: object) -> bool:
    """An open action that only shows a place in the document (a destination or /GoTo)."""
    if isinstance(value, Array):
        return True
    if isinstance(value, Dictionary):
        kind = value.get("/S")
        if isinstance(kind, Name) and str(kind) == "/GoTo":
            if "/Next" in value:
                del value["/Next"]
            return True
    return False


_ANNOTATION_NAMES = {
    "/Widget": "form fields",
    "/FileAttachment": "file attachment",
    "/Screen": "multimedia",
    "/Movie": "multimedia",
    "/Sound": "multimedia",
    "/RichMedia": "rich media",
    "/3D": "3D content",
}


def _count_names(tree: object) -> int:
    """How many entries a name tree holds (its /Names pairs, through /Kids)."""
    count, stack, seen = 0, [tree], 0
    while stack and seen < 10_000:
        seen += 1
        node = stack.pop()
        if not isinstance(node, Dictionary):
            continue
        names = node.get("/Names")
        if isinstance(names, Array):
            count += len(names) // 2
        kids = node.get("/Kids")
        if isinstance(kids, Array):
            stack.extend(kids)
    return count


def _describe(found: Counter[str], encrypted: bool) -> tuple[str, ...]:
    out = [f"{what} ({n})" if n > 1 and "(" not in what else what for what, n in found.items()]
    if encrypted:
        out.append("encryption")
    return tuple(sorted(out))


def sanitize_pdf(source: Path | bytes, name: str) -> Sanitized:
    """The readers' copy of a PDF and what was removed from it (plain English)."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise PdfError(
            name, "the PDF needs a password to open; export it again without protection"
        ) from None
    except (pikepdf.PdfError, ValueError, OSError) as exc:
        raise PdfError(name, f"the file is damaged or is not a valid PDF ({exc})") from None
    with pdf:
        encrypted = bool(pdf.is_encrypted)
        try:
            cleaner = _Cleaner(pdf)
            cleaner.clean()
            if len(pdf.pages) == 0:
                raise PdfError(name, "the PDF has no pages")
            out = io.BytesIO()
            pdf.save(
                out,
                encryption=False,
                deterministic_id=True,
                object_stream_mode=pikepdf.ObjectStreamMode.generate,
                compress_streams=True,
            )
        except PdfError:
            raise
        except (pikepdf.PdfError, ValueError, TypeError, KeyError, RecursionError) as exc:
            raise PdfError(name, f"the PDF cannot be rewritten for readers ({exc})") from None
    return Sanitized(pdf=out.getvalue(), removed=_describe(cleaner.found, encrypted))
