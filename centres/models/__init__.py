"""The directory's domain, one module per concern, in import order: vocabularies, places,
organisations, centres (with partnerships), sites (with opening hours), offerings (with their
times).

Everything is importable from `centres.models`.
"""

from centres.models.accounts import LoginAttempt
from centres.models.base import Listing, WeeklySlot, count_of
from centres.models.centres import (
    Centre,
    CentreQuerySet,
    Partnership,
    PartnershipQuerySet,
    has_site,
    hours_prefetch,
    review_due_date,
    review_overdue_condition,
    sites_prefetch,
)
from centres.models.completeness import (
    COMPLETENESS_FACTS,
    completeness_conditions,
    missing_facts,
    with_facts,
)
from centres.models.inbox import Message, MessageQuerySet
from centres.models.offerings import (
    OFFERING_COUNT,
    Offering,
    OfferingQuerySet,
    OfferingTime,
    kind_alias,
    kind_count_measures,
    kind_counts_of,
)
from centres.models.organisations import Organisation, OrganisationQuerySet
from centres.models.places import District, DistrictQuerySet, Ortsteil, OrtsteilQuerySet
from centres.models.sites import (
    BERLIN_LATITUDE,
    BERLIN_LONGITUDE,
    OSM_CREDIT,
    POSTCODE_PATTERN,
    STEP_FREE_CONDITION,
    STEP_FREE_KNOWN_CONDITION,
    CoordinatesSource,
    OpeningException,
    OpeningExceptionQuerySet,
    OpeningHours,
    Site,
    SiteQuerySet,
)
from centres.models.vocabularies import (
    Cost,
    Language,
    OfferingKind,
    OrganisationKind,
    SiteKind,
    Status,
    StepFree,
    TargetGroup,
    Weekday,
)

__all__ = [
    "COMPLETENESS_FACTS",
    "completeness_conditions",
    "missing_facts",
    "with_facts",
    "LoginAttempt",
    "Message",
    "MessageQuerySet",
    "BERLIN_LATITUDE",
    "BERLIN_LONGITUDE",
    "OFFERING_COUNT",
    "OSM_CREDIT",
    "POSTCODE_PATTERN",
    "STEP_FREE_CONDITION",
    "STEP_FREE_KNOWN_CONDITION",
    "Centre",
    "CentreQuerySet",
    "CoordinatesSource",
    "Cost",
    "District",
    "DistrictQuerySet",
    "Language",
    "Listing",
    "Offering",
    "OfferingKind",
    "OfferingQuerySet",
    "OfferingTime",
    "OpeningException",
    "OpeningExceptionQuerySet",
    "OpeningHours",
    "Organisation",
    "OrganisationKind",
    "OrganisationQuerySet",
    "Ortsteil",
    "OrtsteilQuerySet",
    "Partnership",
    "PartnershipQuerySet",
    "Site",
    "SiteKind",
    "SiteQuerySet",
    "StepFree",
    "Status",
    "TargetGroup",
    "Weekday",
    "WeeklySlot",
    "count_of",
    "has_site",
    "hours_prefetch",
    "kind_alias",
    "kind_count_measures",
    "kind_counts_of",
    "review_due_date",
    "review_overdue_condition",
    "sites_prefetch",
]
