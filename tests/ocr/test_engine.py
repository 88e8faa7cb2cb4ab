"""The pure OCR package on small generated scans (recognitions cached by content hash)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageOps

from broadsheet.ocr.content import analyse_lines, usable_articles
from broadsheet.ocr.engine import Line, Word, even_words
from broadsheet.ocr.judge import choose, plausibility
from broadsheet.ocr.order import reading_order
from broadsheet.ocr.page import Recognition, recognise_page
from broadsheet.ocr.preprocess import border_box, prepare
from tests.ocr.support import cached_recognise, text_image, vertical_image

pytest.importorskip("rapidocr", reason="the ocr extra is not installed")

ZH = ["江城晚报记者昨日获悉", "老城区二十条街巷焕新亮相"]
EN = ["Riverside council opens", "the new bridge on Monday"]


@pytest.fixture(scope="module")
def engine() -> Any:
    from broadsheet.ocr.engine import rapidocr_engine

    return rapidocr_engine()


def read(image: Image.Image, engine: Any, size: tuple[float, float] | None = None) -> Recognition:
    return cached_recognise(recognise_page)(image, engine, size)


def squashed(rec: Recognition) -> str:
    return "".join(rec.text.split())


def test_chinese_lines_words_and_boxes_in_points(engine: Any) -> None:
    rec = read(text_image(ZH), engine, (300.0, 200.0))  # the scan is 600 × 400 px
    assert [ln.text for ln in rec.lines] == ZH
    first = rec.lines[0]
    x0, y0, x1, y1 = first.box
    assert 5 < x0 < 20 and 5 < y0 < 20 and 120 < x1 < 160 and y1 < 35  # halved: points
    assert len(first.words) == len(ZH[0]) and first.confidence > 0.9
    assert all(first.box[0] - 1 <= w.box[0] < w.box[2] <= first.box[2] + 1 for w in first.words)


def test_english(engine: Any) -> None:
    rec = read(text_image(EN), engine)
    assert rec.text.lower().split() == " ".join(EN).lower().split()
    assert [w.text for w in rec.lines[0].words] == ["Riverside", "council", "opens"]


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_rotated_page_is_turned_upright_and_boxes_map_back(engine: Any, turn: int) -> None:
    upright = text_image(ZH)
    rec = read(upright.rotate(turn, expand=True), engine)
    assert rec.rotation == turn  # PIL turns counter-clockwise; we turned it back clockwise
    assert [ln.text for ln in rec.lines] == ZH
    # The first line's box lies where that line is on the turned scan.
    scan = upright.rotate(turn, expand=True)
    x0, y0, x1, y1 = (round(v) for v in rec.lines[0].box)
    inside = ImageOps.invert(scan.crop((x0, y0, x1, y1)))
    assert inside.getbbox() is not None and sum(inside.histogram()[128:]) > 200


def test_vertical_chinese_columns_read_top_to_bottom_right_to_left(engine: Any) -> None:
    rec = read(vertical_image(["春江潮水连海平", "海上明月共潮生"]), engine)
    assert [ln.text for ln in rec.lines] == ["春江潮水连海平", "海上明月共潮生"]
    assert all(ln.vertical for ln in rec.lines)
    words = rec.lines[0].words
    assert len(words) == 7 and words[0].box[1] < words[-1].box[1]  # each character its box


def test_blank_page_has_no_text(engine: Any) -> None:
    rec = read(Image.new("L", (600, 400), 255), engine)
    assert rec.lines == [] and rec.confidence == 0.0


def test_skewed_scan_with_border_is_cropped_deskewed_and_read(engine: Any) -> None:
    page = text_image(ZH).rotate(2.0, expand=True, fillcolor=255)
    scan = ImageOps.expand(page, border=30, fill=40)  # a dark scanner bed around the paper
    prepared = prepare(scan)
    assert abs(prepared.skew - 2.0) <= 0.3
    assert border_box(scan)[:2] == (30, 30)
    rec = read(scan, engine)
    assert squashed(rec) == "".join(ZH)


def test_uneven_light_is_flattened() -> None:
    image = text_image(ZH)
    shade = Image.linear_gradient("L").resize(image.size).point(lambda v: 255 - v // 2)
    ink = np.asarray(image, dtype=np.float32) * np.asarray(shade, dtype=np.float32) / 255
    dark = Image.fromarray(ink.astype(np.uint8))
    prepared = prepare(dark, deskew=False)
    corners = [prepared.image.getpixel((5, 5)), prepared.image.getpixel((5, 395))]
    assert min(corners) > 230  # paper is white again at both ends


def test_plausibility_prefers_real_text_over_a_junk_layer() -> None:
    junk = "▯▯ Ã¤Ã¶ xq#@ ~~ ¤¤¤ ÞþÐ ΞΞ"
    assert plausibility("老城区二十条街巷焕新亮相") > 0.95
    assert plausibility("Riverside council opens the new bridge") > 0.95
    assert plausibility(junk) < 0.3
    assert choose("老城区二十条街巷", 0.97, junk).source == "ocr"
    assert choose("老城区二", 0.3, "老城区二十条街巷焕新亮相").source == "pdf"
    assert choose("abc", 0.9, "").reason == "the PDF has no text layer"


def test_recognised_lines_become_articles_by_size() -> None:
    lines = [Line("河畔大桥今日通车", (40, 40, 400, 80), 0.99)]
    body = "市民纷纷前往参观新桥两岸风景优美交通更加便捷"
    for i in range(14):
        y = 100 + i * 18
        lines.append(Line(body, (40, y, 400, y + 14), 0.98))
    lines = [
        Line(ln.text, ln.box, ln.confidence, even_words(ln.text, ln.box, 0.98)) for ln in lines
    ]
    analysis = analyse_lines(lines, 600, 800, 1)
    articles = usable_articles(analysis)
    assert len(articles) == 1 and articles[0]["headline"] == "河畔大桥今日通车"
    assert body in articles[0]["text"].replace("\n", "")


def test_line_json_round_trip() -> None:
    line = Line("ab c", (1, 2, 3, 4), 0.5, (Word("ab", (1, 2, 2, 4), 0.5),), vertical=True)
    assert Line.from_json(line.to_json()) == line


def test_fixtures_are_deterministic() -> None:  # the cache keys need identical fixture bytes
    assert text_image(ZH).tobytes() == text_image(ZH).tobytes()


def test_reading_order_cuts_bands_then_columns() -> None:
    def line(text: str, x0: float, y0: float, x1: float) -> Line:
        return Line(text, (x0, y0, x1, y0 + 10), 0.9)

    headline = line(
        "H",
        10,
        10,
        390,
    )
    left = [line(f"L{i}", 10, 40 + i * 14, 190) for i in range(3)]
    right = [line(f"R{i}", 210, 40 + i * 14, 390) for i in range(3)]
    footer = line("F", 10, 200, 390)
    shuffled = [right[0], left[0], footer, right[1], left[1], headline, right[2], left[2]]
    assert [ln.text for ln in reading_order(shuffled)] == [
        "H",
        "L0",
        "L1",
        "L2",
        "R0",
        "R1",
        "R2",
        "F",
    ]
    columns = [Line(t, (x, 10, x + 20, 200), 0.9, vertical=True) for t, x in (("a", 10), ("b", 50))]
    assert [ln.text for ln in reading_order(columns, right_to_left=True)] == ["b", "a"]


def test_orientation_is_tried_only_when_the_page_does_not_read_upright() -> None:
    from broadsheet.ocr.page import upright

    def across(conf: float) -> Line:
        return Line("河畔大桥今日通车", (10, 10, 200, 30), conf)

    column = Line("春江潮水连海平", (10, 10, 30, 200), 0.99)
    assert upright([across(0.97)] * 10)
    assert not upright([])  # a blank page: `orientation` decides (and finds nothing)
    assert not upright([across(0.6)] * 10)  # upside down or worn: tried in other turns
    assert not upright([across(0.97)] * 8 + [column] * 2)  # standing lines: columns or a side


def test_engine_session_options_and_detection_size(engine: Any) -> None:
    from broadsheet.ocr.engine import DETECT_MIN_SIDE, REC_BATCH, session_params

    params = session_params()
    assert 1 <= params["EngineConfig.onnxruntime.intra_op_num_threads"] <= 4
    assert params["Rec.rec_batch_num"] == REC_BATCH
    detector = engine._ocr._load_det_model()
    engine.boxes(np.full((400, 600), 255, np.uint8))  # small: enlarged as rapidocr does
    assert (detector.limit_type, detector.limit_side_len) == ("min", DETECT_MIN_SIDE)
    engine.boxes(np.full((1400, 1000), 255, np.uint8))  # large: its own size (or scaled)
    assert detector.limit_type == "max" and detector.limit_side_len <= 1400


def test_fine_scans_are_detected_at_a_coarser_resolution(engine: Any) -> None:
    """A 300-dpi scan is detected as if at DETECT_DPI (wide justified word spaces would split
    its lines at full resolution); a 150- or 200-dpi one, or one of unknown resolution, at its
    own size."""
    from broadsheet.ocr.engine import DETECT_DPI

    detector = engine._ocr._load_det_model()
    image = np.zeros((3300, 2400), dtype=np.uint8)
    engine._limit_detection(image, 300.0)
    assert detector.limit_type == "max"
    assert detector.limit_side_len == round(3300 * DETECT_DPI / 300.0) < 3300
    for dpi in (None, 150.0, 200.0):
        engine._limit_detection(image, dpi)
        assert detector.limit_side_len == 3300
