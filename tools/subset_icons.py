"""Cut Bootstrap Icons down to the glyphs the app shows (``make icons``).

The full icon font is 130 KB compressed for the four icons the pages use; the subset is a
few hundred bytes. Reads the unpacked npm package ``bootstrap-icons`` (argument 1) and
writes ``assets/00_vendor/01_bootstrap-icons.min.css`` and its font. A new icon in the
code means adding its name to ``ICONS`` and running ``make icons`` again; a test fails
until then (tests/test_serving.py).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from fontTools import subset

ICONS = ("check2", "collection-play", "link-45deg", "x")
VENDOR = Path(__file__).resolve().parent.parent / "assets" / "00_vendor"
CSS = VENDOR / "01_bootstrap-icons.min.css"
FONT = VENDOR / "fonts" / "bootstrap-icons-subset.woff2"


def codepoints(css: str) -> dict[str, int]:
    """Icon name → code point, from the package's ``.bi-NAME::before { content: "\\f272"; }`` rules."""
    found = re.findall(r'\.bi-([a-z0-9-]+)::before\s*\{\s*content:\s*"\\([0-9a-f]+)"', css)
    return {name: int(code, 16) for name, code in found}


def main(package: Path) -> None:
    full_css = (package / "font" / "bootstrap-icons.css").read_text(encoding="utf-8")
    version = re.search(r"Bootstrap Icons v([\d.]+)", full_css).group(1)  # type: ignore[union-attr]
    points = codepoints(full_css)
    missing = [name for name in ICONS if name not in points]
    if missing:
        raise SystemExit(f"Diese Symbole gibt es in Bootstrap Icons {version} nicht: {', '.join(missing)}")
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = []
    font = subset.load_font(str(package / "font" / "fonts" / "bootstrap-icons.woff2"), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[points[name] for name in ICONS])
    subsetter.subset(font)
    subset.save_font(font, str(FONT), options)
    rules = "".join(f'.bi-{name}::before{{content:"\\{points[name]:x}"}}' for name in ICONS)
    CSS.write_text(
        f"/*!\n * Bootstrap Icons v{version}, cut to: {', '.join(ICONS)} (tools/subset_icons.py)\n"
        " * Copyright 2019-2024 The Bootstrap Authors\n"
        " * Licensed under MIT (see LICENSE-bootstrap-icons.txt beside this file)\n */"
        '@font-face{font-display:block;font-family:bootstrap-icons;src:url("fonts/bootstrap-icons-subset.woff2")'
        ' format("woff2")}'
        '.bi::before,[class*=" bi-"]::before,[class^=bi-]::before{display:inline-block;font-family:bootstrap-icons'
        "!important;font-style:normal;font-weight:400!important;font-variant:normal;text-transform:none;"
        "line-height:1;vertical-align:-.125em;-webkit-font-smoothing:antialiased;-moz-osx-font-smoothing:grayscale}"
        f"{rules}\n",
        encoding="utf-8",
    )
    print(f"{CSS.name}: {CSS.stat().st_size} Bytes, {FONT.name}: {FONT.stat().st_size} Bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
