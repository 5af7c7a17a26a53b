"""Loading the real reference data from fixtures/: Bezirke, Ortsteile, vocabularies, centres.

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
    Centre,
    District,
    Language,
    Organisation,
    OrganisationKind,
    Ortsteil,
    Partnership,
    Status,
    TargetGroup,
)
from centres.slugs import german_slugify

FIXTURES_DIR = settings.BASE_DIR / "fixtures"


@dataclass
class LoadReport:
    """How many rows a load created and updated, per model; an unchanged re-run reports zeros."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def add(self, label: str, created: bool) -> None:
        self.created[label] = self.created.get(label, 0) + int(created)

    def add_updated(self, label: str) -> None:
        self.updated[label] = self.updated.get(label, 0) + 1

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
    return report


@transaction.atomic
def reference_data_load(*, fixtures_dir: Path = FIXTURES_DIR) -> LoadReport:
    """Create the Bezirke, Ortsteile, vocabularies and real centres that do not exist yet.

    Existing rows are matched by number, slug or code and left as they are, so loading twice
    changes nothing and never overwrites what staff have edited since.
    """
    report = LoadReport()
    districts_by_name = _geography_load(fixtures_dir=fixtures_dir, report=report)
    for row in _rows(fixtures_dir / "centres.csv"):
        _load_real_centre(row, districts_by_name, report)
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


def _organisation(name: str, *, source: str, report: LoadReport) -> Organisation:
    organisation, created = Organisation.objects.get_or_create(
        slug=german_slugify(name),
        defaults={"name": name, "kind": OrganisationKind.PROVIDER, "source": source},
    )
    report.add("Organisationen", created)
    return organisation


def _load_real_centre(
    row: dict[str, str], districts_by_name: dict[str, District], report: LoadReport
) -> None:
    slug = german_slugify(row["name"])
    if Centre.objects.filter(slug=slug).exists():
        report.add("Zentren", False)
        return
    source = _sources(row["source"])
    if row["note"]:
        source += f"\nNote: {row['note']}"
    # A source naming several providers ("A; B") lists the first as Träger, the others as
    # co-providers; the source says so, nothing is inferred.
    provider_names = [name.strip() for name in row["traeger"].split(";") if name.strip()]
    providers = [_organisation(name, source=source, report=report) for name in provider_names]
    centre = Centre.objects.create(
        name=row["name"],
        slug=slug,
        district=districts_by_name[row["bezirk"]],
        provider=providers[0] if providers else None,
        street=row["street"],
        postcode=row["postcode"],
        website=row["website"],
        latitude=Decimal(row["lat"]) if row["lat"] else None,
        longitude=Decimal(row["lon"]) if row["lon"] else None,
        is_ifp_funded=True if row["ifp_stz_DERIVED"] == "yes" else None,
        status=Status.PUBLISHED,
        source=source,
    )
    report.add("Zentren", True)
    for co_provider in providers[1:]:
        Partnership.objects.create(
            centre=centre, organisation=co_provider, note="Ko-Träger (laut Quelle)"
        )
