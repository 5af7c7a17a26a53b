"""Loading the real reference data from fixtures/: Bezirke, Ortsteile, vocabularies, centres
with their sites and opening hours.

`geography_load` loads all but the centres; `reference_data_load` loads it and the centres.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext

from centres.models import (
    OSM_CREDIT,
    Centre,
    CoordinatesSource,
    District,
    Language,
    OpeningHours,
    Organisation,
    OrganisationKind,
    Ortsteil,
    Partnership,
    Site,
    SiteKind,
    Status,
    TargetGroup,
)
from centres.pagecache import data_version_bump
from centres.slugs import german_slugify

FIXTURES_DIR = settings.BASE_DIR / "fixtures"


@dataclass
class LoadReport:
    """What a load added and updated per model, and what it left alone because staff had
    changed it since (`kept`, one line per field). A re-run of the same files reports zeros.
    """

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)

    def add(self, label: str, created: bool) -> None:
        self.created[label] = self.created.get(label, 0) + int(created)

    def add_updated(self, label: str) -> None:
        self.updated[label] = self.updated.get(label, 0) + 1

    def add_kept(self, obj: models.Model, field_name: str) -> None:
        self.kept.append(
            gettext("%(object)s: „%(field)s“ von der Redaktion geändert, nicht überschrieben")
            % {"object": obj, "field": obj._meta.get_field(field_name).verbose_name}
        )

    @property
    def total(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())

    def __str__(self) -> str:
        parts = [
            gettext("%(label)s: %(count)d neu") % {"label": label, "count": count}
            for label, count in self.created.items()
        ]
        parts += [
            gettext("%(label)s: %(count)d aktualisiert") % {"label": label, "count": count}
            for label, count in self.updated.items()
        ]
        if self.kept:
            parts.append(gettext("%(count)d Angaben belassen") % {"count": len(self.kept)})
        return ", ".join(parts)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {key: (value or "").strip() for key, value in row.items()}
            for row in csv.DictReader(handle)
        ]


def _sources(text: str) -> str:
    return "\n".join(part.strip() for part in text.split(" ; ") if part.strip())


@transaction.atomic
def geography_load(*, fixtures_dir: Path = FIXTURES_DIR) -> LoadReport:
    """Create the Bezirke, Ortsteile and vocabularies (target groups, languages) not there yet.

    Everything but the real centres: the ground that tests build their own centres on.
    Existing rows are matched by number, slug or code and left as they are.
    """
    report = LoadReport()
    _geography_load(fixtures_dir=fixtures_dir, report=report)
    data_version_bump()  # bulk_create() sends no signals
    return report


@transaction.atomic
def reference_data_load(*, fixtures_dir: Path = FIXTURES_DIR) -> LoadReport:
    """Load the Bezirke, Ortsteile, vocabularies and real centres with their sites.

    What an earlier edition loaded is updated to this edition, except fields staff changed
    since (as the history says): those keep the staff's value and are reported as left alone.
    Loading twice changes nothing.
    """
    report = LoadReport()
    districts_by_name = _geography_load(fixtures_dir=fixtures_dir, report=report)
    hours = _opening_hours_by_site(_rows(fixtures_dir / "opening_hours.csv"))
    loader = _CentreLoader(districts_by_name=districts_by_name, hours=hours, report=report)
    for group in _centre_groups(_rows(fixtures_dir / "centres.csv")):
        loader.load(group)
    data_version_bump()  # bulk_create() sends no signals
    return report


def _geography_load(*, fixtures_dir: Path, report: LoadReport) -> dict[str, District]:
    """Load the geography and vocabularies; return the Bezirke by the names the CSVs use.

    Two queries per table, one reading what exists and one creating what is missing: most tests
    load this before anything else.
    """
    district_rows = _rows(fixtures_dir / "districts.csv")
    districts = _create_missing(
        District,
        "number",
        district_rows,
        lambda row: int(row["bezirk_nr"]),
        lambda number, row: District(
            number=number,
            name=row["name"],
            slug=row["slug"],
            population=int(row["population"]) if row["population"] else None,
            population_date=(
                datetime.date.fromisoformat(row["population_date"])
                if row["population_date"]
                else None
            ),
            area_km2=Decimal(row["area_km2"]) if row["area_km2"] else None,
            source=row["source"],
        ),
        label="Bezirke",
        report=report,
    )
    _update_populations(district_rows, districts, report=report)
    districts_by_name = {row["name"]: districts[int(row["bezirk_nr"])] for row in district_rows}
    _create_missing(
        Ortsteil,
        "slug",
        _rows(fixtures_dir / "ortsteile.csv"),
        lambda row: german_slugify(row["ortsteil"]),
        lambda slug, row: Ortsteil(
            slug=slug,
            name=row["ortsteil"],
            district=districts_by_name[row["bezirk"]],
            source=row["source"],
        ),
        label="Ortsteile",
        report=report,
    )
    _load_vocabulary(TargetGroup, "slug", fixtures_dir / "target_groups.csv", "Zielgruppen", report)
    _load_vocabulary(Language, "code", fixtures_dir / "languages.csv", "Sprachen", report)
    return districts_by_name


def _update_populations(
    rows: list[dict[str, str]], districts: dict[int, District], *, report: LoadReport
) -> None:
    """Newer register figures replace older ones; a figure someone dated later stays as it is."""
    for row in rows:
        if not row["population"] or not row["population_date"]:
            continue
        district = districts[int(row["bezirk_nr"])]
        date = datetime.date.fromisoformat(row["population_date"])
        if district.population_date is not None and district.population_date >= date:
            continue
        district.population = int(row["population"])
        district.population_date = date
        district.source = row["source"]
        district.save(update_fields=["population", "population_date", "source"])
        report.add_updated(gettext("Einwohnerzahlen"))


def _load_vocabulary(
    model: type[TargetGroup | Language], key_field: str, path: Path, label: str, report: LoadReport
) -> None:
    _create_missing(
        model,
        key_field,
        _rows(path),
        lambda row: row[key_field],
        lambda key, row: model(**{key_field: key}, name=row["name"], position=int(row["position"])),
        label=label,
        report=report,
    )


def _create_missing[K, M: models.Model](
    model: type[M],
    key_field: str,
    rows: list[dict[str, str]],
    key: Callable[[dict[str, str]], K],
    build: Callable[[K, dict[str, str]], M],
    *,
    label: str,
    report: LoadReport,
) -> dict[K, M]:
    """Every row's object by key: existing ones left as they are, missing ones created.

    As `get_or_create` row by row would, in two queries: the first row with a key wins.
    """
    existing = model.objects.in_bulk({key(row) for row in rows}, field_name=key_field)
    missing: dict[K, M] = {}
    for row in rows:
        row_key = key(row)
        new = row_key not in existing and row_key not in missing
        if new:
            missing[row_key] = build(row_key, row)
        report.add(label, new)
    model.objects.bulk_create(missing.values())
    return existing | missing


# --- Centres and their sites -------------------------------------------------------------

# Evidence level C: a lead found only in OpenStreetMap. Loaded as a draft with this note, for
# a coordinator to confirm or delete, unless the Senate's IFP export lists it too.
UNCONFIRMED_NOTE = "Hinweis: aus OpenStreetMap, noch nicht bestätigt."


def _centre_groups(rows: list[dict[str, str]]) -> list[list[dict[str, str]]]:
    """Rows sharing an IFP Standortnummer are the sites of one centre; others stand alone.

    The main site comes first: the row whose `einrichtungsart` is "Stadtteilzentrum", or the
    group's first row.
    """
    groups: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        groups.setdefault(row["ifp_standortnummer"] or f"name:{row['name']}", []).append(row)
    ordered = []
    for group in groups.values():
        main = next((r for r in group if r["einrichtungsart"] == "Stadtteilzentrum"), group[0])
        ordered.append([main, *(row for row in group if row is not main)])
    return ordered


def _is_confirmed(row: dict[str, str]) -> bool:
    """Evidence A or B, or an OpenStreetMap lead that the Senate's IFP export also lists."""
    return row["evidence_level"] in {"A", "B"} or bool(row["ifp_standortnummer"])


def _opening_hours_by_site(rows: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    by_site: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        if row["weekday"] and row["opens"] and row["closes"]:
            by_site.setdefault(row["name"], []).append(row)
    return by_site


def _decimal(value: str) -> Decimal | None:
    return Decimal(value).quantize(Decimal("0.000001")) if value else None


def _coordinates_source(text: str) -> str:
    if not text:
        return ""
    if text.startswith("OSM"):
        return CoordinatesSource.OPENSTREETMAP
    if text.startswith("IFP"):
        return CoordinatesSource.IFP_EXPORT
    return CoordinatesSource.OTHER


def _row_source(row: dict[str, str]) -> str:
    lines = [_sources(row["source"])]
    if row["coord_source"]:
        lines.append(f"Koordinaten: {row['coord_source']}")
        if row["coord_source"].startswith("OSM"):
            lines.append(OSM_CREDIT)
    if row["note"]:
        lines.append(f"Note: {row['note']}")
    return "\n".join(line for line in lines if line)


def _provider_names(text: str) -> list[str]:
    """The providers a cell names, current first: "A; B (new Träger …)".

    A name annotated "(left)" is a former provider and is not loaded; other annotations in
    brackets are the researcher's and are dropped from the name.
    """
    names = []
    for part in text.split(";"):
        name, _, annotation = part.strip().partition(" (")
        if name and "left" not in annotation:
            names.append(name.strip())
    return names


def _staff_edited(obj: models.Model, field_names: list[str]) -> set[str]:
    """Which of these fields a person changed, as the object's history says.

    Loads run without a user; a version saved by a person (admin, import) has one. A row a
    person created is theirs in every field.
    """
    edited: set[str] = set()
    previous = None
    for version in obj.history.order_by("history_date", "history_id"):
        if version.history_user_id is not None:
            if previous is None:
                return set(field_names)
            edited |= {
                name for name in field_names if _value(version, name) != _value(previous, name)
            }
        previous = version
    return edited


def _value(obj: models.Model, name: str):
    return getattr(obj, obj._meta.get_field(name).attname)


def _update(obj: models.Model, values: dict, *, label: str, report: LoadReport) -> None:
    """Set the values that differ, except where staff changed the field; save once."""
    differing = [name for name, value in values.items() if _value(obj, name) != _as_stored(value)]
    if not differing:
        return
    edited = _staff_edited(obj, differing)
    for name in differing:
        if name in edited:
            report.add_kept(obj, name)
        else:
            setattr(obj, name, values[name])
    if set(differing) - edited:
        obj.save()
        report.add_updated(label)


def _as_stored(value):
    return value.pk if isinstance(value, models.Model) else value


class _CentreLoader:
    """Loads one group of rows (a centre and its sites) at a time."""

    def __init__(self, *, districts_by_name, hours, report: LoadReport) -> None:
        self.districts_by_name = districts_by_name
        self.hours = hours
        self.report = report
        self.ortsteile = {
            (ortsteil.district_id, ortsteil.name): ortsteil for ortsteil in Ortsteil.objects.all()
        }

    def load(self, rows: list[dict[str, str]]) -> None:
        main = rows[0]
        district = self.districts_by_name[main["bezirk"]]
        providers = [
            _organisation(name, source=_sources(main["source"]), report=self.report)
            for name in _provider_names(main["provider"])
        ]
        confirmed = any(_is_confirmed(row) for row in rows)
        source = "\n".join(_row_source(row) for row in rows)
        if not confirmed:
            source = f"{UNCONFIRMED_NOTE}\n{source}"
        values = {
            "name": main["name"],
            "district": district,
            "provider": providers[0] if providers else None,
            "website": next((row["website"] for row in rows if row["website"]), ""),
            "is_ifp_funded": True if any(row["ifp_stz"] == "yes" for row in rows) else None,
            "source": source,
        }
        centre = self.existing_centre(rows)
        if centre is None:
            centre = Centre.objects.create(
                slug=self.free_slug(main["name"]),
                status=Status.PUBLISHED if confirmed else Status.DRAFT,
                **values,
            )
            self.report.add(gettext("Zentren"), True)
        else:
            _update(centre, values, label=gettext("Zentren"), report=self.report)
        for index, row in enumerate(rows):
            self.load_site(centre, row, is_main=index == 0)
        for co_provider in providers[1:]:
            Partnership.objects.get_or_create(
                centre=centre,
                organisation=co_provider,
                defaults={"note": "Ko-Träger (laut Quelle)"},
            )

    def existing_centre(self, rows: list[dict[str, str]]) -> Centre | None:
        """The centre an earlier edition loaded for these rows: by its slug then, or now."""
        slugs = [
            german_slugify(name)
            for row in rows
            for name in (row["first_edition_name_DERIVED"], row["name"])
            if name
        ]
        found = Centre.objects.in_bulk(slugs, field_name="slug")
        return next((found[slug] for slug in slugs if slug in found), None)

    def free_slug(self, name: str) -> str:
        slug = german_slugify(name)[:190]
        candidate, number = slug, 2
        while Centre.objects.filter(slug=candidate).exists():
            candidate, number = f"{slug}-{number}", number + 1
        return candidate

    def load_site(self, centre: Centre, row: dict[str, str], *, is_main: bool) -> None:
        ortsteil = self.ortsteile.get((centre.district_id, row["ortsteil"]))
        values = {
            "name": row["name"][:200],
            "kind": SiteKind.from_label(row["einrichtungsart"]) or "",
            "ortsteil": ortsteil,
            "street": row["street"],
            "postcode": row["postcode"],
            "latitude": _decimal(row["lat"]),
            "longitude": _decimal(row["lon"]),
            "coordinates_source": _coordinates_source(row["coord_source"]),
            "phone": row["phone"],
            "email": row["email"],
            "source": _row_source(row),
        }
        hours = self.hours.get(row["name"], [])
        if hours:
            values["source"] += f"\nÖffnungszeiten: {hours[0]['as_written']} – {hours[0]['source']}"
        sites = Site.objects.filter(centre=centre)
        site = (
            sites.filter(is_main=True).first()
            if is_main
            else sites.filter(name=row["name"]).first()
        )
        if site is None:
            site = Site.objects.create(centre=centre, is_main=is_main, **values)
            self.report.add(gettext("Standorte"), True)
            # Opening hours come with a new site only: staff keep them current from then on.
            OpeningHours.objects.bulk_create(
                OpeningHours(
                    site=site,
                    weekday=int(hour["weekday"]),
                    opens=datetime.time.fromisoformat(hour["opens"]),
                    closes=datetime.time.fromisoformat(hour["closes"]),
                )
                for hour in hours
            )
        else:
            _update(site, values, label=gettext("Standorte"), report=self.report)


def _organisation(name: str, *, source: str, report: LoadReport) -> Organisation:
    organisation, created = Organisation.objects.get_or_create(
        slug=german_slugify(name),
        defaults={"name": name, "kind": OrganisationKind.PROVIDER, "source": source},
    )
    report.add(gettext("Organisationen"), created)
    return organisation
