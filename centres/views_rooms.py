"""Public pages of rooms (/raeume/, a room's page) and of getting involved (/mitmachen/).

Thin, like centres/views.py: every queryset starts from `published()` and says what it
prefetches; the filters are in centres/filters_rooms.py (docs/rooms.md).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.views.generic import DetailView

from centres.addresses import LowercaseSlugMixin
from centres.filters import active_filters, ignored_filters
from centres.filters_rooms import RoomFilter, VolunteerCallFilter, VolunteerOfferingFilter
from centres.maps import room_markers
from centres.models import Centre, Offering, OfferingKind, Room, Site, sites_prefetch
from centres.preview import is_preview
from centres.views import ListWithFiltersView, PreviewMixin

# The query parameter of /mitmachen/'s second list (centres/pagecache.py knows it too).
OFFERINGS_PAGE = "angebote_seite"


class RoomListView(ListWithFiltersView):
    filterset_class = RoomFilter
    template_name = "centres/room_list.html"
    paginate_by = settings.CENTRES_PER_PAGE

    def get_queryset(self) -> QuerySet[Room]:
        return Room.objects.published().for_list()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The rooms of this page, from the rows already loaded (no query).
        context["map_data"] = room_markers(context["object_list"])
        return context


class RoomDetailView(LowercaseSlugMixin, PreviewMixin, DetailView):
    template_name = "centres/room_detail.html"
    context_object_name = "room"

    def get_queryset(self) -> QuerySet[Room]:
        rooms = Room.objects.all() if is_preview(self.request) else Room.objects.published()
        public = Room.objects.published().filter(pk=OuterRef("pk"))
        return (
            rooms.annotate(in_public=Exists(public))
            .select_related("centre__district", "site__ortsteil", "site__centre__district")
            .prefetch_related(
                "equipment",
                "audiences",
                Prefetch("centre__sites", queryset=Site.objects.select_related("ortsteil")),
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        room = self.object
        return super().get_context_data(
            map_data=room_markers([room]),
            contact_site=room_contact_site(room),
            **kwargs,
        )


def room_contact_site(room: Room):
    """Whom to ask about a room: its site where it has a phone or e-mail, else the centre's
    main site."""
    if room.site.phone or room.site.email:
        return room.site
    main = room.centre.main_site
    return main if main and (main.phone or main.email) else None


class VolunteeringView(ListWithFiltersView):
    """/mitmachen/: the centres' standing calls for volunteers (paginated by `page`) and the
    volunteering offerings (by `angebote_seite`), both filtered by the same query string."""

    filterset_class = VolunteerCallFilter
    template_name = "centres/volunteering.html"
    paginate_by = settings.CENTRES_PER_PAGE

    def get_queryset(self) -> QuerySet[Centre]:
        return (
            Centre.objects.published()
            .exclude(volunteer_call="")
            .select_related("district")
            .prefetch_related("languages", sites_prefetch())
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        offerings = VolunteerOfferingFilter(
            self.request.GET or None,
            queryset=Offering.objects.published()
            .filter(kind=OfferingKind.VOLUNTEERING)
            .for_list()
            .by_next_occurrence(),
            request=self.request,
        )
        # A page number that does not exist shows the nearest page that does (as the Bezirk
        # page's second list); `page` is the calls' and answers 404 past the last.
        offerings_page = Paginator(offerings.qs, settings.OFFERINGS_PER_PAGE).get_page(
            self.request.GET.get(OFFERINGS_PAGE)
        )
        context.update(
            call_count=context["result_count"],
            offerings_page=offerings_page,
            offering_count=offerings_page.paginator.count,
            active_filters=active_filters(self.filterset),
            ignored_filters=ignored_filters(self.filterset),
        )
        context["result_count"] = context["call_count"] + context["offering_count"]
        return context
