"""Stadtteilzentren, their opening hours and their partnerships.

What is public is said once, in the `published()` queryset methods; every public page and
filter starts from them. So are "review overdue" and "step-free".
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centres.models.base import Listing, Versions, WeeklySlot, count_of, model, staff_member
from centres.models.organisations import Organisation
from centres.models.places import District, Ortsteil
from centres.models.vocabularies import Language, Status, StepFree, valid_choice

POSTCODE_PATTERN = r"^1[0-4][0-9]{3}$"
postcode_validator = RegexValidator(
    POSTCODE_PATTERN, _("Bitte eine fünfstellige Berliner Postleitzahl (10115–14199) angeben.")
)
# A generous box around Berlin: coordinates outside it are typos, not places in the city.
BERLIN_LATITUDE = (52.3, 52.7)
BERLIN_LONGITUDE = (13.05, 13.8)


def review_due_date(today: datetime.date | None = None) -> datetime.date:
    """Listings last reviewed before this date are overdue (reviewed more than 12 months ago)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


def review_overdue_condition(today: datetime.date | None = None) -> Q:
    """Never reviewed, or last reviewed more than twelve months ago (as a filter or aggregate)."""
    return Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=review_due_date(today))


# Only "ja": a partly step-free house is not step-free for a wheelchair user.
STEP_FREE_CONDITION = Q(step_free_access=StepFree.YES)
# Whether a centre is step-free is known once it is anything but "nicht bekannt".
STEP_FREE_KNOWN_CONDITION = ~Q(step_free_access=StepFree.UNKNOWN)


class CentreQuerySet(models.QuerySet):
    def published(self) -> CentreQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def real(self) -> CentreQuerySet:
        """Real entries: not the invented centres of the demo data (`is_demo`)."""
        return self.filter(is_demo=False)

    def review_overdue(self) -> CentreQuerySet:
        return self.filter(review_overdue_condition())

    def reviewed_recently(self) -> CentreQuerySet:
        """The complement of `review_overdue()`: checked within the last twelve months."""
        return self.exclude(review_overdue_condition())

    def step_free(self) -> CentreQuerySet:
        return self.filter(STEP_FREE_CONDITION)

    def with_offering_counts(self) -> CentreQuerySet:
        """Annotate `offering_count`: the centre's public offerings (one query for the list)."""
        return self.annotate(
            offering_count=count_of(model("Offering").objects.published(), "centre")
        )

    def for_list(self) -> CentreQuerySet:
        """Everything a centre card shows, in a fixed number of queries."""
        return (
            self.select_related("district", "ortsteil", "provider")
            .prefetch_related("languages")
            .with_offering_counts()
        )


class Centre(Listing):
    """A Stadtteilzentrum: an open neighbourhood house in one Bezirk."""

    StepFree = StepFree

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=200, unique=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="centres", verbose_name=_("Bezirk")
    )
    ortsteil = models.ForeignKey(
        Ortsteil,
        on_delete=models.PROTECT,
        related_name="centres",
        null=True,
        blank=True,
        verbose_name=_("Ortsteil"),
    )
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="provided_centres",
        null=True,
        blank=True,
        verbose_name=_("Träger"),
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
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    step_free_access = models.CharField(
        _("Stufenloser Zugang"), max_length=10, choices=StepFree, default=StepFree.UNKNOWN
    )
    accessible_toilet = models.BooleanField(
        _("Barrierefreies WC"), null=True, blank=True, help_text=_("Leer lassen, wenn unbekannt.")
    )
    accessibility_notes = models.TextField(_("Hinweise zur Barrierefreiheit"), blank=True)
    languages = models.ManyToManyField(
        Language, related_name="centres", blank=True, verbose_name=_("Gesprochene Sprachen")
    )
    is_ifp_funded = models.BooleanField(
        _("Gefördert im IFP STZ"),
        null=True,
        blank=True,
        help_text=_("Infrastrukturförderprogramm Stadtteilzentren. Leer lassen, wenn unbekannt."),
    )
    last_reviewed = models.DateField(_("Zuletzt geprüft am"), null=True, blank=True)
    reviewed_by = staff_member(_("Geprüft von"))
    photo = models.ImageField(
        _("Foto"),
        upload_to="centres/",
        blank=True,
        help_text=_(
            "JPEG, PNG oder WebP, höchstens 5 MB. Wird verkleinert und ohne Metadaten gespeichert."
        ),
    )
    photo_alt = models.CharField(
        _("Bildbeschreibung (Alternativtext)"),
        max_length=250,
        blank=True,
        help_text=_("Was auf dem Foto zu sehen ist, für Menschen, die es nicht sehen können."),
    )
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="edited_centres",
        verbose_name=_("Zentrumsredaktion"),
        help_text=_("Diese Personen dürfen die Angaben und Angebote dieses Zentrums bearbeiten."),
    )
    is_demo = models.BooleanField(
        _("Demo-Eintrag"), default=False, help_text=_("Erfundenes Zentrum für Demodaten.")
    )
    source = models.TextField(
        _("Quellen"), blank=True, help_text=_("Woher die Angaben stammen (URLs, eine je Zeile).")
    )

    objects = CentreQuerySet.as_manager()
    history = Versions()

    class Meta(Listing.Meta):
        # Real centres before invented ones in every list (demo entries keep their badge).
        ordering = ["is_demo", "name"]
        verbose_name = _("Stadtteilzentrum")
        verbose_name_plural = _("Stadtteilzentren")
        permissions = [("publish_centre", _("Kann Einträge veröffentlichen und archivieren"))]
        indexes = [
            models.Index(fields=["status", "district"], name="centres_centre_status_dist_idx"),
            models.Index(fields=["step_free_access"], name="centres_centre_stepfree_idx"),
        ]
        constraints = [
            *Listing.Meta.constraints,
            models.CheckConstraint(
                condition=Q(postcode="") | Q(postcode__regex=POSTCODE_PATTERN),
                name="centres_centre_postcode_berlin",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__gte=BERLIN_LATITUDE[0],
                    latitude__lte=BERLIN_LATITUDE[1],
                    longitude__gte=BERLIN_LONGITUDE[0],
                    longitude__lte=BERLIN_LONGITUDE[1],
                ),
                name="centres_centre_coordinates_in_berlin",
            ),
            models.CheckConstraint(
                condition=valid_choice("step_free_access", StepFree),
                name="centres_centre_step_free_valid",
            ),
            # A photo without a description shuts out people using screen readers.
            models.CheckConstraint(
                condition=Q(photo="") | ~Q(photo_alt=""), name="centres_centre_photo_has_alt"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("centres:centre_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors = {}
        if self.ortsteil_id and self.district_id and self.ortsteil.district_id != self.district_id:
            errors["ortsteil"] = _(
                "Der Ortsteil %(ortsteil)s liegt nicht im Bezirk %(bezirk)s."
            ) % {
                "ortsteil": self.ortsteil,
                "bezirk": self.district,
            }
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Bitte Breiten- und Längengrad zusammen angeben.")
        for field, (low, high) in (("latitude", BERLIN_LATITUDE), ("longitude", BERLIN_LONGITUDE)):
            value = getattr(self, field)
            if value is not None and not low <= float(value) <= high:
                errors[field] = _("Diese Koordinate liegt nicht in Berlin.")
        if self.photo and not self.photo_alt.strip():
            errors["photo_alt"] = _("Bitte beschreiben Sie das Foto in einem kurzen Satz.")
        if errors:
            raise ValidationError(errors)

    @property
    def review_overdue(self) -> bool:
        """For one loaded row, the rule of `CentreQuerySet.review_overdue()`."""
        return self.last_reviewed is None or self.last_reviewed < review_due_date()

    @property
    def is_step_free(self) -> bool:
        """For one loaded row, the rule of `CentreQuerySet.step_free()`."""
        return self.step_free_access == StepFree.YES

    @property
    def place(self) -> str:
        """ "Ortsteil, Bezirk", or the Bezirk alone where the Ortsteil is not known."""
        parts = [self.ortsteil.name] if self.ortsteil_id else []
        return ", ".join([*parts, self.district.name])

    @property
    def address_lines(self) -> list[str]:
        lines = [self.street] if self.street else []
        place = " ".join(part for part in (self.postcode, "Berlin") if part)
        return [*lines, place]


class OpeningHours(WeeklySlot):
    """One opening period of a centre; several per weekday are allowed (e.g. a lunch break)."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="opening_hours", verbose_name=_("Zentrum")
    )

    class Meta(WeeklySlot.Meta):
        verbose_name = _("Öffnungszeit")
        verbose_name_plural = _("Öffnungszeiten")
        constraints = WeeklySlot.constraints_for("centre")


class PartnershipQuerySet(models.QuerySet):
    def published(self) -> PartnershipQuerySet:
        return self.filter(centre__status=Status.PUBLISHED)

    def real(self) -> PartnershipQuerySet:
        """Real partnerships: neither the centre nor the organisation is demo data."""
        return self.filter(centre__is_demo=False, organisation__is_demo=False)


class Partnership(models.Model):
    """A centre works with an organisation."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("Zentrum")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("Organisation"),
    )
    note = models.CharField(
        _("Zusammenarbeit"), max_length=300, blank=True, help_text=_("Was sie gemeinsam machen.")
    )

    objects = PartnershipQuerySet.as_manager()
    history = Versions()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("Partnerschaft")
        verbose_name_plural = _("Partnerschaften")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "organisation"], name="centres_partnership_unique_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.centre} – {self.organisation}"
