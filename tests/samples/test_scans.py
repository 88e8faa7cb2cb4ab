"""The scan generator (broadsheet.samples.scans): determinism, each degradation, truth boxes."""

from __future__ import annotations

import datetime
import importlib.util
import io
from functools import cache

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from broadsheet.layout import analyze_page
from broadsheet.pdf.from_image import page_size_of
from broadsheet.samples import GeneratedIssue, generate_issue, profile_by_slug
from broadsheet.samples.scans import ScanOptions, measure_skew, preset, scan_page, scan_pages

DPI = 150


@cache
def issue() -> GeneratedIssue:
    return generate_issue(profile_by_slug("jcwb"), datetime.date(2026, 11, 27), pages=2, seed=2)


def scan(name: str, seed: int = 0, **changes: object):
    return scan_page(issue().pages[0], preset(name, dpi=DPI, **changes), seed, language="zh-hans")


def pixels(image: Image.Image) -> np.ndarray:
    return np.asarray(image, dtype=np.int16)


def test_deterministic_per_seed():
    a, b, c = scan("archive", 1), scan("archive", 1), scan("archive", 2)
    assert a.png() == b.png()
    assert a.jpeg() == b.jpeg()
    assert a.truth() == b.truth()
    assert a.png() != c.png()


def test_dpi_honoured_and_clean_truth_is_the_generators():
    page = issue().pages[0]
    for dpi in (100, 200):
        s = scan_page(page, ScanOptions(dpi=dpi))
        assert s.image.size == pytest.approx((page.width * dpi / 72, page.height * dpi / 72), abs=1)
        assert Image.open(io.BytesIO(s.png())).info["dpi"] == pytest.approx((dpi, dpi), abs=0.01)
    s = scan("clean")
    assert [a.id for a in s.articles] == [a["id"] for a in page.truth["articles"]]
    first = page.truth["articles"][0]
    assert s.articles[0].headline == first["headline"]
    assert first["headline"] in s.articles[0].text and first["text"] in s.text
    x0, y0, x1, y1 = first["regions"][0]
    assert s.articles[0].regions[0] == pytest.approx(
        [v * DPI / 72 for v in (x0, y0, x1, y1)], abs=0.1
    )


def test_bilevel_has_two_values_and_grayscale_many():
    assert set(np.unique(pixels(scan("bilevel").image))) == {0, 255}
    assert len(np.unique(pixels(scan("grayscale-noise").image))) > 100


def test_noise_blur_jpeg_light_and_bleed_change_the_image_as_described():
    clean = pixels(scan("clean").image)
    noisy = pixels(scan("grayscale-noise").image)
    white = clean == 255
    assert 10 < (noisy - clean)[white].std() < 20  # sigma 14, clipped at white
    blurred = pixels(scan("blur").image)
    assert np.abs(np.diff(blurred, axis=1)).mean() < 0.8 * np.abs(np.diff(clean, axis=1)).mean()
    jpeg = scan("jpeg")
    assert jpeg.jpeg()[:2] == b"\xff\xd8" and 0 < np.abs(pixels(jpeg.image) - clean).mean() < 10
    lit = pixels(scan("light").image)
    assert lit[white].max() - lit[white].min() > 0.6 * 255 * 0.45  # uneven: darker on one side
    pages = issue().pages
    bled = pixels(scan_pages(pages, preset("bleed", dpi=DPI))[0].image)
    assert (bled[white] < 255).mean() > 0.05  # the other page shows through the white paper
    assert bled[~white].mean() == pytest.approx(clean[~white].mean(), abs=8)


def test_border_present_and_boxes_shifted():
    clean, bordered = scan("clean"), scan("border")
    image = pixels(bordered.image)
    assert bordered.image.width > clean.image.width and bordered.image.height > clean.image.height
    for edge in (image[:, 0], image[:, -1], image[0], image[-1]):
        assert edge.mean() < 90  # the dark scanner bed on every side
    x0, y0, *_ = bordered.map_box((0, 0, 0, 0))
    assert x0 > 0 and y0 > 0
    assert image[int(y0) + 20, int(x0) + 20] > 200  # the page's white margin starts there


@pytest.mark.parametrize("angle", [2.5, -3.0])
def test_skew_measurable_and_boxes_follow(angle):
    page = issue().pages[0]
    skewed = scan("skew", skew=angle)
    assert measure_skew(skewed.image) == pytest.approx(angle, abs=0.25)
    assert measure_skew(scan("clean").image) == pytest.approx(0, abs=0.25)
    # a headline's box: its ink lies inside the mapped box, and the box is wider than the
    # straight one by the rotation (the rotated rectangle's bounding box)
    article = page.truth["articles"][0]
    block = next(b for b in article["blocks"] if b["role"] == "headline")
    x0, y0, x1, y1 = skewed.map_box(block["bbox"])
    w, h = (
        (block["bbox"][2] - block["bbox"][0]) * DPI / 72,
        (block["bbox"][3] - block["bbox"][1]) * DPI / 72,
    )
    rad = np.radians(abs(angle))
    assert x1 - x0 == pytest.approx(w * np.cos(rad) + h * np.sin(rad), abs=1)
    assert y1 - y0 == pytest.approx(w * np.sin(rad) + h * np.cos(rad), abs=1)
    # the ink inside the mapped box is the ink of the straight box on the clean scan
    ink = pixels(skewed.image) < 128
    inside = ink[int(y0) : int(y1) + 1, int(x0) : int(x1) + 1].sum()
    a0, b0, a1, b1 = scan("clean").map_box(block["bbox"])
    straight = (pixels(scan("clean").image) < 128)[int(b0) : int(b1) + 1, int(a0) : int(a1) + 1]
    assert inside == pytest.approx(straight.sum(), rel=0.05)
    # the mapped box's centre is where the rotation takes the block's centre
    cx, cy = skewed.map_point(
        (block["bbox"][0] + block["bbox"][2]) / 2, (block["bbox"][1] + block["bbox"][3]) / 2
    )
    assert ((x0 + x1) / 2, (y0 + y1) / 2) == pytest.approx((cx, cy), abs=0.2)


def test_pdf_is_image_only():
    s = scan("archive")
    document = pdfium.PdfDocument(s.pdf())
    page = document[0]
    textpage = page.get_textpage()
    assert textpage.count_chars() == 0
    assert (page.get_width(), page.get_height()) == pytest.approx(
        page_size_of(*s.image.size), abs=0.01
    )
    result = analyze_page(page, 1)
    assert result["text_quality"] == "none"
    assert result["articles"] == []
    textpage.close()
    page.close()
    document.close()


def test_options_validated():
    with pytest.raises(ValueError):
        ScanOptions(skew=3.5)
    with pytest.raises(ValueError):
        ScanOptions(dpi=50)
    with pytest.raises(ValueError):
        preset("nope")


@pytest.mark.skipif(importlib.util.find_spec("rapidocr") is None, reason="rapidocr not installed")
def test_rapidocr_reads_a_clean_headline():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    import ocr  # bench/ocr.py

    s = scan_page(issue().pages[0], ScanOptions(dpi=200))
    block = next(b for b in s.articles[0].blocks if b.role == "headline")
    x0, y0, x1, y1 = block.box
    crop = s.image.crop((int(x0) - 10, int(y0) - 10, int(x1) + 10, int(y1) + 10))
    text = "".join(t for t, _ in ocr.rapidocr_engine()(crop, "zh-hans"))
    truth = ocr.normalise(block.text)
    assert ocr.edit_distance(truth, ocr.normalise(text)) <= 0.1 * len(truth)
