"""A centre's sites (Standorte): its main house and further places, with their opening hours.

Funded projects often run several sites (a Nachbarschaftstreff, a Familienzentrum, a garden).
Each site has its own address, contacts, opening hours and accessibility; the centre keeps its
name, provider, website, description, funding and status. Exactly one site is the main one.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from centres import hours
from centres.models.base import CLOSES_AFTER_OPENS, Versions, WeeklySlot
from centres.models.centres import Centre
from centres.models.places import Ortsteil
from centres.models.vocabularies import SiteKind, Status, StepFree, valid_choice

POSTCODE_PATTERN = r"^1[0-4][0-9]{3}$"
postcode_validator = RegexValidator(
    POSTCODE_PATTERN, _("Bitte eine fünfstellige Berliner Postleitzahl (10115–14199) angeben.")
)
# A generous box around Berlin: coordinates outside it are typos, not places in the city.
BERLIN_LATITUDE = (52.3, 52.7)
BERLIN_LONGITUDE = (13.05, 13.8)

# Only "ja": a partly step-free house is not step-free for a wheelchair user.
STEP_FREE_CONDITION = Q(step_free_access=StepFree.YES)
# Whether a site is step-free is known once it is anything but "nicht bekannt".
STEP_FREE_KNOWN_CONDITION = ~Q(step_free_access=StepFree.UNKNOWN)


# The credit that OpenStreetMap's data needs wherever it is shown or passed on (ODbL 1.0).
OSM_CREDIT = "© OpenStreetMap-Mitwirkende (ODbL)"


class CoordinatesSource(models.TextChoices):
    """Where a site's coordinates come from; OpenStreetMap's must carry its credit (ODbL)."""

    OPENSTREETMAP = "osm", _("OpenStreetMap")
    IFP_EXPORT = "ifp", _("IFP-STZ-Projektliste")
    STAFF = "redaktion", _("Redaktion")
    OTHER = "andere", _("Andere Quelle")


class SiteQuerySet(models.QuerySet):
    def published(self) -> SiteQuerySet:
        """Sites of published centres: a site is public with its centre."""
        return self.filter(centre__status=Status.PUBLISHED)

    def real(self) -> SiteQuerySet:
        return self.filter(centre__is_demo=False)

    def step_free(self) -> SiteQuerySet:
        return self.filter(STEP_FREE_CONDITION)


class Site(models.Model):
    """A Standort of a centre: an address where its doors open."""

    Kind = SiteKind
    StepFree = StepFree

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="sites", verbose_name=_("Zentrum")
    )
    name = models.CharField(
        _("Name des Standorts"),
        max_length=200,
        help_text=_(
            "z. B. „Nachbarschaftstreff Schillerkiez“; beim Haupthaus der Name des Hauses."
        ),
    )
    kind = models.CharField(
        _("Art des Standorts"),
        max_length=30,
        choices=SiteKind,
        blank=True,
        help_text=_("Leer lassen, wenn unbekannt."),
    )
    is_main = models.BooleanField(
        _("Hauptstandort"),
        default=False,
        help_text=_("Jedes Zentrum hat genau einen Hauptstandort."),
    )
    ortsteil = models.ForeignKey(
        Ortsteil,
        on_delete=models.PROTECT,
        related_name="sites",
        null=True,
        blank=True,
        verbose_name=_("Ortsteil"),
        help_text=_("Nur angeben, wenn bekannt – nicht aus der Postleitzahl raten."),
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(
        _("Postleitzahl"), max_length=5, blank=True, validators=[postcode_validator]
    )
    latitude = models.DecimalField(
        _("Breitengrad"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("Längengrad"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    coordinates_source = models.CharField(
        _("Quelle der Koordinaten"), max_length=10, choices=CoordinatesSource, blank=True
    )
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    step_free_access = models.CharField(
        _("Stufenloser Zugang"), max_length=10, choices=StepFree, default=StepFree.UNKNOWN
    )
    accessible_toilet = models.BooleanField(
        _("Barrierefreies WC"), null=True, blank=True, help_text=_("Leer lassen, wenn unbekannt.")
    )
    accessibility_notes = models.TextField(_("Hinweise zur Barrierefreiheit"), blank=True)
    source = models.TextField(
        _("Quellen"), blank=True, help_text=_("Woher die Angaben stammen (URLs, eine je Zeile).")
    )

    objects = SiteQuerySet.as_manager()
    history = Versions()

    class Meta:
        ordering = ["-is_main", "name"]
        verbose_name = _("Standort")
        verbose_name_plural = _("Standorte")
        indexes = [
            models.Index(fields=["step_free_access"], name="centres_site_stepfree_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["centre"],
                condition=Q(is_main=True),
                name="centres_site_one_main",
                violation_error_message=_("Nur ein Standort kann der Hauptstandort sein."),
            ),
            models.UniqueConstraint(
                fields=["centre", "name"],
                name="centres_site_unique_name",
                violation_error_message=_("Dieses Zentrum hat schon einen Standort dieses Namens."),
            ),
            models.CheckConstraint(
                condition=Q(postcode="") | Q(postcode__regex=POSTCODE_PATTERN),
                name="centres_site_postcode_berlin",
                violation_error_message=postcode_validator.message,
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__gte=BERLIN_LATITUDE[0],
                    latitude__lte=BERLIN_LATITUDE[1],
                    longitude__gte=BERLIN_LONGITUDE[0],
                    longitude__lte=BERLIN_LONGITUDE[1],
                ),
                name="centres_site_coordinates_in_berlin",
                violation_error_message=_(
                    "Diese Koordinaten liegen nicht in Berlin. Bitte Breiten- und Längengrad "
                    "zusammen angeben, beide in Berlin (Breite 52,3–52,7, Länge 13,05–13,8)."
                ),
            ),
            models.CheckConstraint(
                condition=valid_choice("step_free_access", StepFree),
                name="centres_site_step_free_valid",
                violation_error_message=_("Bitte eine der Angaben zum stufenlosen Zugang wählen."),
            ),
            models.CheckConstraint(
                condition=Q(kind="") | valid_choice("kind", SiteKind),
                name="centres_site_kind_valid",
                violation_error_message=_("Bitte eine der Arten von Standorten wählen."),
            ),
            models.CheckConstraint(
                condition=Q(coordinates_source="")
                | valid_choice("coordinates_source", CoordinatesSource),
                name="centres_site_coordinates_source_valid",
                violation_error_message=_("Bitte eine der Quellen für Koordinaten wählen."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        district_id = self.centre.district_id if self.centre_id else None
        if self.ortsteil_id and district_id and self.ortsteil.district_id != district_id:
            errors["ortsteil"] = _(
                "Der Ortsteil %(ortsteil)s liegt nicht im Bezirk %(bezirk)s."
            ) % {"ortsteil": self.ortsteil, "bezirk": self.centre.district}
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Bitte Breiten- und Längengrad zusammen angeben.")
        for field, (low, high) in (("latitude", BERLIN_LATITUDE), ("longitude", BERLIN_LONGITUDE)):
            value = getattr(self, field)
            if value is not None and not low <= float(value) <= high:
                errors[field] = _("Diese Koordinate liegt nicht in Berlin.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_step_free(self) -> bool:
        """For one loaded row, the rule of `SiteQuerySet.step_free()`."""
        return self.step_free_access == StepFree.YES

    @cached_property
    def open_state(self) -> hours.OpenState | None:
        """Open now, until when, or when next; None where no hours are known."""
        return hours.open_state(self)

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def coordinates_from_openstreetmap(self) -> bool:
        """Shown or exported, these coordinates carry "© OpenStreetMap-Mitwirkende" (ODbL)."""
        return self.coordinates_source == CoordinatesSource.OPENSTREETMAP

    @property
    def coordinates_credit(self) -> str:
        """Where the coordinates come from, as exports name it; OpenStreetMap's with the credit
        its licence asks for; empty without coordinates."""
        if not self.has_coordinates:
            return ""
        if self.coordinates_from_openstreetmap:
            return OSM_CREDIT
        return str(self.get_coordinates_source_display())

    @property
    def address_lines(self) -> list[str]:
        lines = [self.street] if self.street else []
        place = " ".join(part for part in (self.postcode, "Berlin") if part)
        return [*lines, place]

    @property
    def place(self) -> str:
        """ "Ortsteil, Bezirk", or the Bezirk alone where the Ortsteil is not known."""
        parts = [self.ortsteil.name] if self.ortsteil_id else []
        return ", ".join([*parts, self.centre.district.name])


class OpeningHours(WeeklySlot):
    """One opening period of a site; several per weekday are allowed (e.g. a lunch break)."""

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="opening_hours", verbose_name=_("Standort")
    )

    class Meta(WeeklySlot.Meta):
        verbose_name = _("Öffnungszeit")
        verbose_name_plural = _("Öffnungszeiten")
        constraints = WeeklySlot.constraints_for("site")


class OpeningExceptionQuerySet(models.QuerySet):
    def closures(self) -> OpeningExceptionQuerySet:
        return self.filter(opens__isnull=True)

    def special_hours(self) -> OpeningExceptionQuerySet:
        return self.filter(opens__isnull=False)

    def on(self, day: datetime.date) -> OpeningExceptionQuerySet:
        """Those that concern `day`."""
        return self.filter(starts_on__lte=day, ends_on__gte=day)

    def from_day(self, day: datetime.date) -> OpeningExceptionQuerySet:
        """Those not over before `day`: what a page about today and later needs."""
        return self.filter(ends_on__gte=day)


class OpeningException(models.Model):
    """A site's departure from its weekly hours: a closure over some days (summer break,
    staff outing), or special hours on one date (open on a public holiday, shorter on
    Christmas Eve). Without times it is a closure; with times it replaces that date's weekly
    hours — several rows give several periods. The rules in `centres.hours`, docs/hours.md.
    """

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="exceptions", verbose_name=_("Standort")
    )
    starts_on = models.DateField(_("am / ab"))
    ends_on = models.DateField(
        _("bis einschließlich"),
        blank=True,
        help_text=_("Leer lassen für einen einzelnen Tag."),
    )
    opens = models.TimeField(
        _("geöffnet von"), null=True, blank=True, help_text=_("Leer lassen: geschlossen.")
    )
    closes = models.TimeField(
        _("geöffnet bis"), null=True, blank=True, help_text=_("00:00 steht für Mitternacht.")
    )
    note = models.CharField(
        _("Hinweis"), max_length=200, blank=True, help_text=_("z. B. „Sommerpause“")
    )

    objects = OpeningExceptionQuerySet.as_manager()
    history = Versions()

    class Meta:
        ordering = ["starts_on", "opens"]
        verbose_name = _("Schließung oder Sonderöffnungszeit")
        verbose_name_plural = _("Schließungen und Sonderöffnungszeiten")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="centres_openingexception_ends_after_start",
                violation_error_message=_("„bis“ liegt vor „am / ab“."),
            ),
            models.CheckConstraint(
                condition=Q(opens__isnull=True, closes__isnull=True)
                | (Q(opens__isnull=False, closes__isnull=False) & CLOSES_AFTER_OPENS),
                name="centres_openingexception_times",
                violation_error_message=_(
                    "Für eine Sonderöffnungszeit bitte Beginn und Ende angeben, das Ende nach "
                    "dem Beginn (00:00 steht für Mitternacht); für eine Schließung beide leer "
                    "lassen."
                ),
            ),
            models.CheckConstraint(
                condition=Q(opens__isnull=True) | Q(ends_on=F("starts_on")),
                name="centres_openingexception_special_hours_one_day",
                violation_error_message=_(
                    "Sonderöffnungszeiten gelten für einen Tag; für mehrere Tage bitte je "
                    "Tag eintragen."
                ),
            ),
            models.UniqueConstraint(
                fields=["site", "starts_on", "opens"],
                name="centres_openingexception_unique_start",
                violation_error_message=_("Für diesen Tag ist dieser Beginn schon eingetragen."),
            ),
        ]

    def __str__(self) -> str:
        days = f"{self.starts_on:%d.%m.%Y}"
        if self.ends_on and self.ends_on != self.starts_on:
            days += f"–{self.ends_on:%d.%m.%Y}"
        if self.is_closure:
            return f"{days}: {_('geschlossen')}"
        return f"{days}: {self.opens:%H:%M}–{self.closes:%H:%M}"

    def save(self, *args, **kwargs) -> None:
        if self.ends_on is None:
            self.ends_on = self.starts_on
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.starts_on and not self.ends_on:
            self.ends_on = self.starts_on

    @property
    def is_closure(self) -> bool:
        return self.opens is None

    def covers(self, day: datetime.date) -> bool:
        """For one loaded row, the rule of `OpeningExceptionQuerySet.on()`."""
        return self.starts_on <= day <= (self.ends_on or self.starts_on)
