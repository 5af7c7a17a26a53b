from django.contrib.sitemaps.views import sitemap
from django.urls import path, register_converter
from django.views.generic import TemplateView

from centres import feeds, inbox, room_requests, seo, views, views_rooms
from centres.opendata import views as views_opendata
from centres.overview import views as views_overview


class ExportFormatConverter:
    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExportFormatConverter, "export_format")

app_name = "centres"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("bezirke/<slug:slug>/", views.DistrictDetailView.as_view(), name="district_detail"),
    path("zentren/", views.CentreListView.as_view(), name="centre_list"),
    path("zentren/<slug:slug>/", views.CentreDetailView.as_view(), name="centre_detail"),
    path("angebote/", views.OfferingListView.as_view(), name="offering_list"),
    path("angebote/<slug:slug>/", views.OfferingDetailView.as_view(), name="offering_detail"),
    path("termine/", views.AgendaView.as_view(), name="agenda"),
    # Rooms for the neighbourhood and getting involved (docs/rooms.md).
    path("raeume/", views_rooms.RoomListView.as_view(), name="room_list"),
    path("raeume/<slug:slug>/", views_rooms.RoomDetailView.as_view(), name="room_detail"),
    path("mitmachen/", views_rooms.VolunteeringView.as_view(), name="volunteering"),
    path("ueber/foerderung/", views.FundingView.as_view(), name="funding"),
    # The statements a public site in Germany owes; templates/pages/ holds their text, which the
    # operator completes before going live (docs/design.md).
    path("impressum/", TemplateView.as_view(template_name="pages/impressum.html"), name="imprint"),
    path(
        "barrierefreiheit/",
        TemplateView.as_view(template_name="pages/barrierefreiheit.html"),
        name="accessibility",
    ),
    path("datenschutz/", views.PrivacyView.as_view(), name="privacy"),
    path("stil/", views.StyleGuideView.as_view(), name="styleguide"),
    path("partner/", views.PartnerListView.as_view(), name="partner_list"),
    path("partner/<slug:slug>/", views.PartnerDetailView.as_view(), name="partner_detail"),
    path("uebersicht/", views_overview.OverviewView.as_view(), name="overview"),
    path(
        "uebersicht/bericht/", views_overview.OverviewReportView.as_view(), name="overview_report"
    ),
    path(
        "uebersicht/export.<export_format:export_format>",
        views_overview.OverviewExportView.as_view(),
        name="overview_export",
    ),
    path(
        "uebersicht/<slug:slug>/",
        views_overview.OverviewDistrictView.as_view(),
        name="overview_district",
    ),
    path(
        "uebersicht/<slug:slug>/export.<export_format:export_format>",
        views_overview.OverviewDistrictExportView.as_view(),
        name="overview_district_export",
    ),
    # Calendars and the Atom feed (centres/feeds.py, docs/opendata.md).
    path(
        "angebote/kalender.ics", feeds.OfferingListCalendarView.as_view(), name="offering_list_ics"
    ),
    path("angebote/neu.atom", feeds.NewOfferingsFeed(), name="offering_atom"),
    path(
        "angebote/<slug:slug>/kalender.ics",
        feeds.OfferingCalendarView.as_view(),
        name="offering_ics",
    ),
    path("zentren/<slug:slug>/kalender.ics", feeds.CentreCalendarView.as_view(), name="centre_ics"),
    path(
        "bezirke/<slug:slug>/kalender.ics",
        feeds.DistrictCalendarView.as_view(),
        name="district_ics",
    ),
    # Open data (centres/opendata/, docs/opendata.md).
    path("daten/", views_opendata.OpenDataView.as_view(), name="opendata"),
    path(
        "daten/stadtteilzentren.csv", views_opendata.centres_csv_view, name="opendata_centres_csv"
    ),
    path("daten/angebote.csv", views_opendata.offerings_csv_view, name="opendata_offerings_csv"),
    path(
        "daten/stadtteilzentren.geojson",
        views_opendata.sites_geojson_view,
        name="opendata_geojson",
    ),
    path("api/hsds/", views_opendata.hsds_root, name="hsds_root"),
    path("api/hsds/openapi.json", views_opendata.hsds_openapi, name="hsds_openapi"),
    *(
        route
        for name, (listing, single) in views_opendata.hsds_views().items()
        for route in (
            path(f"api/hsds/{name}", listing.as_view(), name=f"hsds_{name}"),
            path(f"api/hsds/{name}/<str:id>", single.as_view(), name=f"hsds_{name}_detail"),
        )
    ),
    # Residents write to a centre's editors (centres/inbox.py); never cached, never public.
    path("zentren/<slug:slug>/melden/", inbox.CentreCorrectionView.as_view(), name="centre_report"),
    path(
        "zentren/<slug:slug>/melden/danke/",
        inbox.ThanksView.as_view(),
        name="centre_report_thanks",
    ),
    path("zentren/<slug:slug>/idee/", inbox.CentreIdeaView.as_view(), name="centre_idea"),
    path(
        "zentren/<slug:slug>/idee/danke/",
        inbox.ThanksView.as_view(kind="idea"),
        name="centre_idea_thanks",
    ),
    path(
        "angebote/<slug:slug>/melden/",
        inbox.OfferingCorrectionView.as_view(),
        name="offering_report",
    ),
    path(
        "angebote/<slug:slug>/melden/danke/",
        inbox.ThanksView.as_view(of_offering=True),
        name="offering_report_thanks",
    ),
    path(
        "raeume/<slug:slug>/anfragen/",
        room_requests.RoomRequestView.as_view(),
        name="room_request",
    ),
    path(
        "raeume/<slug:slug>/anfragen/danke/",
        room_requests.RoomRequestThanksView.as_view(),
        name="room_request_thanks",
    ),
    # For search engines (centres/seo.py).
    path("sitemap.xml", sitemap, {"sitemaps": seo.SITEMAPS}, name="sitemap"),
    path("robots.txt", seo.robots_txt, name="robots"),
]
