"""The directory's fixed vocabularies (choices) and the two that staff can extend."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from centres.wording import NOT_KNOWN


class Weekday(models.IntegerChoices):
    """ISO weekday numbers (Monday = 1), as `date.isoweekday()` and `ExtractIsoWeekDay` count."""

    MONDAY = 1, _("Montag")
    TUESDAY = 2, _("Dienstag")
    WEDNESDAY = 3, _("Mittwoch")
    THURSDAY = 4, _("Donnerstag")
    FRIDAY = 5, _("Freitag")
    SATURDAY = 6, _("Samstag")
    SUNDAY = 7, _("Sonntag")

    @property
    def slug(self) -> str:
        """The German URL value: "montag", … ("?wochentag=montag")."""
        return _WEEKDAY_SLUGS[self.value]

    @classmethod
    def from_slug(cls, slug: str) -> Weekday:
        return cls(_WEEKDAY_SLUGS.index(slug))


# Index = ISO weekday number; the slugs are German whatever the interface language.
_WEEKDAY_SLUGS = [
    "",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
]


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
    UNKNOWN = "unbekannt", NOT_KNOWN  # the site's one word for it (centres.wording)


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


def valid_choice(field: str, choices: type[models.Choices]) -> Q:
    """The condition of a CheckConstraint that keeps `field` to the values of `choices`."""
    return Q(**{f"{field}__in": [choice.value for choice in choices]})


# The names the reference data brings (fixtures/target_groups.csv, fixtures/languages.csv), marked
# so that the English catalogue holds them; a name staff add later shows in German until it is
# translated there (docs/languages.md).
REFERENCE_NAMES = (
    gettext_noop("Alle"),
    gettext_noop("Kinder"),
    gettext_noop("Jugendliche"),
    gettext_noop("Familien"),
    gettext_noop("Eltern"),
    gettext_noop("Seniorinnen und Senioren"),
    gettext_noop("Frauen"),
    gettext_noop("Migrantinnen und Migranten / Geflüchtete"),
    gettext_noop("Menschen mit Behinderung"),
    gettext_noop("Deutsch"),
    gettext_noop("Englisch"),
    gettext_noop("Türkisch"),
    gettext_noop("Arabisch"),
    gettext_noop("Russisch"),
    gettext_noop("Ukrainisch"),
    gettext_noop("Polnisch"),
    gettext_noop("Vietnamesisch"),
    gettext_noop("Persisch"),
    gettext_noop("Kurdisch"),
    gettext_noop("Französisch"),
    gettext_noop("Spanisch"),
    gettext_noop("Serbisch"),
)


def _translated(name: str) -> str:
    # gettext("") would answer the catalogue's header.
    return gettext(name) if name else name


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
        return _translated(self.name)


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
                condition=Q(code__regex=r"^[a-z]{2}$"),
                name="centres_language_code_iso_639_1",
                violation_error_message=_(
                    "Bitte geben Sie den Sprachcode mit zwei Kleinbuchstaben an (ISO 639-1), "
                    "z. B. „de“ oder „tr“."
                ),
            ),
        ]

    def __str__(self) -> str:
        return _translated(self.name)


class SiteKind(models.TextChoices):
    """What a centre's site is; the first three are the IFP STZ export's `Einrichtungsart`."""

    NEIGHBOURHOOD_CENTRE = "stadtteilzentrum", _("Stadtteilzentrum")
    NEIGHBOURHOOD_HOUSE = "nachbarschaftshaus", _("Nachbarschaftshaus")
    INTERCULTURAL_GARDEN = "garten", _("Interkultureller Garten")
    NEIGHBOURHOOD_MEETING_POINT = "nachbarschaftstreff", _("Nachbarschaftstreff")
    FAMILY_CENTRE = "familienzentrum", _("Familienzentrum")
    MULTI_GENERATION_HOUSE = "mehrgenerationenhaus", _("Mehrgenerationenhaus")
    SELF_HELP_CONTACT_POINT = "selbsthilfe", _("Selbsthilfekontaktstelle")
    OTHER = "sonstiger", _("Sonstiger Standort")

    @classmethod
    def from_label(cls, label: str) -> SiteKind | None:
        """The kind an export names in words ("Interkultureller Garten"), or None."""
        by_label = {str(kind.label).casefold(): kind for kind in cls}
        return by_label.get(label.strip().casefold())


class VolunteerTask(models.TextChoices):
    """What volunteers help with: a centre's standing call, a volunteering offering."""

    COMPANY = "begleitung", _("Begleitung und Besuche")
    LEARNING = "lernen", _("Lernhilfe und Sprache")
    CAFE = "cafe", _("Café und Küche")
    EVENTS = "feste", _("Feste und Veranstaltungen")
    GARDEN = "garten", _("Garten und Umwelt")
    REPAIR = "handwerk", _("Handwerk und Reparatur")
    TRANSLATION = "uebersetzen", _("Übersetzen und Dolmetschen")
    ORGANISING = "organisation", _("Organisation und Verwaltung")
    OTHER = "sonstiges", _("Sonstiges")


class Commitment(models.TextChoices):
    """How much time volunteering asks for."""

    ONCE = "einmalig", _("einmalig")
    REGULAR = "regelmaessig", _("regelmäßig")
    FLEXIBLE = "flexibel", _("flexibel")
