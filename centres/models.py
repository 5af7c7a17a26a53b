"""The directory's domain: Bezirke, Ortsteile, organisations, centres and their offerings.

What is public is said once, in the `published()` queryset methods below; every public page and
filter starts from them.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

POSTCODE_PATTERN = r"^1[0-4][0-9]{3}$"
postcode_validator = RegexValidator(
    POSTCODE_PATTERN, _("Bitte eine fünfstellige Berliner Postleitzahl (10115–14199) angeben.")
)
# A generous box around Berlin: coordinates outside it are typos, not places in the city.
BERLIN_LATITUDE = (52.3, 52.7)
BERLIN_LONGITUDE = (13.05, 13.8)


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("Montag")
    TUESDAY = 2, _("Dienstag")
    WEDNESDAY = 3, _("Mittwoch")
    THURSDAY = 4, _("Donnerstag")
    FRIDAY = 5, _("Freitag")
    SATURDAY = 6, _("Samstag")
    SUNDAY = 7, _("Sonntag")


class Status(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    PUBLISHED = "published", _("Veröffentlicht")
    ARCHIVED = "archived", _("Archiviert")


class OrganisationKind(models.TextChoices):
    PROVIDER = "traeger", _("Träger")
    SCHOOL = "schule", _("Schule")
    COUNSELLING = "beratungsstelle", _("Beratungsstelle")
    HEALTH = "gesundheit", _("Gesundheitsdienst")
    CULTURE = "kultur", _("Kultureinrichtung")
    NEIGHBOURHOOD_MANAGEMENT = "quartiersmanagement", _("Quartiersmanagement")
    MULTI_GENERATION_HOUSE = "mehrgenerationenhaus", _("Mehrgenerationenhaus")
    FAMILY_CENTRE = "familienzentrum", _("Familienzentrum")
    MUNICIPAL_OFFICE = "bezirksamt", _("Bezirksamt / Behörde")
    OTHER = "sonstige", _("Sonstige")


class StepFree(models.TextChoices):
    YES = "ja", _("Stufenlos zugänglich")
    PARTLY = "teilweise", _("Teilweise stufenlos")
    NO = "nein", _("Nicht stufenlos")
    UNKNOWN = "unbekannt", _("Unbekannt")


class OfferingKind(models.TextChoices):
    COURSE = "kurs", _("Kurs")
    CREATIVE_COURSE = "kreativkurs", _("Kreativkurs")
    SPORT = "sport", _("Sportgruppe")
    SWAP_MEET = "tauschtreff", _("Tauschtreff")
    COUNSELLING = "beratung", _("Sozialberatung")
    FAMILY = "familie", _("Familienangebot")
    OPEN_MEETING = "offener-treff", _("Offener Treff / Café")
    SELF_HELP = "selbsthilfe", _("Selbsthilfegruppe")
    VOLUNTEERING = "ehrenamt", _("Ehrenamt")
    FESTIVAL = "fest", _("Kiezfest")
    EVENT = "veranstaltung", _("Veranstaltung")
    OTHER = "sonstiges", _("Sonstiges")


class Cost(models.TextChoices):
    FREE = "kostenlos", _("Kostenlos")
    DONATION = "spende", _("Gegen Spende")
    FEE = "gebuehr", _("Mit Gebühr")


def _staff_member(verbose_name: str) -> models.ForeignKey:
    """Who did something to a row; kept as empty when the account is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


def _count_of(queryset: models.QuerySet, field: str) -> Coalesce:
    """A correlated COUNT subquery: one value per outer row, no join fan-out."""
    return Coalesce(
        models.Subquery(
            queryset.filter(**{field: OuterRef("pk")})
            .order_by()
            .values(field)
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
    )


class DistrictQuerySet(models.QuerySet):
    def with_counts(self) -> DistrictQuerySet:
        """Annotate the number of public centres and offerings of each Bezirk."""
        return self.annotate(
            centre_count=_count_of(Centre.objects.published(), "district"),
            offering_count=_count_of(Offering.objects.published(), "centre__district"),
        )


class District(models.Model):
    """A Bezirk: one of Berlin's twelve districts."""

    number = models.PositiveSmallIntegerField(
        _("Bezirksnummer"),
        unique=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Nummer nach dem Gebietsreformgesetz, 1–12."),
    )
    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(_("Kurzname"), max_length=100, unique=True)
    population = models.PositiveIntegerField(_("Einwohnerzahl"), null=True, blank=True)
    population_date = models.DateField(_("Stand der Einwohnerzahl"), null=True, blank=True)
    area_km2 = models.DecimalField(
        _("Fläche (km²)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    source = models.TextField(_("Quelle"), blank=True)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_districts",
        verbose_name=_("Bezirkskoordination"),
        help_text=_(
            "Diese Personen pflegen, veröffentlichen und archivieren alle Zentren im Bezirk."
        ),
    )

    objects = DistrictQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("Bezirk")
        verbose_name_plural = _("Bezirke")
        # Checked only when OVERVIEW_REQUIRES_LOGIN is on; the overview is public by default.
        permissions = [("view_overview", _("Kann die Förderübersicht sehen"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=12), name="centres_district_number_1_to_12"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("centres:district_detail", kwargs={"slug": self.slug})

    @property
    def number_display(self) -> str:
        return f"{self.number:02d}"


class Ortsteil(models.Model):
    """A locality; each belongs to exactly one Bezirk."""

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="ortsteile", verbose_name=_("Bezirk")
    )
    name = models.CharField(_("Name"), max_length=100)
    slug = models.SlugField(_("Kurzname"), max_length=100, unique=True)
    source = models.TextField(_("Quelle"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Ortsteil")
        verbose_name_plural = _("Ortsteile")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"], name="centres_ortsteil_unique_name_per_district"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TargetGroup(models.Model):
    """Who an offering is for: children, seniors, everyone… Extendable by staff."""

    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(_("Kurzname"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("Zielgruppe")
        verbose_name_plural = _("Zielgruppen")

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    """A language, by its ISO 639-1 code (which is also its URL slug)."""

    code = models.CharField(
        _("ISO-639-1-Code"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[a-z]{2}$", _("Zwei Kleinbuchstaben, z. B. „de“."))],
    )
    name = models.CharField(_("Name"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=100)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("Sprache")
        verbose_name_plural = _("Sprachen")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[a-z]{2}$"), name="centres_language_code_iso_639_1"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def published(self) -> OrganisationQuerySet:
        """Organisations that provide or partner with at least one published centre."""
        return self.filter(
            Exists(Centre.objects.published().filter(provider=OuterRef("pk")))
            | Exists(Partnership.objects.published().filter(organisation=OuterRef("pk")))
        )

    def partners(self) -> OrganisationQuerySet:
        """Organisations in at least one public partnership."""
        return self.filter(
            Exists(Partnership.objects.published().filter(organisation=OuterRef("pk")))
        )

    def partners_in(self, district: District) -> OrganisationQuerySet:
        """Partners of the district's public centres, with `centre_count` of those centres."""
        partnerships = Partnership.objects.published().filter(centre__district=district)
        return self.filter(Exists(partnerships.filter(organisation=OuterRef("pk")))).annotate(
            centre_count=_count_of(partnerships, "organisation")
        )

    def with_centre_counts(self) -> OrganisationQuerySet:
        """Annotate how many public centres each organisation provides and partners with."""
        return self.annotate(
            provided_count=_count_of(Centre.objects.published(), "provider"),
            partner_count=_count_of(Partnership.objects.published(), "organisation"),
        )


class Organisation(models.Model):
    """A provider (Träger) of centres or a partner they work with."""

    Kind = OrganisationKind

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=200, unique=True)
    kind = models.CharField(
        _("Art"), max_length=30, choices=OrganisationKind, default=OrganisationKind.OTHER
    )
    website = models.URLField(_("Website"), blank=True)
    is_demo = models.BooleanField(
        _("Demo-Eintrag"), default=False, help_text=_("Erfundene Organisation für Demodaten.")
    )
    source = models.TextField(_("Quelle"), blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        indexes = [models.Index(fields=["kind"], name="centres_org_kind_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[choice.value for choice in OrganisationKind]),
                name="centres_organisation_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("centres:partner_detail", kwargs={"slug": self.slug})


class CentreQuerySet(models.QuerySet):
    def published(self) -> CentreQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def with_offering_counts(self) -> CentreQuerySet:
        """Annotate `offering_count`: the centre's public offerings (one query for the list)."""
        return self.annotate(offering_count=_count_of(Offering.objects.published(), "centre"))

    def for_list(self) -> CentreQuerySet:
        """Everything a centre card shows, in a fixed number of queries."""
        return (
            self.select_related("district", "ortsteil", "provider")
            .prefetch_related("languages")
            .with_offering_counts()
        )


class Centre(models.Model):
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
    status = models.CharField(
        _("Status"), max_length=10, choices=Status, default=Status.DRAFT, db_index=True
    )
    last_reviewed = models.DateField(_("Zuletzt geprüft am"), null=True, blank=True)
    reviewed_by = _staff_member(_("Geprüft von"))
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
    created = models.DateTimeField(_("Angelegt"), auto_now_add=True)
    updated = models.DateTimeField(_("Geändert"), auto_now=True)
    updated_by = _staff_member(_("Geändert von"))

    objects = CentreQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("Stadtteilzentrum (Version)"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("Stadtteilzentrum")
        verbose_name_plural = _("Stadtteilzentren")
        permissions = [("publish_centre", _("Kann Einträge veröffentlichen und archivieren"))]
        indexes = [
            models.Index(fields=["status", "district"], name="centres_centre_status_dist_idx"),
            models.Index(fields=["step_free_access"], name="centres_centre_stepfree_idx"),
        ]
        constraints = [
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
                condition=Q(status__in=[choice.value for choice in Status]),
                name="centres_centre_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(step_free_access__in=[choice.value for choice in StepFree]),
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
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def review_overdue(self) -> bool:
        return self.last_reviewed is None or self.last_reviewed < review_due_date()

    @property
    def address_lines(self) -> list[str]:
        lines = [self.street] if self.street else []
        place = " ".join(part for part in (self.postcode, "Berlin") if part)
        return [*lines, place]


class OpeningHours(models.Model):
    """One opening period of a centre; several per weekday are allowed (e.g. a lunch break)."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="opening_hours", verbose_name=_("Zentrum")
    )
    weekday = models.PositiveSmallIntegerField(_("Wochentag"), choices=Weekday)
    opens = models.TimeField(_("öffnet"))
    closes = models.TimeField(_("schließt"))

    history = HistoricalRecords(verbose_name=_("Öffnungszeit (Version)"))

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("Öffnungszeit")
        verbose_name_plural = _("Öffnungszeiten")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")),
                name="centres_openinghours_closes_after_opens",
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=1, weekday__lte=7), name="centres_openinghours_weekday"
            ),
            models.UniqueConstraint(
                fields=["centre", "weekday", "opens"], name="centres_openinghours_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class OfferingQuerySet(models.QuerySet):
    def published(self) -> OfferingQuerySet:
        """Public offerings: published, at a published centre, and not over yet."""
        return self.filter(status=Status.PUBLISHED, centre__status=Status.PUBLISHED).current()

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

    def events(self) -> OfferingQuerySet:
        return self.filter(starts_at__isnull=False)

    def upcoming_events(self) -> OfferingQuerySet:
        return self.events().filter(starts_at__gte=timezone.now()).order_by("starts_at")

    def for_list(self) -> OfferingQuerySet:
        return self.select_related("centre__district").prefetch_related(
            "target_groups", "languages", "times"
        )


class Offering(models.Model):
    """Something a centre offers: recurring (weekly times) or a dated event such as a festival."""

    Kind = OfferingKind
    Cost = Cost

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="offerings", verbose_name=_("Zentrum")
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
    status = models.CharField(
        _("Status"), max_length=10, choices=Status, default=Status.DRAFT, db_index=True
    )
    starts_at = models.DateTimeField(
        _("Beginn"), null=True, blank=True, help_text=_("Nur für einmalige Veranstaltungen.")
    )
    ends_at = models.DateTimeField(_("Ende"), null=True, blank=True)
    valid_from = models.DateField(
        _("Gültig ab"), null=True, blank=True, help_text=_("Für regelmäßige Angebote, optional.")
    )
    valid_until = models.DateField(_("Gültig bis"), null=True, blank=True)
    created = models.DateTimeField(_("Angelegt"), auto_now_add=True)
    updated = models.DateTimeField(_("Geändert"), auto_now=True)
    updated_by = _staff_member(_("Geändert von"))

    objects = OfferingQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("Angebot (Version)"))

    class Meta:
        ordering = ["title"]
        verbose_name = _("Angebot")
        verbose_name_plural = _("Angebote")
        indexes = [
            models.Index(fields=["status", "kind"], name="centres_offering_status_kind"),
            models.Index(fields=["cost"], name="centres_offering_cost_idx"),
            models.Index(fields=["starts_at"], name="centres_offering_starts_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=False, ends_at__gte=models.F("starts_at")),
                name="centres_offering_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="centres_offering_valid_until_after_from",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[choice.value for choice in OfferingKind]),
                name="centres_offering_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(cost__in=[choice.value for choice in Cost]),
                name="centres_offering_cost_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[choice.value for choice in Status]),
                name="centres_offering_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("centres:offering_detail", kwargs={"slug": self.slug})

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
        if errors:
            raise ValidationError(errors)

    @property
    def is_event(self) -> bool:
        return self.starts_at is not None

    @property
    def is_free(self) -> bool:
        return self.cost == self.Cost.FREE

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


class OfferingTime(models.Model):
    """A weekly time of a recurring offering."""

    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="times", verbose_name=_("Angebot")
    )
    weekday = models.PositiveSmallIntegerField(_("Wochentag"), choices=Weekday, db_index=True)
    starts = models.TimeField(_("Beginn"))
    ends = models.TimeField(_("Ende"))

    history = HistoricalRecords(verbose_name=_("Termin (Version)"))

    class Meta:
        ordering = ["weekday", "starts"]
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gt=models.F("starts")),
                name="centres_offeringtime_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=1, weekday__lte=7), name="centres_offeringtime_weekday"
            ),
            models.UniqueConstraint(
                fields=["offering", "weekday", "starts"], name="centres_offeringtime_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"


class PartnershipQuerySet(models.QuerySet):
    def published(self) -> PartnershipQuerySet:
        return self.filter(centre__status=Status.PUBLISHED)


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
    history = HistoricalRecords(verbose_name=_("Partnerschaft (Version)"))

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


def review_due_date(today: datetime.date | None = None) -> datetime.date:
    """Listings last reviewed before this date are overdue (reviewed more than 12 months ago)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)
