"""The overview's tables: one `Column` per column serves the page's header and cells, sorting,
and both exports, so a label or a number cannot differ between the page and the files.

A column has the export's header (`label`) and, where the page's header is shorter, a
`short_label`; the raw `value` that sorting and the exports use; and how the page's cell writes
it (`format`, or `cell` where the cell needs more than the value: a link, a badge).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, partial
from operator import attrgetter

from django.urls import reverse
from django.utils.functional import Promise, lazy
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from centres.models import OfferingKind, OrganisationKind
from centres.network import kind_header
from centres.overview.figures import (
    COMPLETENESS_FACTS,
    CentreFigures,
    CityOverview,
    DistrictOverview,
    Figures,
    PartnershipKinds,
)
from centres.overview.formatting import day, decimal1, percent, text, whole, with_known

Value = int | Decimal | str | datetime.date | None
Label = str | Promise
Row = Figures | CentreFigures  # a row of the city table, or of a Bezirk's centre table


@dataclass(frozen=True)
class Column:
    """One column: its export header and page header, its value, and how the page writes it."""

    key: str
    label: Label
    # A getter, or an attribute path ("centre.last_reviewed"): a getter once the column is made.
    value: Callable[[Row], Value] | str
    numeric: bool = True
    format: Callable[[Value], str] = text
    cell: Callable[[Row], str] | None = None
    short_label: Label | None = None
    # False for the offering kinds: the page shows them as the kind grid, the exports as columns.
    in_table: bool = True
    # False for columns only the exports have (the page writes them into another column's cell).
    on_page: bool = True

    def __post_init__(self) -> None:
        if isinstance(self.value, str):
            object.__setattr__(self, "value", attrgetter(self.value))

    @property
    def in_grid(self) -> bool:
        return self.on_page and not self.in_table

    @property
    def header(self) -> Label:
        """What the page's header says: the short label where there is one."""
        return self.short_label or self.label

    def page_cell(self, row: Row) -> Cell:
        content = self.cell(row) if self.cell else self.format(self.value(row))
        return Cell(content, self.numeric)


@dataclass(frozen=True)
class Cell:
    content: str  # escaped by the template unless the column marked it safe (format_html)
    numeric: bool


def _population_text(date: datetime.date | None) -> str:
    if date is None:
        return gettext("Einwohner")
    return gettext("Einwohner (%(date)s)") % {"date": f"{date:%d.%m.%Y}"}


_lazy_population_text = lazy(_population_text, str)


def population_label(date: datetime.date | None) -> Label:
    """The population's header with the date of the figures: "Einwohner (31.12.2021)"."""
    return _lazy_population_text(date)


def _link(url: str, name: str) -> str:
    return format_html('<a href="{}">{}</a>', url, name)


def _district_name(link_query: str) -> Callable[[Figures], str]:
    """A Bezirk's name linked to its page in depth (with the page's `link_query`, "?demo=1");
    Berlin's row has no page."""

    def cell(row: Figures) -> str:
        if row.district is None:
            return row.name
        url = reverse("centres:overview_district", args=[row.slug]) + link_query
        return _link(url, row.name)

    return cell


def _rate_with_badge(row: Figures) -> str:
    if not row.below_berlin_average:
        return decimal1(row.centres_per_100k)
    return format_html(
        '{} <span class="badge badge--warn">{}</span>',
        decimal1(row.centres_per_100k),
        gettext("unter Ø"),
    )


def _reached(row: Figures) -> str:
    """Target groups reached of all: "3 von 8"."""
    return gettext("%(reached)d von %(total)d") % {
        "reached": row.target_group_count,
        "total": row.target_group_total,
    }


def ifp_with_known(row: Figures, in_table: bool = False) -> str:
    """Funded centres, and for how many the funding is known where not for all."""
    return with_known(text(row.ifp_value), row.ifp_known, row.centre_count, in_table=in_table)


def step_free_with_known(row: Figures, in_table: bool = False) -> str:
    """The step-free share of the centres where it is known, and for how many that is."""
    return with_known(
        percent(row.step_free_share), row.step_free_known, row.centre_count, in_table=in_table
    )


def _known_column(key: str, label: Label, value: str) -> Column:
    """An export column: for how many centres a fact is known (the page says it in the cell)."""
    return Column(key, label, value, in_table=False, on_page=False)


def _step_free_display(row: CentreFigures) -> str:
    return str(row.centre.step_free_summary.label)


def _kind_columns() -> list[Column]:
    """One column per offering kind, for any row with `kind_counts`: in the exports, and as the
    page's kind grid (under the kind's name) rather than in its table."""
    return [
        Column(
            f"kind-{kind.value}",
            format_lazy(_("Angebote: {kind}"), kind=kind.label),
            lambda row, value=kind.value: row.kind_counts[value],
            short_label=kind.label,
            in_table=False,
        )
        for kind in OfferingKind
    ]


def city_columns(population_date: datetime.date | None, link_query: str = "") -> list[Column]:
    """The city table's columns, in export order; `link_query` follows the Bezirk links."""
    return [
        Column("name", _("Bezirk"), "name", numeric=False, cell=_district_name(link_query)),
        Column("population", population_label(population_date), "population", format=whole),
        Column("centres", _("Zentren"), "centre_count", cell=_centres_with_sites),
        Column("sites", _("Standorte"), "site_count", in_table=False, on_page=False),
        Column(
            "ifp",
            _("davon IFP-STZ-gefördert"),
            "ifp_value",
            cell=partial(ifp_with_known, in_table=True),
            short_label=_("davon IFP STZ"),
        ),
        _known_column("ifp_known", _("IFP-Förderung bekannt bei (Zentren)"), "ifp_known"),
        Column(
            "per_100k",
            _("Zentren je 100.000 Einwohner"),
            "centres_per_100k",
            cell=_rate_with_badge,
            short_label=_("Zentren je 100.000 Einw."),
        ),
        Column("offerings", _("Angebote"), "offering_count", format=whole),
        *_kind_columns(),
        Column("target_groups", _("Zielgruppen erreicht"), "target_group_count", cell=_reached),
        # A soft hyphen lets the narrow column break the long word.
        Column(
            "partners",
            _("Partnerorganisationen"),
            "partner_count",
            short_label=_("Partner\u00adorganisationen"),
        ),
        Column(
            "step_free",
            _("Stufenlos zugänglich (%)"),
            "step_free_share",
            cell=partial(step_free_with_known, in_table=True),
            short_label=_("stufenlos zugänglich"),
        ),
        _known_column(
            "step_free_known", _("Stufenloser Zugang bekannt bei (Zentren)"), "step_free_known"
        ),
        Column(
            "reviewed",
            _("In den letzten 12 Monaten geprüft (%)"),
            "reviewed_share",
            format=percent,
            short_label=_("in 12 Monaten geprüft"),
        ),
        Column(
            "complete",
            _("Angaben vollständig (%)"),
            "completeness",
            format=percent,
            short_label=_("Angaben vollständig"),
        ),
        *_fact_known_columns(),
    ]


def _centres_with_sites(row: Figures) -> str:
    """The centres, and their sites where there are more: "12 · 20 Standorte"."""
    if row.site_count <= row.centre_count:
        return whole(row.centre_count)
    return format_html(
        '{} <span class="known-note">· {}</span>',
        whole(row.centre_count),
        ngettext("%(count)d Standort", "%(count)d Standorte", row.site_count)
        % {"count": row.site_count},
    )


def _fact_known_columns() -> list[Column]:
    """Export columns: per fact of the completeness figure, the centres that have it."""
    return [
        Column(
            f"known-{fact}",
            format_lazy(_("{fact} bekannt bei (Zentren)"), fact=label),
            lambda row, fact=fact: row.known.get(fact, 0),
            in_table=False,
            on_page=False,
        )
        for fact, label in COMPLETENESS_FACTS
        if fact != "access"  # the step-free column says it already
    ]


def _completeness_cell(row: CentreFigures) -> str:
    """ "67 %" and, in a quieter second line, what is missing."""
    missing = row.missing_facts
    if not missing:
        return percent(row.completeness)
    return format_html(
        '{} <span class="known-note missing-facts">· {}</span>',
        percent(row.completeness),
        gettext("fehlt: %(facts)s") % {"facts": ", ".join(missing)},
    )


def _centre_name(row: CentreFigures) -> str:
    return _link(row.centre.get_absolute_url(), row.centre.name)


def _target_group_names(row: CentreFigures) -> str:
    return ", ".join(str(group) for group in row.target_groups)


def _name_of(path: str) -> Callable[[CentreFigures], str]:
    """The name of a centre's related row (Ortsteil, provider), "" where there is none."""
    related = attrgetter(path)

    def name(row: CentreFigures) -> str:
        try:
            return str(related(row) or "")
        except AttributeError:  # a centre without a site yet
            return ""

    return name


def centre_columns() -> list[Column]:
    """A Bezirk's centre table: one row per published centre."""
    return [
        Column("name", _("Zentrum"), "centre.name", numeric=False, cell=_centre_name),
        Column("ortsteil", _("Ortsteil"), _name_of("centre.main_site.ortsteil"), numeric=False),
        Column("provider", _("Träger"), _name_of("centre.provider"), numeric=False),
        Column(
            "ifp",
            _("IFP-STZ-gefördert"),
            "funding_display",
            numeric=False,
            short_label=_("IFP STZ"),
        ),
        Column("offerings", _("Angebote"), "offering_count"),
        *_kind_columns(),
        Column("target_groups", _("Zielgruppen"), _target_group_names, numeric=False),
        Column("partners", _("Partnerorganisationen"), "partner_count", short_label=_("Partner")),
        Column(
            "step_free",
            _("Stufenloser Zugang"),
            _step_free_display,
            numeric=False,
            short_label=_("Stufenlos"),
        ),
        Column(
            "last_reviewed", _("Zuletzt geprüft"), "centre.last_reviewed", numeric=False, format=day
        ),
        Column("sites", _("Standorte"), "site_count", in_table=False, on_page=False),
        # Left-aligned, as the missing facts under the share read as text; least complete first.
        Column(
            "complete",
            _("Angaben vollständig (%)"),
            "completeness",
            numeric=False,
            cell=_completeness_cell,
            short_label=_("Angaben vollständig"),
        ),
        Column(
            "missing",
            _("Fehlende Angaben"),
            lambda row: ", ".join(row.missing_facts),
            numeric=False,
            on_page=False,
            in_table=False,
        ),
    ]


# --- Sorting ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SortLink:
    column: Column
    query: str
    aria_sort: str | None


def sort_rows(rows: list[Row], sort: str, columns: list[Column]) -> tuple[list[Row], str]:
    """Rows sorted by the column named in `sort` ("population", "-centres"); rows without a
    value last. An unknown key leaves the order (by Bezirk number) and is reported as ""."""
    key = sort.removeprefix("-")
    column = next((column for column in columns if column.key == key), None)
    if column is None:
        return rows, ""
    present = [row for row in rows if column.value(row) is not None]
    missing = [row for row in rows if column.value(row) is None]

    def order(row: Row) -> Value:
        value = column.value(row)
        return value.casefold() if isinstance(value, str) else value

    present.sort(key=order, reverse=sort.startswith("-"))
    return present + missing, sort


def sort_links(columns: Iterable[Column], active: str) -> dict[str, SortLink]:
    """Per column key, the link that sorts by it; numbers sort largest first on first click."""
    links = {}
    for column in columns:
        first = column.key if not column.numeric else f"-{column.key}"
        if active == column.key:
            links[column.key] = SortLink(column, f"-{column.key}", "ascending")
        elif active == f"-{column.key}":
            links[column.key] = SortLink(column, column.key, "descending")
        else:
            links[column.key] = SortLink(column, first, None)
    return links


# --- Tables as the page and the exports lay them out ------------------------------------------


@dataclass
class Table:
    """Rows under columns: the page shows the `in_table` columns, the exports all of them.

    `total` is a last row (Berlin) that the page puts in the table's foot; `sort` the key the
    rows are sorted by ("" for their own order).
    """

    columns: list[Column]
    rows: list[Row]
    total: Row | None = None
    sort: str = ""

    @cached_property
    def sort_links(self) -> dict[str, SortLink]:
        return sort_links(self.columns, self.sort)

    @property
    def page_columns(self) -> list[Column]:
        return [column for column in self.columns if column.in_table]

    @property
    def header(self) -> list[SortLink]:
        """The page table's headers, each a link that sorts by its column."""
        return [self.sort_links[column.key] for column in self.page_columns]

    @property
    def grid_header(self) -> list[SortLink]:
        """The kind grid's headers: the columns the page's table leaves to the grid."""
        return [self.sort_links[column.key] for column in self.columns if column.in_grid]

    @property
    def body(self) -> list[list[Cell]]:
        return [self._cells(row) for row in self.rows]

    @property
    def foot(self) -> list[Cell]:
        return self._cells(self.total) if self.total is not None else []

    @property
    def export_rows(self) -> list[Row]:
        return [*self.rows, self.total] if self.total is not None else list(self.rows)

    def _cells(self, row: Row) -> list[Cell]:
        return [column.page_cell(row) for column in self.page_columns]


def city_table(overview: CityOverview, sort: str = "", link_query: str = "") -> Table:
    """One row per Bezirk, sorted as asked ("population", "-per_100k"), and Berlin's row;
    `link_query` ("?demo=1") follows the links to the Bezirk pages."""
    columns = city_columns(overview.population_date, link_query)
    rows, sort = sort_rows(overview.rows, sort, columns)
    return Table(columns, rows, total=overview.total, sort=sort)


def centre_table(overview: DistrictOverview, sort: str = "") -> Table:
    """One row per published centre of the Bezirk, by name or sorted as asked ("-complete")."""
    columns = centre_columns()
    rows, sort = sort_rows(overview.centres, sort, columns)
    return Table(columns, rows, sort=sort)


# --- Partnerships by the partner's kind ------------------------------------------------------


def _district_id(row: Figures) -> int | None:
    return row.district.pk if row.district is not None else None


def partnership_columns(partnerships: PartnershipKinds, *, on_page: bool = False) -> list[Column]:
    """Per kind of organisation, a Bezirk's (or Berlin's) partnerships, and all of them: the
    city export's last columns (`on_page=False`), and the page's own table of them."""
    return [
        *(
            Column(
                f"partnerships-{kind.value}",
                format_lazy(_("Partnerschaften: {kind}"), kind=kind.label),
                lambda row, kind=kind.value: partnerships.count(_district_id(row), kind),
                format=whole,
                short_label=kind_header(kind),
                on_page=on_page,
                in_table=on_page,
            )
            for kind in OrganisationKind
        ),
        Column(
            "partnerships",
            _("Partnerschaften"),
            lambda row: partnerships.total(_district_id(row)),
            format=whole,
            short_label=_("Zusammen"),
            on_page=on_page,
            in_table=on_page,
        ),
    ]


def partnership_table(overview: CityOverview, partnerships: PartnershipKinds) -> Table:
    """One row per Bezirk (in the city table's order) and Berlin's: partnerships by kind."""
    columns = [
        Column("name", _("Bezirk"), "name", numeric=False),
        *partnership_columns(partnerships, on_page=True),
    ]
    return Table(columns, list(overview.rows), total=overview.total)
