"""The style guide's facts (/stil/): the palette read from static/css/design.css, and the
contrast ratio of each pair of colours the site puts text or icons on (WCAG 2.2, 1.4.3/1.4.6)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders

from centres.models import OfferingKind

DESIGN_CSS = "css/design.css"
SPRITE = "vendor/tabler-icons/sprite.svg"
_SYMBOL = re.compile(r'<symbol id="([a-z0-9-]+)"')
_TOKEN = re.compile(r"--((?:c|kind)-[a-z-]+):\s*(#[0-9a-fA-F]{6})\b")

# (foreground, background, what the pair is used for, the ratio it must reach)
AAA, AA, NON_TEXT = 7.0, 4.5, 3.0
PAIRS: list[tuple[str, str, str, float]] = [
    ("c-ink", "c-paper", "Fließtext", AAA),
    ("c-ink", "c-wash", "Fließtext auf Sand (Fußzeile)", AAA),
    ("c-muted", "c-paper", "Nebentext", AAA),
    ("c-muted", "c-wash", "Nebentext auf Sand", AAA),
    ("c-link", "c-paper", "Links", AA),
    ("c-link", "c-wash", "Links auf Sand", AA),
    ("c-paper", "c-brand", "Kopfzeile, Schaltflächen", AA),
    ("c-brand-dark", "c-brand-tint", "Chips, Hinweise", AA),
    ("c-ink", "c-sand", "Chips", AAA),
    ("c-ink", "c-brand-tint", "Hinweistext", AAA),
    ("c-accent", "c-paper", "Hervorhebungen", AA),
    ("c-ok", "c-paper", "„geöffnet“", AA),
    ("c-warn", "c-paper", "Warnungen", AA),
    ("c-error", "c-paper", "Fehler", AA),
    ("c-demo", "c-paper", "Demo-Kennzeichen", AA),
    ("c-focus-text", "c-focus", "Fokus", AAA),
    ("c-muted", "c-paper", "Rahmen von Eingabefeldern", NON_TEXT),
] + [(f"kind-{kind.value}", "c-paper", str(kind.label), AA) for kind in OfferingKind]


@dataclass(frozen=True)
class Pair:
    foreground: str
    background: str
    foreground_hex: str
    background_hex: str
    use: str
    ratio: float
    required: float

    @property
    def passes(self) -> bool:
        return self.ratio >= self.required

    @property
    def level(self) -> str:
        if self.required == NON_TEXT:
            return "3:1 (Nicht-Text)"
        return "AAA" if self.ratio >= AAA else "AA" if self.ratio >= AA else "—"


def luminance(hex_colour: str) -> float:
    """Relative luminance of "#rrggbb" (WCAG 2.2)."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@cache
def palette() -> dict[str, str]:
    """Token name (without "--") → "#rrggbb", in the order design.css declares them."""
    path = finders.find(DESIGN_CSS)
    return dict(_TOKEN.findall(Path(path).read_text(encoding="utf-8")))


def pairs() -> list[Pair]:
    colours = palette()
    return [
        Pair(
            fg,
            bg,
            colours[fg],
            colours[bg],
            use,
            round(contrast(colours[fg], colours[bg]), 2),
            required,
        )
        for fg, bg, use, required in PAIRS
    ]


@cache
def icon_names() -> list[str]:
    """The icons in the sprite (scripts/vendor-icons.sh lists them)."""
    return _SYMBOL.findall(Path(finders.find(SPRITE)).read_text(encoding="utf-8"))
