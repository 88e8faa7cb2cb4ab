"""XeLaTeX over a scratch folder, and what its ``.pos`` file says (the page's truth data)."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

SP_PER_BP = 65536 * 72.27 / 72  # scaled points in a PostScript point
PT_TO_BP = 72 / 72.27
TIMEOUT = 60.0


class TexUnavailableError(RuntimeError):
    """``xelatex`` (or a package or font a page asks for) is missing."""


@dataclass
class _Rec:
    align: str
    width: float  # the box's width (bp)
    height: float  # above the baseline
    depth: float
    widest: float  # its widest line
    x: float  # the box's reference point, from the page's top left
    y: float


@dataclass
class _Pos:
    """One run's positions, in PostScript points from the page's top left."""

    words: dict[int, tuple[float, float]] = field(default_factory=dict)  # marker: word end
    recs: dict[str, _Rec] = field(default_factory=dict)
    cols: dict[str, list[tuple[float, float, float]]] = field(default_factory=dict)  # x, top, h
    caps: list[tuple[float, float, float, float]] = field(default_factory=list)  # drop caps
    asc: float = 0.0  # the body face above and below the baseline (Hg( and 字)
    desc: float = 0.0

    @classmethod
    def parse(cls, text: str, height: float) -> _Pos:
        out = cls()
        cap: list[float] = []

        def x(v: str) -> float:
            return int(v) / SP_PER_BP

        def y(v: str) -> float:
            return height - int(v) / SP_PER_BP

        def pt(v: str) -> float:
            return float(v.removesuffix("pt")) * PT_TO_BP

        for line in text.splitlines():
            f = line.split()
            if not f:
                continue
            if f[0] == "w":
                out.words[int(f[1])] = (x(f[2]), y(f[3]))
            elif f[0] == "r":
                w, h, d, m = (pt(v) for v in f[3:7])
                out.recs[f[1]] = _Rec(f[2], w, h, d, m, x(f[7]), y(f[8]))
            elif f[0] == "c":
                out.cols.setdefault(f[1], []).append((pt(f[2]), pt(f[3]), pt(f[4])))
            elif f[0] == "d":
                cap = [pt(f[1]), x(f[2]), y(f[3])]
            elif f[0] == "e" and cap:
                out.caps.append((cap[1], cap[2] - cap[0], x(f[1]), cap[2]))
                cap = []
            elif f[0] == "m":
                out.asc, out.desc = pt(f[1]), pt(f[2])
        return out


def run_xelatex(
    source: str, images: dict[str, bytes], folder: Path, height: float
) -> tuple[bytes, _Pos]:
    """Compile ``source`` once in ``folder`` (images written beside it): the PDF and positions."""
    exe = shutil.which("xelatex")
    if exe is None:
        raise TexUnavailableError(
            "xelatex is not installed (scripts/install-system.sh bench: texlive-xetex, "
            "texlive-lang-chinese, texlive-latex-extra)"
        )
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in images.items():
        path = folder / name
        if not path.exists():
            path.write_bytes(data)
    (folder / "page.tex").write_text(source, "utf-8")
    for stale in ("page.pdf", "page.pos"):
        (folder / stale).unlink(missing_ok=True)
    cmd = [exe, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "page.tex"]
    try:
        proc = subprocess.run(
            cmd,
            cwd=folder,
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "SOURCE_DATE_EPOCH": "0", "FORCE_SOURCE_DATE": "1"},
        )
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"xelatex took over {TIMEOUT:.0f} s on {folder / 'page.tex'}") from exc
    log = (
        (folder / "page.log").read_text("utf-8", "replace")
        if (folder / "page.log").exists()
        else ""
    )
    if proc.returncode != 0 or not (folder / "page.pdf").exists():
        errors = [ln for ln in log.splitlines() if ln.startswith("!")]
        if any("not found" in e or "cannot be found" in e for e in errors):
            raise TexUnavailableError(f"xelatex: {errors[0]}")
        tail = "\n".join(log.splitlines()[-25:])
        raise RuntimeError(f"xelatex failed on {folder / 'page.tex'}: {errors[:3]}\n{tail}")
    pos = _Pos.parse((folder / "page.pos").read_text("utf-8"), height)
    return (folder / "page.pdf").read_bytes(), pos
