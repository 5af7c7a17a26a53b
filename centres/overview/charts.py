"""Geometry for the overview's server-rendered charts: the templates only draw what this says.

No charting JavaScript: a bar chart is a handful of SVG rectangles, a shaded grid is an HTML
table whose cells carry one of a few shade classes (see `.shade-N` in site.css).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# SVG user units; the SVG scales to the page width through its viewBox.
CHART_WIDTH = 720
LABEL_WIDTH = 220
BAR_AREA = 400
ROW_HEIGHT = 30
BAR_HEIGHT = 18
TOP = 36  # room for the average's label above the first bar

# Background and text colour of each shade, lightest first; dark text on the light shades,
# white on the dark ones, every pair at a contrast of at least 4.5:1 (tested).
# The teal of the site's palette (static/css/design.css).
SHADES = [
    ("#f7f1e8", "#1d1b19"),
    ("#dcecea", "#1d1b19"),
    ("#a6d2cd", "#1d1b19"),
    ("#2b7a7f", "#ffffff"),
    ("#0e5a5f", "#ffffff"),
]


def _shade_scale(maximum: int) -> int:
    """The count the darkest shade reaches: the grid's largest, but at least one per shade.

    Without the floor, a grid of 0s and 1s would shade every 1 darkest: one offering would look
    like plenty. With it, each shade stands for at least one more offering than the one before.
    """
    return max(maximum, len(SHADES) - 1)


def shade_level(count: int, maximum: int) -> int:
    """0 for nothing, else 1–4: the quarter of the range 1…largest count the count falls in."""
    if count <= 0:
        return 0
    levels = len(SHADES) - 1
    return min(levels, -(-count * levels // _shade_scale(maximum)))


def shade_bins(maximum: int) -> list[tuple[int, str]]:
    """Each shade with the counts it stands for, for the legend: [(0, "0"), (1, "1–2"), …]."""
    levels = len(SHADES) - 1
    scale = _shade_scale(maximum)
    bins = [(0, "0")]
    for level in range(1, levels + 1):
        low, high = (level - 1) * scale // levels + 1, level * scale // levels
        bins.append((level, str(low) if low == high else f"{low}–{high}"))
    return bins


@dataclass(frozen=True)
class Layout:
    """Where a chart puts its labels: left of the bars (wide screens, print) or above them.

    The SVG scales with its viewBox, text included: the wide layout squeezed onto a phone would
    write its labels at about 6 px. Phones get the narrow layout, whose labels sit above the
    bars and stay at least 12 px high from 320 px up (site.css shows one or the other).
    """

    name: str
    width: int
    label_width: int  # room left of the bars; 0 when the labels sit above them
    bar_area: int
    row_height: int
    label_above: bool


WIDE = Layout(
    "wide",
    width=CHART_WIDTH,
    label_width=LABEL_WIDTH,
    bar_area=BAR_AREA,
    row_height=ROW_HEIGHT,
    label_above=False,
)
NARROW = Layout("narrow", width=360, label_width=0, bar_area=250, row_height=44, label_above=True)


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None
    y: int
    width: float
    below_reference: bool
    layout: Layout = WIDE

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 4

    @property
    def label_y(self) -> int:
        return self.y - 6 if self.layout.label_above else self.text_y

    @property
    def value_x(self) -> float:
        return self.layout.label_width + self.width + 6


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    reference: Decimal | None
    reference_x: float | None
    height: int
    layout: Layout = WIDE
    narrow: BarChart | None = None

    @property
    def width(self) -> int:
        return self.layout.width

    @property
    def label_width(self) -> int:
        return self.layout.label_width

    @property
    def label_x(self) -> int:
        return 0 if self.layout.label_above else self.layout.label_width - 8

    @property
    def label_anchor(self) -> str:
        return "start" if self.layout.label_above else "end"

    @property
    def axis_bottom(self) -> int:
        return self.height - 6

    @property
    def layouts(self) -> list[BarChart]:
        """The wide chart, then the narrow one for phones."""
        return [self] + ([self.narrow] if self.narrow else [])


def _lay_out(
    ordered: list[tuple[str, Decimal | None]],
    reference: Decimal | None,
    largest: Decimal | int,
    layout: Layout,
) -> BarChart:
    scale = layout.bar_area / float(largest) if largest else 0
    # Above the first bar: the average's label, and in the narrow layout the first bar's label.
    top = TOP + (20 if layout.label_above else 0)
    bars = [
        Bar(
            label=label,
            value=value,
            y=top + index * layout.row_height,
            width=round(float(value or 0) * scale, 1),
            below_reference=value is not None and reference is not None and value < reference,
            layout=layout,
        )
        for index, (label, value) in enumerate(ordered)
    ]
    return BarChart(
        bars=bars,
        reference=reference,
        reference_x=round(layout.label_width + float(reference) * scale, 1) if reference else None,
        height=top + len(bars) * layout.row_height + 10,
        layout=layout,
    )


def bar_chart(items: list[tuple[str, Decimal | None]], reference: Decimal | None) -> BarChart:
    """Horizontal bars, largest first; bars without a value get no bar and say so."""
    ordered = sorted(items, key=lambda item: (item[1] is None, -(item[1] or 0)))
    largest = max([value for _, value in items if value is not None] + [reference or 0])
    wide = _lay_out(ordered, reference, largest, WIDE)
    narrow = _lay_out(ordered, reference, largest, NARROW)
    return BarChart(
        bars=wide.bars,
        reference=wide.reference,
        reference_x=wide.reference_x,
        height=wide.height,
        layout=WIDE,
        narrow=narrow,
    )
