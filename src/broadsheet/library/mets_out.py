"""Write one issue as a METS 1.12 document with MODS 3.6 (pure: dataclasses in, XML bytes out).

- `dmdSec`: MODS of the issue (the publication's title, the date issued, the edition, the
  language and script, the number of pages) and of each article (headline as title,
  subheadline as subtitle, kicker as an alternative title, byline as the statement of
  responsibility).
- `fileSec`: three groups, `IMAGE` (the page images, image/jpeg), `PDF` (the page PDFs) and
  `FULLTEXT` (the ALTO files, application/xml), one file each per page.
- `structMap TYPE="PHYSICAL"`: the issue's pages in order, each with its printed label as
  ORDERLABEL and pointing at its three files.
- `structMap TYPE="LOGICAL"`: the issue, and in it the articles in reading order (TYPE
  `article`, `illustration` for a picture with its caption, `advertisement`), each divided into
  its parts (kicker, headline, subheadline, byline, body, photo, caption, jump) whose `area`s
  point into the ALTO files: FILEID the page's ALTO file, BETYPE IDREF and BEGIN the ID of the
  ALTO block (a part over several blocks or pages is a `seq` of areas, in reading order).
- `structLink`: each article linked to the pages it stands on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from lxml import etree

from broadsheet.library.alto_out import xml_text

METS = "http://www.loc.gov/METS/"
MODS = "http://www.loc.gov/mods/v3"
XLINK = "http://www.w3.org/1999/xlink"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
METS_SCHEMA_URL = "http://www.loc.gov/standards/mets/version112/mets.xsd"
MODS_SCHEMA_URL = "http://www.loc.gov/standards/mods/v3/mods-3-6.xsd"
MODS_VERSION = "3.6"

# The file groups: USE, and the kind of file each page has in it.
GROUPS = (("IMAGE", "image"), ("PDF", "pdf"), ("FULLTEXT", "alto"))
MIMETYPES = {"image": "image/jpeg", "pdf": "application/pdf", "alto": "application/xml"}
PREFIXES = {"image": "IMG", "pdf": "PDF", "alto": "ALTO"}
# The order of an article's parts in the logical map (a subhead counts as body).
PART_ORDER = ("kicker", "headline", "subheadline", "byline", "body", "photo", "caption", "jump")
ARTICLE_TYPES = {
    "news": "article",
    "brief": "article",
    "picture": "illustration",
    "advert": "advertisement",
}
# ISO 639-2/B codes for MODS of the languages Broadsheet speaks (and a few neighbours).
ISO639_2B = {"zh": "chi", "en": "eng", "ja": "jpn", "ko": "kor", "fr": "fre", "de": "ger"}


@dataclass(slots=True)
class MetsPage:
    number: int  # 1-based position in the issue
    label: str  # printed label, "A01"
    name: str  # section name, "要闻"
    hrefs: dict[str, str]  # "image", "pdf", "alto" → where the file is (relative or absolute)

    def file_id(self, kind: str) -> str:
        return f"{PREFIXES[kind]}_{self.number:04d}"


@dataclass(slots=True)
class Area:
    page: int  # the page's number (1-based)
    begin: str  # the ALTO ID of the block


@dataclass(slots=True)
class MetsArticle:
    number: int  # the article's stable number in its issue
    kind: str  # news, brief, picture, advert
    title: str
    kicker: str = ""
    headline: str = ""
    subheadline: str = ""
    byline: str = ""
    parts: dict[str, list[Area]] = field(default_factory=dict)  # part type → areas in order


@dataclass(slots=True)
class MetsIssue:
    publication: str  # its name
    slug: str
    date: dt.date
    edition: int
    language: str  # BCP 47, "zh-Hans"
    created: dt.datetime
    modified: dt.datetime
    pages: list[MetsPage] = field(default_factory=list)
    articles: list[MetsArticle] = field(default_factory=list)
    software_version: str = ""

    @property
    def label(self) -> str:
        text = f"{self.publication} {self.date.isoformat()}"
        return text + (f" ({self.edition})" if self.edition != 1 else "")


def _m(name: str) -> str:
    return f"{{{METS}}}{name}"


def _mods(name: str) -> str:
    return f"{{{MODS}}}{name}"


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def _stamp(moment: dt.datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def _language(parent: etree._Element, bcp47: str) -> None:
    language = _sub(parent, _mods("language"))
    primary = bcp47.split("-")[0].lower()
    if primary in ISO639_2B:
        _sub(
            language, _mods("languageTerm"), ISO639_2B[primary], type="code", authority="iso639-2b"
        )
    _sub(language, _mods("languageTerm"), bcp47, type="code", authority="rfc5646")
    scripts = [part for part in bcp47.split("-")[1:] if len(part) == 4]
    if scripts:
        _sub(language, _mods("scriptTerm"), scripts[0].title(), type="code", authority="iso15924")


def _dmd(root: etree._Element, ident: str) -> etree._Element:
    section = _sub(root, _m("dmdSec"), ID=ident)
    wrap = _sub(section, _m("mdWrap"), MDTYPE="MODS", MIMETYPE="text/xml")
    data = _sub(wrap, _m("xmlData"))
    return _sub(data, _mods("mods"), version=MODS_VERSION)


def _issue_mods(root: etree._Element, issue: MetsIssue) -> None:
    mods = _dmd(root, "DMD_ISSUE")
    title = _sub(mods, _mods("titleInfo"))
    _sub(title, _mods("title"), issue.publication)
    _sub(mods, _mods("typeOfResource"), "text")
    _sub(mods, _mods("genre"), "newspaper", authority="marcgt")
    origin = _sub(mods, _mods("originInfo"))
    _sub(origin, _mods("dateIssued"), issue.date.isoformat(), encoding="w3cdtf", keyDate="yes")
    _sub(origin, _mods("edition"), str(issue.edition))
    _sub(origin, _mods("issuance"), "serial")
    _language(mods, issue.language)
    physical = _sub(mods, _mods("physicalDescription"))
    _sub(physical, _mods("extent"), str(len(issue.pages)), unit="pages")
    _sub(physical, _mods("digitalOrigin"), "born digital")
    part = _sub(mods, _mods("part"))
    detail = _sub(part, _mods("detail"), type="edition")
    _sub(detail, _mods("number"), str(issue.edition))
    _sub(part, _mods("date"), issue.date.isoformat(), encoding="w3cdtf")
    host = _sub(mods, _mods("relatedItem"), type="host")
    host_title = _sub(host, _mods("titleInfo"))
    _sub(host_title, _mods("title"), issue.publication)
    _sub(host, _mods("identifier"), issue.slug, type="local")
    ident = f"{issue.slug}/{issue.date.isoformat()}/ed-{issue.edition}"
    _sub(mods, _mods("identifier"), ident, type="local")


def _article_mods(root: etree._Element, issue: MetsIssue, article: MetsArticle) -> None:
    mods = _dmd(root, f"DMD_A{article.number}")
    title = _sub(mods, _mods("titleInfo"))
    _sub(title, _mods("title"), article.headline or article.title)
    if article.subheadline:
        _sub(title, _mods("subTitle"), article.subheadline)
    if article.kicker:
        kicker = _sub(mods, _mods("titleInfo"), type="alternative", displayLabel="kicker")
        _sub(kicker, _mods("title"), article.kicker)
    _sub(mods, _mods("genre"), ARTICLE_TYPES.get(article.kind, "article"))
    if article.byline:
        _sub(mods, _mods("note"), article.byline, type="statement of responsibility")
    _language(mods, issue.language)
    _sub(mods, _mods("identifier"), str(article.number), type="local")


def _file_sec(root: etree._Element, issue: MetsIssue) -> None:
    section = _sub(root, _m("fileSec"))
    for use, kind in GROUPS:
        group = _sub(section, _m("fileGrp"), USE=use)
        for page in issue.pages:
            entry = _sub(group, _m("file"), ID=page.file_id(kind), MIMETYPE=MIMETYPES[kind])
            locator = _sub(entry, _m("FLocat"), LOCTYPE="URL")
            locator.set(f"{{{XLINK}}}href", page.hrefs[kind])
            locator.set(f"{{{XLINK}}}type", "simple")


def _physical(root: etree._Element, issue: MetsIssue) -> None:
    struct = _sub(root, _m("structMap"), TYPE="PHYSICAL", ID="SM_PHYSICAL")
    sequence = _sub(struct, _m("div"), ID="PHYS_0000", TYPE="physSequence", LABEL=issue.label)
    for page in issue.pages:
        label = f"{page.label} {page.name}".strip()
        div = _sub(
            sequence,
            _m("div"),
            ID=f"PHYS_{page.number:04d}",
            TYPE="page",
            ORDER=str(page.number),
            ORDERLABEL=page.label,
            LABEL=label,
        )
        for _, kind in GROUPS:
            _sub(div, _m("fptr"), FILEID=page.file_id(kind))


def _logical(root: etree._Element, issue: MetsIssue, alto_ids: dict[int, str]) -> None:
    struct = _sub(root, _m("structMap"), TYPE="LOGICAL", ID="SM_LOGICAL")
    top = _sub(
        struct, _m("div"), ID="LOG_ISSUE", TYPE="issue", DMDID="DMD_ISSUE", LABEL=issue.label
    )
    for order, article in enumerate(issue.articles, start=1):
        div = _sub(
            top,
            _m("div"),
            ID=f"LOG_A{article.number}",
            TYPE=ARTICLE_TYPES.get(article.kind, "article"),
            ORDER=str(order),
            LABEL=article.title,
            DMDID=f"DMD_A{article.number}",
        )
        for k, part in enumerate(p for p in PART_ORDER if article.parts.get(p)):
            areas = article.parts[part]
            part_div = _sub(div, _m("div"), ID=f"LOG_A{article.number}_{k + 1}", TYPE=part)
            pointer = _sub(part_div, _m("fptr"))
            holder = _sub(pointer, _m("seq")) if len(areas) > 1 else pointer
            for area in areas:
                _sub(
                    holder, _m("area"), FILEID=alto_ids[area.page], BETYPE="IDREF", BEGIN=area.begin
                )


def _struct_link(root: etree._Element, issue: MetsIssue) -> None:
    links = [
        (f"LOG_A{a.number}", f"PHYS_{page:04d}")
        for a in issue.articles
        for page in dict.fromkeys(area.page for areas in a.parts.values() for area in areas)
    ]
    if not links:
        return
    section = _sub(root, _m("structLink"))
    for source, target in links:
        link = _sub(section, _m("smLink"))
        link.set(f"{{{XLINK}}}from", source)
        link.set(f"{{{XLINK}}}to", target)


def mets_document(issue: MetsIssue) -> bytes:
    """The issue as a METS document (UTF-8, with its XML declaration)."""
    root = etree.Element(_m("mets"), nsmap={"mets": METS, "mods": MODS, "xlink": XLINK, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{METS} {METS_SCHEMA_URL} {MODS} {MODS_SCHEMA_URL}")
    root.set("OBJID", f"{issue.slug}-{issue.date.isoformat()}-ed{issue.edition}")
    root.set("LABEL", xml_text(issue.label))
    root.set("TYPE", "newspaper issue")
    header = _sub(
        root, _m("metsHdr"), CREATEDATE=_stamp(issue.created), LASTMODDATE=_stamp(issue.modified)
    )
    agent = _sub(header, _m("agent"), ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    name = "Broadsheet" + (f" {issue.software_version}" if issue.software_version else "")
    _sub(agent, _m("name"), name)
    _issue_mods(root, issue)
    for article in issue.articles:
        _article_mods(root, issue, article)
    _file_sec(root, issue)
    _physical(root, issue)
    alto_ids = {page.number: page.file_id("alto") for page in issue.pages}
    _logical(root, issue, alto_ids)
    _struct_link(root, issue)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
