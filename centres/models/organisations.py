"""Providers (Träger) of centres and the organisations they work with."""

from __future__ import annotations

from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from centres.models.base import count_of, model
from centres.models.places import District
from centres.models.vocabularies import OrganisationKind, valid_choice


class OrganisationQuerySet(models.QuerySet):
    def published(self) -> OrganisationQuerySet:
        """Organisations that provide or partner with at least one published centre."""
        centres = model("Centre").objects.published()
        return self.filter(
            Exists(centres.filter(provider=OuterRef("pk")))
            | Exists(_public_partnerships().filter(organisation=OuterRef("pk")))
        )

    def partners(self) -> OrganisationQuerySet:
        """Organisations in at least one public partnership."""
        return self.filter(Exists(_public_partnerships().filter(organisation=OuterRef("pk"))))

    def partners_in(self, district: District) -> OrganisationQuerySet:
        """Partners of the district's public centres, with `centre_count` of those centres."""
        partnerships = _public_partnerships().filter(centre__district=district)
        return self.filter(Exists(partnerships.filter(organisation=OuterRef("pk")))).annotate(
            centre_count=count_of(partnerships, "organisation")
        )

    def with_centre_counts(self) -> OrganisationQuerySet:
        """Annotate how many public centres each organisation provides and partners with."""
        return self.annotate(
            provided_count=count_of(model("Centre").objects.published(), "provider"),
            partner_count=count_of(_public_partnerships(), "organisation"),
        )


def _public_partnerships() -> models.QuerySet:
    return model("Partnership").objects.published()


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
        ordering = ["is_demo", "name"]  # real organisations first, as centres
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        indexes = [models.Index(fields=["kind"], name="centres_org_kind_idx")]
        constraints = [
            models.CheckConstraint(
                condition=valid_choice("kind", OrganisationKind),
                name="centres_organisation_kind_valid",
                violation_error_message=_("Bitte wählen Sie eine der Arten von Organisationen."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("centres:partner_detail", kwargs={"slug": self.slug})
