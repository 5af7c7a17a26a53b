"""How complete a centre's listing is: the facts it should have, said once for the funders'
overview (its data-completeness figure) and the staff's start page (what is missing)."""

from __future__ import annotations

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils.translation import gettext_lazy

from centres.models.centres import CentreQuerySet, has_site
from centres.models.offerings import Offering
from centres.models.sites import STEP_FREE_KNOWN_CONDITION

# The facts a centre's listing should have: the data-completeness figure counts them. Each is
# known for a centre when the condition holds for it (the outer row of a centre query).
COMPLETENESS_FACTS: list[tuple[str, str]] = [
    ("address", gettext_lazy("Adresse")),
    ("phone", gettext_lazy("Telefon")),
    ("hours", gettext_lazy("Öffnungszeiten")),
    ("ortsteil", gettext_lazy("Ortsteil")),
    ("access", gettext_lazy("Barrierefreiheit")),
    ("offerings", gettext_lazy("Angebote")),
]


def completeness_conditions() -> dict[str, Q]:
    """Per fact of `COMPLETENESS_FACTS`, when a centre has it: on one of its sites (the street
    on its main site), or, for offerings, one public offering."""
    offerings = Offering.objects.published().filter(centre=OuterRef("pk"))
    return {
        "address": Q(has_site(Q(is_main=True) & ~Q(street=""))),
        "phone": Q(has_site(~Q(phone=""))),
        "hours": Q(has_site(Q(opening_hours__isnull=False))),
        "ortsteil": Q(has_site(Q(ortsteil__isnull=False))),
        "access": Q(has_site(STEP_FREE_KNOWN_CONDITION)),
        "offerings": Q(Exists(offerings)),
    }


def with_facts(centres: CentreQuerySet) -> CentreQuerySet:
    """Annotate `has_<fact>` for each fact of `COMPLETENESS_FACTS` (`missing_facts()` reads
    them)."""
    return centres.annotate(
        **{
            f"has_{fact}": ExpressionWrapper(condition, output_field=BooleanField())
            for fact, condition in completeness_conditions().items()
        }
    )


def missing_facts(centre) -> list[str]:
    """The labels of the facts a centre annotated by `with_facts()` lacks."""
    return [str(label) for fact, label in COMPLETENESS_FACTS if not getattr(centre, f"has_{fact}")]
