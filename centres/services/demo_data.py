"""Clearly fictional demo data: centres named "Demo-…", never attached to real ones."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.utils import timezone

from centres.models import (
    Centre,
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
    Room,
    RoomAudienceEntry,
    RoomEquipment,
    Site,
    SiteKind,
    Status,
    StepFree,
    TargetGroup,
)
from centres.models.offerings import REFRESH_BATCH
from centres.pagecache import data_version_bump
from centres.services.demo_rooms import demo_rooms_create
from centres.services.demo_rules import (
    OPENING_PATTERNS,
    RULES_BY_KIND,
    FittingDays,
    OfferingRule,
)
from centres.services.reference_data import reference_data_load
from centres.services.search_documents import search_documents_refresh
from centres.slugs import german_slugify

DEMO_PREFIX = "Demo"

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
    _delete_quietly(OpeningHours.objects.filter(site__centre_id__in=centre_ids))
    RoomEquipment.objects.filter(room__centre_id__in=centre_ids).delete()
    RoomAudienceEntry.objects.filter(room__centre_id__in=centre_ids).delete()
    _delete_quietly(Room.objects.filter(centre_id__in=centre_ids))
    _delete_quietly(Site.objects.filter(centre_id__in=centre_ids))
    _delete_quietly(Partnership.objects.filter(centre_id__in=centre_ids))
    # Centres go through the ORM: it also clears editor assignments and whatever else refers
    # to a centre. Their history goes with them.
    Centre.history.filter(id__in=centre_ids).delete()
    Centre.objects.filter(pk__in=centre_ids).delete()
    Centre.history.filter(id__in=centre_ids).delete()
    Organisation.objects.filter(is_demo=True).delete()
    # The deletes above bypass the models' signals: the cached pages are out of date.
    data_version_bump()
    return len(centre_ids)


@dataclass(frozen=True)
class _Vocabulary:
    """What demo rows are made of: the real places and vocabularies, in a fixed order."""

    ortsteile: list[Ortsteil]
    target_groups: list[TargetGroup]
    languages: list[Language]

    @classmethod
    def load(cls) -> _Vocabulary:
        return cls(
            ortsteile=list(Ortsteil.objects.select_related("district").order_by("slug")),
            target_groups=list(TargetGroup.objects.order_by("slug")),
            languages=list(Language.objects.order_by("code")),
        )

    def spoken(self, rng: random.Random, *, extra: int) -> set[Language]:
        """German (where known) and up to `extra` other languages."""
        german = {language for language in self.languages if language.code == "de"}
        return german | set(rng.sample(self.languages, rng.randint(0, extra)))


@transaction.atomic
def demo_data_create(*, centres: int, offerings_per_centre: int = 12, seed: int = 1) -> DemoReport:
    """Replace the demo data with `centres` fictional centres, the same for the same seed.

    Demo centres, providers and partners are named "Demo-…" and flagged `is_demo`; demo
    offerings only ever belong to demo centres. Every step draws from one random generator in
    a fixed order, so the same seed gives the same data.
    """
    if not District.objects.exists():
        reference_data_load()
    report = DemoReport(removed_centres=demo_data_remove())
    rng = random.Random(seed)
    today = timezone.localdate()  # Berlin's date: dated offerings count from it
    vocabulary = _Vocabulary.load()

    providers, partners = _create_demo_organisations(centres=centres)
    new_centres = _create_demo_centres(
        rng, count=centres, ortsteile=vocabulary.ortsteile, providers=providers, today=today
    )
    partnerships = _create_demo_centre_details(
        rng, centres=new_centres, vocabulary=vocabulary, partners=partners
    )
    new_offerings, rules = _create_demo_offerings(
        rng, centres=new_centres, per_centre=offerings_per_centre, today=today
    )
    _create_demo_offering_details(rng, offerings=new_offerings, rules=rules, vocabulary=vocabulary)
    # The stored order by next occurrence needs the weekly times, bulk-created just now.
    Offering.objects.filter(is_demo=True).next_keys_refresh(batch_size=REFRESH_BATCH)
    _record_first_versions(centres=new_centres, partnerships=partnerships, offerings=new_offerings)
    demo_rooms_create(seed=seed, centres=new_centres)
    # bulk_create() sends no signals: the search documents are written here, in one pass,
    # after fresh statistics (the planner would otherwise take the new tables for empty).
    if connection.vendor == "postgresql":
        # Under load ANALYZE can outlast a page's statement timeout; it is not a page. The
        # tables by name: a bare ANALYZE also takes the server's shared catalogs, held until
        # this transaction commits, so every other database's ANALYZE on the server would wait.
        with connection.without_statement_deadline(), connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
            cursor.execute(f"ANALYZE {', '.join(map(connection.ops.quote_name, tables))}")
    search_documents_refresh(
        centre_ids=[centre.pk for centre in new_centres],
        offering_ids=[offering.pk for offering in new_offerings],
    )

    # bulk_create() sends no signals either: the cached pages are out of date.
    data_version_bump()
    report.organisations = len(providers) + len(partners)
    report.centres = len(new_centres)
    report.offerings = len(new_offerings)
    return report


def _create_demo_organisations(*, centres: int) -> tuple[list[Organisation], list[Organisation]]:
    """Demo providers (one per eight centres) and demo partners of every kind."""
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
    return providers, partners


def _create_demo_centres(
    rng: random.Random,
    *,
    count: int,
    ortsteile: list[Ortsteil],
    providers: list[Organisation],
    today: datetime.date,
) -> list[Centre]:
    """Centres in random Ortsteile, each with its main site there; mostly published, some drafts
    and archived ones, and about one in four with a second site (a Nachbarschaftstreff)."""
    new_centres, main_ortsteile = [], []
    for number in range(1, count + 1):
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
                provider=rng.choice(providers),
                website=f"https://demo-{number}.example/",
                description=(
                    "Ein erfundenes Stadtteilzentrum für die Demo-Daten dieses Verzeichnisses: "
                    "offen für alle Nachbarinnen und Nachbarn, mit Kursen, Beratung und Festen."
                ),
                is_ifp_funded=rng.random() < 0.6,
                status=status,
                last_reviewed=today - datetime.timedelta(days=rng.randint(0, 500)),
                is_demo=True,
            )
        )
        main_ortsteile.append(ortsteil)
    centres = Centre.objects.bulk_create(new_centres, batch_size=500)
    sites = []
    for number, (centre, ortsteil) in enumerate(zip(centres, main_ortsteile, strict=True), 1):
        sites.append(_demo_site(rng, centre, ortsteil, number, name=centre.name, is_main=True))
        if rng.random() < 0.25:
            neighbours = [o for o in ortsteile if o.district_id == ortsteil.district_id]
            second = rng.choice(neighbours)
            sites.append(
                _demo_site(
                    rng,
                    centre,
                    second,
                    number,
                    name=f"Demo-Nachbarschaftstreff {second.name} {number}",
                    is_main=False,
                )
            )
    Site.objects.bulk_create(sites, batch_size=500)
    return centres


def _demo_site(
    rng: random.Random, centre: Centre, ortsteil: Ortsteil, number: int, *, name: str, is_main: bool
) -> Site:
    return Site(
        centre=centre,
        name=name,
        kind=SiteKind.NEIGHBOURHOOD_CENTRE if is_main else SiteKind.NEIGHBOURHOOD_MEETING_POINT,
        is_main=is_main,
        ortsteil=ortsteil,
        street=f"{rng.choice(_DEMO_STREETS)} {rng.randint(1, 120)}",
        postcode=str(rng.randint(10115, 14199)),
        phone=f"030 {rng.randint(1000000, 9999999)}",
        email=f"kontakt@demo-{number}.example",
        step_free_access=rng.choice(list(StepFree)),
        accessible_toilet=rng.choice([True, False, None]),
    )


def _create_demo_centre_details(
    rng: random.Random,
    *,
    centres: list[Centre],
    vocabulary: _Vocabulary,
    partners: list[Organisation],
) -> list[Partnership]:
    """Opening hours (one of a few usual patterns), languages, partners."""
    hours, centre_languages, partnerships = [], [], []
    sites = Site.objects.filter(centre__in=centres).order_by("centre", "-is_main", "pk")
    for site in sites:
        for weekdays, opens, closes in rng.choice(OPENING_PATTERNS):
            hours += [
                OpeningHours(site=site, weekday=weekday, opens=opens, closes=closes)
                for weekday in weekdays
            ]
    for centre in centres:
        centre_languages += [
            Centre.languages.through(centre_id=centre.pk, language_id=language.pk)
            for language in vocabulary.spoken(rng, extra=3)
        ]
        for partner in rng.sample(partners, min(len(partners), rng.randint(1, 4))):
            partnerships.append(
                Partnership(
                    centre=centre, organisation=partner, note=rng.choice(_DEMO_PARTNER_NOTES)
                )
            )
    OpeningHours.objects.bulk_create(hours, batch_size=1000)
    Centre.languages.through.objects.bulk_create(centre_languages, batch_size=1000)
    return Partnership.objects.bulk_create(partnerships, batch_size=1000)


def _create_demo_offerings(
    rng: random.Random, *, centres: list[Centre], per_centre: int, today: datetime.date
) -> tuple[list[Offering], list[OfferingRule]]:
    """`per_centre` offerings of each centre, every kind in turn, each following a rule.

    Returns the offerings and, in the same order, the rules their weekly times follow.
    Festivals and events are dated: on the next day that fits their rule.
    """
    new_offerings, rules = [], []
    kinds = list(OfferingKind)
    fitting_days = FittingDays(today)
    for number, centre in enumerate(centres):
        for index in range(per_centre):
            rule = rng.choice(RULES_BY_KIND[kinds[(index + number) % len(kinds)]])
            title = rng.choice(rule.titles)
            cost, cost_note = rule.cost(rng)
            starts_at = ends_at = None
            if rule.is_dated:
                day = fitting_days.next_day(rng, rule)
                starts_at = timezone.make_aware(
                    datetime.datetime.combine(day, rng.choice(rule.starts))
                )
                ends_at = starts_at + datetime.timedelta(minutes=rng.choice(rule.minutes))
            rules.append(rule)
            offering = Offering(
                centre=centre,
                title=title,
                slug=f"{german_slugify(title)}-{centre.slug}-{index + 1}",
                kind=rule.kind,
                description=f"{title} im {centre.name}. Ein erfundenes Demo-Angebot.",
                cost=cost,
                cost_note=cost_note,
                registration_required=rng.random() < rule.registration,
                status=Status.DRAFT if rng.random() < 0.05 else Status.PUBLISHED,
                starts_at=starts_at,
                ends_at=ends_at,
            )
            # bulk_create() skips save(): the stored "public" fields are set here (`next_key`
            # once the weekly times exist, below).
            offering.public_fields_set(centre_status=centre.status)
            new_offerings.append(offering)
    return Offering.objects.bulk_create(new_offerings, batch_size=1000), rules


def _create_demo_offering_details(
    rng: random.Random,
    *,
    offerings: list[Offering],
    rules: list[OfferingRule],
    vocabulary: _Vocabulary,
) -> None:
    """Weekly times of the recurring offerings, target groups and languages of all."""
    times, offering_groups, offering_languages = [], [], []
    for offering, rule in zip(offerings, rules, strict=True):
        if not rule.is_dated:
            times += [
                OfferingTime(offering=offering, weekday=weekday, opens=opens, closes=closes)
                for weekday, opens, closes in rule.weekly_slots(rng)
            ]
        offering_groups += [
            Offering.target_groups.through(offering_id=offering.pk, targetgroup_id=group.pk)
            for group in rng.sample(vocabulary.target_groups, rng.randint(1, 3))
        ]
        offering_languages += [
            Offering.languages.through(offering_id=offering.pk, language_id=language.pk)
            for language in vocabulary.spoken(rng, extra=2)
        ]
    OfferingTime.objects.bulk_create(times, batch_size=1000)
    Offering.target_groups.through.objects.bulk_create(offering_groups, batch_size=1000)
    Offering.languages.through.objects.bulk_create(offering_languages, batch_size=1000)


def _record_first_versions(
    *, centres: list[Centre], partnerships: list[Partnership], offerings: list[Offering]
) -> None:
    """A first history version of each demo centre, offering and partnership.

    bulk_create() skips the history; a first version lets staff try "restore" on the demo
    centres, offerings and partnerships (the models with a history page in the admin).
    Opening hours and offering times are left out: they doubled the time of a large load.
    """
    for model, rows in ((Centre, centres), (Partnership, partnerships), (Offering, offerings)):
        model.history.bulk_history_create(
            rows, batch_size=1000, default_change_reason=DEMO_HISTORY_REASON
        )


DEMO_HISTORY_REASON = "Demo-Daten angelegt"
