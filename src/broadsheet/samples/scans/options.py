"""The degradations of a scan: one frozen dataclass of named options, and named presets."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

MIN_DPI = 100
MAX_DPI = 600
MAX_SKEW = 3.0


@dataclass(frozen=True)
class ScanOptions:
    """How a page is scanned. Every field is one degradation; zero (or False) leaves it out.

    The random parts (noise, dust, the direction of the light, border widths and colour) come
    from the seed given to ``scan_page``; the rest is exactly as set here.
    """

    name: str = "clean"
    dpi: int = 300  # pixels per inch of the scan
    bilevel: bool = False  # black and white only (a threshold after all else), else grayscale
    threshold: int = 150  # the grey level at or under which a bilevel pixel is black
    noise: float = 0.0  # sigma of Gaussian sensor noise, in grey levels
    specks: float = 0.0  # the share of pixels hit by dust specks (dark or light)
    blur: float = 0.0  # Gaussian blur radius, in pixels at 300 dpi (scaled with the dpi)
    skew: float = 0.0  # degrees, counter-clockwise (positive) or clockwise; at most ±3
    light: float = 0.0  # uneven light: how much darker the darkest part is (0–0.6)
    border: float = 0.0  # mean width of the dark scanner border around the page, in mm
    bleed: float = 0.0  # opacity of the mirrored other page showing through (0–0.4)
    jpeg: int = 0  # JPEG quality of the saved scan (artefacts); 0 keeps it lossless

    def __post_init__(self) -> None:
        if not MIN_DPI <= self.dpi <= MAX_DPI:
            raise ValueError(f"dpi must be within {MIN_DPI}–{MAX_DPI}, not {self.dpi}")
        if abs(self.skew) > MAX_SKEW:
            raise ValueError(f"skew must be within ±{MAX_SKEW}°, not {self.skew}")
        if not 0 <= self.jpeg <= 95:
            raise ValueError(f"jpeg quality must be within 0–95, not {self.jpeg}")
        if not 0 <= self.light <= 0.6 or not 0 <= self.bleed <= 0.4:
            raise ValueError("light must be within 0–0.6 and bleed within 0–0.4")
        if min(self.noise, self.specks, self.blur, self.border) < 0 or self.specks > 0.05:
            raise ValueError("noise, blur and border must be ≥ 0, specks within 0–0.05")

    def replace(self, **changes: object) -> ScanOptions:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


PRESETS: dict[str, ScanOptions] = {
    option.name: option
    for option in [
        ScanOptions("clean"),
        ScanOptions("grayscale-noise", noise=14.0, specks=0.0005),
        ScanOptions("blur", blur=1.6),
        ScanOptions("skew", skew=2.5),
        ScanOptions("light", light=0.45),
        ScanOptions("border", border=8.0),
        ScanOptions("bleed", bleed=0.25),
        ScanOptions("jpeg", jpeg=20),
        ScanOptions("bilevel", bilevel=True),
        # a microfilm or archive scan: a bit of everything
        ScanOptions(
            "archive",
            skew=-1.5,
            light=0.3,
            border=6.0,
            bleed=0.15,
            noise=10.0,
            specks=0.0003,
            blur=1.0,
            jpeg=35,
        ),
        # a faxed or photocopied back issue, black and white at a low resolution
        ScanOptions("fax", dpi=200, bilevel=True, threshold=140, skew=1.0, blur=0.8, noise=12.0),
    ]
}


def preset(name: str, **changes: object) -> ScanOptions:
    """A named preset, with some fields changed (``preset("skew", dpi=200, skew=-3)``)."""
    try:
        options = PRESETS[name]
    except KeyError:
        raise ValueError(f"no scan preset {name!r}; presets: {', '.join(PRESETS)}") from None
    return options.replace(**changes) if changes else options
