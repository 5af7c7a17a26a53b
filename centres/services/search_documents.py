"""Writing the stored search documents of centres and offerings (see `centres.models.search`).

`search_documents_refresh()` recomputes the documents of the given rows, or of all: the signals
in `centres.signals` call it after every save that changes a document's words, the bulk loaders
after they load, and the migration once for the rows that existed before it. One document
reads the row and its relations (Bezirk, Ortsteil, sites, provider, partners, offerings); the
text is built here, in Python, so both databases store the same words, and PostgreSQL turns it
into a weighted `tsvector` in the same UPDATE.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps as global_apps
from django.db import connection, models
from django.db.models import Prefetch

from centres.models.search import SEARCH_CONFIG, folded_document, with_transliterations
from centres.models.vocabularies import OfferingKind, Status

BATCH = 500


@dataclass(frozen=True)
class Document:
    """One row's words by weight: A names it, B places or classifies it, C relates, D tells."""

    pk: int
    a: str
    b: str
    c: str
    d: str

    @property
    def text(self) -> str:
        return folded_document(self.a, self.b, self.c, self.d)


def _kind_label(kind: str) -> str:
    try:
        return str(OfferingKind(kind).label)
    except ValueError:
        return ""


def _join(*parts: str | None) -> str:
    return " ".join(part for part in parts if part)


def _site_words(site) -> list[str]:
    if site is None:
        return []
    return [site.name, site.ortsteil.name if site.ortsteil_id else "", site.street, site.postcode]


def centre_documents(centres: models.QuerySet, apps=global_apps) -> list[Document]:
    offering = apps.get_model("centres", "Offering")
    site = apps.get_model("centres", "Site")
    partnership = apps.get_model("centres", "Partnership")
    rows = centres.select_related("district", "provider").prefetch_related(
        "languages",
        Prefetch("sites", queryset=site.objects.select_related("ortsteil")),
        Prefetch("partnerships", queryset=partnership.objects.select_related("organisation")),
        Prefetch(
            "offerings",
            # Drafts do not make a centre findable; the words of what is public do.
            queryset=offering.objects.filter(status=Status.PUBLISHED).prefetch_related(
                "target_groups"
            ),
            to_attr="search_offerings",
        ),
    )
    documents = []
    for centre in rows:
        offerings = centre.search_offerings
        documents.append(
            Document(
                pk=centre.pk,
                a=centre.name,
                b=_join(
                    centre.district.name,
                    *(word for s in centre.sites.all() for word in _site_words(s)),
                ),
                c=_join(
                    centre.provider.name if centre.provider_id else "",
                    *(p.organisation.name for p in centre.partnerships.all()),
                    *(o.title for o in offerings),
                    *sorted({_kind_label(o.kind) for o in offerings}),
                    *sorted({g.name for o in offerings for g in o.target_groups.all()}),
                    *(language.name for language in centre.languages.all()),
                ),
                d=centre.description,
            )
        )
    return documents


def offering_documents(offerings: models.QuerySet, apps=global_apps) -> list[Document]:
    site = apps.get_model("centres", "Site")
    rows = offerings.select_related("centre__district", "site__ortsteil").prefetch_related(
        "target_groups",
        "languages",
        Prefetch("centre__sites", queryset=site.objects.select_related("ortsteil")),
    )
    documents = []
    for offering in rows:
        sites = list(offering.centre.sites.all())
        main = next((s for s in sites if s.is_main), sites[0] if sites else None)
        venue = offering.site if offering.site_id else main
        documents.append(
            Document(
                pk=offering.pk,
                a=offering.title,
                b=_join(
                    _kind_label(offering.kind),
                    *(group.name for group in offering.target_groups.all()),
                    *(language.name for language in offering.languages.all()),
                ),
                c=_join(offering.centre.name, offering.centre.district.name, *_site_words(venue)),
                d=offering.description,
            )
        )
    return documents


def _write(table: str, documents: list[Document], model: type[models.Model]) -> None:
    if not documents:
        return
    if connection.vendor != "postgresql":
        rows = [model(pk=document.pk, search_text=document.text) for document in documents]
        model.objects.bulk_update(rows, ["search_text"])
        return
    rows = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(documents))
    params: list = []
    for document in documents:
        params += [
            document.pk,
            document.text,
            *(with_transliterations(part) for part in (document.a, document.b, document.c)),
            with_transliterations(document.d),
        ]
    vector = " || ".join(
        f"setweight(to_tsvector('{SEARCH_CONFIG}', v.{part}), '{part.upper()}')" for part in "abcd"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS t SET search_text = v.text, search_vector = {vector} "  # noqa: S608
            f"FROM (VALUES {rows}) AS v(id, text, a, b, c, d) WHERE t.id = v.id",
            params,
        )


def _batches(queryset: models.QuerySet, ids: Iterable[int] | None) -> Iterable[models.QuerySet]:
    if ids is not None:
        ids = sorted(set(ids))
    else:
        ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        yield queryset.filter(pk__in=ids[start : start + BATCH])


def search_documents_refresh(
    *,
    centre_ids: Iterable[int] | None = None,
    offering_ids: Iterable[int] | None = None,
    apps=global_apps,
) -> None:
    """Recompute the search documents of these centres and offerings; of all when both are None.

    Pass `apps` from a migration to run against its historical models.
    """
    everything = centre_ids is None and offering_ids is None
    centre = apps.get_model("centres", "Centre")
    offering = apps.get_model("centres", "Offering")
    if everything or centre_ids is not None:
        for batch in _batches(centre.objects.all(), None if everything else centre_ids):
            _write(centre._meta.db_table, centre_documents(batch, apps), centre)
    if everything or offering_ids is not None:
        for batch in _batches(offering.objects.all(), None if everything else offering_ids):
            _write(offering._meta.db_table, offering_documents(batch, apps), offering)
