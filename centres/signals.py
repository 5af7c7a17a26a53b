"""Keeps the stored search documents current: after a save or delete that changes the words of
a centre's or an offering's document, refresh the rows concerned (no logic of their own here:
`centres.services.search_documents` says what a document holds).

Bulk writes (`bulk_create`, `update()`) send no signals: whoever makes them calls
`search_documents_refresh()` afterwards, as the demo and reference loaders do.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from centres.models import (
    Centre,
    District,
    Language,
    Offering,
    Organisation,
    Ortsteil,
    Partnership,
    Site,
    TargetGroup,
)
from centres.models.centres import photo_file_delete
from centres.services.search_documents import search_documents_refresh


def _refresh_centres(centre_ids) -> None:
    """These centres and their offerings, whose documents carry the centre's name and places."""
    centre_ids = list(centre_ids)
    if centre_ids:
        search_documents_refresh(
            centre_ids=centre_ids,
            offering_ids=Offering.objects.filter(centre__in=centre_ids).values_list(
                "pk", flat=True
            ),
        )


def centre_saved(sender, instance: Centre, raw: bool = False, **kwargs) -> None:
    if not raw:
        _refresh_centres([instance.pk])


def site_changed(sender, instance: Site, raw: bool = False, **kwargs) -> None:
    if not raw:
        _refresh_centres([instance.centre_id])


def partnership_changed(sender, instance: Partnership, raw: bool = False, **kwargs) -> None:
    if not raw:
        search_documents_refresh(centre_ids=[instance.centre_id])


def offering_changed(sender, instance: Offering, raw: bool = False, **kwargs) -> None:
    if not raw:
        search_documents_refresh(centre_ids=[instance.centre_id], offering_ids=[instance.pk])


def offering_relations_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse:  # target_group.offerings.add(…): the offerings are in pk_set
        offerings = Offering.objects.filter(pk__in=pk_set or [])
    else:
        offerings = Offering.objects.filter(pk=instance.pk)
    search_documents_refresh(
        centre_ids=offerings.values_list("centre_id", flat=True),
        offering_ids=offerings.values_list("pk", flat=True),
    )


def centre_languages_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        search_documents_refresh(centre_ids=(pk_set or []) if reverse else [instance.pk])


def organisation_saved(sender, instance: Organisation, created: bool, raw=False, **kwargs):
    if created or raw:
        return
    provided = Centre.objects.filter(provider=instance).values_list("pk", flat=True)
    partnered = Partnership.objects.filter(organisation=instance).values_list("centre", flat=True)
    search_documents_refresh(centre_ids=[*provided, *partnered])


def place_saved(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """A renamed Bezirk or Ortsteil: the centres in it and their offerings."""
    if created or raw:
        return
    if isinstance(instance, District):
        centres = Centre.objects.filter(district=instance)
    else:
        centres = Centre.objects.filter(sites__ortsteil=instance)
    _refresh_centres(centres.values_list("pk", flat=True).distinct())


def vocabulary_saved(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """A renamed target group or language: the offerings and centres that use it."""
    if created or raw:
        return
    offerings = instance.offerings.all()
    centres = {*offerings.values_list("centre_id", flat=True)}
    if isinstance(instance, Language):
        centres |= {*instance.centres.values_list("pk", flat=True)}
    search_documents_refresh(
        centre_ids=centres, offering_ids=offerings.values_list("pk", flat=True)
    )


def centre_deleted(sender, instance: Centre, **kwargs) -> None:
    """A deleted centre's photo leaves storage too (a replaced one: `Centre.save`)."""
    photo_file_delete(instance.photo.name)


def connect() -> None:
    post_delete.connect(centre_deleted, sender=Centre, dispatch_uid="centres.photo_file")
    uid = "centres.search_documents"
    post_save.connect(centre_saved, sender=Centre, dispatch_uid=f"{uid}.centre")
    for model, handler in [
        (Site, site_changed),
        (Partnership, partnership_changed),
        (Offering, offering_changed),
    ]:
        post_save.connect(handler, sender=model, dispatch_uid=f"{uid}.save.{model.__name__}")
        post_delete.connect(handler, sender=model, dispatch_uid=f"{uid}.delete.{model.__name__}")
    for through in (Offering.target_groups.through, Offering.languages.through):
        m2m_changed.connect(
            offering_relations_changed, sender=through, dispatch_uid=f"{uid}.{through.__name__}"
        )
    m2m_changed.connect(
        centre_languages_changed,
        sender=Centre.languages.through,
        dispatch_uid=f"{uid}.centre_languages",
    )
    post_save.connect(organisation_saved, sender=Organisation, dispatch_uid=f"{uid}.organisation")
    for model in (District, Ortsteil):
        post_save.connect(place_saved, sender=model, dispatch_uid=f"{uid}.{model.__name__}")
    for model in (TargetGroup, Language):
        post_save.connect(vocabulary_saved, sender=model, dispatch_uid=f"{uid}.{model.__name__}")
