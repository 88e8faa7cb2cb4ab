"""The Typst compiler (the ``typst`` package) over a scratch folder of page sources and images."""

from __future__ import annotations

import json
from pathlib import Path

from .markup import PREAMBLE, PROBE, _Data, _f
from .style import _Style

FONT_DIRS = ("/usr/share/fonts",)


class TypstUnavailableError(RuntimeError):
    """The ``typst`` package, or a font a page asks for, is missing."""


class _Typst:
    """One Typst compiler over a scratch folder holding the page sources and their images."""

    def __init__(self, root: Path) -> None:
        try:
            import typst
        except ImportError as exc:  # pragma: no cover - the test extras install it
            raise TypstUnavailableError("pip install typst (see docs/dependencies.md)") from exc
        root.mkdir(parents=True, exist_ok=True)
        self.root = root
        self.count = 0
        first = self._write("")
        fonts = [d for d in FONT_DIRS if Path(d).is_dir()]
        self.compiler = typst.Compiler(
            str(first), root=str(root), font_paths=fonts, ignore_system_fonts=True
        )
        self._metrics: dict[tuple[tuple[str, ...], float, bool], tuple[float, float]] = {}

    def _write(self, source: str) -> Path:
        # A new file every time: the compiler's file cache does not notice a quick rewrite.
        self.count += 1
        path = self.root / f"page-{self.count:03d}.typ"
        path.write_text(source, "utf-8")
        return path

    def run(
        self, source: str, images: dict[str, bytes], probe: bool = True
    ) -> tuple[bytes, _Data | None]:
        """The PDF of ``source`` and, when it holds the probe, what the probe found."""
        for name, image in images.items():
            path = self.root / name
            if not path.exists():
                path.write_bytes(image)
        main = self._write(source)
        data: _Data | None = None
        try:
            pdf, warnings = self.compiler.compile_with_warnings(input=str(main), timestamp=0)
            for warning in warnings:
                if "font" in str(warning):
                    raise TypstUnavailableError(f"Typst: {warning} (scripts/install-system.sh)")
            if probe:
                raw = self.compiler.query("<truth>", field="value", one=True)
                data = _Data.parse(json.loads(raw))
        finally:
            main.unlink()
        assert isinstance(pdf, bytes)
        return pdf, data

    def metrics(self, st: _Style) -> tuple[float, float]:
        """Ascender and descender of a page's body face at its size, as Typst sets them."""
        key = (st.body, st.size, st.zh)
        if key not in self._metrics:
            head = PREAMBLE.format(width=100, height=100, lang=st.lang)
            sample = '"字"' if st.zh else '"Hg"'
            _, data = self.run(
                head + PROBE.format(fonts=_f(st.body), size=st.size, sample=sample), {}
            )
            assert data is not None
            self._metrics[key] = (data.asc, data.desc)
        return self._metrics[key]
