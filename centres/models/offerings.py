"""What centres offer: recurring offerings with weekly times, and dated events."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centres import hours
from centres.models.base import Listing, Versions, WeeklySlot
from centres.models.centres import Centre, sites_prefetch
from centres.models.search import SEARCH_FIELDS, Searchable
from centres.models.sites import OpeningException, Site
from centres.models.vocabularies import (
    Cost,
    Language,
    OfferingKind,
    Status,
    TargetGroup,
    VolunteerTask,
    valid_choice,
)

OFFERING_COUNT = "offering_count"
# Rows per UPDATE of a refresh over all offerings (`next_keys_refresh`).
REFRESH_BATCH = 5000
FREE_CONDITION = Q(cost=Cost.FREE)


def kind_alias(kind: OfferingKind) -> str:
    """The name of a kind's count in an aggregate ("offener-treff" → "kind_offener_treff")."""
    return "kind_" + kind.value.replace("-", "_")


def kind_count_measures() -> dict[str, Count]:
    """Offerings in all (`offering_count`) and of each kind, as aggregates for one scan."""
    return {
        OFFERING_COUNT: Count("pk"),
        **{kind_alias(kind): Count("pk", filter=Q(kind=kind)) for kind in OfferingKind},
    }


def kind_counts_of(values: dict) -> dict[str, int]:
    """Kind value → count, from the values `kind_count_measures()` produced (missing is 0)."""
    return {kind.value: values.get(kind_alias(kind)) or 0 for kind in OfferingKind}


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The last microsecond of `day` in Berlin (the site's time zone)."""
    midnight = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(midnight, timezone.get_default_timezone()) - datetime.timedelta(
        microseconds=1
    )


def public_until_of(
    *,
    starts_at: datetime.datetime | None,
    ends_at: datetime.datetime | None,
    valid_until: datetime.date | None,
) -> datetime.datetime | None:
    """The last moment an offering with these dates is current (None: it has no end).

    The stored form of `OfferingQuerySet.current()`: an offering is current exactly while
    `public_until` is not before now: an event until its end (or, without one, until the end of
    its first day), a recurring offering until the end of its `valid_until` day."""
    ends = []
    if ends_at is not None:
        ends.append(ends_at)
    elif starts_at is not None:
        ends.append(
            end_of_day(timezone.localtime(starts_at, timezone.get_default_timezone()).date())
        )
    if valid_until is not None:
        ends.append(end_of_day(valid_until))
    return min(ends) if ends else None


class OfferingQuerySet(models.QuerySet):
    def published(self) -> OfferingQuerySet:
        """Public offerings: published, at a published centre, and not over yet.

        Read from stored fields, so the condition can use an index: `is_public` (kept by
        `Offering.save`, `Centre.save` and the daily `manage.py refresh_public`) and
        `public_until` (the end of the offering's dates, for what ended since the last refresh).
        Both together are exactly `computed_public()` (tests/test_public_flag.py).
        """
        return self.filter(is_public=True).exclude(public_until__lt=timezone.now())

    def computed_public(self) -> OfferingQuerySet:
        """The definition `is_public` stores: published, at a published centre, not over yet
        (computed from the statuses and dates on every call; slow on large tables)."""
        return self.filter(status=Status.PUBLISHED, centre__status=Status.PUBLISHED).current()

    def public_flags_refresh(self, *, dates: bool = False) -> int:
        """Stores `computed_public()` in `is_public` for these offerings (and, with `dates`,
        first recomputes the other stored fields — `public_until`, `is_demo` and `next_key` —
        for rows written by `update()` or `bulk_create()`, and for the keys that time moved).
        UPDATEs of the rows that differ only; returns how many changes were written. Sends no
        signals: callers bump the page cache's data version (`centres.services.public`)."""
        changed = 0
        if dates:
            changed += self.demo_flags_refresh()
            changed += self.next_keys_refresh(batch_size=REFRESH_BATCH)
            stale = []
            rows = self.values_list("pk", "starts_at", "ends_at", "valid_until", "public_until")
            for pk, starts_at, ends_at, valid_until, stored in rows.iterator(chunk_size=2000):
                until = public_until_of(
                    starts_at=starts_at, ends_at=ends_at, valid_until=valid_until
                )
                if until != stored:
                    stale.append(Offering(pk=pk, public_until=until))
            Offering.objects.bulk_update(stale, ["public_until"], batch_size=1000)
            changed += len(stale)
        public = Q(status=Status.PUBLISHED, centre__status=Status.PUBLISHED) & ~Q(
            public_until__lt=timezone.now()
        )
        changed += self.filter(public, is_public=False).update(is_public=True)
        changed += self.filter(is_public=True).exclude(public).update(is_public=False)
        return changed

    def demo_flags_refresh(self) -> int:
        """Stores the centre's `is_demo` in these offerings' `is_demo` where it differs (two
        UPDATEs); returns how many rows changed."""
        return self.filter(is_demo=False, centre__is_demo=True).update(is_demo=True) + self.filter(
            is_demo=True, centre__is_demo=False
        ).update(is_demo=False)

    def next_keys_refresh(
        self, at: datetime.datetime | None = None, *, batch_size: int | None = None
    ) -> int:
        """Stores `hours.next_occurrence_key(at)` (default now) in `next_key` where it differs:
        one UPDATE computed by the database, or with `batch_size` one per range of so many ids
        (each short enough for the statement timeout on a country's data); returns how many
        rows changed."""
        key = hours.next_occurrence_key(at)
        if batch_size is None:
            return self._next_keys_update(key)
        bounds = self.aggregate(first=Min("pk"), last=Max("pk"))
        if bounds["first"] is None:
            return 0
        return sum(
            self.filter(pk__gte=low, pk__lt=low + batch_size)._next_keys_update(key)
            for low in range(bounds["first"], bounds["last"] + 1, batch_size)
        )

    def _next_keys_update(self, key) -> int:
        return self.alias(computed_key=key).exclude(next_key=F("computed_key")).update(next_key=key)

    def next_keys_catch_up(self, at: datetime.datetime | None = None) -> int:
        """`next_keys_refresh()` of the public offerings whose stored next occurrence has begun
        by `at`: the only ones whose key can have moved since it was written (docs/hours.md).
        Few rows (what is running or ended since the last run), found on the list's index."""
        now = hours.next_occurrence_key_now(at)
        # `is_demo IN (false, true)` lets PostgreSQL find them as two ranges of the index.
        started = self.filter(is_public=True, is_demo__in=[False, True], next_key__lte=now)
        return started.next_keys_refresh(at)

    def real(self) -> OfferingQuerySet:
        """Real entries: offerings of real centres, not of the demo data's invented ones."""
        return self.filter(centre__is_demo=False)

    def current(self) -> OfferingQuerySet:
        """Offerings that are not over yet: the complement of `expired()`."""
        now = timezone.now()
        today = timezone.localdate(now)
        return (
            self.exclude(ends_at__lt=now)
            .exclude(ends_at__isnull=True, starts_at__date__lt=today)
            .exclude(valid_until__lt=today)
        )

    def expired(self) -> OfferingQuerySet:
        """Offerings whose event has ended or whose validity has run out."""
        return self.exclude(pk__in=self.current().values("pk"))

    def free(self) -> OfferingQuerySet:
        """Offerings without any cost (not "against a donation")."""
        return self.filter(FREE_CONDITION)

    def events(self) -> OfferingQuerySet:
        return self.filter(starts_at__isnull=False)

    def upcoming_events(self) -> OfferingQuerySet:
        return self.events().filter(starts_at__gte=timezone.now()).real_first("starts_at")

    def real_first(self, *then: str) -> OfferingQuerySet:
        """Offerings of real centres before those of demo centres, then ordered by `then`: by
        the offering's stored copy of its centre's `is_demo`, which an index can hold."""
        return self.order_by("is_demo", *then)

    def by_next_occurrence(self) -> OfferingQuerySet:
        """Real first, then by next occurrence, then by title: the stored `is_demo` and
        `next_key` (`hours.next_occurrence_key()` as of the last write or refresh), so the
        partial index `centres_offering_pub_next` serves the order of the public lists."""
        return self.order_by("is_demo", "next_key", "title", "pk")

    def by_computed_next_occurrence(self, at: datetime.datetime | None = None) -> OfferingQuerySet:
        """The order `by_next_occurrence()` stores, computed afresh for every row at `at`
        (default now): a correlated `MIN` per weekly offering, no index (for the tests)."""
        return self.alias(computed_key=hours.next_occurrence_key(at)).real_first(
            "computed_key", "title", "pk"
        )

    def occurring_between(
        self, first: datetime.date | None, last: datetime.date | None
    ) -> OfferingQuerySet:
        """Offerings that take place on a day from `first` to `last` (both included; either
        may be open): events starting then or running then, recurring offerings valid then
        with a weekly time on one of those days' weekdays, public holidays left out
        (`centres.hours`). Closures of single sites are not considered here."""
        events = Q(starts_at__isnull=False)
        if first:
            events &= Q(starts_at__date__gte=first) | Q(ends_at__date__gte=first)
        if last:
            events &= Q(starts_at__date__lte=last)
        recurring = Q(starts_at__isnull=True)
        if first:
            recurring &= Q(valid_until__isnull=True) | Q(valid_until__gte=first)
        if last:
            recurring &= Q(valid_from__isnull=True) | Q(valid_from__lte=last)
        times = OfferingTime.objects.filter(offering=OuterRef("pk"))
        if first and last:
            weekdays = {
                day.isoweekday()
                for day in hours.days(first, min(last, first + datetime.timedelta(days=20)))
                if not hours.is_holiday(day)
            }
            times = times.filter(weekday__in=weekdays)
        return self.filter(events | (recurring & Exists(times)))

    def at_times_of_day(self, names) -> OfferingQuerySet:
        """Offerings starting in one of these times of day ("morgens", "nachmittags",
        "abends"): a weekly time's start, or an event's (Berlin time)."""
        times = OfferingTime.objects.filter(
            hours.time_of_day_condition(names, "opens"), offering=OuterRef("pk")
        )
        events = Q(starts_at__isnull=False) & hours.time_of_day_condition(names, "starts_at__time")
        return self.filter(events | Exists(times))

    def for_list(self) -> OfferingQuerySet:
        """Everything an offering card shows, in a fixed number of queries: its venue's place
        and access, and the venue's closures for its next date (`Offering.next_occurrence`)."""
        closures = Prefetch(
            "exceptions", queryset=OpeningException.objects.from_day(timezone.localdate())
        )
        # Not the stored search documents (the offering's, its centre's), which a card never
        # shows: they are the widest part of the rows, and a ranked search sorts every match.
        unshown = [*SEARCH_FIELDS, *(f"centre__{field}" for field in SEARCH_FIELDS)]
        return (
            self.defer(*unshown)
            .select_related("centre__district", "site__ortsteil")
            .prefetch_related(
                "target_groups",
                "languages",
                "times",
                Prefetch("centre__sites", queryset=sites_prefetch(closures).queryset),
                Prefetch(
                    "site__exceptions",
                    queryset=OpeningException.objects.from_day(timezone.localdate()),
                ),
            )
        )

    def kind_counts(self) -> dict[str, int]:
        """Kind value → number of these offerings, every kind present: one query."""
        return kind_counts_of(self.order_by().aggregate(**kind_count_measures()))

    def kind_counts_by(self, group: str) -> dict[int, dict[str, int]]:
        """Per `group` id ("centre__district", "centre"): `offering_count` and each kind's
        count under its `kind_alias`, in one GROUP BY query. Groups without offerings are absent.
        """
        rows = self.order_by().values(group).annotate(**kind_count_measures())
        return {row.pop(group): row for row in rows}


class Offering(Listing, Searchable):
    """Something a centre offers: recurring (weekly times) or a dated event such as a festival."""

    Kind = OfferingKind
    Cost = Cost

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="offerings", verbose_name=_("Zentrum")
    )
    site = models.ForeignKey(
        Site,
        on_delete=models.SET_NULL,
        related_name="offerings",
        null=True,
        blank=True,
        verbose_name=_("Standort"),
        help_text=_("Leer lassen, wenn das Angebot am Hauptstandort stattfindet."),
    )
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=200, unique=True)
    kind = models.CharField(_("Art"), max_length=20, choices=OfferingKind)
    description = models.TextField(_("Beschreibung"), blank=True)
    target_groups = models.ManyToManyField(
        TargetGroup, related_name="offerings", blank=True, verbose_name=_("Zielgruppen")
    )
    languages = models.ManyToManyField(
        Language, related_name="offerings", blank=True, verbose_name=_("Sprachen")
    )
    cost = models.CharField(_("Kosten"), max_length=10, choices=Cost, default=Cost.FREE)
    cost_note = models.CharField(
        _("Hinweis zu den Kosten"), max_length=200, blank=True, help_text=_("z. B. „5 € je Termin“")
    )
    registration_required = models.BooleanField(_("Anmeldung erforderlich"), default=False)
    contact_phone = models.CharField(
        _("Telefon für dieses Angebot"),
        max_length=50,
        blank=True,
        help_text=_("Leer lassen, wenn man sich an das Zentrum wendet."),
    )
    contact_email = models.EmailField(
        _("E-Mail für dieses Angebot"),
        blank=True,
        help_text=_("Leer lassen, wenn man sich an das Zentrum wendet."),
    )
    what_to_bring = models.CharField(
        _("Bitte mitbringen"), max_length=300, blank=True, help_text=_("z. B. „bequeme Kleidung“")
    )
    starts_at = models.DateTimeField(
        _("Beginn"), null=True, blank=True, help_text=_("Nur für einmalige Veranstaltungen.")
    )
    ends_at = models.DateTimeField(_("Ende"), null=True, blank=True)
    valid_from = models.DateField(
        _("Gültig ab"), null=True, blank=True, help_text=_("Für regelmäßige Angebote, optional.")
    )
    valid_until = models.DateField(_("Gültig bis"), null=True, blank=True)
    # For volunteering offerings (kind "ehrenamt"), the filter "Art der Aufgabe" on /mitmachen/.
    volunteer_task = models.CharField(
        _("Art der Aufgabe (Ehrenamt)"), max_length=20, choices=VolunteerTask, blank=True
    )

    # Derived, never edited: what `published()` reads (see there and `public_fields_set`).
    is_public = models.BooleanField(_("öffentlich"), default=False, editable=False)
    public_until = models.DateTimeField(_("öffentlich bis"), null=True, editable=False)
    # Derived for the order of the lists (`by_next_occurrence`): the centre's `is_demo`, and
    # `hours.next_occurrence_key()` as of the last write (see `next_keys_refresh`).
    is_demo = models.BooleanField(_("Demo-Eintrag"), default=False, editable=False)
    next_key = models.BigIntegerField(
        _("Sortierschlüssel nächster Termin"), default=hours.NO_OCCURRENCE_KEY, editable=False
    )

    objects = OfferingQuerySet.as_manager()
    history = Versions(
        excluded_fields=[*SEARCH_FIELDS, "is_public", "public_until", "is_demo", "next_key"]
    )

    class Meta(Listing.Meta):
        ordering = ["title"]
        verbose_name = _("Angebot")
        verbose_name_plural = _("Angebote")
        indexes = [
            models.Index(fields=["status", "kind"], name="centres_offering_status_kind"),
            models.Index(fields=["cost"], name="centres_offering_cost_idx"),
            models.Index(fields=["starts_at"], name="centres_offering_starts_idx"),
            # Partial indexes over the public rows only (`published()`), for the list orders
            # and the filters and counts that go through a centre or a kind.
            models.Index(
                fields=["title", "id"],
                condition=Q(is_public=True),
                name="centres_offering_pub_title",
            ),
            # Covering: the overview's counts by centre, Bezirk, kind and target group read
            # `published()` (its `public_until`) and the id to join from the index alone,
            # never the wide rows (docs/overview.md, "Cost of a cache miss").
            models.Index(
                fields=["centre", "kind", "public_until", "id"],
                condition=Q(is_public=True),
                name="centres_offering_pub_centre",
            ),
            models.Index(
                fields=["kind", "title"],
                condition=Q(is_public=True),
                name="centres_offering_pub_kind",
            ),
            # The upcoming events of the start page (`upcoming_events()`, real first).
            models.Index(
                fields=["is_demo", "starts_at"],
                condition=Q(is_public=True, starts_at__isnull=False),
                name="centres_offering_pub_starts",
            ),
            # The order of /angebote/, /mitmachen/ and the API (`by_next_occurrence`).
            models.Index(
                fields=["is_demo", "next_key", "title", "id"],
                condition=Q(is_public=True),
                name="centres_offering_pub_next",
            ),
        ]
        constraints = [
            *Listing.Meta.constraints,
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=False, ends_at__gte=F("starts_at")),
                name="centres_offering_end_after_start",
                violation_error_message=_(
                    "Eine Veranstaltung braucht einen Beginn, und ihr Ende liegt nach dem Beginn."
                ),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="centres_offering_valid_until_after_from",
                violation_error_message=_("„Gültig bis“ liegt vor „Gültig ab“."),
            ),
            models.CheckConstraint(
                condition=valid_choice("kind", OfferingKind),
                name="centres_offering_kind_valid",
                violation_error_message=_("Bitte wählen Sie eine der Arten von Angeboten."),
            ),
            models.CheckConstraint(
                condition=valid_choice("cost", Cost),
                name="centres_offering_cost_valid",
                violation_error_message=_("Bitte wählen Sie eine der Angaben zu den Kosten."),
            ),
            models.CheckConstraint(
                condition=Q(volunteer_task="") | valid_choice("volunteer_task", VolunteerTask),
                name="centres_offering_volunteer_task_valid",
                violation_error_message=_("Bitte eine der Arten von Aufgaben wählen."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("centres:offering_detail", kwargs={"slug": self.slug})

    def public_fields_set(self, *, centre_status: str | None = None) -> None:
        """`public_until` from the dates, `is_public` from the statuses and the clock: what
        `computed_public()` says of this offering now."""
        self.public_until = public_until_of(
            starts_at=self.starts_at, ends_at=self.ends_at, valid_until=self.valid_until
        )
        if centre_status is None:
            centre_status = self.centre.status if self.centre_id else None
        self.is_demo = bool(self.centre_id and self.centre.is_demo)
        self.is_public = (
            self.status == Status.PUBLISHED
            and centre_status == Status.PUBLISHED
            and not (self.public_until is not None and self.public_until < timezone.now())
        )

    def save(self, *args, **kwargs) -> None:
        self.public_fields_set()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                *("is_public", "public_until", "is_demo"),
            }
        super().save(*args, **kwargs)
        self.next_key_refresh()

    def next_key_refresh(self) -> None:
        """Stores its `next_key` from its dates and weekly times (one UPDATE where it moved):
        after its own save and after each save or delete of one of its times."""
        type(self).objects.filter(pk=self.pk).next_keys_refresh()

    def clean(self) -> None:
        errors = {}
        if self.ends_at and not self.starts_at:
            errors["starts_at"] = _("Eine Veranstaltung mit Ende braucht auch einen Beginn.")
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("Das Ende liegt vor dem Beginn.")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("„Gültig bis“ liegt vor „Gültig ab“.")
        if self.starts_at and (self.valid_from or self.valid_until):
            errors["valid_from"] = _(
                "Eine einmalige Veranstaltung hat Beginn und Ende, keinen Gültigkeitszeitraum."
            )
        if self.site_id and self.centre_id and self.site.centre_id != self.centre_id:
            errors["site"] = _("Dieser Standort gehört zu einem anderen Zentrum.")
        if errors:
            raise ValidationError(errors)

    @property
    def venue(self) -> Site | None:
        """Where it takes place: its own site, else the centre's main site."""
        return self.site if self.site_id else self.centre.main_site

    @property
    def contact(self) -> tuple[str, str]:
        """Whom to ask, as (phone, e-mail): the offering's own contact where staff entered one,
        else its venue's, else the main site's; ("", "") where none is known."""
        if self.contact_phone or self.contact_email:
            return self.contact_phone, self.contact_email
        for site in (self.venue, self.centre.main_site):
            if site is not None and (site.phone or site.email):
                return site.phone, site.email
        return "", ""

    @property
    def next_occurrence(self) -> hours.Occurrence | None:
        """When it takes place next (its venue's closures left out), or None within 8 weeks."""
        upcoming = hours.next_occurrences(self, count=1)
        return upcoming[0] if upcoming else None

    @property
    def is_event(self) -> bool:
        return self.starts_at is not None

    @property
    def is_free(self) -> bool:
        """For one loaded row, the rule of `OfferingQuerySet.free()`."""
        return self.cost == Cost.FREE

    @property
    def is_expired(self) -> bool:
        """Over by the same rule as `OfferingQuerySet.current()`, for one loaded row."""
        now = timezone.now()
        today = timezone.localdate(now)
        if self.ends_at is not None and self.ends_at < now:
            return True
        if self.ends_at is None and self.starts_at and timezone.localdate(self.starts_at) < today:
            return True
        return self.valid_until is not None and self.valid_until < today

    @property
    def cost_display(self) -> str:
        label = str(self.get_cost_display())
        return f"{label} ({self.cost_note})" if self.cost_note else label


class OfferingTime(WeeklySlot):
    """A weekly time of a recurring offering."""

    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="times", verbose_name=_("Angebot")
    )

    class Meta(WeeklySlot.Meta):
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")
        constraints = WeeklySlot.constraints_for("offering")
        # The agenda walks a weekday's times in its order (time, then the weekly time's id) and
        # stops after a day's first rows (`centres.agenda`, PostgreSQL).
        indexes = [models.Index(fields=["weekday", "opens", "id"], name="centres_offeringtime_day")]

    # Its offering's stored order (`Offering.next_key`) follows its weekly times.
    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        Offering.objects.filter(pk=self.offering_id).next_keys_refresh()

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        Offering.objects.filter(pk=self.offering_id).next_keys_refresh()
        return deleted
