"""What leaves the directory as open data: published, real entries and what describes them.

Published (`published()`: no drafts, nothing archived, no offering that is over) and real
(`real()`: no invented demo centres). Exports read only the fields named in `tables`,
`geojson` and `hsds`; staff accounts (editors, who changed or reviewed a row) are never loaded.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from centres.models import Centre, Offering, Site


def public_sites() -> QuerySet[Site]:
    return Site.objects.select_related("ortsteil").prefetch_related("opening_hours")


def export_centres() -> QuerySet[Centre]:
    return (
        Centre.objects.published()
        .real()
        .select_related("district", "provider")
        .prefetch_related("languages", Prefetch("sites", queryset=public_sites()))
        .order_by("pk")
    )


def export_offerings() -> QuerySet[Offering]:
    return (
        Offering.objects.published()
        .real()
        .select_related("centre__district", "site__ortsteil")
        .prefetch_related(
            "times",
            "target_groups",
            "languages",
            Prefetch("centre__sites", queryset=Site.objects.select_related("ortsteil")),
        )
        .order_by("pk")
    )


def export_sites() -> QuerySet[Site]:
    """Every site of a public, real centre, with its centre's languages."""
    return (
        Site.objects.published()
        .real()
        .select_related("centre__district", "ortsteil")
        .prefetch_related("opening_hours", "centre__languages")
        .order_by("centre_id", "-is_main", "pk")
    )
