"""Berlin's Bezirke and Ortsteile."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from centres.models.base import count_of, model


class DistrictQuerySet(models.QuerySet):
    def with_counts(self) -> DistrictQuerySet:
        """Annotate the number of public centres and offerings of each Bezirk."""
        return self.annotate(
            centre_count=count_of(model("Centre").objects.published(), "district"),
            offering_count=count_of(model("Offering").objects.published(), "centre__district"),
        )

    def counts(self) -> dict[int, tuple[int, int]]:
        """District id → (public centres, public offerings): two GROUP BY queries over the
        partial indexes, for pages that show every Bezirk's counts."""
        centres = (
            model("Centre")
            .objects.published()
            .order_by()
            .values_list("district")
            .annotate(Count("pk"))
        )
        offerings = (
            model("Offering")
            .objects.published()
            .order_by()
            .values_list("centre__district")
            .annotate(Count("pk"))
        )
        per_centre, per_offering = dict(centres), dict(offerings)
        return {
            pk: (per_centre.get(pk, 0), per_offering.get(pk, 0))
            for pk in per_centre.keys() | per_offering.keys()
        }

    def with_stored_counts(self, counts: dict[int, tuple[int, int]]) -> list[District]:
        """These Bezirke with `centre_count` and `offering_count` from `counts()` (computed
        once per data version by the caller), without a subquery per Bezirk."""
        districts = list(self)
        for district in districts:
            district.centre_count, district.offering_count = counts.get(district.pk, (0, 0))
        return districts


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
                condition=Q(number__gte=1, number__lte=12),
                name="centres_district_number_1_to_12",
                violation_error_message=_("Die Nummer eines Bezirks liegt zwischen 1 und 12."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("centres:district_detail", kwargs={"slug": self.slug})

    @property
    def number_display(self) -> str:
        return f"{self.number:02d}"


class OrtsteilQuerySet(models.QuerySet):
    def with_centre_counts(self) -> OrtsteilQuerySet:
        """Annotate `centre_count`: the published centres with a site in the Ortsteil."""
        sites = model("Site").objects.published()
        return self.annotate(centre_count=count_of(sites, "ortsteil", distinct="centre"))

    def without_published_centre(self) -> OrtsteilQuerySet:
        """Ortsteile where no published centre is: the gaps the Bezirk page and overview name."""
        return self.with_centre_counts().filter(centre_count=0)


class Ortsteil(models.Model):
    """A locality; each belongs to exactly one Bezirk."""

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="ortsteile", verbose_name=_("Bezirk")
    )
    name = models.CharField(_("Name"), max_length=100)
    slug = models.SlugField(_("Kurzname"), max_length=100, unique=True)
    source = models.TextField(_("Quelle"), blank=True)

    objects = OrtsteilQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Ortsteil")
        verbose_name_plural = _("Ortsteile")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"],
                name="centres_ortsteil_unique_name_per_district",
                violation_error_message=_(
                    "In diesem Bezirk gibt es schon einen Ortsteil dieses Namens."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name
