from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from centres.models import (
    Centre,
    District,
    Language,
    Offering,
    OfferingTime,
    OpeningHours,
    Organisation,
    Ortsteil,
    Partnership,
    TargetGroup,
)

admin.site.site_header = _("Stadtteilzentren Berlin – Verwaltung")
admin.site.site_title = _("Stadtteilzentren Berlin")
admin.site.index_title = _("Verzeichnis pflegen")


class OrtsteilInline(admin.TabularInline):
    model = Ortsteil
    extra = 0
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["number_display", "name", "population", "population_date", "area_km2"]
    list_display_links = ["number_display", "name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrtsteilInline]

    @admin.display(description=_("Nr."), ordering="number")
    def number_display(self, district: District) -> str:
        return district.number_display


@admin.register(Ortsteil)
class OrtsteilAdmin(admin.ModelAdmin):
    list_display = ["name", "district"]
    list_filter = ["district"]
    search_fields = ["name", "district__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["district"]
    list_select_related = ["district"]


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position"]
    list_editable = ["position"]
    search_fields = ["name", "code"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "website", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class PartnershipInline(admin.TabularInline):
    model = Partnership
    extra = 0
    autocomplete_fields = ["organisation"]


class OfferingInline(admin.TabularInline):
    model = Offering
    extra = 0
    fields = ["title", "kind", "status", "starts_at"]
    readonly_fields = ["starts_at"]
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        # Offerings have their own times and target groups: they are added on their own page.
        return False


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    list_display = ["name", "district", "ortsteil", "status", "is_ifp_funded", "offering_count"]
    list_filter = ["status", "district", "step_free_access", "is_ifp_funded", "is_demo"]
    search_fields = ["name", "street", "provider__name", "ortsteil__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["district", "ortsteil", "provider"]
    filter_horizontal = ["languages"]
    list_select_related = ["district", "ortsteil"]
    readonly_fields = ["created", "updated"]
    inlines = [OpeningHoursInline, PartnershipInline, OfferingInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "status", "is_demo"]}),
        (
            _("Lage"),
            {"fields": ["district", "ortsteil", "street", "postcode", "latitude", "longitude"]},
        ),
        (_("Kontakt"), {"fields": ["phone", "email", "website"]}),
        (
            _("Über das Zentrum"),
            {"fields": ["provider", "description", "languages", "is_ifp_funded"]},
        ),
        (
            _("Barrierefreiheit"),
            {"fields": ["step_free_access", "accessible_toilet", "accessibility_notes"]},
        ),
        (_("Pflege"), {"fields": ["last_reviewed", "source", "created", "updated"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_offering_count=Count("offerings"))

    @admin.display(description=_("Angebote"), ordering="_offering_count")
    def offering_count(self, centre: Centre) -> int:
        return centre._offering_count


class OfferingTimeInline(admin.TabularInline):
    model = OfferingTime
    extra = 1


@admin.register(Offering)
class OfferingAdmin(admin.ModelAdmin):
    list_display = ["title", "centre", "kind", "status", "cost", "starts_at"]
    list_filter = ["status", "kind", "cost", "centre__district", "target_groups"]
    search_fields = ["title", "description", "centre__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["centre"]
    filter_horizontal = ["target_groups", "languages"]
    list_select_related = ["centre"]
    readonly_fields = ["created", "updated"]
    inlines = [OfferingTimeInline]
    fieldsets = [
        (None, {"fields": ["centre", "title", "slug", "kind", "status", "description"]}),
        (_("Für wen"), {"fields": ["target_groups", "languages"]}),
        (_("Kosten und Anmeldung"), {"fields": ["cost", "cost_note", "registration_required"]}),
        (
            _("Wann"),
            {
                "fields": ["valid_from", "valid_until", "starts_at", "ends_at"],
                "description": _(
                    "Regelmäßige Angebote: Termine unten eintragen, "
                    "optional mit Gültigkeitszeitraum. "
                    "Einmalige Veranstaltungen (z. B. ein Fest): Beginn und Ende angeben."
                ),
            },
        ),
        (_("Pflege"), {"fields": ["created", "updated"]}),
    ]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["centre", "organisation", "note"]
    list_filter = ["organisation__kind", "centre__district"]
    search_fields = ["centre__name", "organisation__name", "note"]
    autocomplete_fields = ["centre", "organisation"]
    list_select_related = ["centre", "organisation"]
