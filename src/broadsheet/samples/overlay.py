"""A generated page with its truth drawn on it, to look at what a producer claims."""

from __future__ import annotations

from typing import Any


def draw_truth(pdf: bytes, truth: dict[str, Any], scale: float = 1.0) -> Any:
    """The page rendered with its truth drawn on it (regions red, blocks blue): a PIL image."""
    import pypdfium2 as pdfium
    from PIL import ImageDraw

    doc = pdfium.PdfDocument(pdf)
    try:
        image = doc[0].render(scale=scale).to_pil().convert("RGB")
    finally:
        doc.close()
    draw = ImageDraw.Draw(image)
    for art in truth["articles"]:
        for b in art["blocks"]:
            draw.rectangle([v * scale for v in b["bbox"]], outline=(40, 90, 255), width=1)
        for r in art["regions"]:
            draw.rectangle([v * scale for v in r], outline=(230, 0, 0), width=2)
        x, y = art["regions"][0][0] * scale, art["regions"][0][1] * scale
        draw.text((x + 2, y + 2), f"{art['id']} {art['kind']}", fill=(230, 0, 0))
    return image
