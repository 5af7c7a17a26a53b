"""Datasets of any size for the query-budget tests and the benchmark (scripts/bench.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from centres.models import (
    Centre,
    Commitment,
    Cost,
    District,
    Equipment,
    Language,
    Offering,
    OfferingKind,
    OfferingTime,
    OpeningHours,
    Organisation,
    OrganisationKind,
    Partnership,
    Room,
    RoomAudience,
    RoomAudienceEntry,
    RoomEquipment,
    Site,
    Status,
    StepFree,
    TargetGroup,
    VolunteerTask,
)
from centres.services.demo_data import demo_data_remove
from centres.services.reference_data import geography_load

# The Bezirke the dataset's centres are spread over; the pages' filters (tests/pages.py) ask
# for them.
DISTRICTS = ["mitte", "pankow", "neukoelln"]


def budget_dataset(*, centres: int) -> None:
    """`centres` published centres that every public page, filter and overview page finds.

    Spread over Mitte, Pankow and Neukölln, each with opening hours, a partner school, five
    offerings (course, counselling, sport, a festival, volunteering) for children and seniors,
    in German, two rooms and a call for volunteers.
    No page is measured while empty: empty results skip queries (no prefetch runs for zero
    rows), which would hide or fake a difference between small and large datasets.
    Flagged as demo data, so `demo_data_remove()` clears it; loads the geography if missing.
    """
    if not District.objects.exists():
        geography_load()
    districts = list(District.objects.filter(slug__in=DISTRICTS))
    languages = list(Language.objects.filter(code="de"))
    groups = list(TargetGroup.objects.filter(slug__in=["kinder", "senioren"]))
    now = timezone.now()
    schools = Organisation.objects.bulk_create(
        Organisation(
            name=f"Demo-Schule {n}",
            slug=f"demo-schule-budget-{n}",
            kind=OrganisationKind.SCHOOL,
            is_demo=True,
        )
        for n in range(3)
    )
    new = []
    for n in range(centres):
        district = districts[n % len(districts)]
        new.append(
            Centre(
                name=f"Demo-Budgetzentrum {n}",
                slug=f"demo-budgetzentrum-{n}",
                district=district,
                status=Status.PUBLISHED,
                is_ifp_funded=n % 2 == 0,
                is_demo=True,
                volunteer_call="Wir suchen Hilfe beim Kiezcafé.",
                volunteer_task=VolunteerTask.CAFE,
                volunteer_commitment=Commitment.REGULAR,
            )
        )
    new = Centre.objects.bulk_create(new)
    sites = Site.objects.bulk_create(
        Site(
            centre=c,
            name=c.name,
            is_main=True,
            ortsteil=c.district.ortsteile.order_by("pk").first(),
            step_free_access=StepFree.YES,
            # Spread over a few streets, so the maps and "near me" have coordinates to use.
            latitude=Decimal("52.45") + Decimal(n % 20) / 100,
            longitude=Decimal("13.30") + Decimal(n % 30) / 100,
        )
        for n, c in enumerate(new)
    )
    # Every third centre has a second site with its own hours and coordinates: the maps, "open
    # now", "near me" and the exports read every site (issue 15), at no query per site.
    sites += Site.objects.bulk_create(
        Site(
            centre=c,
            name=f"{c.name} – Treff",
            ortsteil=c.district.ortsteile.order_by("pk").first(),
            latitude=Decimal("52.46") + Decimal(n % 20) / 100,
            longitude=Decimal("13.31") + Decimal(n % 30) / 100,
        )
        for n, c in enumerate(new)
        if n % 3 == 0
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(site=site, weekday=1, opens=datetime.time(9), closes=datetime.time(13))
        for site in sites
    )
    Centre.languages.through.objects.bulk_create(
        Centre.languages.through(centre=c, language=language) for c in new for language in languages
    )
    Partnership.objects.bulk_create(
        Partnership(centre=c, organisation=schools[n % len(schools)]) for n, c in enumerate(new)
    )
    offerings = Offering.objects.bulk_create(
        public_fields_set(
            Offering(
                centre=c,
                title=f"Demo-{kind.label} {n}",
                slug=f"demo-budget-{kind.value}-{n}",
                kind=kind,
                status=Status.PUBLISHED,
                starts_at=now + datetime.timedelta(days=n % 30 + 1)
                if kind == OfferingKind.FESTIVAL
                else None,
            )
        )
        for n, c in enumerate(new)
        for kind in (
            OfferingKind.COURSE,
            OfferingKind.COUNSELLING,
            OfferingKind.SPORT,
            OfferingKind.FESTIVAL,
            OfferingKind.VOLUNTEERING,
        )
    )
    OfferingTime.objects.bulk_create(
        OfferingTime(offering=o, weekday=1, opens=datetime.time(10), closes=datetime.time(12))
        for o in offerings
        if o.starts_at is None
    )
    # bulk_create() skips save(): the stored order by next occurrence, once the times exist.
    Offering.objects.filter(pk__in=[o.pk for o in offerings]).next_keys_refresh()
    Offering.target_groups.through.objects.bulk_create(
        Offering.target_groups.through(offering=o, targetgroup=g) for o in offerings for g in groups
    )
    Offering.languages.through.objects.bulk_create(
        Offering.languages.through(offering=o, language=language)
        for o in offerings
        for language in languages
    )
    # Two rooms per centre, with equipment and whom they are for (/raeume/, docs/rooms.md).
    rooms = Room.objects.bulk_create(
        Room(
            centre=c,
            site=site,
            name=name,
            slug=f"demo-budget-{slug}-{n}",
            size_m2=size,
            seats=size // 2,
            step_free_access=StepFree.YES,
            cost=Cost.FREE if n % 2 else Cost.FEE,
            status=Status.PUBLISHED,
        )
        for n, (c, site) in enumerate(zip(new, sites[: len(new)], strict=True))  # main sites
        for name, slug, size in (("Saal", "saal", 100), ("Küche", "kueche", 40))
    )
    RoomEquipment.objects.bulk_create(
        RoomEquipment(room=room, item=item)
        for room in rooms
        for item in (Equipment.KITCHEN, Equipment.PROJECTOR, Equipment.WIFI)
    )
    RoomAudienceEntry.objects.bulk_create(
        RoomAudienceEntry(room=room, audience=audience)
        for room in rooms
        for audience in (RoomAudience.NEIGHBOURHOOD_GROUPS, RoomAudience.ASSOCIATIONS)
    )


def real_budget_dataset(*, centres: int) -> None:
    """The budget dataset flagged as real data, in place of any budget dataset loaded before.

    For the pages that leave demo data out (the exports, the API, the sitemap): their query
    budgets must be measured with rows to show.
    """
    budget_centres = Centre.objects.filter(slug__startswith="demo-budgetzentrum-")
    budget_schools = Organisation.objects.filter(slug__startswith="demo-schule-budget-")
    budget_centres.update(is_demo=True)
    budget_schools.update(is_demo=True)
    demo_data_remove()
    budget_dataset(centres=centres)
    budget_centres.update(is_demo=False)
    budget_schools.update(is_demo=False)


def public_fields_set(offering: Offering) -> Offering:
    """bulk_create() skips save(): the stored "public" fields of a new offering (its
    `next_key` needs its weekly times: `next_keys_refresh()` once they are created)."""
    offering.public_fields_set()
    return offering
