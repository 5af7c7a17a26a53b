"""Writes that touch several models: loading reference data, generating demo data."""

from __future__ import annotations

import csv
import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from centres.models import (
    Centre,
    Cost,
    District,
    Language,
    Offering,
    OfferingKind,
    OfferingTime,
    OpeningHours,
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
    """How many rows a load created, per model; an unchanged re-run reports zeros."""

    created: dict[str, int] = field(default_factory=dict)

    def add(self, label: str, created: bool) -> None:
        self.created[label] = self.created.get(label, 0) + int(created)

    @property
    def total(self) -> int:
        return sum(self.created.values())

    def __str__(self) -> str:
        return ", ".join(f"{label}: {count} neu" for label, count in self.created.items())


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {key: (value or "").strip() for key, value in row.items()}
            for row in csv.DictReader(handle)
        ]


def _sources(text: str) -> str:
    return "\n".join(part.strip() for part in text.split(" ; ") if part.strip())


@transaction.atomic
def reference_data_load(*, fixtures_dir: Path = FIXTURES_DIR) -> LoadReport:
    """Create the Bezirke, Ortsteile, vocabularies and real centres that do not exist yet.

    Existing rows are matched by number, slug or code and left as they are, so loading twice
    changes nothing and never overwrites what staff have edited since.
    """
    report = LoadReport()
    districts_by_name: dict[str, District] = {}
    for row in _rows(fixtures_dir / "districts.csv"):
        district, created = District.objects.get_or_create(
            number=int(row["bezirk_nr"]),
            defaults={
                "name": row["name"],
                "slug": row["slug"],
                "population": int(row["population"]) if row["population"] else None,
                "population_date": row["population_date"] or None,
                "area_km2": Decimal(row["area_km2"]) if row["area_km2"] else None,
                "source": row["source"],
            },
        )
        districts_by_name[row["name"]] = district
        report.add("Bezirke", created)

    for row in _rows(fixtures_dir / "ortsteile.csv"):
        _, created = Ortsteil.objects.get_or_create(
            slug=german_slugify(row["ortsteil"]),
            defaults={
                "name": row["ortsteil"],
                "district": districts_by_name[row["bezirk"]],
                "source": row["source"],
            },
        )
        report.add("Ortsteile", created)

    for row in _rows(fixtures_dir / "target_groups.csv"):
        _, created = TargetGroup.objects.get_or_create(
            slug=row["slug"], defaults={"name": row["name"], "position": int(row["position"])}
        )
        report.add("Zielgruppen", created)

    for row in _rows(fixtures_dir / "languages.csv"):
        _, created = Language.objects.get_or_create(
            code=row["code"], defaults={"name": row["name"], "position": int(row["position"])}
        )
        report.add("Sprachen", created)

    for row in _rows(fixtures_dir / "centres.csv"):
        _load_real_centre(row, districts_by_name, report)
    return report


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


# --- Demo data -----------------------------------------------------------------------------

DEMO_PREFIX = "Demo"

_DEMO_TITLES: dict[str, list[str]] = {
    OfferingKind.COURSE: ["Deutschkurs A1", "Computerkurs für Einsteiger", "Englisch im Alltag"],
    OfferingKind.CREATIVE_COURSE: ["Malwerkstatt", "Nähcafé", "Keramik für alle", "Chorprobe"],
    OfferingKind.SPORT: ["Rückengymnastik", "Yoga am Morgen", "Tischtennis", "Spaziergruppe"],
    OfferingKind.SWAP_MEET: ["Kleidertausch", "Büchertauschbörse", "Pflanzentauschtreff"],
    OfferingKind.COUNSELLING: ["Sozialberatung", "Mietrechtsberatung", "Schuldnerberatung"],
    OfferingKind.FAMILY: ["Eltern-Kind-Café", "Krabbelgruppe", "Familienfrühstück"],
    OfferingKind.OPEN_MEETING: ["Nachbarschaftscafé", "Offener Treff", "Mittagstisch"],
    OfferingKind.SELF_HELP: ["Selbsthilfegruppe Angehörige", "Gesprächskreis Trauer"],
    OfferingKind.VOLUNTEERING: ["Ehrenamtsbörse", "Lesepatenschaften", "Repair-Café-Team"],
    OfferingKind.FESTIVAL: ["Kiezfest", "Sommerfest im Hof", "Laternenfest"],
    OfferingKind.EVENT: ["Lesung im Saal", "Filmabend", "Nachbarschaftsversammlung"],
    OfferingKind.OTHER: ["Hausaufgabenhilfe", "Gemeinschaftsgarten"],
}
_DEMO_PARTNER_KINDS = [
    (OrganisationKind.SCHOOL, "Demo-Grundschule"),
    (OrganisationKind.COUNSELLING, "Demo-Beratungsstelle"),
    (OrganisationKind.HEALTH, "Demo-Gesundheitsdienst"),
    (OrganisationKind.CULTURE, "Demo-Kulturhaus"),
    (OrganisationKind.NEIGHBOURHOOD_MANAGEMENT, "Demo-Quartiersmanagement"),
    (OrganisationKind.MULTI_GENERATION_HOUSE, "Demo-Mehrgenerationenhaus"),
    (OrganisationKind.FAMILY_CENTRE, "Demo-Familienzentrum"),
    (OrganisationKind.MUNICIPAL_OFFICE, "Demo-Jugendamt"),
]
_DEMO_STREETS = ["Musterstraße", "Beispielweg", "Demoplatz", "Probeallee", "Testufer"]
_DEMO_PARTNER_NOTES = [
    "Gemeinsame Ferienangebote",
    "Beratung vor Ort, jeden ersten Dienstag",
    "Nutzt unsere Räume für Kurse",
    "Gemeinsames Kiezfest",
    "Vermittlung von Ehrenamtlichen",
]


@dataclass
class DemoReport:
    centres: int = 0
    offerings: int = 0
    organisations: int = 0
    removed_centres: int = 0


def _delete_quietly(queryset: models.QuerySet) -> None:
    """Delete rows in one statement, without per-object signals, and drop their history.

    For demo data only: deleting it row by row to record each removal in the history took
    seconds per thousand rows, and the history of fictional rows that are being replaced is
    of no use. Related rows must be deleted first (no cascading here).
    """
    model = queryset.model
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), 900):  # below SQLite's limit of query parameters
        chunk = ids[start : start + 900]
        model.history.filter(id__in=chunk).delete()
        model._base_manager.filter(pk__in=chunk)._raw_delete(model._base_manager.db)


def demo_data_remove() -> int:
    """Delete every demo centre (with its offerings) and demo organisation; real data stays."""
    centre_ids = list(Centre.objects.filter(is_demo=True).values_list("pk", flat=True))
    offering_ids = Offering.objects.filter(centre_id__in=centre_ids)
    Offering.target_groups.through.objects.filter(offering__in=offering_ids).delete()
    Offering.languages.through.objects.filter(offering__in=offering_ids).delete()
    _delete_quietly(OfferingTime.objects.filter(offering__in=offering_ids))
    _delete_quietly(offering_ids)
    Centre.languages.through.objects.filter(centre_id__in=centre_ids).delete()
    _delete_quietly(OpeningHours.objects.filter(centre_id__in=centre_ids))
    _delete_quietly(Partnership.objects.filter(centre_id__in=centre_ids))
    # Centres go through the ORM: it also clears editor assignments and whatever else refers
    # to a centre. Their history goes with them.
    Centre.history.filter(id__in=centre_ids).delete()
    Centre.objects.filter(pk__in=centre_ids).delete()
    Centre.history.filter(id__in=centre_ids).delete()
    Organisation.objects.filter(is_demo=True).delete()
    return len(centre_ids)


@transaction.atomic
def demo_data_create(*, centres: int, offerings_per_centre: int = 12, seed: int = 1) -> DemoReport:
    """Replace the demo data with `centres` fictional centres, the same for the same seed.

    Demo centres, providers and partners are named "Demo-…" and flagged `is_demo`; demo
    offerings only ever belong to demo centres.
    """
    if not District.objects.exists():
        reference_data_load()
    report = DemoReport(removed_centres=demo_data_remove())
    rng = random.Random(seed)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    ortsteile = list(Ortsteil.objects.select_related("district").order_by("slug"))
    target_groups = list(TargetGroup.objects.order_by("slug"))
    languages = list(Language.objects.order_by("code"))
    german = next((language for language in languages if language.code == "de"), None)

    providers = Organisation.objects.bulk_create(
        Organisation(
            name=f"Demo-Träger Nachbarschaft {number} e. V.",
            slug=f"demo-traeger-{number}",
            kind=OrganisationKind.PROVIDER,
            is_demo=True,
        )
        for number in range(1, max(3, centres // 8) + 1)
    )
    partners = Organisation.objects.bulk_create(
        Organisation(
            name=f"{label} {number}",
            slug=f"{german_slugify(label)}-{number}",
            kind=kind,
            is_demo=True,
        )
        for number in range(1, max(2, centres // 12) + 1)
        for kind, label in _DEMO_PARTNER_KINDS
    )
    report.organisations = len(providers) + len(partners)

    new_centres = []
    for number in range(1, centres + 1):
        ortsteil = rng.choice(ortsteile)
        roll = rng.random()
        status = (
            Status.DRAFT if roll < 0.06 else Status.ARCHIVED if roll < 0.09 else Status.PUBLISHED
        )
        name = f"Demo-Stadtteilzentrum {ortsteil.name} {number}"
        new_centres.append(
            Centre(
                name=name,
                slug=german_slugify(name),
                district=ortsteil.district,
                ortsteil=ortsteil,
                provider=rng.choice(providers),
                street=f"{rng.choice(_DEMO_STREETS)} {rng.randint(1, 120)}",
                postcode=str(rng.randint(10115, 14199)),
                phone=f"030 {rng.randint(1000000, 9999999)}",
                email=f"kontakt@demo-{number}.example",
                website=f"https://demo-{number}.example/",
                description=(
                    "Ein erfundenes Stadtteilzentrum für die Demo-Daten dieses Verzeichnisses: "
                    "offen für alle Nachbarinnen und Nachbarn, mit Kursen, Beratung und Festen."
                ),
                step_free_access=rng.choice(list(Centre.StepFree)),
                accessible_toilet=rng.choice([True, False, None]),
                is_ifp_funded=rng.random() < 0.6,
                status=status,
                last_reviewed=now.date() - datetime.timedelta(days=rng.randint(0, 500)),
                is_demo=True,
            )
        )
    new_centres = Centre.objects.bulk_create(new_centres, batch_size=500)
    report.centres = len(new_centres)

    hours, centre_languages, partnerships = [], [], []
    for centre in new_centres:
        for weekday in range(1, 6):
            hours.append(OpeningHours(centre=centre, weekday=weekday, opens=_t(9), closes=_t(13)))
            hours.append(OpeningHours(centre=centre, weekday=weekday, opens=_t(14), closes=_t(19)))
        if rng.random() < 0.3:
            hours.append(OpeningHours(centre=centre, weekday=6, opens=_t(10), closes=_t(14)))
        spoken = {german, *rng.sample(languages, rng.randint(0, 3))} - {None}
        centre_languages += [
            Centre.languages.through(centre_id=centre.pk, language_id=language.pk)
            for language in spoken
        ]
        for partner in rng.sample(partners, min(len(partners), rng.randint(1, 4))):
            partnerships.append(
                Partnership(
                    centre=centre, organisation=partner, note=rng.choice(_DEMO_PARTNER_NOTES)
                )
            )
    OpeningHours.objects.bulk_create(hours, batch_size=1000)
    Centre.languages.through.objects.bulk_create(centre_languages, batch_size=1000)
    Partnership.objects.bulk_create(partnerships, batch_size=1000)

    new_offerings = []
    kinds = list(OfferingKind)
    for number, centre in enumerate(new_centres):
        for index in range(offerings_per_centre):
            kind = kinds[(index + number) % len(kinds)]
            title = rng.choice(_DEMO_TITLES[kind])
            is_event = kind in (OfferingKind.FESTIVAL, OfferingKind.EVENT)
            day = timezone.localtime(now) + datetime.timedelta(days=rng.randint(1, 90))
            starts_at = day.replace(hour=rng.choice([10, 14, 15, 17, 19]))
            cost = rng.choice([Cost.FREE, Cost.FREE, Cost.DONATION, Cost.FEE])
            new_offerings.append(
                Offering(
                    centre=centre,
                    title=title,
                    slug=f"{german_slugify(title)}-{centre.slug}-{index + 1}",
                    kind=kind,
                    description=f"{title} im {centre.name}. Ein erfundenes Demo-Angebot.",
                    cost=cost,
                    cost_note="3 € je Termin" if cost == Cost.FEE else "",
                    registration_required=rng.random() < 0.3,
                    status=Status.DRAFT if rng.random() < 0.05 else Status.PUBLISHED,
                    starts_at=starts_at if is_event else None,
                    ends_at=starts_at + datetime.timedelta(hours=4) if is_event else None,
                )
            )
    new_offerings = Offering.objects.bulk_create(new_offerings, batch_size=1000)
    report.offerings = len(new_offerings)

    times, offering_groups, offering_languages = [], [], []
    for offering in new_offerings:
        if offering.starts_at is None:
            for weekday in rng.sample(range(1, 8), rng.randint(1, 2)):
                start = rng.randint(9, 18)
                times.append(
                    OfferingTime(
                        offering=offering, weekday=weekday, starts=_t(start), ends=_t(start + 2)
                    )
                )
        offering_groups += [
            Offering.target_groups.through(offering_id=offering.pk, targetgroup_id=group.pk)
            for group in rng.sample(target_groups, rng.randint(1, 3))
        ]
        spoken = {german, *rng.sample(languages, rng.randint(0, 2))} - {None}
        offering_languages += [
            Offering.languages.through(offering_id=offering.pk, language_id=language.pk)
            for language in spoken
        ]
    OfferingTime.objects.bulk_create(times, batch_size=1000)
    Offering.target_groups.through.objects.bulk_create(offering_groups, batch_size=1000)
    Offering.languages.through.objects.bulk_create(offering_languages, batch_size=1000)
    # bulk_create() skips the history; a first version lets staff try "restore" on the demo
    # centres, offerings and partnerships (the models with a history page in the admin).
    # Opening hours and offering times are left out: they doubled the time of a large load.
    for model, rows in (
        (Centre, new_centres),
        (Partnership, partnerships),
        (Offering, new_offerings),
    ):
        model.history.bulk_history_create(
            rows, batch_size=1000, default_change_reason=DEMO_HISTORY_REASON
        )
    return report


DEMO_HISTORY_REASON = "Demo-Daten angelegt"


def _t(hour: int) -> datetime.time:
    return datetime.time(hour=hour)


# --- Staff workflow ------------------------------------------------------------------------


def _save_as(obj, user, **changes) -> None:
    """Save changes object by object, so the history records each change and who made it."""
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.updated_by = user
    obj._history_user = user
    obj.save()


@transaction.atomic
def listings_set_status(*, objects, status: Status, user) -> int:
    """Publish, archive or reset centres or offerings; returns how many changed."""
    changed = 0
    for obj in objects:
        if obj.status != status:
            _save_as(obj, user, status=status)
            changed += 1
    return changed


@transaction.atomic
def centres_mark_reviewed(*, centres, user, on: datetime.date | None = None) -> int:
    """Record that `user` checked the centres' listings today."""
    on = on or timezone.localdate()
    for centre in centres:
        centre.reviewed_by = user
        centre.last_reviewed = on
        centre._history_user = user
        centre.save(update_fields=["last_reviewed", "reviewed_by", "updated"])
    return len(centres)


# --- Import --------------------------------------------------------------------------------


@dataclass
class ImportSummary:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def import_dataset_read(path: Path):
    """A tablib Dataset from a .csv or .xlsx file, chosen by the file's extension."""
    from import_export.formats.base_formats import CSV, XLSX

    formats = {".csv": CSV, ".xlsx": XLSX}
    try:
        file_format = formats[path.suffix.lower()]()
    except KeyError:
        message = f"Unbekanntes Dateiformat „{path.suffix}“: bitte .csv oder .xlsx."
        raise ValueError(message) from None
    if file_format.is_binary():
        return file_format.create_dataset(path.read_bytes())
    # utf-8-sig: spreadsheet programs often put a byte order mark before the header.
    return file_format.create_dataset(path.read_text(encoding="utf-8-sig"))


def import_errors(result) -> list[str]:
    """German messages naming the row (first data row = 1) and the column of each error."""
    messages = []
    for error_row in result.row_errors():
        number, errors = error_row
        messages += [f"Zeile {number}: {error.error}" for error in errors]
    for invalid in result.invalid_rows:
        row = f"Zeile {invalid.number}"
        for column, problems in invalid.field_specific_errors.items():
            messages += [f"{row}, Spalte „{column}“: {problem}" for problem in problems]
        messages += [f"{row}: {problem}" for problem in invalid.non_field_specific_errors]
    for error in result.base_errors:
        messages.append(f"Datei: {error.error}")
    return messages


def centres_import(
    *, dataset, resource_class=None, user=None, dry_run: bool = False, progress=None
) -> ImportSummary:
    """Import centres or offerings from a dataset: all rows or none.

    Offerings are recognised by their "zentrum" column. Rows are validated and saved in one
    transaction; any row error rolls the whole import back. Returns an ImportSummary.
    """
    from centres.resources import CentreResource, OfferingResource

    if resource_class is None:
        is_offerings = "zentrum" in (dataset.headers or [])
        resource_class = OfferingResource if is_offerings else CentreResource
    result = resource_class().import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        collect_failed_rows=True,
        rollback_on_validation_errors=True,
        user=user,
        progress=progress,
    )
    totals = result.totals
    return ImportSummary(
        new=totals.get("new", 0),
        updated=totals.get("update", 0),
        unchanged=totals.get("skip", 0),
        errors=import_errors(result),
    )
