"""Stadtteilzentren, their opening hours and their partnerships.

What is public is said once, in the `published()` queryset methods; every public page and
filter starts from them. So are "review overdue" and "step-free".
"""

from __future__ import annotations

import datetime
import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, F, FloatField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Cast, Sqrt
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from centres import hours, photo_renditions
from centres.models.base import Listing, Versions, count_of, model, staff_member
from centres.models.organisations import Organisation
from centres.models.places import District
from centres.models.search import SEARCH_FIELDS, Searchable
from centres.models.vocabularies import (
    Commitment,
    Language,
    Status,
    StepFree,
    VolunteerTask,
    valid_choice,
)


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


def has_site(condition: Q) -> Exists:
    """For a centre (the outer row): whether one of its sites meets `condition`."""
    return Exists(model("Site").objects.filter(condition, centre=OuterRef("pk")))


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
        """Centres with at least one step-free site."""
        return self.filter(has_site(Q(step_free_access=StepFree.YES)))

    def in_ortsteile(self, ortsteile) -> CentreQuerySet:
        """Centres with a site in one of these Ortsteile."""
        sites = model("Site").objects.filter(centre=OuterRef("pk"), ortsteil__in=ortsteile)
        return self.filter(Exists(sites))

    def with_main_ortsteil(self) -> CentreQuerySet:
        """Annotate `main_ortsteil_name`: the main site's Ortsteil (None where unknown)."""
        main = model("Site").objects.filter(centre=OuterRef("pk"), is_main=True)
        return self.annotate(main_ortsteil_name=Subquery(main.values("ortsteil__name")[:1]))

    @transaction.atomic
    def create_with_main_site(self, **fields) -> Centre:
        """A new centre and its main site, named like it; site fields (street, phone, Ortsteil,
        access…) go to the site, the rest to the centre."""
        site_model = model("Site")
        site_names = {f.name for f in site_model._meta.get_fields()} - {"id", "centre", "name"}
        site_fields = {name: fields.pop(name) for name in list(fields) if name in site_names}
        centre = self.create(**fields)
        site_model.objects.create(centre=centre, name=centre.name, is_main=True, **site_fields)
        return centre

    def with_offering_counts(self) -> CentreQuerySet:
        """Annotate `offering_count`: the centre's public offerings (one query for the list)."""
        return self.annotate(
            offering_count=count_of(model("Offering").objects.published(), "centre")
        )

    def by_distance_from(self, latitude: float, longitude: float) -> CentreQuerySet:
        """Annotate `distance_km` to the centre's nearest site with coordinates and sort by it,
        nearest first; centres without coordinates come last, in the usual order."""
        nearest = (
            model("Site")
            .objects.filter(centre=OuterRef("pk"), latitude__isnull=False)
            .annotate(distance=distance_km(latitude, longitude))
            .order_by("distance", "pk")
        )
        return self.annotate(
            distance_km=Subquery(nearest.values("distance")[:1], output_field=FloatField()),
            nearest_site_id=Subquery(nearest.values("pk")[:1]),
        ).order_by(F("distance_km").asc(nulls_last=True), *self.model._meta.ordering)

    def for_list(self) -> CentreQuerySet:
        """Everything a centre card shows, in a fixed number of queries; not the stored search
        document, which a card never shows and which is the widest part of the row."""
        return (
            self.defer(*SEARCH_FIELDS)
            .select_related("district", "provider")
            .prefetch_related("languages", sites_prefetch(*hours_prefetch()))
            .with_offering_counts()
        )

    def open_at(self, at: datetime.datetime | None = None) -> CentreQuerySet:
        """Centres with a site open at `at` (default now): the rules of `centres.hours`."""
        return self.filter(hours.centre_open_condition(at))

    def open_on(self, weekdays) -> CentreQuerySet:
        """Centres with a site that has weekly hours on one of these ISO weekdays."""
        return self.filter(hours.centre_open_on_condition(weekdays))


KM_PER_DEGREE = 6371.0088 * math.pi / 180


def distance_km(latitude: float, longitude: float) -> Sqrt:
    """For a site (the row): its distance in km from the point, equirectangular.

    Within a city the error is far below a street's width, and the expression is plain
    arithmetic and a square root, so SQLite and PostgreSQL compute it alike; no GIS extension.
    """

    def degrees(field: str) -> Cast:
        return Cast(field, FloatField())

    north = (degrees("latitude") - Value(latitude)) * Value(KM_PER_DEGREE)
    east = (degrees("longitude") - Value(longitude)) * Value(
        KM_PER_DEGREE * math.cos(math.radians(latitude))
    )
    return Sqrt(north * north + east * east, output_field=FloatField())


def sites_prefetch(*more: str) -> Prefetch:
    """A centre's sites with their Ortsteil (and `more` relations), main site first."""
    return Prefetch(
        "sites", queryset=model("Site").objects.select_related("ortsteil").prefetch_related(*more)
    )


def hours_prefetch() -> list[str | Prefetch]:
    """What a site's "open now" reads: its weekly hours and its exceptions from today on."""
    return [
        "opening_hours",
        Prefetch(
            "exceptions",
            queryset=model("OpeningException").objects.from_day(timezone.localdate()),
        ),
    ]


def photo_file_delete(name: str) -> None:
    """Remove a replaced or deleted centre's photo and its renditions from storage once the
    change is committed, unless another centre still shows the same file. (Older versions in
    the history keep the name; restoring one brings back the text, not the deleted file.)"""
    if not name:
        return

    def delete() -> None:
        if not Centre.objects.filter(photo=name).exists():
            storage = Centre._meta.get_field("photo").storage
            storage.delete(name)
            photo_renditions.renditions_delete(name, storage)

    transaction.on_commit(delete)


class Centre(Listing, Searchable):
    """A Stadtteilzentrum: an open neighbourhood house in one Bezirk."""

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=200, unique=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="centres", verbose_name=_("Bezirk")
    )
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="provided_centres",
        null=True,
        blank=True,
        verbose_name=_("Träger"),
    )
    website = models.URLField(_("Website"), blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
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
    # Set when a photo is saved (with its renditions): pages give width/height and srcset
    # without opening the file (`manage.py photo_renditions` fills them for older photos).
    photo_width = models.PositiveIntegerField(
        _("Fotobreite (px)"), null=True, blank=True, editable=False
    )
    photo_height = models.PositiveIntegerField(
        _("Fotohöhe (px)"), null=True, blank=True, editable=False
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
    # The standing call for volunteers on /mitmachen/ (docs/rooms.md); empty: no call.
    volunteer_call = models.TextField(
        _("Wir suchen Unterstützung bei …"),
        blank=True,
        help_text=_(
            "Wobei Ehrenamtliche helfen können, in ein paar Sätzen. Leer lassen, wenn das "
            "Zentrum gerade niemanden sucht."
        ),
    )
    volunteer_task = models.CharField(
        _("Art der Aufgabe"), max_length=20, choices=VolunteerTask, blank=True
    )
    volunteer_commitment = models.CharField(
        _("Zeitaufwand"), max_length=20, choices=Commitment, blank=True
    )

    objects = CentreQuerySet.as_manager()
    history = Versions(excluded_fields=SEARCH_FIELDS)

    class Meta(Listing.Meta):
        # Real centres before invented ones in every list (demo entries keep their badge).
        ordering = ["is_demo", "name"]
        verbose_name = _("Stadtteilzentrum")
        verbose_name_plural = _("Stadtteilzentren")
        permissions = [("publish_centre", _("Kann Einträge veröffentlichen und archivieren"))]
        indexes = [
            # Covering: every join of offerings and partnerships to the centres of a Bezirk
            # (the overview's counts) reads this small index alone, never the wide rows.
            models.Index(
                fields=["status", "district", "is_demo", "id"],
                name="centres_centre_status_dist_idx",
            ),
            # Partial indexes over the public rows only (`published()`): the list order, and
            # the Bezirk pages and counts in that order.
            models.Index(
                fields=["is_demo", "name"],
                condition=Q(status=Status.PUBLISHED),
                name="centres_centre_pub_order",
            ),
            models.Index(
                fields=["district", "is_demo", "name"],
                condition=Q(status=Status.PUBLISHED),
                name="centres_centre_pub_district",
            ),
        ]
        constraints = [
            *Listing.Meta.constraints,
            # A photo without a description shuts out people using screen readers.
            models.CheckConstraint(
                condition=Q(photo="") | ~Q(photo_alt=""),
                name="centres_centre_photo_has_alt",
                violation_error_message=_("Bitte beschreiben Sie das Foto in einem kurzen Satz."),
            ),
            models.CheckConstraint(
                condition=Q(volunteer_task="") | valid_choice("volunteer_task", VolunteerTask),
                name="centres_centre_volunteer_task_valid",
                violation_error_message=_("Bitte eine der Arten von Aufgaben wählen."),
            ),
            models.CheckConstraint(
                condition=Q(volunteer_commitment="")
                | valid_choice("volunteer_commitment", Commitment),
                name="centres_centre_volunteer_commitment_valid",
                violation_error_message=_("Bitte eine der Angaben zum Zeitaufwand wählen."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("centres:centre_detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs) -> None:
        stored = stored_status = stored_demo = None
        if self.pk is not None:
            stored, stored_status, stored_demo = type(self).objects.filter(pk=self.pk).values_list(
                "photo", "status", "is_demo"
            ).first() or (None, None, None)
        if not self.photo:
            self.photo_width = self.photo_height = None
        super().save(*args, **kwargs)
        if stored_status is not None and stored_status != self.status:
            # Its offerings are public only while it is (their stored `is_public`); those that
            # become public get their stored order (`next_key`) brought up to date as well.
            self.offerings.all().public_flags_refresh(dates=True)
        elif stored_demo is not None and stored_demo != self.is_demo:
            self.offerings.all().demo_flags_refresh()  # their stored `is_demo`
        if self.photo and stored != self.photo.name:
            self.photo_renditions_create()
        if stored and stored != self.photo.name:
            photo_file_delete(stored)

    def photo_renditions_create(self) -> bool:
        """The stored photo's smaller copies and its size (one UPDATE, no new history version);
        False where the file is missing from storage."""
        size = photo_renditions.renditions_create(self.photo.name, self.photo.storage)
        if size:
            self.photo_width, self.photo_height = size
            type(self).objects.filter(pk=self.pk).update(photo_width=size[0], photo_height=size[1])
        return size is not None

    def clean(self) -> None:
        if self.photo and not self.photo_alt.strip():
            raise ValidationError(
                {"photo_alt": _("Bitte beschreiben Sie das Foto in einem kurzen Satz.")}
            )

    @property
    def photo_srcset(self) -> str:
        """The photo's `srcset`: its smaller renditions and itself, without opening a file."""
        if not self.photo:
            return ""
        return photo_renditions.srcset(
            self.photo.url, self.photo.name, self.photo_width, self.photo.storage
        )

    @property
    def review_overdue(self) -> bool:
        """For one loaded row, the rule of `CentreQuerySet.review_overdue()`."""
        return self.last_reviewed is None or self.last_reviewed < review_due_date()

    @cached_property
    def main_site(self):
        """The main site (from prefetched `sites` where loaded), or None before one exists."""
        sites = list(self.sites.all())
        return next((site for site in sites if site.is_main), sites[0] if sites else None)

    @property
    def open_state(self) -> hours.OpenState | None:
        """Whether the centre is open now: its main site's state (`centres.hours`)."""
        main = self.main_site
        return main.open_state if main else None

    @property
    def open_elsewhere(self) -> list[tuple]:
        """While the main site is not open: the further sites open now, with their state
        (`centres.hours`; reads the prefetched sites and hours, no query)."""
        main_state = self.open_state
        if main_state is not None and main_state.is_open:
            return []
        states = ((site, site.open_state) for site in self.other_sites)
        return [(site, state) for site, state in states if state is not None and state.is_open]

    @property
    def nearest_site(self):
        """After `by_distance_from()`: the site the distance was measured to (prefetched)."""
        site_id = getattr(self, "nearest_site_id", None)
        return next((site for site in self.sites.all() if site.pk == site_id), None)

    @property
    def other_sites(self) -> list:
        main = self.main_site
        return [site for site in self.sites.all() if site != main]

    @property
    def is_step_free(self) -> bool:
        """For one loaded row, the rule of `CentreQuerySet.step_free()`: a step-free site."""
        return any(site.is_step_free for site in self.sites.all())

    @property
    def step_free_summary(self) -> StepFree:
        """The centre's access over its sites: the best known one, "nicht bekannt" if none is."""
        known = {site.step_free_access for site in self.sites.all()}
        for level in (StepFree.YES, StepFree.PARTLY, StepFree.NO):
            if level in known:
                return level
        return StepFree.UNKNOWN

    @property
    def place(self) -> str:
        """The main site's "Ortsteil, Bezirk", or the Bezirk alone where it is not known."""
        main = self.main_site
        return main.place if main else self.district.name


class PartnershipQuerySet(models.QuerySet):
    def published(self) -> PartnershipQuerySet:
        return self.filter(centre__status=Status.PUBLISHED)

    def real(self) -> PartnershipQuerySet:
        """Real partnerships: neither the centre nor the organisation is demo data."""
        return self.filter(centre__is_demo=False, organisation__is_demo=False)

    def kind_counts_by(self, group: str) -> dict[int, dict[str, int]]:
        """Per `group` id ("centre", "centre__district"): partnerships by the partner's kind.

        One GROUP BY query, whatever the number of rows; a kind without partners is missing.
        """
        counts: dict[int, dict[str, int]] = {}
        rows = (
            self.order_by()
            .values_list(group, "organisation__kind")
            .annotate(n=models.Count("pk"))
            .values_list(group, "organisation__kind", "n")
        )
        for key, kind, n in rows:
            counts.setdefault(key, {})[kind] = n
        return counts


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
                fields=["centre", "organisation"],
                name="centres_partnership_unique_pair",
                violation_error_message=_(
                    "Diese Organisation ist schon als Partnerin dieses Zentrums eingetragen."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.centre} – {self.organisation}"
