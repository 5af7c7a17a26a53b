"""Abstractions the concrete models share: a public listing, a weekly time slot."""

from __future__ import annotations

import datetime

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.hours import CLOSES_AFTER_OPENS, within
from centres.models.vocabularies import Status, Weekday, valid_choice


def model(name: str) -> type[models.Model]:
    """A model of this app by name, for querysets that count across later modules.

    The modules import each other in one direction (vocabularies → places → organisations →
    centres → offerings); a queryset that counts rows of a later model asks the registry.
    """
    return apps.get_model("centres", name)


def staff_member(verbose_name: str) -> models.ForeignKey:
    """Who did something to a row; kept as empty when the account is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


def count_of(queryset: models.QuerySet, field: str, *, distinct: str = "") -> Coalesce:
    """A correlated COUNT subquery: one value per outer row, no join fan-out.

    `distinct` counts different values of a field instead of rows: the centres of sites.
    """
    counted = Count(distinct, distinct=True) if distinct else Count("pk")
    return Coalesce(
        models.Subquery(
            queryset.filter(**{field: OuterRef("pk")})
            .order_by()
            .values(field)
            .annotate(n=counted)
            .values("n")[:1]
        ),
        0,
    )


class Versions(HistoricalRecords):
    """A model's history (django-simple-history), its versions named "<name> (Version)"."""

    def get_meta_options(self, model: type[models.Model]) -> dict:
        options = super().get_meta_options(model)
        options["verbose_name"] = format_lazy(_("{name} (Version)"), name=model._meta.verbose_name)
        return options


class Listing(models.Model):
    """What centres and offerings share: a review status, and who changed them when.

    Only published listings are public; each model's `published()` says what else it needs.
    """

    status = models.CharField(
        _("Status"), max_length=10, choices=Status, default=Status.DRAFT, db_index=True
    )
    created = models.DateTimeField(_("Angelegt"), auto_now_add=True)
    updated = models.DateTimeField(_("Geändert"), auto_now=True)
    updated_by = staff_member(_("Geändert von"))

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=valid_choice("status", Status),
                name="centres_%(class)s_status_valid",
                violation_error_message=_(
                    "Bitte wählen Sie einen Status: Entwurf, Veröffentlicht oder Archiviert."
                ),
            ),
        ]

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class WeeklySlot(models.Model):
    """A time on a day of every week: a centre's opening hours, a recurring offering's time.

    Several per weekday are allowed (a lunch break, a course twice a day). As bakerydemo's
    `OperatingHours`, with `is_on()` answering "is it on at this moment?".
    """

    weekday = models.PositiveSmallIntegerField(_("Wochentag"), choices=Weekday, db_index=True)
    opens = models.TimeField(_("von"))
    closes = models.TimeField(_("bis"))

    history = Versions(inherit=True)

    class Meta:
        abstract = True
        ordering = ["weekday", "opens"]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    @staticmethod
    def constraints_for(owner: str) -> list[models.BaseConstraint]:
        """A concrete slot's constraints; `owner` names its foreign key (centre, offering)."""
        return [
            models.CheckConstraint(
                condition=CLOSES_AFTER_OPENS,
                name="centres_%(class)s_closes_after_opens",
                violation_error_message=_(
                    "Das Ende muss nach dem Beginn liegen (00:00 steht für Mitternacht)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=1, weekday__lte=7),
                name="centres_%(class)s_weekday",
                violation_error_message=_(
                    "Bitte wählen Sie einen Wochentag von Montag bis Sonntag."
                ),
            ),
            # Two periods may share a day (a lunch break), not a start.
            models.UniqueConstraint(
                fields=[owner, "weekday", "opens"],
                name="centres_%(class)s_unique_start",
                violation_error_message=_(
                    "An diesem Tag beginnt schon ein Zeitraum zu dieser Uhrzeit."
                ),
            ),
        ]

    def is_on(self, at: datetime.datetime) -> bool:
        """Whether `at` (any time zone; compared in Berlin time) falls within this slot."""
        local = timezone.localtime(at)
        return local.isoweekday() == self.weekday and within(self.opens, self.closes, local.time())
