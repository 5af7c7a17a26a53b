"""The funders' overview: the city at a glance, one Bezirk in depth, and their downloads.

Thin: the figures come from `figures`, the files from `exports`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import urlencode
from django.views import View
from django.views.generic import TemplateView

from centres.models import District
from centres.overview import exports
from centres.overview.charts import SHADES, bar_chart
from centres.overview.figures import (
    CityOverview,
    DistrictOverview,
    centre_columns,
    city_overview,
    district_overviews,
)


class OverviewAccessMixin(PermissionRequiredMixin):
    """Public unless OVERVIEW_REQUIRES_LOGIN; then anonymous visitors go to the login page and
    logged-in users without `centres.view_overview` get 403."""

    permission_required = "centres.view_overview"
    login_url = reverse_lazy("admin:login")

    def has_permission(self) -> bool:
        if not settings.OVERVIEW_REQUIRES_LOGIN:
            return True
        return super().has_permission()


class CityOverviewMixin(OverviewAccessMixin):
    def get_overview(self) -> CityOverview:
        return city_overview(sort=self.request.GET.get("sort", ""))


class DistrictOverviewMixin(OverviewAccessMixin):
    def get_overview(self) -> DistrictOverview:
        overviews = district_overviews(District.objects.filter(slug=self.kwargs["slug"]))
        if not overviews:
            raise Http404("Diesen Bezirk gibt es nicht.")
        return overviews[0]


class OverviewView(CityOverviewMixin, TemplateView):
    template_name = "centres/overview.html"

    def get_context_data(self, **kwargs):
        overview = self.get_overview()
        return super().get_context_data(
            overview=overview,
            chart=bar_chart(
                [(row.name, row.centres_per_100k) for row in overview.rows],
                overview.total.centres_per_100k,
            ),
            shades=SHADES,
            today=timezone.localdate(),
            **_download_urls("centres:overview_export", {}, overview.sort),
            **kwargs,
        )


class OverviewReportView(OverviewView):
    """The city overview and every Bezirk in depth on one page, to print as one report."""

    template_name = "centres/overview_report.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            districts=district_overviews(District.objects.all()), **kwargs
        )


class OverviewDistrictView(DistrictOverviewMixin, TemplateView):
    template_name = "centres/overview_district.html"

    def get_context_data(self, **kwargs):
        overview = self.get_overview()
        return super().get_context_data(
            overview=overview,
            district=overview.district,
            figures=overview.figures,
            shades=SHADES,
            today=timezone.localdate(),
            **_download_urls("centres:overview_district_export", {"slug": overview.district.slug}),
            **kwargs,
        )


class OverviewExportView(CityOverviewMixin, View):
    """One row per Bezirk and a last row for Berlin, as CSV or XLSX."""

    def get(self, request, export_format: str):
        overview = self.get_overview()
        return export_table(
            export_format,
            overview.columns,
            [*overview.rows, overview.total],
            title="Stadtteilzentren nach Bezirk",
        )


class OverviewDistrictExportView(DistrictOverviewMixin, View):
    """One row per published centre of the Bezirk, as CSV or XLSX."""

    def get(self, request, slug: str, export_format: str):
        overview = self.get_overview()
        return export_table(
            export_format,
            centre_columns(),
            overview.centres,
            title=f"Zentren in {overview.district.name}",
            filename_parts=[overview.district.slug],
        )


def _download_urls(name: str, kwargs: dict, sort: str = "") -> dict[str, str]:
    """Links to the CSV and XLSX of the table on the page, in the page's order."""
    query = f"?{urlencode({'sort': sort})}" if sort else ""
    return {
        f"{export_format}_url": reverse(name, kwargs={**kwargs, "export_format": export_format})
        + query
        for export_format in ("csv", "xlsx")
    }


def export_table(export_format, columns, rows, *, title, filename_parts=()):
    stand = timezone.localdate()
    filename = exports.export_filename(stand, *filename_parts, extension=export_format)
    if export_format == "xlsx":
        return exports.xlsx_response(columns, rows, stand=stand, filename=filename, title=title)
    return exports.csv_response(columns, rows, stand=stand, filename=filename)
