"""Made-up photographs: small landscapes and street scenes drawn with Pillow, as JPEG bytes."""

from __future__ import annotations

import functools
import io
import random

from PIL import Image, ImageDraw, ImageFilter, ImageOps

_PALETTES = [
    ((120, 170, 220), (235, 240, 250), (70, 110, 70), (40, 70, 50)),  # clear day
    ((230, 150, 90), (250, 220, 170), (90, 80, 70), (50, 45, 45)),  # sunset
    ((150, 160, 175), (215, 218, 222), (95, 105, 95), (60, 65, 70)),  # overcast
    ((40, 60, 110), (120, 120, 170), (40, 50, 60), (20, 25, 35)),  # dusk
]


@functools.lru_cache(maxsize=256)
def photo_jpeg(seed: int, width_pt: int, height_pt: int) -> bytes:
    """A deterministic picture of ``width_pt`` x ``height_pt`` points at about 100 dpi."""
    rng = random.Random(seed)
    scale = 1.0
    w = max(16, min(900, int(width_pt * scale)))
    h = max(16, min(900, int(height_pt * scale)))
    sky_top, sky_bottom, land, dark = rng.choice(_PALETTES)
    gradient = Image.linear_gradient("L").resize((1, h)).resize((w, h))
    img = ImageOps.colorize(gradient, sky_top, sky_bottom).convert("RGB")
    draw = ImageDraw.Draw(img)
    horizon = int(h * rng.uniform(0.45, 0.7))
    if rng.random() < 0.7:  # sun or moon
        r = int(min(w, h) * rng.uniform(0.05, 0.1))
        cx, cy = int(w * rng.uniform(0.15, 0.85)), int(horizon * rng.uniform(0.2, 0.6))
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(255, 240, 200))
    for layer in range(2):  # hills
        points = [(0, h)]
        x = 0
        base = horizon - int(h * 0.12) + layer * int(h * 0.08)
        while x < w:
            points.append((x, base - int(h * rng.uniform(0.0, 0.15))))
            x += int(w * rng.uniform(0.08, 0.2))
        points += [(w, base), (w, h)]
        shade = tuple(int(c * (1.0 - 0.25 * layer)) for c in land)
        draw.polygon(points, fill=shade)
    if rng.random() < 0.7:  # a skyline with lit windows
        x = 0
        while x < w:
            bw = int(w * rng.uniform(0.04, 0.1))
            bh = int(h * rng.uniform(0.1, 0.4))
            draw.rectangle((x, horizon - bh, x + bw, h), fill=dark)
            for wy in range(horizon - bh + 4, h - 4, 7):
                for wx in range(x + 3, x + bw - 3, 6):
                    if rng.random() < 0.3:
                        draw.rectangle((wx, wy, wx + 2, wy + 3), fill=(240, 220, 150))
            x += bw + int(w * rng.uniform(0.0, 0.05))
    draw.rectangle((0, int(h * 0.88), w, h), fill=tuple(int(c * 0.8) for c in land))
    for _ in range(rng.randint(2, 7)):  # people or trees in the foreground
        fx = rng.randint(0, w)
        fh = int(h * rng.uniform(0.08, 0.2))
        fy = h - int(h * rng.uniform(0.0, 0.08))
        draw.rectangle((fx, fy - fh, fx + max(2, fh // 4), fy), fill=(30, 30, 35))
        draw.ellipse(
            (fx - fh // 6, fy - fh - fh // 3, fx + fh // 3, fy - fh + fh // 20), fill=(30, 30, 35)
        )
    img = img.filter(ImageFilter.SMOOTH)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=70, optimize=False)
    return out.getvalue()
