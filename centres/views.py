"""Public pages. Thin: every queryset starts from `published()` and says what it prefetches."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from centres import agenda, hours, styleguide
from centres.addresses import LowercaseSlugMixin
from centres.filters import (
    CentreFilter,
    OfferingFilter,
    PartnerFilter,
    active_filters,
    ignored_filters,
)
from centres.maps import bezirk_map, centre_markers
from centres.models import (
    Centre,
    District,
    Offering,
    OfferingKind,
    OfferingQuerySet,
    OpeningException,
    Organisation,
    Ortsteil,
    Partnership,
    Site,
    Status,
    hours_prefetch,
    rooms_prefetch,
    sites_prefetch,
)
from centres.models.search import SEARCH_FIELDS
from centres.network import district_network
from centres.pagecache import versioned
from centres.paging import CachedCountPaginator, FriendlyPagesMixin, count_key
from centres.preview import is_preview, preview_allows
from centres.programme import offering_groups, week_programme
from centres.templatetags.design import KIND_ICONS

UPCOMING_EVENTS_ON_HOME = 5
# The query parameters of the Bezirk page's two lists (centres/pagecache.py knows them too).
CENTRES_PAGE = "page"
PARTNERS_PAGE = "partner_page"


def upcoming_events(offerings: OfferingQuerySet) -> QuerySet[Offering]:
    """The next few of these offerings' events, with what an event card shows."""
    return offerings.upcoming_events().select_related("centre__district")[:UPCOMING_EVENTS_ON_HOME]


class HomeView(TemplateView):
    template_name = "centres/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        districts = District.objects.with_stored_counts(district_counts())
        return super().get_context_data(
            districts=districts,
            bezirk_map=bezirk_map(districts),
            centre_total=sum(district.centre_count for district in districts),
            offering_total=sum(district.offering_count for district in districts),
            upcoming_events=upcoming_events(Offering.objects.published()),
            **kwargs,
        )


def district_counts() -> dict[int, tuple[int, int]]:
    """Every Bezirk's public centres and offerings, counted once per data version."""
    return versioned("district-counts", District.objects.counts)


class ListWithFiltersView(FriendlyPagesMixin, FilterView):
    """A filtered, paginated list. Invalid filter values are named on the page and ignored;
    a page past the last says how many there are (`centres.paging`)."""

    strict = False

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["active_filters"] = active_filters(self.filterset)
        context["ignored_filters"] = ignored_filters(self.filterset)
        context["search_rank_limit"] = number_format(
            settings.SEARCH_RANK_LIMIT, force_grouping=True
        )
        context["filter_errors"] = [
            (self.filterset.form.fields[name].label, errors)
            for name, errors in self.filterset.form.errors.items()
        ]
        context["result_count"] = (
            context["paginator"].count if context["paginator"] else len(context["object_list"])
        )
        return context


class CentreListView(ListWithFiltersView):
    filterset_class = CentreFilter
    template_name = "centres/centre_list.html"
    paginate_by = settings.CENTRES_PER_PAGE

    def get_queryset(self) -> QuerySet[Centre]:
        return Centre.objects.published().for_list()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The map shows the centres of this page: what the list beside it shows, from the rows
        # already loaded (no query, and at most one page of markers to send).
        context["map_data"] = centre_markers(context["object_list"])
        if self.filterset.is_valid() and (near := self.filterset.form.cleaned_data.get("nahe")):
            context["map_data"]["origin"] = [near.latitude, near.longitude]
        return context


class OfferingListView(ListWithFiltersView):
    filterset_class = OfferingFilter
    template_name = "centres/offering_list.html"
    paginate_by = settings.OFFERINGS_PER_PAGE

    def get_queryset(self) -> QuerySet[Offering]:
        return Offering.objects.published().for_list().by_next_occurrence()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The same offerings as a calendar feed: the filters without the page number.
        query = self.request.GET.copy()
        query.pop("page", None)
        context["calendar_url"] = reverse("centres:offering_list_ics") + (
            f"?{query.urlencode()}" if query else ""
        )
        return context


class AgendaView(FilterView):
    """/termine/: what takes place, day by day, for four weeks (`centres.agenda`)."""

    filterset_class = OfferingFilter
    template_name = "centres/agenda.html"
    strict = False

    def get_queryset(self) -> QuerySet[Offering]:
        return Offering.objects.published()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        first, last = agenda.window(*self.filterset.when_range(), today=today)
        one_day = first == last
        days = agenda.agenda_days(
            self.object_list,
            first,
            last,
            per_day=settings.AGENDA_PER_DAY_ONE_DAY if one_day else settings.AGENDA_PER_DAY,
        )
        query = self.request.GET.copy()
        for name in ("wann", "von", "bis", "page"):
            query.pop(name, None)
        for day in days:
            day.more_url = _with(query, von=day.day.isoformat(), bis=day.day.isoformat())
            day.offerings_url = reverse("centres:offering_list") + day.more_url
        sunday = today + datetime.timedelta(days=7 - today.isoweekday())
        context.update(
            days=days,
            today=today,
            first=first,
            last=last,
            one_day=one_day,
            occurrence_total=sum(day.total for day in days),
            occurrences_capped=any(day.capped for day in days),
            active_filters=active_filters(self.filterset),
            ignored_filters=ignored_filters(self.filterset),
            filter_errors=[
                (self.filterset.form.fields[name].label, errors)
                for name, errors in self.filterset.form.errors.items()
            ],
            shortcuts=[
                (_("Heute"), _with(query, wann="heute"), one_day and first == today),
                (_("Diese Woche"), _with(query, wann="woche"), (first, last) == (today, sunday)),
                (
                    _("Vier Wochen"),
                    _with(query),
                    (first, last) == agenda.window(None, None, today=today),
                ),
            ],
            later_url=_with(query, von=(last + datetime.timedelta(days=1)).isoformat()),
        )
        return context


def _with(query: QueryDict, **values: str) -> str:
    """`?` and the query string with these values set."""
    query = query.copy()
    for name, value in values.items():
        query[name] = value
    return f"?{query.urlencode()}"


class PartnerListView(ListWithFiltersView):
    filterset_class = PartnerFilter
    template_name = "centres/partner_list.html"
    paginate_by = settings.CENTRES_PER_PAGE

    def get_queryset(self) -> QuerySet[Organisation]:
        return Organisation.objects.published().with_centre_counts()


class DistrictDetailView(LowercaseSlugMixin, DetailView):
    model = District
    template_name = "centres/district_detail.html"
    context_object_name = "district"

    def get_object(self, queryset=None) -> District:
        district = super().get_object(queryset)
        district.centre_count, district.offering_count = district_counts().get(district.pk, (0, 0))
        return district

    def page_of(self, queryset: QuerySet, per_page: int, parameter: str):
        key = count_key(self.request, ignore=(CENTRES_PAGE, PARTNERS_PAGE))
        paginator = CachedCountPaginator(queryset, per_page, count_key=key and f"{key}:{parameter}")
        return paginator.get_page(self.request.GET.get(parameter))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        district = self.object
        offerings = Offering.objects.published().filter(centre__district=district)
        # The Bezirk's figures, whichever page of its lists is shown: once per data version.
        kinds = versioned(f"district-kinds:{district.pk}", offerings.kind_counts)
        # Both lists in pages: a Bezirk of a large city has hundreds of centres and partners.
        # A page number that does not exist shows the nearest page that does.
        centres_page = self.page_of(
            Centre.objects.published()
            .filter(district=district)
            .for_list()
            .with_main_ortsteil()
            .order_by(F("main_ortsteil_name").asc(nulls_last=True), *Centre._meta.ordering),
            settings.CENTRES_PER_PAGE,
            CENTRES_PAGE,
        )
        partners_page = self.page_of(
            Organisation.objects.partners_in(district).order_by("name", "pk"),
            settings.PARTNERS_PER_PAGE,
            PARTNERS_PAGE,
        )
        centres = list(centres_page.object_list)
        return super().get_context_data(
            centres=centres,
            centres_page=centres_page,
            partners_page=partners_page,
            map_data=centre_markers(centres),
            offering_kinds=[
                (kind, kinds[kind.value]) for kind in OfferingKind if kinds[kind.value]
            ],
            upcoming_events=upcoming_events(offerings),
            partners=partners_page.object_list,
            network=district_network(district, centres),
            ortsteile_without_centre=versioned(
                f"district-ortsteile-without-centre:{district.pk}",
                lambda: list(Ortsteil.objects.filter(district=district).without_published_centre()),
            ),
            **kwargs,
        )


class PreviewMixin:
    """Drafts for their editors: with a staff preview token (`centres.preview`) the page shows
    an unpublished entry, marked as a preview; everyone else gets the 404 of a missing page."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not obj.in_public and not preview_allows(self.request, obj):
            raise Http404
        return obj

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(preview=not self.object.in_public, **kwargs)


class CentreDetailView(LowercaseSlugMixin, PreviewMixin, DetailView):
    template_name = "centres/centre_detail.html"
    context_object_name = "centre"

    def get_queryset(self) -> QuerySet[Centre]:
        previewing = is_preview(self.request)
        centres = Centre.objects.all() if previewing else Centre.objects.published()
        offerings = (
            Offering.objects.exclude(status=Status.ARCHIVED).current()
            if previewing
            else Offering.objects.published()
        )
        # The stored search documents are no part of the page (the centre's holds every
        # offering's words): not read.
        return (
            centres.defer(*SEARCH_FIELDS)
            .annotate(in_public=Q(status=Status.PUBLISHED))
            .select_related("district", "provider")
            .prefetch_related(
                "languages",
                sites_prefetch(*hours_prefetch()),
                Prefetch(
                    "offerings",
                    queryset=offerings.defer(*SEARCH_FIELDS)
                    .prefetch_related("times", "target_groups")
                    .order_by("starts_at", "title"),
                    to_attr="public_offerings",
                ),
                Prefetch(
                    "partnerships",
                    queryset=Partnership.objects.select_related("organisation"),
                ),
                rooms_prefetch(),
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        offerings = self.object.public_offerings
        return super().get_context_data(
            programme=week_programme(self.object, offerings),
            offering_groups=offering_groups(offerings),
            map_data=centre_markers([self.object]),
            **kwargs,
        )


class StyleGuideView(TemplateView):
    """/stil/: every component of the design system, the palette with its contrast ratios."""

    template_name = "centres/styleguide.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            pairs=styleguide.pairs(),
            kinds=[(kind.value, kind.label, KIND_ICONS[kind]) for kind in Offering.Kind],
            icons=styleguide.icon_names(),
            **kwargs,
        )


class FundingView(TemplateView):
    """What "vom Land Berlin gefördertes Stadtteilzentrum" means, in plain words."""

    template_name = "centres/funding.html"


class PrivacyView(TemplateView):
    """The privacy statement; it states how long residents' messages are kept."""

    template_name = "pages/datenschutz.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            inbox_retention_days=settings.INBOX_RETENTION_DAYS, **kwargs
        )


class OfferingDetailView(LowercaseSlugMixin, PreviewMixin, DetailView):
    template_name = "centres/offering_detail.html"
    context_object_name = "offering"

    def get_queryset(self) -> QuerySet[Offering]:
        offerings = (
            Offering.objects.all() if is_preview(self.request) else Offering.objects.published()
        )
        public = Offering.objects.published().filter(pk=OuterRef("pk"))
        return (
            offerings.annotate(in_public=Exists(public))
            .select_related("centre__district", "site__ortsteil")
            .prefetch_related(
                "times",
                "target_groups",
                "languages",
                "centre__sites__ortsteil",
                # closures of its venue leave out dates (`hours.next_occurrences`)
                Prefetch("site__exceptions", queryset=upcoming_exceptions()),
                Prefetch("centre__sites__exceptions", queryset=upcoming_exceptions()),
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        offering = self.object
        upcoming = [] if offering.is_event else hours.next_occurrences(offering, count=3)
        return super().get_context_data(next_occurrences=upcoming, **kwargs)


def upcoming_exceptions() -> QuerySet[OpeningException]:
    return OpeningException.objects.from_day(timezone.localdate())


class PartnerDetailView(LowercaseSlugMixin, DetailView):
    template_name = "centres/partner_detail.html"
    context_object_name = "organisation"

    def get_queryset(self) -> QuerySet[Organisation]:
        return Organisation.objects.published()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        organisation = self.object
        return super().get_context_data(
            provided_centres=Centre.objects.published()
            .filter(provider=organisation)
            .select_related("district")
            .prefetch_related(sites_prefetch()),
            partnerships=Partnership.objects.published()
            .filter(organisation=organisation)
            .select_related("centre__district")
            .prefetch_related(
                Prefetch("centre__sites", queryset=Site.objects.select_related("ortsteil"))
            )
            .order_by("centre__is_demo", "centre__name"),
            **kwargs,
        )
