"""A small, hand-countable Berlin for the overview tests, and a reader for the page's tables.

Four Bezirke: Altstadt (200,000 inhabitants, 3 published centres), Bergfeld (100,000, 2),
Cöllnitz (50,000, none) and Dammheide (population unknown, none). 12 published offerings in all.
A draft and an archived centre, a draft, an archived and an expired offering, offerings of the
unpublished centres and their partnerships are there too and must never be counted.
The expected figures are written out in the tests, counted by hand from this file.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from html.parser import HTMLParser

from django.utils import timezone

from centres.models import (
    Centre,
    District,
    Offering,
    OfferingTime,
    Organisation,
    Ortsteil,
    Partnership,
    Status,
    StepFree,
    TargetGroup,
    review_due_date,
)

POPULATION_DATE = datetime.date(2021, 12, 31)


def next_weekday(isoweekday: int, hour: int = 18) -> datetime.datetime:
    """18:00 Berlin time on the given weekday, one to two weeks ahead."""
    today = timezone.localdate()
    days = (isoweekday - today.isoweekday()) % 7 + 7
    day = today + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@dataclass
class SmallBerlin:
    altstadt: District
    bergfeld: District
    coellnitz: District
    dammheide: District
    centres: dict[str, Centre]


def build_small_berlin() -> SmallBerlin:
    today = timezone.localdate()
    altstadt = District.objects.create(
        number=1,
        name="Altstadt",
        slug="altstadt",
        population=200_000,
        population_date=POPULATION_DATE,
    )
    bergfeld = District.objects.create(
        number=2,
        name="Bergfeld",
        slug="bergfeld",
        population=100_000,
        population_date=POPULATION_DATE,
    )
    coellnitz = District.objects.create(
        number=3,
        name="Cöllnitz",
        slug="coellnitz",
        population=50_000,
        population_date=POPULATION_DATE,
    )
    dammheide = District.objects.create(number=4, name="Dammheide", slug="dammheide")
    ortsteile = {
        slug: Ortsteil.objects.create(district=district, name=name, slug=slug)
        for district, name, slug in [
            (altstadt, "Altstadt-Nord", "altstadt-nord"),
            (altstadt, "Altstadt-Süd", "altstadt-sued"),
            (altstadt, "Altstadt-Ost", "altstadt-ost"),
            (bergfeld, "Bergfeld-Dorf", "bergfeld-dorf"),
            (bergfeld, "Bergfeld-Heide", "bergfeld-heide"),
            (coellnitz, "Cöllnitz", "coellnitz"),
        ]
    }
    for position, (slug, name) in enumerate(
        [("alle", "Alle"), ("kinder", "Kinder"), ("senioren", "Seniorinnen und Senioren")]
    ):
        TargetGroup.objects.create(slug=slug, name=name, position=position)
    organisations = {
        slug: Organisation.objects.create(name=name, slug=slug, kind=kind)
        for slug, name, kind in [
            ("traeger-eins", "Träger Eins e. V.", Organisation.Kind.PROVIDER),
            ("traeger-zwei", "Träger Zwei gGmbH", Organisation.Kind.PROVIDER),
            ("schule-am-park", "Schule am Park", Organisation.Kind.SCHOOL),
            ("beratung-nord", "Beratung Nord", Organisation.Kind.COUNSELLING),
            ("kulturhaus", "Kulturhaus", Organisation.Kind.CULTURE),
            ("nur-entwurf", "Partner nur eines Entwurfs", Organisation.Kind.OTHER),
        ]
    }

    def centre(slug, name, district, **fields) -> Centre:
        fields.setdefault("status", Status.PUBLISHED)
        return Centre.objects.create_with_main_site(
            slug=slug, name=name, district=district, **fields
        )

    centres = {
        "a1": centre(
            "haus-am-markt",
            "Haus am Markt",
            altstadt,
            ortsteil=ortsteile["altstadt-nord"],
            provider=organisations["traeger-eins"],
            is_ifp_funded=True,
            step_free_access=StepFree.YES,
            last_reviewed=today - datetime.timedelta(days=10),
        ),
        "a2": centre(
            "nachbarschaftshaus-sued",
            "Nachbarschaftshaus Süd",
            altstadt,
            ortsteil=ortsteile["altstadt-sued"],
            provider=organisations["traeger-zwei"],
            is_ifp_funded=False,
            step_free_access=StepFree.PARTLY,
            last_reviewed=today - datetime.timedelta(days=400),
        ),
        "a3": centre(
            "kiezladen",
            "Kiezladen",
            altstadt,
            ortsteil=ortsteile["altstadt-sued"],
            step_free_access=StepFree.YES,
        ),
        "a_draft": centre(
            "entwurfshaus",
            "Entwurfshaus",
            altstadt,
            ortsteil=ortsteile["altstadt-ost"],
            status=Status.DRAFT,
            is_ifp_funded=True,
            step_free_access=StepFree.YES,
            last_reviewed=today,
        ),
        "a_archived": centre(
            "altes-haus",
            "Altes Haus",
            altstadt,
            ortsteil=ortsteile["altstadt-ost"],
            status=Status.ARCHIVED,
            is_ifp_funded=True,
            last_reviewed=today,
        ),
        "b1": centre(
            "bergtreff",
            "Bergtreff",
            bergfeld,
            ortsteil=ortsteile["bergfeld-dorf"],
            provider=organisations["traeger-eins"],
            is_ifp_funded=True,
            step_free_access=StepFree.YES,
            last_reviewed=today - datetime.timedelta(days=100),
        ),
        "b2": centre(
            "heidehaus",
            "Heidehaus",
            bergfeld,
            is_ifp_funded=True,
            step_free_access=StepFree.NO,
            last_reviewed=review_due_date(today),  # exactly twelve months ago: still counts
        ),
    }

    # Haus am Markt has every fact of the completeness figure; Bergtreff a second site.
    centres["a1"].sites.update(street="Marktstraße 1", phone="030 111 222")
    centres["a1"].main_site.opening_hours.create(
        weekday=1, opens=datetime.time(9), closes=datetime.time(17)
    )
    centres["b1"].sites.create(name="Bergtreff Werkstatt", ortsteil=ortsteile["bergfeld-dorf"])

    def offering(centre_key, kind, *, target_groups=(), weekdays=(), **fields) -> Offering:
        number = Offering.objects.count() + 1
        fields.setdefault("status", Status.PUBLISHED)
        created = Offering.objects.create(
            centre=centres[centre_key],
            kind=kind,
            title=f"Angebot {number}",
            slug=f"angebot-{number}",
            **fields,
        )
        created.target_groups.set(TargetGroup.objects.filter(slug__in=target_groups))
        for weekday in weekdays:
            OfferingTime.objects.create(
                offering=created,
                weekday=weekday,
                opens=datetime.time(10),
                closes=datetime.time(12),
            )
        return created

    kind = Offering.Kind
    # Counted: 7 in Altstadt, 5 in Bergfeld.
    offering("a1", kind.COURSE, target_groups=["kinder"], weekdays=[1, 3])
    offering("a1", kind.COURSE, target_groups=["senioren"], weekdays=[1])
    offering("a1", kind.COUNSELLING, target_groups=["alle"], weekdays=[2])
    offering("a1", kind.FESTIVAL, target_groups=["alle"], starts_at=next_weekday(6))
    offering("a2", kind.SPORT, target_groups=["senioren"], weekdays=[4])
    offering("a2", kind.OPEN_MEETING, weekdays=[5])
    offering("a3", kind.COURSE, target_groups=["kinder"], weekdays=[2])
    offering("b1", kind.COURSE, target_groups=["kinder"], weekdays=[1])
    offering("b1", kind.FAMILY, target_groups=["kinder"], weekdays=[6])
    offering("b1", kind.EVENT, target_groups=["senioren"], starts_at=next_weekday(5))
    offering("b2", kind.COUNSELLING, target_groups=["kinder"], weekdays=[3])
    offering("b2", kind.SPORT, weekdays=[7])
    # Never counted: unpublished, over, or at an unpublished centre.
    offering("a1", kind.SELF_HELP, status=Status.DRAFT, target_groups=["alle"], weekdays=[1])
    offering("b1", kind.SWAP_MEET, status=Status.ARCHIVED, target_groups=["alle"], weekdays=[2])
    offering(
        "a1",
        kind.EVENT,
        target_groups=["alle"],
        starts_at=timezone.now() - datetime.timedelta(days=2),
    )
    offering(
        "b1",
        kind.VOLUNTEERING,
        target_groups=["alle"],
        weekdays=[3],
        valid_until=today - datetime.timedelta(days=1),
    )
    offering("a_draft", kind.CREATIVE_COURSE, target_groups=["alle"], weekdays=[7])
    offering("a_archived", kind.OTHER, target_groups=["alle"], weekdays=[7])

    for centre_key, organisation in [
        ("a1", "schule-am-park"),
        ("a1", "beratung-nord"),
        ("a2", "schule-am-park"),
        ("b1", "schule-am-park"),
        ("b1", "kulturhaus"),
        ("a_draft", "nur-entwurf"),
        ("a_archived", "beratung-nord"),
    ]:
        Partnership.objects.create(
            centre=centres[centre_key], organisation=organisations[organisation]
        )
    return SmallBerlin(altstadt, bergfeld, coellnitz, dammheide, centres)


class _TableReader(HTMLParser):
    """Collects each <table>'s rows as lists of cell texts, and each cell's class."""

    def __init__(self):
        super().__init__()
        self.tables: list[dict] = []
        self._stack: list[dict] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._stack.append({"class": attrs.get("class", ""), "rows": [], "classes": []})
        elif tag == "tr" and self._stack:
            self._stack[-1]["rows"].append([])
            self._stack[-1]["classes"].append([])
        elif tag in ("td", "th") and self._stack:
            self._cell = []
            self._stack[-1]["classes"][-1].append(attrs.get("class") or "")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._stack:
            text = " ".join("".join(self._cell).split())
            self._stack[-1]["rows"][-1].append(text.replace("▲", "").replace("▼", "").strip())
            self._cell = None
        elif tag == "table" and self._stack:
            self.tables.append(self._stack.pop())

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables(html: str) -> list[dict]:
    """Every table of the page: {"class": …, "rows": [[cell text, …], …], "classes": […]}."""
    reader = _TableReader()
    reader.feed(html)
    return reader.tables


def table(html: str, css_class: str, index: int = 0) -> list[list[str]]:
    """The rows (header first) of the `index`-th table with the CSS class."""
    found = [found for found in tables(html) if css_class in found["class"].split()]
    return found[index]["rows"]


def rows_by_name(rows: list[list[str]]) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in rows[1:]}
