"""Which text of a scan to keep: an OCR layer already in the PDF, or our recognition.

Judged by confidence and plausibility: the share of characters that are common CJK
ideographs (GB 2312) or letters of plausible Latin words (letters only, with a vowel, not
longer than 20), against everything else (symbols, private-use, stray marks). A PDF's layer
has no confidences, so its plausibility stands alone; ours is weighted by our confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD = re.compile(r"[A-Za-z]+")
VOWELS = set("aeiouyAEIOUY")


def _common_ideograph(ch: str) -> bool:
    if not ("\u4e00" <= ch <= "\u9fff"):
        return False
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def plausibility(text: str) -> float:
    """0–1: how much of the text looks like real Chinese or English (0 for no text)."""
    good = bad = 0
    for ch in text:
        if ch.isspace() or ch in "，。、；：？！“”‘’（）《》—…·,.;:?!'\"()-%":
            continue
        if _common_ideograph(ch) or ch.isdigit():
            good += 1
        elif not ch.isascii() or not ch.isalpha():
            bad += 1
    for word in WORD.findall(text):
        if len(word) <= 20 and (VOWELS & set(word) or len(word) <= 3):
            good += len(word)
        else:
            bad += len(word)
    total = good + bad
    return good / total if total else 0.0


@dataclass(frozen=True)
class Choice:
    source: str  # "ocr" (ours) or "pdf" (the layer already in the file)
    ours: float
    layer: float
    reason: str


def choose(ours_text: str, ours_confidence: float, layer_text: str) -> Choice:
    """Ours replaces the layer when its confidence × plausibility is at least the layer's
    plausibility (ties go to ours: our lines have boxes and confidences)."""
    ours = ours_confidence * plausibility(ours_text)
    layer = plausibility(layer_text)
    if not layer_text.strip():
        return Choice("ocr", ours, layer, "the PDF has no text layer")
    if ours >= layer:
        return Choice(
            "ocr", ours, layer, f"our recognition scored {ours:.2f}, the PDF layer {layer:.2f}"
        )
    return Choice(
        "pdf", ours, layer, f"the PDF layer scored {layer:.2f}, our recognition {ours:.2f}"
    )
