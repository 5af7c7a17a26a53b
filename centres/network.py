"""A Bezirk's partner network: which kinds of organisation its centres work with.

The Bezirk page draws it as a matrix, centres × partner kinds, each cell the number of the
centre's partners of that kind (shaded like a heat map, linking to those partners), with a
last row for the whole Bezirk: the different organisations of each kind. The table is the
picture, so it needs no text alternative beside it; it is plain HTML and works without
JavaScript.

Bounded whatever the size of the Bezirk: the rows are the centres of the page the Bezirk page
shows (the centre list's page), the columns at most the ten kinds of organisation, and both
come from two GROUP BY queries (`Partnership.objects.kind_counts_by()` and the Bezirk's
totals), never a query per centre or per cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode

from centres.models import Centre, District, OrganisationKind, Partnership

# Shades of the matrix, as the overview's grids (`.shade-0` … `.shade-4` in site.css).
SHADE_LEVELS = 4


def shade_level(count: int, maximum: int) -> int:
    """0 for no partner, else 1–4: the quarter of 1…the largest cell the count falls in (the
    scale reaches at least 4, so a matrix of 0s and 1s does not shade every 1 darkest)."""
    if count <= 0:
        return 0
    scale = max(maximum, SHADE_LEVELS)
    return min(SHADE_LEVELS, -(-count * SHADE_LEVELS // scale))


# Where the long German kinds may break ("Quartiers-management"): soft hyphens, as the overview
# does, since browsers without a German dictionary would not hyphenate them on their own.
_COMPOUND_PARTS = re.compile(
    r"(?<=\w)(management|generationen|haus|zentrum|einrichtung|stelle|dienst)"
)


def kind_header(kind: OrganisationKind) -> str:
    """The kind's label with soft hyphens between the parts of a German compound."""
    return _COMPOUND_PARTS.sub("\u00ad\\1", str(kind.label))


def partners_url(**filters: str) -> str:
    """The partner list filtered like this (`art`, `bezirk`, `zentrum`: centres.filters)."""
    return f"{reverse('centres:partner_list')}?{urlencode(filters)}"


@dataclass(frozen=True)
class NetworkCell:
    kind: OrganisationKind
    count: int
    level: int
    url: str  # the partners this cell counts; "" for an empty cell


@dataclass(frozen=True)
class NetworkRow:
    centre: Centre
    cells: list[NetworkCell]

    @property
    def total(self) -> int:
        return sum(cell.count for cell in self.cells)


@dataclass(frozen=True)
class Network:
    district: District
    kinds: list[OrganisationKind]  # the columns: the kinds some centre of the Bezirk works with
    rows: list[NetworkRow]
    totals: list[NetworkCell]  # different organisations of each kind in the whole Bezirk
    partnership_total: int  # partnerships of all the Bezirk's public centres

    @property
    def headers(self) -> list[str]:
        return [kind_header(kind) for kind in self.kinds]

    @property
    def organisation_total(self) -> int:
        return sum(cell.count for cell in self.totals)

    @property
    def legend(self) -> list[tuple[int, str]]:
        """Each shade with the counts it stands for: [(0, "0"), (1, "1"), (2, "2"), …]."""
        maximum = max((cell.count for row in self.rows for cell in row.cells), default=0)
        scale = max(maximum, SHADE_LEVELS)
        steps = [(0, "0")]
        low = 1
        for level in range(1, SHADE_LEVELS + 1):
            high = scale * level // SHADE_LEVELS
            if high >= low:
                steps.append((level, str(low) if high == low else f"{low}–{high}"))
            low = high + 1
        return steps


def district_network(district: District, centres: Sequence[Centre]) -> Network | None:
    """The network of these centres (a page of the Bezirk's public centres) and the Bezirk's
    totals; None where none of the Bezirk's public centres has a partner. Two queries."""
    partnerships = Partnership.objects.published().filter(centre__district=district)
    by_kind = list(
        partnerships.order_by()
        .values_list("organisation__kind")
        .annotate(organisations=Count("organisation", distinct=True), n=Count("pk"))
        .values_list("organisation__kind", "organisations", "n")
    )
    if not by_kind:
        return None
    totals = {kind: organisations for kind, organisations, _n in by_kind}
    by_centre = (
        partnerships.filter(centre__in=[centre.pk for centre in centres]).kind_counts_by("centre")
        if centres
        else {}
    )
    kinds = [kind for kind in OrganisationKind if totals.get(kind.value)]
    maximum = max((n for counts in by_centre.values() for n in counts.values()), default=0)
    rows = []
    for centre in centres:
        counts = by_centre.get(centre.pk, {})
        cells = []
        for kind in kinds:
            count = counts.get(kind.value, 0)
            url = partners_url(zentrum=centre.slug, art=kind.value) if count else ""
            cells.append(NetworkCell(kind, count, shade_level(count, maximum), url))
        rows.append(NetworkRow(centre, cells))
    return Network(
        district=district,
        kinds=kinds,
        rows=rows,
        totals=[
            NetworkCell(
                kind, totals[kind.value], 0, partners_url(bezirk=district.slug, art=kind.value)
            )
            for kind in kinds
        ],
        partnership_total=sum(n for _kind, _organisations, n in by_kind),
    )
