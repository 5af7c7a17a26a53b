"""The public pages and how many SQL queries each takes: used by the tests and the benchmark."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
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
    Partnership,
    Status,
    StepFree,
    TargetGroup,
)
from centres.services.reference_data import reference_data_load

# One entry per public page type, with the filters a resident might combine.
PAGES = {
    "start": "/",
    "bezirk": "{district}",
    "zentren": "/zentren/",
    "zentren, alle Filter": (
        "/zentren/?bezirk=mitte&bezirk=pankow&angebot=beratung&angebot=kurs&zielgruppe=kinder"
        "&sprache=de&barrierefrei=1&q=Demo"
    ),
    "zentrum": "{centre}",
    "angebote": "/angebote/",
    "angebote, alle Filter": (
        "/angebote/?bezirk=neukoelln&art=kurs&art=sport&zielgruppe=senioren&sprache=de"
        "&wochentag=montag&kostenlos=1&q=Demo"
    ),
    "angebot": "{offering}",
    "partner": "/partner/",
    "partner, Filter": "/partner/?art=schule&bezirk=mitte",
    "partnerorganisation": "{partner}",
}


@dataclass(frozen=True)
class Measurement:
    page: str
    url: str
    status: int
    queries: int


def budget_dataset(*, centres: int) -> None:
    """Centres that every page and filter above finds: no page is measured while empty.

    Empty results skip queries (no prefetch runs for zero rows), which would hide or fake a
    difference between small and large datasets.
    """
    if not District.objects.exists():
        reference_data_load()
    districts = list(District.objects.filter(slug__in=["mitte", "pankow", "neukoelln"]))
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
                ortsteil=district.ortsteile.order_by("pk").first(),
                status=Status.PUBLISHED,
                step_free_access=StepFree.YES,
                is_demo=True,
            )
        )
    new = Centre.objects.bulk_create(new)
    OpeningHours.objects.bulk_create(
        OpeningHours(centre=c, weekday=1, opens=datetime.time(9), closes=datetime.time(13))
        for c in new
    )
    Centre.languages.through.objects.bulk_create(
        Centre.languages.through(centre=c, language=language) for c in new for language in languages
    )
    Partnership.objects.bulk_create(
        Partnership(centre=c, organisation=schools[n % len(schools)]) for n, c in enumerate(new)
    )
    offerings = Offering.objects.bulk_create(
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
        for n, c in enumerate(new)
        for kind in (
            OfferingKind.COURSE,
            OfferingKind.COUNSELLING,
            OfferingKind.SPORT,
            OfferingKind.FESTIVAL,
        )
    )
    OfferingTime.objects.bulk_create(
        OfferingTime(offering=o, weekday=1, opens=datetime.time(10), closes=datetime.time(12))
        for o in offerings
        if o.starts_at is None
    )
    Offering.target_groups.through.objects.bulk_create(
        Offering.target_groups.through(offering=o, targetgroup=g) for o in offerings for g in groups
    )
    Offering.languages.through.objects.bulk_create(
        Offering.languages.through(offering=o, language=language)
        for o in offerings
        for language in languages
    )


def representative_urls() -> dict[str, str]:
    """The busiest public objects: detail pages measured with as much to show as possible."""
    district = District.objects.with_counts().order_by("-centre_count", "number").first()
    centre = (
        Centre.objects.published()
        .annotate(n=Count("offerings", filter=Q(offerings__status="published")))
        .order_by("-n", "pk")
        .first()
    )
    offering = Offering.objects.published().filter(times__isnull=False).order_by("pk").first()
    partner = Organisation.objects.partners().order_by("pk").first()
    return {
        "district": district.get_absolute_url(),
        "centre": centre.get_absolute_url(),
        "offering": offering.get_absolute_url(),
        "partner": partner.get_absolute_url(),
    }


def measure_pages(client: Client | None = None) -> list[Measurement]:
    client = client or Client()
    urls = representative_urls()
    results = []
    for page, template in PAGES.items():
        url = template.format(**urls)
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        results.append(Measurement(page, url, response.status_code, len(context.captured_queries)))
    return results
