"""The funders' overview: the city at a glance, one Bezirk in depth, and their downloads.

Thin: the figures come from `figures`, their layout from `tables`, the files from `exports`.
"""

from __future__ import annotations

import hashlib
from functools import cached_property

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
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
from centres.pagecache import is_personal, versioned

DEMO_PARAMETER = "demo"
# Centres per page of the overview's Bezirk page (its export and the report list them all).
OVERVIEW_CENTRES_PER_PAGE = 50

# The figures are computed once per data version and day (`pagecache.versioned`): every page,
# sort order and export of the overview reads the same cached figures.


def cached_city_overview(*, include_demo: bool) -> CityOverview:
    return versioned(
        f"overview:city:{include_demo}",
        lambda: city_overview(include_demo=include_demo),
        daily=True,
    )


def cached_district_overviews(*, slug: str | None, include_demo: bool) -> list[DistrictOverview]:
    """One Bezirk's (or, with `slug` None, every Bezirk's) figures in depth."""
    districts = District.objects.all() if slug is None else District.objects.filter(slug=slug)
    return versioned(
        f"overview:districts:{slug or '*'}:{include_demo}",
        lambda: district_overviews(districts, include_demo=include_demo),
        daily=True,
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
        include = self.include_demo
        return versioned(
            f"overview:demo:{include}", lambda: demo_data(include_demo=include), daily=True
        )

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
        overview = cached_city_overview(include_demo=self.include_demo)
        link_query = f"?{DEMO_PARAMETER}=1" if self.include_demo else ""
        table = city_table(overview, sort=self.request.GET.get("sort", ""), link_query=link_query)
        # Partnerships by partner kind: the export's last columns, the page's own table.
        self.partnerships = versioned(
            f"overview:partnerships:{self.include_demo}",
            lambda: partnerships_by_kind(include_demo=self.include_demo),
            daily=True,
        )
        table.columns.extend(partnership_columns(self.partnerships))
        return overview, table


class DistrictOverviewMixin(OverviewAccessMixin):
    def get_overview(self) -> DistrictOverview:
        overviews = cached_district_overviews(
            slug=self.kwargs["slug"], include_demo=self.include_demo
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

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        """Rendered once per data version and day (it lists every centre of the city): the
        same bytes for every anonymous request, whatever the page cache's clock slot.
        Logged-in staff get it rendered for them (their page carries their own header)."""
        if is_personal(request):
            return super().get(request, *args, **kwargs)

        def render() -> bytes:
            response = super(OverviewReportView, self).get(request, *args, **kwargs)
            return response.render().content

        address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        return HttpResponse(
            versioned(f"overview:report:{get_language()}:{address}", render, daily=True)
        )

    def get_context_data(self, **kwargs) -> dict:
        districts = [
            (district, centre_table(district))
            for district in cached_district_overviews(slug=None, include_demo=self.include_demo)
        ]
        return super().get_context_data(districts=districts, **kwargs)


class OverviewDistrictView(DistrictOverviewMixin, TemplateView):
    template_name = "centres/overview_district.html"

    def get_context_data(self, **kwargs) -> dict:
        overview = self.get_overview()
        table = centre_table(overview, sort=self.request.GET.get("sort", ""))
        # The centres in pages (a Bezirk of a country may hold hundreds); a page number that
        # does not exist shows the nearest one. The export and the report list them all.
        page = Paginator(table.rows, OVERVIEW_CENTRES_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        table = Table(table.columns, list(page.object_list), sort=table.sort)
        return super().get_context_data(
            overview=overview,
            centre_table=table,
            page_obj=page,
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
