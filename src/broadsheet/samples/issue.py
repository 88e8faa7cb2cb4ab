"""Whole issues: pages generated in order, jumps carried forward, PDFs and truth written out."""

from __future__ import annotations

import datetime
import hashlib
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from .chrome import date_line
from .ops import Op
from .page import IssueContext, compose_page
from .profiles import PublicationProfile
from .render import render_pdf


@dataclass
class GeneratedPage:
    index: int  # 1-based sequence in the issue
    number: str  # printed label: "01", "A01", "A3"
    name: str  # section name
    pdf: bytes  # a one-page PDF
    width: float
    height: float
    truth: dict  # the page dict of the analysis contract
    ops: list[Op] = field(default_factory=list, repr=False)


@dataclass
class GeneratedIssue:
    profile: PublicationProfile
    date: datetime.date
    pages: list[GeneratedPage]
    seed: int | None = None

    def truth(self) -> dict:
        return {"pages": [page.truth for page in self.pages]}

    def manifest(self) -> dict:
        """Issue metadata beside the truth: publication, date and page labels and names."""
        return {
            "publication": self.profile.slug,
            "name": self.profile.name,
            "language": self.profile.language,
            "date": self.date.isoformat(),
            "date_line": date_line(self.profile, self.date),
            "pages": [
                {"index": p.index, "number": p.number, "name": p.name, "file": f"{p.number}.pdf"}
                for p in self.pages
            ],
        }

    def pdf(self) -> bytes:
        """The whole issue as one multi-page PDF."""
        title = f"{self.profile.name} {self.date.isoformat()}"
        return render_pdf(((p.width, p.height, p.ops, p.number) for p in self.pages), title=title)


def issue_seed(
    profile: PublicationProfile, date: datetime.date, pages: int, seed: int | None
) -> int:
    key = f"{profile.slug}|{date.isoformat()}|{pages}|{seed if seed is not None else 0}"
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big")


def generate_issue(
    profile: PublicationProfile, date: datetime.date, pages: int, seed: int | None = None
) -> GeneratedIssue:
    """Generate ``pages`` pages; the same arguments always give the same bytes and truth."""
    if pages < 1:
        raise ValueError("an issue has at least one page")
    master = random.Random(issue_seed(profile, date, pages, seed))
    ctx = IssueContext(profile, date, pages)
    generated: list[GeneratedPage] = []
    for index in range(1, pages + 1):
        rng = random.Random(master.getrandbits(64))
        result = compose_page(ctx, index, rng)
        number = profile.page_label(index)
        title = f"{profile.name} {date.isoformat()} {number}"
        pdf = render_pdf([(result.width, result.height, result.ops, number)], title=title)
        truth = {
            "index": index,
            "width": result.width,
            "height": result.height,
            "text_quality": "ok",
            "articles": result.articles,
        }
        generated.append(
            GeneratedPage(
                index,
                number,
                profile.section_for(index),
                pdf,
                result.width,
                result.height,
                truth,
                result.ops,
            )
        )
    return GeneratedIssue(profile, date, generated, seed)


def write_issue(issue: GeneratedIssue, out_dir: Path, *, single_file: bool = False) -> list[Path]:
    """Write page PDFs (``A01.pdf`` ...) or one ``issue.pdf``, plus ``truth.json`` and
    ``manifest.json``; return the PDF paths in page order."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if single_file:
        path = out_dir / "issue.pdf"
        path.write_bytes(issue.pdf())
        paths = [path]
    else:
        paths = []
        for page in issue.pages:
            path = out_dir / f"{page.number}.pdf"
            path.write_bytes(page.pdf)
            paths.append(path)
    truth = json.dumps(issue.truth(), ensure_ascii=False, indent=1)
    (out_dir / "truth.json").write_text(truth + "\n", encoding="utf-8")
    manifest = issue.manifest()
    if single_file:  # pages of one file are named by their sequence index instead
        for entry in manifest["pages"]:
            del entry["file"]
    (out_dir / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return paths
