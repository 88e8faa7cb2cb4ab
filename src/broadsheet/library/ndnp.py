"""Finding the METS issues to import: in an NDNP batch (its ``batch_1.xml`` preferred to
``batch.xml``, as Open ONI does), in a folder of issues, or one issue's METS file.

Each XML file is recognised by its root element, read from its first bytes: ``batch`` (an NDNP
batch), ``mets`` (an issue, unless an NDNP reel), ``alto`` (a page's text, read through its
issue). Any other XML document in a folder without a METS issue (an MPEG-21 DIDL, article
texts) is reported as an unknown profile. Pure (no Django).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from broadsheet.library.alto_in import local, parse_xml
from broadsheet.library.mets_in import parse_date

BATCH_NAMES = ("batch_1.xml", "batch.xml")
_ROOT = re.compile(rb"<(?![?!])([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")


@dataclass
class IssueSource:
    mets: Path
    date: dt.date | None = None  # from the batch, when it says
    edition: int | None = None
    batch: Path | None = None


@dataclass
class Found:
    issues: list[IssueSource] = field(default_factory=list)
    problems: list[tuple[str, Path, str]] = field(default_factory=list)  # (kind, file, reason)


def root_name(path: Path) -> str:
    """The local name of the document element, read from the first 64 KB ('' if none)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(65536)
    except OSError:
        return ""
    head = re.sub(rb"<!--.*?-->", b"", head, flags=re.DOTALL)
    found = _ROOT.search(head)
    return found.group(2).decode("ascii", "replace") if found else ""


def read_batch(path: Path) -> Found:
    """The issues an NDNP batch file lists, with their dates and editions."""
    found = Found()
    try:
        root = parse_xml(path).getroot()
    except (OSError, ValueError) as exc:
        found.problems.append(("bad_batch", path, f"the batch file cannot be read: {exc}"))
        return found
    for node in root.iter():
        if not isinstance(node.tag, str) or local(node.tag) != "issue":
            continue
        rel = (node.text or "").strip()
        if not rel:
            continue
        mets = (path.parent / rel).resolve()
        edition = node.get("editionOrder") or ""
        source = IssueSource(
            mets=mets,
            date=parse_date(node.get("issueDate") or ""),
            edition=int(edition) if edition.isdigit() and int(edition) >= 1 else None,
            batch=path,
        )
        if not mets.is_file():
            found.problems.append(("missing_file", mets, f"listed in {path.name}, not there"))
            continue
        found.issues.append(source)
    if not found.issues and not found.problems:
        found.problems.append(("bad_batch", path, "the batch lists no issues"))
    return found


def batch_in(folder: Path) -> Path | None:
    for where in (folder, folder / "data"):
        for name in BATCH_NAMES:
            if (where / name).is_file():
                return where / name
    return None


def _walk(folder: Path) -> Iterator[tuple[Path, list[str], list[str]]]:
    for here, dirs, files in os.walk(folder):
        dirs.sort()
        yield Path(here), dirs, sorted(files)


def discover(path: Path) -> Found:
    """Every METS issue under ``path`` (a batch file, a METS file or a folder)."""
    found = Found()
    issue_dirs: list[Path] = []
    if path.is_file():
        name = root_name(path)
        if name == "batch":
            return read_batch(path)
        if name == "mets":
            found.issues.append(IssueSource(mets=path.resolve()))
        else:
            found.problems.append(("unknown_profile", path, _not_mets(path, name)))
        return found
    for here, dirs, files in _walk(path):
        batch = batch_in(here) if any(n in files for n in BATCH_NAMES) else None
        if batch is not None:
            sub = read_batch(batch)
            found.issues.extend(sub.issues)
            found.problems.extend(sub.problems)
            dirs[:] = []  # the batch says what its folder holds
            continue
        xml = [here / f for f in files if f.lower().endswith(".xml")]
        roots = {p: root_name(p) for p in xml}
        mets = [p for p, r in roots.items() if r == "mets"]
        for p in _newest_versions(mets):
            found.issues.append(IssueSource(mets=p.resolve()))
        if mets:
            issue_dirs.append(here)
            continue
        if any(d in here.parents for d in issue_dirs):
            continue  # an issue's own folders (text/, ALTO/): read through its METS
        alto = [p for p, r in roots.items() if r == "alto"]
        others = [p for p, r in roots.items() if r not in {"alto", "mets"}]
        if alto and not others:
            found.problems.append(
                ("no_mets", here, f"{len(alto)} ALTO file(s) and no METS issue: not imported")
            )
        for p, r in roots.items():
            if r not in {"alto", "mets", ""}:
                found.problems.append(("unknown_profile", p, _not_mets(p, r)))
            elif r == "" and p.stat().st_size > 0:
                found.problems.append(("unknown_profile", p, "not an XML document"))
    return found


def _newest_versions(paths: list[Path]) -> list[Path]:
    """NDNP keeps a corrected METS next to the first as ``NAME_1.xml``: take the newest."""
    names = {p.stem: p for p in paths}
    out = []
    for p in paths:
        newer = re.match(r"^(.*)_(\d+)$", p.stem)
        base = newer.group(1) if newer else p.stem
        versions = [
            q for s, q in names.items() if s == base or re.fullmatch(rf"{re.escape(base)}_\d+", s)
        ]
        best = max(versions, key=lambda q: (q.stem != base, q.stem))
        if best == p:
            out.append(p)
    return out


def _not_mets(path: Path, root: str) -> str:
    if root == "":
        return "not an XML document"
    try:
        parse_xml(path)
    except (OSError, ValueError) as exc:
        return f"not METS (<{root}>), and {exc}"
    except etree.LxmlError as exc:  # pragma: no cover - defensive
        return f"not METS (<{root}>): {exc}"
    return f"not a METS issue, an NDNP batch or ALTO (the document is <{root}>)"
