"""`broadsheet export-mets`: real issues through the real pipeline out as METS/ALTO folders and
BagIt bags, every file checked against the official schemas (offline) and against the stored
articles: the text, the links from the logical map into the ALTO files, the coordinates."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import bagit
import pytest
from django.core.management import CommandError, call_command
from lxml import etree

from broadsheet import cli
from broadsheet.ingest.pipeline import IngestRequest, ingest
from broadsheet.library.alto_out import PER_POINT
from broadsheet.newspaper.models import Article, Issue, Page, Region
from tests.conftest import ISSUE_DATE
from tests.factories import ArticleSpec, ingest_first_page, write_page_pdf
from tests.library.xml_schemas import assert_valid_alto, assert_valid_mets, needs_schemas

pytestmark = pytest.mark.django_db

DAY = ISSUE_DATE.isoformat()
NS = {
    "mets": "http://www.loc.gov/METS/",
    "mods": "http://www.loc.gov/mods/v3",
    "xlink": "http://www.w3.org/1999/xlink",
    "alto": "http://www.loc.gov/standards/alto/ns-v4#",
}
TEXT_PARTS = ("kicker", "headline", "subheadline", "byline", "body")


def analysed_issue(files: list[Path], date: dt.date = ISSUE_DATE, **extra: object) -> Issue:
    """An issue whose articles come from the page analysis (no manifest): every block of every
    article is a region, as on a real night."""
    request = IngestRequest(
        publication=str(extra.pop("publication", "jcrb")),
        date=date,
        files=files,
        publish=bool(extra.pop("publish", True)),
        workers=1,
        **extra,  # type: ignore[arg-type]
    )
    return ingest(request).issue


def export(out: Path, *args: str, **options: object) -> None:
    call_command("export_mets", str(out), *args, verbosity=0, **options)


def xml(path: Path) -> etree._Element:
    return etree.parse(str(path)).getroot()


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def alto_ids(root: etree._Element) -> dict[str, etree._Element]:
    return {e.get("ID"): e for e in root.iter() if e.get("ID")}


def block_text(block: etree._Element) -> str:
    return "".join(s.get("CONTENT") for s in block.iter(f"{{{NS['alto']}}}String"))


def box_in_points(element: etree._Element) -> tuple[float, float, float, float]:
    x, y = float(element.get("HPOS")) / PER_POINT, float(element.get("VPOS")) / PER_POINT
    w, h = float(element.get("WIDTH")) / PER_POINT, float(element.get("HEIGHT")) / PER_POINT
    return (x, y, x + w, y + h)


def article_parts(mets: etree._Element) -> dict[int, dict[str, list[tuple[str, str]]]]:
    """Article number → part type → [(ALTO file href, block ID)], from the logical map."""
    files = {
        f.get("ID"): f.find("mets:FLocat", NS).get(f"{{{NS['xlink']}}}href")
        for f in mets.iterfind(".//mets:file", NS)
    }
    out: dict[int, dict[str, list[tuple[str, str]]]] = {}
    logical = mets.find("mets:structMap[@TYPE='LOGICAL']", NS)
    for div in logical.iterfind("mets:div/mets:div", NS):
        number = int(div.get("ID").removeprefix("LOG_A"))
        parts = out.setdefault(number, {})
        for part in div.iterfind("mets:div", NS):
            parts[part.get("TYPE")] = [
                (files[a.get("FILEID")], a.get("BEGIN")) for a in part.iterfind(".//mets:area", NS)
            ]
    return out


@needs_schemas
def test_the_command_writes_an_issue_folder_whose_files_all_validate(
    publication, page_pdfs, tmp_path
):
    issue = analysed_issue(page_pdfs)
    out = tmp_path / "export"
    export(out, "--publication", "jcrb", "--date", DAY)
    names = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert names == [
        "alto/A01.xml", "alto/A02.xml", "alto/A03.xml",
        "image/A01.jpg", "image/A02.jpg", "image/A03.jpg",
        "mets.xml",
        "pdf/A01.pdf", "pdf/A02.pdf", "pdf/A03.pdf",
    ]  # fmt: skip
    assert not (out / "bagit.txt").exists()  # one issue: a bag only with --bag
    mets = assert_valid_mets(out / "mets.xml").getroot()
    for alto in (out / "alto").iterdir():
        assert_valid_alto(alto)
    # The copies are the stored files, byte for byte.
    page = Page.objects.get(issue=issue, number="A02")
    assert (out / "pdf" / "A02.pdf").read_bytes() == page.pdf.open("rb").read()
    assert (out / "image" / "A02.jpg").read_bytes() == page.image.open("rb").read()
    # The fileSec names them relative to mets.xml, and every one exists.
    hrefs = [e.get(f"{{{NS['xlink']}}}href") for e in mets.iterfind(".//mets:FLocat", NS)]
    assert len(hrefs) == 9 and all((out / h).is_file() for h in hrefs)
    groups = {g.get("USE") for g in mets.iterfind(".//mets:fileGrp", NS)}
    assert groups == {"IMAGE", "PDF", "FULLTEXT"}
    # MODS: title, date, edition, language.
    mods = mets.find("mets:dmdSec[@ID='DMD_ISSUE']//mods:mods", NS)
    assert mods.findtext("mods:titleInfo/mods:title", namespaces=NS) == "江城日报"
    assert mods.findtext("mods:originInfo/mods:dateIssued", namespaces=NS) == DAY
    assert mods.findtext("mods:originInfo/mods:edition", namespaces=NS) == "1"
    terms = [t.text for t in mods.iterfind("mods:language/mods:languageTerm", NS)]
    assert terms == ["chi", "zh-Hans"]
    # The physical map: the pages in order with their labels and three files each.
    pages = mets.findall("mets:structMap[@TYPE='PHYSICAL']/mets:div/mets:div", NS)
    assert [p.get("ORDERLABEL") for p in pages] == ["A01", "A02", "A03"]
    assert all(len(p.findall("mets:fptr", NS)) == 3 for p in pages)


@needs_schemas
def test_logical_areas_resolve_and_the_alto_text_is_the_articles_text(
    publication, page_pdfs, tmp_path
):
    issue = analysed_issue(page_pdfs)
    out = tmp_path / "export"
    export(out, publication="jcrb", date=DAY)
    mets = xml(out / "mets.xml")
    altos = {f"alto/{p.name}": alto_ids(xml(p)) for p in (out / "alto").iterdir()}
    parts = article_parts(mets)
    articles = list(Article.objects.filter(issue=issue).order_by("order"))
    assert sorted(parts) == sorted(a.number for a in articles) and len(articles) == 6
    resolved = 0
    for article in articles:
        for areas in parts[article.number].values():
            for href, ident in areas:
                assert ident in altos[href], (article.number, href, ident)
                resolved += 1
        # The article's text, part by part, is the text of the ALTO blocks it points at.
        alto_text = "".join(
            block_text(altos[href][ident])
            for part in TEXT_PARTS
            for href, ident in parts[article.number].get(part, [])
        )
        stored = article.kicker + article.headline + article.subheadline + article.byline
        assert squeeze(alto_text) == squeeze(stored + article.body_text), article.number
        assert {"kicker", "headline", "subheadline", "byline", "body"} <= set(
            parts[article.number]
        ) or article.kicker == ""
    assert resolved == 3 * (5 + 2)  # on each page: kicker … body, and headline and body
    # Chinese text went through as it is, with its fonts.
    a01 = xml(out / "alto" / "A01.xml")
    strings = [s.get("CONTENT") for s in a01.iter(f"{{{NS['alto']}}}String")]
    assert "第1版头条新闻标题" in strings and "本报记者" in strings
    sizes = {float(s.get("FONTSIZE")) for s in a01.iter(f"{{{NS['alto']}}}TextStyle")}
    assert {28.0, 10.0} <= sizes
    # Page furniture (the running head) is text outside every article.
    furniture = [
        block_text(b)
        for b in a01.iter(f"{{{NS['alto']}}}TextBlock")
        if b.get("TAGREFS") == "TAG_furniture"
    ]
    assert squeeze("".join(furniture)) == "江城日报A01"
    rules = list(a01.iter(f"{{{NS['alto']}}}GraphicalElement"))
    assert len(rules) >= 3  # the header rule and the rules under the articles


def test_coordinates_are_points_scaled_to_inch1200(publication, page_pdfs, tmp_path):
    issue = analysed_issue(page_pdfs[:1])
    out = tmp_path / "export"
    export(out, publication="jcrb", date=DAY)
    root = xml(out / "alto" / "A01.xml")
    assert root.findtext(".//alto:MeasurementUnit", namespaces=NS) == "inch1200"
    page = Page.objects.get(issue=issue)
    alto_page = root.find(".//alto:Page", NS)
    assert abs(float(alto_page.get("WIDTH")) / PER_POINT - page.width) < 0.1
    assert abs(float(alto_page.get("HEIGHT")) / PER_POINT - page.height) < 0.1
    headline = Region.objects.get(page=page, role="headline", text="第1版头条新闻标题")
    strings = [
        s for s in root.iter(f"{{{NS['alto']}}}String") if s.get("CONTENT") == "第1版头条新闻标题"
    ]
    assert len(strings) == 1
    got = box_in_points(strings[0])
    for mine, stored in zip(got, headline.bbox, strict=True):
        assert abs(mine - stored) < 1.0, (got, headline.bbox)
    # The block is the region itself.
    ids = alto_ids(root)
    block = strings[0].getparent().getparent()
    assert block is ids[block.get("ID")] and block.get("TAGREFS") == "TAG_headline"
    for mine, stored in zip(box_in_points(block), headline.bbox, strict=True):
        assert abs(mine - stored) < 0.1


def english_pdf(tmp_path: Path) -> Path:
    return write_page_pdf(
        tmp_path / "E01.pdf",
        [
            ArticleSpec(
                headline="Council approves new river bridge",
                byline="By Jane Doe",
                paragraphs=[
                    "The city council voted on Tuesday to build a new bridge across the "
                    "river, ending years of debate about traffic in the old town. " * 3
                ],
                box=(40, 110, 560, 420),
            )
        ],
        header="The Riverside Courier E01",
    )


@needs_schemas
def test_an_english_issue_has_words_and_spaces(english_publication, tmp_path):
    issue = analysed_issue([english_pdf(tmp_path)], publication="courier")
    out = tmp_path / "export"
    export(out, publication="courier", date=DAY)
    root = assert_valid_alto(out / "alto" / "E01.xml").getroot()
    mets = assert_valid_mets(out / "mets.xml").getroot()
    terms = [
        t.text for t in mets.iterfind(".//mets:dmdSec[@ID='DMD_ISSUE']//mods:languageTerm", NS)
    ]
    assert terms == ["eng", "en"]
    strings = [s.get("CONTENT") for s in root.iter(f"{{{NS['alto']}}}String")]
    assert strings[:5] == ["Council", "approves", "new", "river", "bridge"]
    assert len(list(root.iter(f"{{{NS['alto']}}}SP"))) > 20
    article = Article.objects.get(issue=issue)
    parts = article_parts(mets)[article.number]
    ids = alto_ids(root)
    text = " ".join(block_text(ids[i]) for part in TEXT_PARTS for _, i in parts.get(part, []))
    assert squeeze(text) == squeeze(article.headline + article.byline + article.body_text)


@needs_schemas
def test_a_page_without_a_text_layer_gets_estimated_lines(publication, page_pdfs, tmp_path):
    issue = analysed_issue(page_pdfs[:1])
    page = Page.objects.get(issue=issue)
    Page.objects.filter(pk=page.pk).update(text_quality=Page.TextQuality.GARBLED)
    out = tmp_path / "export"
    export(out, publication="jcrb", date=DAY)
    root = assert_valid_alto(out / "alto" / "A01.xml").getroot()
    assert_valid_mets(out / "mets.xml")
    blocks = [b for b in root.iter(f"{{{NS['alto']}}}TextBlock")]
    assert blocks and all(b.get("PROCESSINGREFS") == "PROC_ESTIMATED" for b in blocks)
    assert root.find(".//alto:Processing[@ID='PROC_ESTIMATED']", NS) is not None
    # The text is the regions' stored text, each line inside its region's box.
    regions = {f"r{r.pk}": r for r in Region.objects.filter(page=page).exclude(role="zone")}
    texts = squeeze("".join(block_text(b) for b in blocks))
    assert texts == squeeze("".join(r.text for r in regions.values() if r.role != "photo"))
    for block in blocks:
        x0, y0, x1, y1 = box_in_points(block)
        for line in block.iter(f"{{{NS['alto']}}}TextLine"):
            lx0, ly0, lx1, ly1 = box_in_points(line)
            assert x0 - 0.5 <= lx0 and lx1 <= x1 + 0.5 and y0 - 0.5 <= ly0 and ly1 <= y1 + 0.5


@needs_schemas
def test_articles_from_a_manifest_with_zones_only_keep_their_text(
    publication, page_pdfs, manifest_for, tmp_path
):
    """The manifest gives each article's zone and headline box only: the rest of the article's
    lines on the page become its body, by the zone."""
    ingest_first_page(page_pdfs, manifest_for)
    out = tmp_path / "export"
    export(out, publication="jcrb", date=DAY)
    mets = assert_valid_mets(out / "mets.xml").getroot()
    root = assert_valid_alto(out / "alto" / "A01.xml").getroot()
    ids = alto_ids(root)
    for number, parts in article_parts(mets).items():
        assert set(parts) == {"headline", "body"}, number
        body = block_text(ids[parts["body"][0][1]])
        assert "社区服务中心" in body or "城市建设" in body


@needs_schemas
def test_a_date_range_is_a_valid_bagit_bag_of_issue_folders(publication, page_pdfs, tmp_path):
    earlier = ISSUE_DATE - dt.timedelta(days=2)
    analysed_issue(page_pdfs[:2], date=earlier)
    analysed_issue(page_pdfs[:1])
    analysed_issue(page_pdfs[1:2], edition=2)
    analysed_issue(page_pdfs[:1], date=ISSUE_DATE + dt.timedelta(days=1), publish=False)
    out = tmp_path / "delivery"
    export(out, publication="jcrb", start=earlier.isoformat(), end="2026-12-31")
    bag = bagit.Bag(str(out))
    bag.validate()  # raises on any missing or changed file
    assert bag.is_valid()
    folders = sorted(p.name for p in (out / "data").iterdir())
    assert folders == [earlier.isoformat(), DAY, f"{DAY}_ed-2"]  # the draft is left out
    assert "sha256" in bag.algorithms and bag.info["Source-Organization"] == "江城日报"
    for folder in (out / "data").iterdir():
        assert_valid_mets(folder / "mets.xml")
        for alto in (folder / "alto").iterdir():
            assert_valid_alto(alto)
    ed2 = xml(out / "data" / f"{DAY}_ed-2" / "mets.xml")
    assert ed2.findtext(".//mods:originInfo/mods:edition", namespaces=NS) == "2"
    # --edition narrows a range to that edition.
    only = tmp_path / "only"
    export(only, publication="jcrb", start=DAY, end=DAY, edition=2)
    assert sorted(p.name for p in (only / "data").iterdir()) == [f"{DAY}_ed-2"]


def test_bag_makes_a_single_issue_a_bag(publication, page_pdfs, tmp_path):
    analysed_issue(page_pdfs[:1])
    out = tmp_path / "one"
    export(out, "--bag", publication="jcrb", date=DAY)
    bagit.Bag(str(out)).validate()
    assert (out / "data" / "mets.xml").is_file() and (out / "data" / "alto" / "A01.xml").is_file()


def test_the_broadsheet_command_names_it_export_mets(monkeypatch):
    """`broadsheet export-mets …` is the management command `export_mets` (run for real above
    through call_command: Django's command runner closes the database connection at its end,
    which would end the test's transaction on PostgreSQL)."""
    seen: list[list[str]] = []
    monkeypatch.setattr(cli, "_django", lambda argv: seen.append(argv) or 0)
    assert cli.main(["export-mets", "--publication", "jcrb", "--date", DAY, "out"]) == 0
    assert seen == [["export_mets", "--publication", "jcrb", "--date", DAY, "out"]]
    assert "export-mets" in cli.USAGE


def _left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"publication": "nope", "date": DAY}, "no publication 'nope'"),
        ({"publication": "jcrb", "date": "2026-02-30"}, "is not a date"),
        ({"publication": "jcrb", "date": "2026-11-26"}, "no issue of jcrb on 2026-11-26"),
        ({"publication": "jcrb", "date": DAY, "edition": 3}, "edition 3"),
        ({"publication": "jcrb", "date": "2026-11-28"}, "add --unpublished"),
        ({"publication": "jcrb", "start": "2026-11-27", "end": "2026-11-01"}, "--from is after"),
        ({"publication": "jcrb", "start": "2026-01-01", "end": "2026-01-31"}, "no published"),
        ({"publication": "jcrb", "start": "2026-11-27"}, "--from YYYY-MM-DD and --to"),
        ({"publication": "jcrb"}, "give --date"),
        ({"publication": "jcrb", "date": DAY, "start": DAY, "end": DAY}, "not both"),
    ],
)
def test_bad_input_is_a_clear_error_and_writes_nothing(
    publication, page_pdfs, tmp_path, options, message
):
    analysed_issue(page_pdfs[:1])
    analysed_issue(page_pdfs[:1], date=ISSUE_DATE + dt.timedelta(days=1), publish=False)
    before = _left(tmp_path)
    with pytest.raises(CommandError, match=re.escape(message)):
        export(tmp_path / "out", **options)
    assert _left(tmp_path) == before


def test_outdir_must_be_a_new_or_empty_folder(publication, page_pdfs, tmp_path):
    analysed_issue(page_pdfs[:1])
    a_file = tmp_path / "taken"
    a_file.write_text("mine")
    with pytest.raises(CommandError, match="is a file"):
        export(a_file, publication="jcrb", date=DAY)
    assert a_file.read_text() == "mine"
    full = tmp_path / "full"
    full.mkdir()
    (full / "keep.txt").write_text("mine")
    with pytest.raises(CommandError, match="is not empty"):
        export(full, publication="jcrb", date=DAY)
    assert _left(full) == ["keep.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    export(empty, publication="jcrb", date=DAY)
    assert "mets.xml" in _left(empty)
    # A draft goes out only when asked for.
    analysed_issue(page_pdfs[:1], date=ISSUE_DATE + dt.timedelta(days=1), publish=False)
    export(tmp_path / "draft", "--unpublished", publication="jcrb", date="2026-11-28")
    assert (tmp_path / "draft" / "mets.xml").is_file()


def test_a_failure_half_way_leaves_nothing_behind(publication, page_pdfs, tmp_path, monkeypatch):
    analysed_issue(page_pdfs[:2])
    from broadsheet.ingest.management.commands import export_mets

    calls = []

    def failing(data, page):
        calls.append(page.number)
        if len(calls) == 2:
            raise OSError("disk full")
        return b"<alto/>"

    monkeypatch.setattr(export_mets, "alto_xml", failing)
    before = _left(tmp_path)
    with pytest.raises(CommandError, match="disk full"):
        export(tmp_path / "out", publication="jcrb", date=DAY)
    assert calls == ["A01", "A02"]
    assert _left(tmp_path) == before  # neither OUTDIR nor the work folder beside it


def test_a_missing_stored_file_is_reported_before_writing(publication, page_pdfs, tmp_path):
    issue = analysed_issue(page_pdfs[:1])
    page = Page.objects.get(issue=issue)
    page.image.storage.delete(page.image.name)
    with pytest.raises(CommandError, match="the image of page A01 is missing"):
        export(tmp_path / "out", publication="jcrb", date=DAY)
    assert not (tmp_path / "out").exists()
