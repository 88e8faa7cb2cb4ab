"""The imitation legacy e-paper sites: files where the truth says, truth consistent with the
pages, real encodings, planted faults, determinism."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from PIL import Image

from broadsheet.samples.epaper_site import FAULTS, SCHEMES, write_site
from broadsheet.samples.epaper_site.__main__ import main
from broadsheet.samples.epaper_site.model import RARE_CHARS, simplify

START = dt.date(2017, 7, 22)
CODECS = {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "gb2312": "gb2312", "gb18030": "gb18030"}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict]]:
    out = {}
    for scheme in SCHEMES:
        base = tmp_path_factory.mktemp(scheme.replace("-", "_"))
        out[scheme] = (base, write_site(base, scheme, start=START))
    return out


def _text(path: Path, codec: str) -> str:
    return path.read_bytes().decode(CODECS[codec]).lstrip("\ufeff")


def _html_files(site: Path) -> list[Path]:
    return [p for p in site.rglob("*") if p.is_file() and re.search(r"\.html?($|\?)", p.name)]


def _decoded(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _pdf_size(path: Path) -> tuple[float, float] | None:
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return None
    try:
        w, h = doc[0].get_size()
        return float(w), float(h)
    finally:
        doc.close()


def _links(page_html: str) -> list[str]:
    return re.findall(r"""(?:href|src)\s*=\s*["']?([^"'\s>]+)""", page_html, re.I)


def _resolve(page: Path, link: str) -> Path:
    return (page.parent / link).resolve()


def _display(page: Path, text: str) -> tuple[float, float]:
    """The displayed size of the mapped image: its width/height attributes, else the file's."""
    img = re.search(r"<img\b[^>]*usemap[^>]*>", text, re.I)
    assert img, page
    tag = img.group(0)
    w = re.search(r"""\bwidth\s*=\s*["']?([\d.]+)""", tag, re.I)
    h = re.search(r"""\bheight\s*=\s*["']?([\d.]+)""", tag, re.I)
    if w and h:
        return float(w.group(1)), float(h.group(1))
    src = re.search(r"""\bsrc\s*=\s*["']?([^"'\s>]+)""", tag, re.I)
    assert src
    with Image.open(_resolve(page, src.group(1))) as im:
        return float(im.size[0]), float(im.size[1])


def _map_polygons(text: str) -> list[list[list[float]]]:
    polys = []
    for coords in re.findall(r"""<area\b[^>]*\bcoords\s*=\s*["']([^"']*)""", text, re.I):
        try:
            nums = [float(v) for v in coords.split(",")]
        except ValueError:
            continue  # a broken area
        if len(nums) % 2:
            continue
        polys.append(simplify([[nums[i], nums[i + 1]] for i in range(0, len(nums), 2)]))
    return polys


def _same(a: list[list[float]], b: list[list[float]], tol: float) -> bool:
    return len(a) == len(b) and all(
        abs(p[0] - q[0]) <= tol and abs(p[1] - q[1]) <= tol for p, q in zip(a, b, strict=True)
    )


@pytest.mark.parametrize("scheme", SCHEMES)
def test_truth_is_written_outside_the_site(sites: Any, scheme: str) -> None:
    base, truth = sites[scheme]
    assert json.loads((base / "truth.json").read_text(encoding="utf-8")) == truth
    assert not list((base / "site").rglob("truth.json"))
    assert truth["scheme"] == scheme and truth["publication"] == "jcrb"
    assert [i["date"] for i in truth["issues"]] == ["2017-07-22", "2017-07-23"]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_pages_files_sizes_and_sources(sites: Any, scheme: str) -> None:
    base, truth = sites[scheme]
    site = base / "site"
    for issue in truth["issues"]:
        assert issue["pages"]
        for page in issue["pages"]:
            path = site / page["file"]
            text = _text(path, truth["encodings"][page["file"]]["codec"])
            links = [_resolve(path, link) for link in _links(text)]
            pdfs = [p for p in links if p.suffix == ".pdf" and p.parent.name in page["file"]]
            pdf = next(p for p in links if p.suffix == ".pdf")
            assert pdfs or pdf
            if page["source"] == "pdf":
                assert _pdf_size(pdf) == (page["width"], page["height"])
            else:
                assert not pdf.exists() or _pdf_size(pdf) is None
                sizes = set()
                for link in links:
                    if link.exists() and re.search(r"\.jpg(\.2)?$", link.name):
                        with Image.open(link) as im:
                            sizes.add(im.size)
                assert (int(page["width"]), int(page["height"])) in sizes
            for art in page["articles"]:
                assert art["headline"]
                for zone in art["zones"]:
                    assert len(zone) >= 3
                    for x, y in zone:
                        assert -1 <= x <= page["width"] + 1 and -1 <= y <= page["height"] + 1


@pytest.mark.parametrize("scheme", SCHEMES)
def test_zones_are_the_map_scaled_back(sites: Any, scheme: str) -> None:
    base, truth = sites[scheme]
    site = base / "site"
    for issue in truth["issues"]:
        for page in issue["pages"]:
            path = site / page["file"]
            text = _text(path, truth["encodings"][page["file"]]["codec"])
            dw, dh = _display(path, text)
            sx, sy = page["width"] / dw, page["height"] / dh
            polys = [[[x * sx, y * sy] for x, y in p] for p in _map_polygons(text)]
            for art in page["articles"]:
                for zone in art["zones"]:
                    assert any(_same(zone, p, 0.02) for p in polys), (page["file"], zone)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_article_text_is_published(sites: Any, scheme: str) -> None:
    base, truth = sites[scheme]
    blob = "\n".join(
        html.unescape(_decoded(p))
        for p in _html_files(base / "site")
        if truth["encodings"][p.relative_to(base / "site").as_posix()]["codec"] != "invalid"
    )
    for issue in truth["issues"]:
        for page in issue["pages"]:
            for art in page["articles"]:
                for field in ("kicker", "subheadline", "byline"):
                    assert art[field] in blob
                # nbs title lists write the space between a headline's phrases as <br>
                assert art["headline"] in blob or art["headline"].replace(" ", "<br>") in blob
                for para in art["paragraphs"]:
                    assert para in blob


@pytest.mark.parametrize("scheme", SCHEMES)
def test_encodings_are_what_the_truth_says(sites: Any, scheme: str) -> None:
    base, truth = sites[scheme]
    site = base / "site"
    files = {p.relative_to(site).as_posix() for p in _html_files(site)}
    assert files == set(truth["encodings"])
    codecs = set()
    for rel, enc in truth["encodings"].items():
        data = (site / rel).read_bytes()
        codecs.add(enc["codec"])
        assert data.startswith(b"\xef\xbb\xbf") == enc["bom"]
        assert (b"\r\n" in data) == enc["crlf"]
        if enc["codec"] == "invalid":
            for codec in ("utf-8", "gb18030"):
                with pytest.raises(UnicodeDecodeError):
                    data.decode(codec)
            continue
        text = data.decode(CODECS[enc["codec"]])
        if enc["codec"] == "gb18030" and re.search(r"[^\x00-\x7f]", text):
            with pytest.raises(UnicodeDecodeError):
                data.decode("utf-8")
        declared = re.search(r"charset=[\"']?([\w-]+)", text, re.I)
        assert (declared.group(1) if declared else None) == enc["declared"]
    assert "invalid" in codecs
    assert len(codecs) >= 3


def test_gbk_characters_and_gb2312_files(sites: Any) -> None:
    for _base, truth in sites.values():
        bylines = [a["byline"] for i in truth["issues"] for p in i["pages"] for a in p["articles"]]
        assert any(ch in b for b in bylines for ch in RARE_CHARS)
    base, truth = sites["classic"]
    assert any(e["codec"] == "gb2312" for e in truth["encodings"].values())
    gbk = truth["traps"]["gbk_characters"]
    assert all(truth["encodings"][f]["codec"] == "gb18030" for f in gbk)
    mismatched = truth["traps"]["meta_charset_mismatch"]
    assert all(not truth["encodings"][f]["declared_ok"] for f in mismatched)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_each_fault_planted_once(sites: Any, scheme: str) -> None:
    base, truth = sites[scheme]
    site = base / "site"
    skips = truth["skips"]
    assert sorted(s["kind"] for s in skips) == sorted(FAULTS)
    assert len({(s["date"], s["page"]) for s in skips}) == len(skips)  # never two per page
    assert len({s["date"] for s in skips}) == 2
    labels = {i["date"]: {p["label"] for p in i["pages"]} for i in truth["issues"]}
    files = {i["date"]: {p["file"] for p in i["pages"]} for i in truth["issues"]}
    for s in skips:
        path = site / s["file"]
        kind = s["kind"]
        if kind in ("missing_pdf", "missing_article", "missing_page"):
            assert not path.exists(), s
        elif kind == "bad_pdf":
            assert path.exists() and _pdf_size(path) is None
        elif kind == "undecodable":
            assert truth["encodings"][s["file"]]["codec"] == "invalid"
        else:
            assert path.exists(), s
        if kind in ("missing_page", "no_page_files", "page_gap"):
            assert s["page"] not in labels[s["date"]]
        else:
            assert s["page"] in labels[s["date"]]
        if kind in ("missing_pdf", "bad_pdf"):
            page = next(
                p
                for i in truth["issues"]
                for p in i["pages"]
                if p["label"] == s["page"]
                if i["date"] == s["date"]
            )
            assert page["source"] == "image"
        if kind == "page_gap":  # named by the issue's first listed page (it exists: see above)
            assert s["file"].startswith(str(Path(sorted(files[s["date"]])[0]).parent))
    lost = [
        a for i in truth["issues"] for p in i["pages"] for a in p["articles"] if not a["paragraphs"]
    ]
    assert len(lost) >= 2  # missing_article and undecodable keep their headline and zones
    assert all(a["headline"] and a["zones"] for a in lost)


def test_missing_page_is_listed_and_gap_is_not(sites: Any) -> None:
    base, truth = sites["classic"]
    site = base / "site"
    for s in truth["skips"]:
        issue = next(i for i in truth["issues"] if i["date"] == s["date"])
        first = site / issue["pages"][0]["file"]
        listing = _decoded(first)
        shown = set(re.findall(r"第(\w+)版：", listing))
        if s["kind"] == "missing_page":
            assert s["page"] in shown
        if s["kind"] == "page_gap":
            assert s["page"] not in shown


def test_jumped_articles_are_on_both_pages(sites: Any) -> None:
    found = 0
    for _base, truth in sites.values():
        for issue in truth["issues"]:
            by_label = {p["label"]: p for p in issue["pages"]}
            for page in issue["pages"]:
                for art in page["articles"]:
                    if not art["continues"]:
                        continue
                    other = by_label[art["continues"]["label"]]
                    twin = [a for a in other["articles"] if a["headline"] == art["headline"]]
                    assert twin and twin[0]["paragraphs"] == art["paragraphs"]
                    assert twin[0]["byline"] == art["byline"]
                    found += 1
    assert found


def test_hidden_zones_and_notes(sites: Any) -> None:
    base, truth = sites["main-ed"]
    site = base / "site"
    hidden = [
        (i["date"], p, a)
        for i in truth["issues"]
        for p in i["pages"]
        for a in p["articles"]
        if a["hidden"]
    ]
    assert hidden
    notes = [n for n in truth["notes"] if n["kind"] == "hidden_zone"]
    assert len(notes) == len(hidden)
    for _date, page, art in hidden:
        assert art["zones"]
        text = _decoded(site / page["file"])
        titles = text.split('class="main-ed-articlenav-list"')[1]
        assert f">{html.escape(art['headline'], quote=False)}<" not in titles
    for scheme in ("classic", "main-ed"):
        kinds = [n["kind"] for n in sites[scheme][1]["notes"]]
        assert "date_conflict" in kinds
        note = next(n for n in sites[scheme][1]["notes"] if n["kind"] == "date_conflict")
        text = _decoded(sites[scheme][0] / "site" / note["file"])
        found = re.search(r"<founder-date>(\d{4}-\d\d-\d\d)", text)
        assert found and found.group(1) != note["date"]


EXPECTED_TRAPS = {
    "classic": {
        "map_name_case_mismatch",
        "two_body_tags",
        "img_without_size",
        "identical_div_areas",
        "picture_area_in_text_polygon",
        "literal_query_file_names",
        "article_parts",
        "double_body",
        "spread_label",
        "pdf_timestamp_name",
        "title_list_padding",
        "page_name_padding",
        "date_line_split",
        "titles_in_table_wz",
    },
    "main-ed": {"hidden_zone", "ga_label", "attachment_pictures", "picture_area_in_text_polygon"},
    "current": {
        "fractional_coords",
        "tablet_twin",
        "jpg2_image",
        "author_holds_date",
        "img_size_differs_from_attributes",
    },
    "nbs": {"titles_only_in_view_script", "img_size_differs_from_attributes"},
    "paperindex": {"titles_in_table_wz", "img_size_differs_from_attributes"},
}
EVERYWHERE = {"repeated_or_collinear_points", "l_or_u_shaped_polygons", "crlf", "gbk_characters"}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_trap_files_present(sites: Any, scheme: str) -> None:
    base, truth = sites[scheme]
    site = base / "site"
    traps = truth["traps"]
    assert EXPECTED_TRAPS[scheme] | EVERYWHERE <= set(traps), set(traps)
    assert "meta_charset_mismatch" in traps
    for files in traps.values():
        for rel in files:
            assert (site / rel).exists(), rel


def test_scheme_structures(sites: Any) -> None:
    base, truth = sites["classic"]
    site = base / "site"
    target = re.search(r"url=([^\"]+)", _decoded(site / "paperindex.htm"))
    assert target and (site / target.group(1)).exists()
    assert list(site.glob("html/*/*/content_*.htm?div=-1"))
    for rel in truth["traps"]["two_body_tags"]:
        assert len(re.findall(r"<body\b", _decoded(site / rel), re.I)) == 2
    for rel in truth["traps"]["double_body"]:
        text = _decoded(site / rel)
        assert text.count("<!--enpcontent-->") == 2 and "name=titlecheckbox" in text
    assert any(p["label"] == "0405" for i in truth["issues"] for p in i["pages"])

    base, truth = sites["current"]
    site = base / "site"
    assert (site / "pc/layout/index.html").exists()
    for twin in truth["traps"]["tablet_twin"]:
        assert (site / twin).read_bytes() == (site / ("pc/" + twin[4:])).read_bytes()
    page = truth["issues"][0]["pages"][0]
    text = _decoded(site / page["file"])
    assert re.search(r'coords="[\d.,]*\.\d', text) and 'width="400" height="575"' in text
    assert list(site.glob("pc/pic/*/*/*.jpg.2")) and list(site.glob("pc/attachement/*/*/*.pdf"))

    base, truth = sites["nbs"]
    site = base / "site"
    for issue in truth["issues"]:
        for page in issue["pages"]:
            text = _decoded(site / page["file"])
            assert re.search(r"\d\d版:", text) and re.search(r"第\d\d版：", text)
            for art in page["articles"]:
                if not art["hidden"]:
                    shown = html.escape(art["headline"], quote=False).replace(" ", "<br>", 1)
                    assert f'document.write(view("{shown}  "))' in text

    base, truth = sites["paperindex"]
    site = base / "site"
    index = _decoded(site / "content/PaperIndex.htm")
    assert "20170723/IssueIndex.htm" in index and "20170722/IssueIndex.htm" in index
    assert list(site.glob("content/*/Articel0100[0-9]*.htm"))


def test_deterministic_and_seeded(tmp_path: Path) -> None:
    def digest(base: Path) -> dict[str, str]:
        site = base / "site"
        return {
            p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*"))
            if p.is_file()
        }

    args: dict[str, Any] = {"start": START, "days": 1, "pages": 3, "publication": "jcwb"}
    a = write_site(tmp_path / "a", "nbs", seed=5, **args)
    b = write_site(tmp_path / "b", "nbs", seed=5, **args)
    c = write_site(tmp_path / "c", "nbs", seed=6, **args)
    assert a == b and digest(tmp_path / "a") == digest(tmp_path / "b")
    assert a != c
    # writing again into the same folder replaces the site
    write_site(tmp_path / "a", "nbs", seed=5, **args)
    assert digest(tmp_path / "a") == digest(tmp_path / "b")


def test_without_traps(tmp_path: Path) -> None:
    truth = write_site(tmp_path, "classic", start=START, days=1, pages=3, traps=False)
    assert truth["skips"] == [] and truth["notes"] == []
    assert all(
        e["codec"] == "utf-8" and e["declared"] == "utf-8" and not e["crlf"]
        for e in truth["encodings"].values()
    )
    assert all(p["source"] == "pdf" for i in truth["issues"] for p in i["pages"])
    assert [p["label"] for p in truth["issues"][0]["pages"]] == ["01", "02", "03"]


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = [str(tmp_path), "--scheme", "current", "--start", "2024-12-25", "--days", "1"]
    assert main([*argv, "--pages", "2", "--seed", "3", "--no-traps"]) == 0
    printed = capsys.readouterr().out
    assert "wrote" in printed and "truth" in printed
    truth = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    assert truth["scheme"] == "current" and truth["issues"][0]["date"] == "2024-12-25"
    assert (tmp_path / "site/pc/layout/202412/25/node_01.html").exists()


def test_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_site(tmp_path, "json", start=START)
    with pytest.raises(ValueError):
        write_site(tmp_path, "classic", start=START, pages=0)
