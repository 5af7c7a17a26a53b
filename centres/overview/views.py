"""The funders' overview: the city at a glance, one Bezirk in depth, and their downloads.

Thin: the figures come from `figures`, their layout from `tables`, the files from `exports`.
"""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from centres.models import District
from centres.overview import exports
from centres.overview.charts import SHADES, bar_chart
from centres.overview.figures import (
    CityOverview,
    DemoData,
    DistrictOverview,
    city_overview,
    demo_data,
    district_overviews,
    partnerships_by_kind,
)
from centres.overview.formatting import demo_counts, demo_included
from centres.overview.tables import (
    Table,
    centre_table,
    city_table,
    partnership_columns,
    partnership_table,
)

DEMO_PARAMETER = "demo"


class OverviewAccessMixin(PermissionRequiredMixin):
    """Public unless OVERVIEW_REQUIRES_LOGIN; then anonymous visitors go to the login page and
    logged-in users without `centres.view_overview` get 403."""

    permission_required = "centres.view_overview"
    login_url = reverse_lazy("admin:login")

    def has_permission(self) -> bool:
        if not settings.OVERVIEW_REQUIRES_LOGIN:
            return True
        return super().has_permission()

    @property
    def demo_value(self) -> str:
        return self.request.GET.get(DEMO_PARAMETER, "")

    @property
    def include_demo(self) -> bool:
        """`?demo=1` counts the demo data too; without it (or with any other value) only real
        entries count."""
        return self.demo_value == "1"

    @cached_property
    def demo(self) -> DemoData:
        return demo_data(include_demo=self.include_demo)

    def demo_context(self, sort: str = "") -> dict:
        """What every overview page says about the demo data, and its links that keep the sort."""
        rejected = self.demo_value not in ("", "0", "1")
        keep_sort = {"sort": sort} if sort else {}
        return {
            "demo": self.demo,
            "demo_included": demo_included(self.demo.centres),
            "demo_counts": demo_counts(self.demo.centres, self.demo.offerings),
            "demo_rejected": self.demo_value if rejected else "",
            "demo_query": f"&{DEMO_PARAMETER}=1" if self.include_demo else "",
            "with_demo_url": f"?{urlencode({**keep_sort, DEMO_PARAMETER: 1})}",
            "without_demo_url": f"?{urlencode(keep_sort)}",
        }


class CityOverviewMixin(OverviewAccessMixin):
    def get_overview(self) -> tuple[CityOverview, Table]:
        """The city's figures and their table, sorted by the `sort` parameter."""
        overview = city_overview(include_demo=self.include_demo)
        link_query = f"?{DEMO_PARAMETER}=1" if self.include_demo else ""
        table = city_table(overview, sort=self.request.GET.get("sort", ""), link_query=link_query)
        # Partnerships by partner kind: the export's last columns, the page's own table.
        self.partnerships = partnerships_by_kind(include_demo=self.include_demo)
        table.columns.extend(partnership_columns(self.partnerships))
        return overview, table


class DistrictOverviewMixin(OverviewAccessMixin):
    def get_overview(self) -> DistrictOverview:
        overviews = district_overviews(
            District.objects.filter(slug=self.kwargs["slug"]), include_demo=self.include_demo
        )
        if not overviews:
            raise Http404(_("Diesen Bezirk gibt es nicht."))
        return overviews[0]


class OverviewView(CityOverviewMixin, TemplateView):
    template_name = "centres/overview.html"

    def get_context_data(self, **kwargs) -> dict:
        overview, table = self.get_overview()
        return super().get_context_data(
            overview=overview,
            city_table=table,
            chart=bar_chart(
                [(row.name, row.centres_per_100k) for row in overview.rows],
                overview.total.centres_per_100k,
            ),
            shades=SHADES,
            today=timezone.localdate(),
            partnership_table=partnership_table(overview, self.partnerships),
            **_download_urls("centres:overview_export", {}, table.sort, self.include_demo),
            **self.demo_context(table.sort),
            **kwargs,
        )


class OverviewReportView(OverviewView):
    """The city overview and every Bezirk in depth on one page, to print as one report."""

    template_name = "centres/overview_report.html"

    def get_context_data(self, **kwargs) -> dict:
        districts = [
            (district, centre_table(district))
            for district in district_overviews(
                District.objects.all(), include_demo=self.include_demo
            )
        ]
        return super().get_context_data(districts=districts, **kwargs)


class OverviewDistrictView(DistrictOverviewMixin, TemplateView):
    template_name = "centres/overview_district.html"

    def get_context_data(self, **kwargs) -> dict:
        overview = self.get_overview()
        table = centre_table(overview, sort=self.request.GET.get("sort", ""))
        return super().get_context_data(
            overview=overview,
            centre_table=table,
            district=overview.district,
            figures=overview.figures,
            shades=SHADES,
            today=timezone.localdate(),
            **_download_urls(
                "centres:overview_district_export",
                {"slug": overview.district.slug},
                table.sort,
                include_demo=self.include_demo,
            ),
            **self.demo_context(table.sort),
            **kwargs,
        )


class OverviewExportView(CityOverviewMixin, View):
    """One row per Bezirk and a last row for Berlin, as CSV or XLSX."""

    def get(self, request: HttpRequest, export_format: str) -> HttpResponse:
        _overview, table = self.get_overview()
        return exports.table_response(
            table, export_format, title=_("Stadtteilzentren nach Bezirk"), demo=self.demo
        )


class OverviewDistrictExportView(DistrictOverviewMixin, View):
    """One row per published centre of the Bezirk, as CSV or XLSX."""

    def get(self, request: HttpRequest, slug: str, export_format: str) -> HttpResponse:
        overview = self.get_overview()
        return exports.table_response(
            centre_table(overview, sort=request.GET.get("sort", "")),
            export_format,
            title=_("Zentren in %(name)s") % {"name": overview.district.name},
            filename_parts=[overview.district.slug],
            demo=self.demo,
        )


def _download_urls(
    name: str, kwargs: dict, sort: str = "", include_demo: bool = False
) -> dict[str, str]:
    """Links to the CSV and XLSX of the table on the page, in the page's order and counting
    what the page counts."""
    parameters = {"sort": sort} if sort else {}
    if include_demo:
        parameters[DEMO_PARAMETER] = 1
    query = f"?{urlencode(parameters)}" if parameters else ""
    return {
        f"{export_format}_url": reverse(name, kwargs={**kwargs, "export_format": export_format})
        + query
        for export_format in ("csv", "xlsx")
    }
