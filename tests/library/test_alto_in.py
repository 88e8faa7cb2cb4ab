"""The ALTO and METS readers on small documents written here: every ALTO version and namespace,
each unit, resolutions from MIX and from OCR settings, block / line / word-range areas,
logical structMaps and BL structLinks, NDNP batches."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from broadsheet.library.alto_in import AltoError, page_content, read_alto
from broadsheet.library.mets_in import MetsError, read_mets
from broadsheet.library.ndnp import discover
from broadsheet.library.to_manifest import build, resolve_area

NAMESPACES = {
    "1-none": "",
    "1-ccs": "http://schema.ccs-gmbh.com/ALTO",
    "2": "http://www.loc.gov/standards/alto/ns-v2#",
    "3": "http://www.loc.gov/standards/alto/ns-v3#",
    "4": "http://www.loc.gov/standards/alto/ns-v4#",
}


def alto(ns: str = "", unit: str | None = "pixel", settings: str = "", w: int = 2400) -> str:
    xmlns = f' xmlns="{ns}"' if ns else ""
    unit_el = f"<MeasurementUnit>{unit}</MeasurementUnit>" if unit else ""
    steps = (
        f"<OCRProcessing ID='O'><ocrProcessingStep><processingStepSettings>{settings}"
        "</processingStepSettings></ocrProcessingStep></OCRProcessing>"
        if settings
        else ""
    )
    return f"""<?xml version="1.0"?>
<alto{xmlns}><Description>{unit_el}{steps}</Description>
<Styles><TextStyle ID="S1" FONTSIZE="9" FONTFAMILY="Times"/>
<TextStyle ID="S2" FONTSIZE="20" FONTSTYLE="bold"/></Styles>
<Layout><Page ID="P1" WIDTH="{w}" HEIGHT="3600"><PrintSpace>
<TextBlock ID="TB1" HPOS="100" VPOS="100" WIDTH="1200" HEIGHT="200" STYLEREFS="S2">
 <TextLine ID="L1" HPOS="100" VPOS="100" WIDTH="1200" HEIGHT="200">
  <String ID="W1" CONTENT="Great" HPOS="100" VPOS="100" WIDTH="500" HEIGHT="200"/><SP/>
  <String ID="W2" CONTENT="Fire" HPOS="700" VPOS="100" WIDTH="600" HEIGHT="200"/>
 </TextLine></TextBlock>
<ComposedBlock ID="CB1">
<TextBlock ID="TB2" HPOS="100" VPOS="400" WIDTH="1200" HEIGHT="300" STYLEREFS="S1">
 <TextLine ID="L2" HPOS="100" VPOS="400" WIDTH="1200" HEIGHT="100">
  <String ID="W3" CONTENT="The" HPOS="100" VPOS="400" WIDTH="200" HEIGHT="100"/>
  <String ID="W4" CONTENT="Zei" SUBS_TYPE="HypPart1" SUBS_CONTENT="Zeitung" HPOS="400"
   VPOS="400" WIDTH="300" HEIGHT="100"/><HYP CONTENT="-"/>
 </TextLine>
 <TextLine ID="L3" HPOS="100" VPOS="550" WIDTH="1200" HEIGHT="100">
  <String ID="W5" CONTENT="tung" SUBS_TYPE="HypPart2" SUBS_CONTENT="Zeitung" HPOS="100"
   VPOS="550" WIDTH="300" HEIGHT="100"/>
  <String ID="W6" CONTENT="burned" STYLE="bold" HPOS="500" VPOS="550" WIDTH="400" HEIGHT="100"/>
 </TextLine></TextBlock>
<Illustration ID="IL1" HPOS="1400" VPOS="100" WIDTH="800" HEIGHT="600"/>
</ComposedBlock></PrintSpace></Page></Layout></alto>"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("version", sorted(NAMESPACES))
def test_every_alto_version_and_namespace(tmp_path: Path, version: str) -> None:
    page = read_alto(write(tmp_path, "p.xml", alto(NAMESPACES[version])), dpi=300)
    assert page.version == version[0]
    assert [b.id for b in page.blocks] == ["TB1", "TB2", "IL1"]
    assert page.blocks[1].parents == ("CB1",)
    assert page.blocks[0].text == "Great Fire"
    assert page.blocks[1].text == "The Zeitung\nburned"  # hyphenated word whole, once
    assert page.words[0].size == 20 and page.words[0].bold
    assert page.words[2].size == 9 and page.words[2].font == "Times"
    assert page.words[5].bold  # STYLE="bold" on the word


@pytest.mark.parametrize(
    ("unit", "dpi", "ocr_settings", "width_pt", "assumed"),
    [
        ("pixel", 300.0, "", 2400 * 72 / 300, False),
        ("pixel", None, "width: 2400 xdpi: 400 ydpi: 400", 2400 * 72 / 400, False),
        ("pixel", None, "", 2400 * 72 / 300, True),
        (None, 200.0, "", 2400 * 72 / 200, False),  # no unit: pixel (ALTO 4's default)
        ("mm10", None, "", 2400 * 72 / 254, False),
        ("inch1200", None, "", 2400 * 72 / 1200, False),
    ],
)
def test_units_become_points(
    tmp_path: Path,
    unit: str | None,
    dpi: float | None,
    ocr_settings: str,
    width_pt: float,
    assumed: bool,
) -> None:
    page = read_alto(write(tmp_path, "p.xml", alto(NAMESPACES["4"], unit, ocr_settings)), dpi=dpi)
    assert page.width == pytest.approx(width_pt)
    assert page.height == pytest.approx(3600 * width_pt / 2400)
    assert page.dpi_assumed is assumed
    scale = width_pt / 2400
    assert page.words[0].box == pytest.approx((100 * scale, 100 * scale, 600 * scale, 300 * scale))


def test_not_alto_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AltoError, match="not ALTO"):
        read_alto(write(tmp_path, "x.xml", "<mets/>"))
    with pytest.raises(AltoError, match="well-formed"):
        read_alto(write(tmp_path, "y.xml", "<alto><Layout>"))
    with pytest.raises(AltoError, match="namespace"):
        read_alto(write(tmp_path, "z.xml", '<alto xmlns="urn:other"/>'))


def test_areas_name_blocks_composed_blocks_lines_and_word_ranges(tmp_path: Path) -> None:
    from broadsheet.library.mets_in import AreaRef

    page = read_alto(write(tmp_path, "p.xml", alto(NAMESPACES["2"])), dpi=72)
    assert [t for _, t in resolve_area(page, AreaRef("A", "TB1"))] == ["Great Fire"]
    assert len(resolve_area(page, AreaRef("A", "CB1"))) == 2  # its text block and illustration
    assert resolve_area(page, AreaRef("A", "L1"))[0][0] == (100, 100, 1300, 300)
    box, text = resolve_area(page, AreaRef("A", "W2", "W3"))[0]
    assert text == "Fire The" and box == (100, 100, 1300, 500)
    assert resolve_area(page, AreaRef("A", "P1")) == []  # the whole page is no article part
    assert resolve_area(page, AreaRef("A", "nothing")) == []


def test_alto_words_feed_the_page_analyser(tmp_path: Path) -> None:
    page = read_alto(write(tmp_path, "p.xml", alto(NAMESPACES["3"])), dpi=72)
    content = page_content(page, 0.5, 0.5)
    assert content.width == 1200
    assert "".join(c.text for c in content.chars).startswith("GreatFireTheZeitung")
    first = content.chars[0]
    assert (first.x0, first.y0, first.y1, first.font_size, first.bold) == (50, 50, 150, 20, True)
    assert content.chars[5].space_before and not content.chars[6].space_before


MIX = """<amdSec><techMD ID="MIX1"><mdWrap MDTYPE="NISOIMG"><xmlData>
<mix:mix xmlns:mix="http://www.loc.gov/mix/v20"><mix:ImageAssessmentMetadata><mix:SpatialMetrics>
<mix:samplingFrequencyUnit>2</mix:samplingFrequencyUnit><mix:xSamplingFrequency>
<mix:numerator>400</mix:numerator></mix:xSamplingFrequency></mix:SpatialMetrics>
</mix:ImageAssessmentMetadata></mix:mix></xmlData></mdWrap></techMD></amdSec>"""


def mets(logical: str = "", struct_link: str = "", mods_date: str = "1855-09-22") -> str:
    return f"""<?xml version="1.0"?>
<mets xmlns="http://www.loc.gov/METS/" xmlns:mods="http://www.loc.gov/mods/v3"
 xmlns:xlink="http://www.w3.org/1999/xlink">
<dmdSec ID="D1"><mdWrap MDTYPE="MODS"><xmlData><mods:mods>
<mods:titleInfo><mods:title>The Courier</mods:title></mods:titleInfo>
<mods:originInfo><mods:dateIssued keyDate="yes">{mods_date}</mods:dateIssued></mods:originInfo>
</mods:mods></xmlData></mdWrap></dmdSec>
<dmdSec ID="DA1"><mdWrap MDTYPE="MODS"><xmlData><mods:mods>
<mods:titleInfo><mods:title>Great Fire</mods:title></mods:titleInfo></mods:mods>
</xmlData></mdWrap></dmdSec>
{MIX}
<fileSec><fileGrp USE="Images"><file ID="IMG1" ADMID="MIX1" MIMETYPE="image/jp2">
<FLocat LOCTYPE="URL" xlink:href="file://./img/p1.jp2"/></file></fileGrp>
<fileGrp USE="Text"><file ID="ALTO1" MIMETYPE="text/xml">
<FLocat LOCTYPE="URL" xlink:href="file://./text/p1.xml"/></file></fileGrp></fileSec>
<structMap TYPE="PHYSICAL"><div DMDID="D1" TYPE="Newspaper">
<div ID="PHYS1" ORDER="1" ORDERLABEL="A1" TYPE="PAGE"><fptr><par><area FILEID="IMG1"/>
<area FILEID="ALTO1" BETYPE="IDREF" BEGIN="P1"/></par></fptr>
<div ID="PA1" TYPE="pagearea"><fptr><area FILEID="ALTO1" BETYPE="IDREF" BEGIN="W1" END="W2"/>
</fptr></div></div></div></structMap>
{logical}{struct_link}</mets>"""


LOGICAL = """<structMap TYPE="LOGICAL"><div TYPE="ISSUE" DMDID="D1"><div TYPE="CONTENT">
<div ID="ART1" TYPE="ARTICLE" DMDID="DA1"><div TYPE="HEADING"><div TYPE="TITLE"><fptr>
<area FILEID="ALTO1" BETYPE="IDREF" BEGIN="TB1"/></fptr></div></div>
<div TYPE="BODY"><div TYPE="PARAGRAPH"><fptr><area FILEID="ALTO1" BETYPE="IDREF" BEGIN="TB2"/>
</fptr></div></div></div>
<div ID="ADV1" TYPE="ADVERTISEMENT" LABEL="Soap"><fptr><area FILEID="ALTO1" BETYPE="IDREF"
 BEGIN="IL1"/></fptr></div></div></div></structMap>"""

STRUCT_LINK = """<structMap TYPE="LOGICAL"><div TYPE="ISSUE">
<div ID="art1" TYPE="ARTICLE"/></div></structMap>
<structLink><smLinkGrp><smLocatorLink xlink:href="#art1" xlink:label="article"/>
<smLocatorLink xlink:href="#PA1" xlink:label="page1 area1"/>
<smArcLink xlink:from="article" xlink:to="page1 area1"/></smLinkGrp></structLink>"""


def issue_folder(tmp_path: Path, logical: str = "", link: str = "", date: str = "1855-09-22"):
    write(tmp_path, "text/p1.xml", alto(NAMESPACES["3"]))
    return write(tmp_path, "issue-mets.xml", mets(logical, link, date))


def test_mets_pages_labels_resolution_missing_files_and_articles(tmp_path: Path) -> None:
    issue = read_mets(issue_folder(tmp_path, LOGICAL))
    assert (issue.date, issue.title, issue.edition) == (dt.date(1855, 9, 22), "The Courier", 1)
    (page,) = issue.pages
    assert (page.label, page.dpi, page.image) == ("A1", 400, None)
    assert page.missing == [(tmp_path / "img/p1.jp2").resolve()]
    assert page.alto == (tmp_path / "text/p1.xml").resolve()
    news, advert = issue.articles
    assert (news.title, news.kind, [p.role for p in news.parts]) == (
        "Great Fire",
        "news",
        ["headline", "body"],
    )
    assert (advert.title, advert.kind) == ("Soap", "advert")


def test_struct_link_articles_take_their_page_areas(tmp_path: Path) -> None:
    issue = read_mets(issue_folder(tmp_path, link=STRUCT_LINK))
    assert issue.profile == "bl" and issue.logical
    (article,) = issue.articles
    assert [(a.begin, a.end) for p in article.parts for a in p.areas] == [("W1", "W2")]


def test_build_places_articles_on_a_blank_text_only_page(tmp_path: Path) -> None:
    issue = read_mets(issue_folder(tmp_path, LOGICAL))
    work = tmp_path / "work"
    work.mkdir()
    built = build(issue, work, "pub")
    (page,) = built.manifest["pages"]
    assert page["image"] is False and page["number"] == "A1"
    news = page["articles"][0]
    assert news["headline"] == "Great Fire" and news["text"] == "The Zeitung\nburned"
    scale = 72 / 400  # the MIX resolution of the (missing) scan sizes the page
    assert news["blocks"][0]["bbox"] == pytest.approx(
        [100 * scale, 100 * scale, 1300 * scale, 300 * scale], abs=0.01
    )
    assert [s.kind for s in built.skips] == ["missing_file"]


def test_unsegmented_issue_articles_from_analysis_or_none(tmp_path: Path) -> None:
    issue = read_mets(issue_folder(tmp_path))
    assert not issue.logical
    work = tmp_path / "work"
    work.mkdir()
    analysed = build(issue, work, "pub")
    assert analysed.manifest["pages"][0]["articles"]
    assert analysed.analysed == {1}
    assert build(issue, work, "pub", articles="none").manifest["pages"][0]["articles"] == []


def test_dates_in_other_spellings_and_not_mets(tmp_path: Path) -> None:
    assert read_mets(issue_folder(tmp_path, date="01.08.1821")).date == dt.date(1821, 8, 1)
    with pytest.raises(MetsError) as caught:
        read_mets(write(tmp_path, "didl.xml", "<DIDL><x:y/></DIDL>"))
    assert caught.value.kind == "unknown_profile"


def test_batches_prefer_batch_1_and_folders_report_what_is_not_an_issue(tmp_path: Path) -> None:
    issue_folder(tmp_path / "b/data/sn1/issue")
    ns = 'xmlns="http://www.loc.gov/ndnp"'
    line = '<issue editionOrder="2" issueDate="1878-01-03">sn1/issue/issue-mets.xml</issue>'
    write(tmp_path, "b/data/batch.xml", f"<batch {ns}><issue>nowhere.xml</issue></batch>")
    write(tmp_path, "b/data/batch_1.xml", f"<batch {ns}>{line}</batch>")
    write(tmp_path, "kb/didl.xml", "<didl:DIDL xmlns:didl='urn:mpeg:mpeg21:2002:02-DIDL-NS'>")
    found = discover(tmp_path)
    (source,) = found.issues
    assert (source.date, source.edition) == (dt.date(1878, 1, 3), 2)
    assert [(k, p.name) for k, p, _ in found.problems] == [("unknown_profile", "didl.xml")]


def test_the_manifest_page_flag_for_no_image() -> None:
    from broadsheet.ingest.manifest import ManifestError, manifest_from_data

    pages = manifest_from_data({"pages": [{"index": 1}, {"index": 2, "image": False}]}).pages
    assert [p.image for p in pages] == [True, False]  # absent: an ordinary page
    with pytest.raises(ManifestError, match=r"pages\[0\]\.image: expected true or false"):
        manifest_from_data({"pages": [{"index": 1, "image": "no"}]})
