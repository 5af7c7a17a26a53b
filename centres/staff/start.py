"""The admin's start page per role: what an editor or a coordinator has to do now.

An editor sees "Mein Zentrum" (each centre assigned to them): its public status, what is overdue
(the review, expired offerings, facts missing from the completeness figure) and its offerings
with their status. A coordinator sees their Bezirke: drafts waiting for publication (who
changed them last, when), overdue reviews, centres with missing facts. The directory team keeps
Django's index. A fixed number of queries per section, whatever the number of centres.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch

from centres.models import (
    Centre,
    District,
    Offering,
    Status,
    missing_facts,
    sites_prefetch,
    with_facts,
)


@dataclass
class CentreTasks:
    centre: Centre
    missing: list[str]
    offerings: list[Offering]

    @property
    def expired(self) -> list[Offering]:
        return [offering for offering in self.offerings if offering.is_expired]

    @property
    def drafts(self) -> list[Offering]:
        return [offering for offering in self.offerings if offering.status == Status.DRAFT]

    @property
    def has_overdue(self) -> bool:
        return bool(self.centre.review_overdue or self.expired or self.missing)


@dataclass
class DistrictTasks:
    district: District
    draft_centres: list[Centre] = field(default_factory=list)
    draft_offerings: list[Offering] = field(default_factory=list)
    review_overdue: list[Centre] = field(default_factory=list)
    incomplete: list[tuple[Centre, list[str]]] = field(default_factory=list)


def _centres_with_tasks(centres) -> list[Centre]:
    offerings = Offering.objects.select_related("updated_by").order_by("status", "title")
    return list(
        with_facts(centres)
        .select_related("district", "updated_by")
        .prefetch_related(sites_prefetch(), Prefetch("offerings", queryset=offerings))
        .order_by("name")
    )


def editor_tasks(user: AbstractBaseUser) -> list[CentreTasks]:
    """The centres assigned to `user` as editor, each with what is to do."""
    if not user.is_authenticated:
        return []
    return [
        CentreTasks(
            centre=centre, missing=missing_facts(centre), offerings=list(centre.offerings.all())
        )
        for centre in _centres_with_tasks(Centre.objects.filter(editors=user))
    ]


def coordinator_tasks(user: AbstractBaseUser) -> list[DistrictTasks]:
    """The Bezirke `user` coordinates: drafts to publish, overdue reviews, missing facts."""
    if not user.is_authenticated:
        return []
    tasks = {
        district.pk: DistrictTasks(district)
        for district in District.objects.filter(coordinators=user)
    }
    if not tasks:
        return []
    centres = Centre.objects.filter(district__in=tasks).exclude(status=Status.ARCHIVED)
    for centre in _centres_with_tasks(centres):
        district = tasks[centre.district_id]
        if centre.status == Status.DRAFT:
            district.draft_centres.append(centre)
        if centre.review_overdue:
            district.review_overdue.append(centre)
        missing = missing_facts(centre)
        if missing:
            district.incomplete.append((centre, missing))
        district.draft_offerings += [
            offering for offering in centre.offerings.all() if offering.status == Status.DRAFT
        ]
    for district in tasks.values():
        district.draft_offerings.sort(key=lambda offering: offering.updated, reverse=True)
    return list(tasks.values())
