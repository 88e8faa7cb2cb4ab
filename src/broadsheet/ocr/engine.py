"""The OCR engine behind a small interface, and its RapidOCR implementation.

An `Engine` recognises the text lines of one upright greyscale image and returns them in that
image's pixels. RapidOCR (PP-OCR ONNX models) is optional at run time (`pip install -e
'.[ocr]'`); its model files come inside its wheel and are given by path, so nothing is ever
downloaded. A GPU is used only when `BROADSHEET_OCR_GPU=1` (onnxruntime's CUDA provider).
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

Box = tuple[float, float, float, float]  # x0, y0, x1, y1


class EngineUnavailable(RuntimeError):
    """No OCR engine is installed (the `ocr` extra)."""


@dataclass(frozen=True)
class Word:
    text: str
    box: Box
    confidence: float


@dataclass(frozen=True)
class Line:
    text: str
    box: Box
    confidence: float
    words: tuple[Word, ...] = field(default=())
    vertical: bool = False  # read top to bottom (upright CJK in a column)

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "box": [round(v, 1) for v in self.box],
            "conf": round(self.confidence, 3),
            "vertical": self.vertical,
            "words": [
                {
                    "text": w.text,
                    "box": [round(v, 1) for v in w.box],
                    "conf": round(w.confidence, 3),
                }
                for w in self.words
            ],
        }

    @staticmethod
    def from_json(data: dict[str, Any]) -> Line:
        """The line stored by `to_json`; without words (a corrected line), its words are
        spread over its box."""
        text = str(data["text"])
        box: Box = tuple(float(v) for v in data["box"])  # type: ignore[assignment]
        confidence = float(data.get("conf", 0.0))
        vertical = bool(data.get("vertical", False))
        words = tuple(
            Word(str(w["text"]), tuple(float(v) for v in w["box"]), float(w.get("conf", 0)))  # type: ignore[arg-type]
            for w in data.get("words", [])
        )
        return Line(
            text, box, confidence, words or even_words(text, box, confidence, vertical), vertical
        )


class Engine(Protocol):
    name: str
    version: str

    def lines(self, image: np.ndarray, dpi: float | None = None) -> list[Line]:
        """The text lines of an upright greyscale image (uint8, H×W), in its pixels; `dpi`,
        when known, lets the engine detect a fine scan at a lower resolution."""

    def read(self, image: np.ndarray) -> tuple[str, float]:
        """One line image (already cut out) read as text, with its confidence."""

    def boxes(self, image: np.ndarray, dpi: float | None = None) -> list[Box]:
        """Where the text lines are (detection only), in the image's pixels."""


def even_words(text: str, box: Box, confidence: float, vertical: bool = False) -> tuple[Word, ...]:
    """Words of a line whose engine gave no word boxes: CJK characters one by one, Latin runs
    by spaces, spread over the line's box by their share of its characters."""
    pieces: list[str] = []
    for token in text.split():
        run = ""
        for ch in token:
            if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff":
                if run:
                    pieces.append(run)
                    run = ""
                pieces.append(ch)
            else:
                run += ch
        if run:
            pieces.append(run)
    total = sum(len(p) for p in pieces) or 1
    x0, y0, x1, y1 = box
    span = (y1 - y0) if vertical else (x1 - x0)
    words, at = [], 0
    for piece in pieces:
        a = at / total * span
        b = (at + len(piece)) / total * span
        at += len(piece)
        wb = (x0, y0 + a, x1, y0 + b) if vertical else (x0 + a, y0, x0 + b, y1)
        words.append(Word(piece, wb, confidence))
    return tuple(words)


# Detection runs on the page scaled by this factor (the lines are then cut for recognition
# from the full image). Kept at 1: at 2/3 (4/9 of the pixels, about 2 s less a page) the
# synthetic clean pages read as well, but a worn real 1944 page lost 2 % of its characters and
# the `archive` scans' CER moved both ways (docs/ocr.md, "Pipeline figures").
DETECT_SCALE = 1.0
# …but a scan finer than this is detected at this resolution (when its resolution is known):
# at full 300 dpi the detector splits justified lines at their wide word spaces and joins the
# top lines of neighbouring columns across a narrow gutter, and takes 2.25 times as long.
# The worn 1944 page that lost characters at 2/3 scale is a 152-dpi scan: untouched by this.
DETECT_DPI = 250.0
# rapidocr's default: detection enlarges smaller images to this many pixels on the shorter side.
DETECT_MIN_SIDE = 736
# Lines recognised per batch (sorted by width, so little padding): fewer, larger runs.
REC_BATCH = 16


def session_params() -> dict[str, Any]:
    """onnxruntime session options: one intra-op thread per CPU this process may use (at
    most 4), the memory arena on (the batches' shapes repeat), larger recognition batches."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return {
        "EngineConfig.onnxruntime.intra_op_num_threads": max(1, min(4, cpus)),
        "EngineConfig.onnxruntime.enable_cpu_mem_arena": True,
        "Rec.rec_batch_num": REC_BATCH,
    }


class RapidOcr:
    """RapidOCR 3.x with the PP-OCRv6 small models of its wheel."""

    name = "rapidocr"

    def __init__(self, gpu: bool = False) -> None:
        try:
            import rapidocr
            from rapidocr import RapidOCR
        except ImportError as exc:
            raise EngineUnavailable(
                "OCR is not installed: pip install -e '.[ocr]' (rapidocr, onnxruntime)"
            ) from exc
        models = Path(rapidocr.__file__).parent / "models"
        self.version = f"rapidocr-{getattr(rapidocr, '__version__', '3')}-ppocrv6s"
        params: dict[str, Any] = {
            "Global.log_level": "error",
            "Global.max_side_len": 5000,
            "Global.use_cls": False,  # page orientation is decided before, for the whole page
            "Det.use_dilation": False,  # dilation joins lines across narrow column gutters
            "Det.model_path": str(models / "PP-OCRv6_det_small.onnx"),
            "Rec.model_path": str(models / "PP-OCRv6_rec_small.onnx"),
            "Cls.model_path": str(models / "ch_ppocr_mobile_v2.0_cls_mobile.onnx"),
        }
        params.update(session_params())
        if gpu:
            params["EngineConfig.onnxruntime.use_cuda"] = True
        self._ocr = RapidOCR(params=params)

    def _limit_detection(self, image: np.ndarray, dpi: float | None = None) -> None:
        """Large images are reduced by DETECT_SCALE for detection (and scans finer than
        DETECT_DPI to that resolution), small ones enlarged to DETECT_MIN_SIDE on the shorter
        side (set on rapidocr's detector for each call)."""
        detector: Any = self._ocr._load_det_model()
        short, long = sorted(image.shape[:2])
        scale = DETECT_SCALE
        if dpi and dpi > DETECT_DPI:
            scale = min(scale, DETECT_DPI / dpi)
        if short * scale >= DETECT_MIN_SIDE:
            detector.limit_type = "max"
            detector.limit_side_len = round(long * scale)
        else:
            detector.limit_type, detector.limit_side_len = "min", DETECT_MIN_SIDE

    def lines(self, image: np.ndarray, dpi: float | None = None) -> list[Line]:
        self._limit_detection(image, dpi)
        result: Any = self._ocr(
            np.dstack([image] * 3), use_det=True, use_cls=False, use_rec=True, return_word_box=True
        )
        if result.boxes is None or result.txts is None:
            return []
        word_results = getattr(result, "word_results", None) or [None] * len(result.txts)
        out: list[Line] = []
        for quad, text, score, wr in zip(
            result.boxes, result.txts, result.scores, word_results, strict=False
        ):
            text = str(text).strip()
            if not text:
                continue
            xs, ys = [float(p[0]) for p in quad], [float(p[1]) for p in quad]
            box = (min(xs), min(ys), max(xs), max(ys))
            words = _word_boxes(wr, float(score)) or even_words(text, box, float(score))
            out.append(Line(text, box, float(score), words))
        return out

    def boxes(self, image: np.ndarray, dpi: float | None = None) -> list[Box]:
        self._limit_detection(image, dpi)
        result: Any = self._ocr(
            np.dstack([image] * 3),
            use_det=True,
            use_cls=False,
            use_rec=False,
            return_word_box=False,
        )
        return _boxes_of(result)

    def read(self, image: np.ndarray) -> tuple[str, float]:
        result: Any = self._ocr(
            np.dstack([image] * 3),
            use_det=False,
            use_cls=False,
            use_rec=True,
            return_word_box=False,
        )
        txts: list[Any] = list(getattr(result, "txts", None) or [])
        scores: list[Any] = list(getattr(result, "scores", None) or [])
        if not txts:
            return "", 0.0
        return str(txts[0]), float(scores[0])


def _boxes_of(result: Any) -> list[Box]:
    boxes: list[Box] = []
    found: Any = getattr(result, "boxes", None)
    for quad in [] if found is None else found:
        xs, ys = [float(p[0]) for p in quad], [float(p[1]) for p in quad]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    return boxes


def _word_boxes(word_result: Any, score: float) -> tuple[Word, ...]:
    """RapidOCR's word boxes (`return_word_box`): (text, confidence, quad) per word."""
    words: list[Word] = []
    try:
        items: list[Any] = list(word_result or [])
        for item in items:
            text, conf, quad = item[0], item[1], item[2]
            xs, ys = [float(p[0]) for p in quad], [float(p[1]) for p in quad]
            if str(text).strip():
                words.append(Word(str(text), (min(xs), min(ys), max(xs), max(ys)), float(conf)))
    except (TypeError, IndexError, ValueError):
        return ()
    return tuple(words)


@functools.lru_cache(maxsize=2)
def rapidocr_engine(gpu: bool | None = None) -> RapidOcr:
    """The engine, loaded once per process. Raises EngineUnavailable without the extra."""
    if gpu is None:
        value = os.environ.get("BROADSHEET_OCR_GPU", "0").strip()
        if value not in ("0", "1", ""):
            raise ValueError(f"BROADSHEET_OCR_GPU must be 0 or 1, not {value!r}")
        gpu = value == "1"
    return RapidOcr(gpu=gpu)
