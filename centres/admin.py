"""The staff admin. Who may touch which centre is decided in centres/staff/permissions.py."""

import copy

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from centres.models import (
    Centre,
    District,
    Language,
    LoginAttempt,
    Message,
    Offering,
    OfferingTime,
    OpeningException,
    OpeningHours,
    Organisation,
    Ortsteil,
    Partnership,
    Room,
    Site,
    Status,
    TargetGroup,
    count_of,
)
from centres.preview import preview_url
from centres.slugs import german_slugify
from centres.staff.accounts import GroupAdmin, LoginAttemptAdmin, UserAdmin
from centres.staff.forms import (
    CentreAdminForm,
    OfferingAdminForm,
    OfferingTimeFormSet,
    OpeningExceptionForm,
    OpeningExceptionFormSet,
    SiteAdminForm,
    SiteInlineFormSet,
    WeeklySlotForm,
    WeeklySlotFormSet,
)
from centres.staff.imports import import_errors, import_template
from centres.staff.inbox import MessageAdmin
from centres.staff.permissions import (
    CentreScopedAdminMixin,
    can_publish,
    centre_of,
    is_directory_team,
)
from centres.staff.resources import CentreResource, OfferingResource, SiteResource
from centres.staff.rooms import RoomAdminForm
from centres.staff.spreadsheets import SpreadsheetCSV
from centres.staff.two_factor import StaffAdminSite
from centres.staff.week import WeekFormSet, site_week_save, week_initial, weekly_slots_save
from centres.staff.workflow import centres_mark_reviewed, listings_set_status

# The admin asks for a second factor when STAFF_TWO_FACTOR is on (centres/staff/two_factor.py).
admin.site.__class__ = StaffAdminSite
admin.site.site_header = _("Stadtteilzentren Berlin – Verwaltung")
admin.site.site_title = _("Stadtteilzentren Berlin")
admin.site.index_title = _("Verzeichnis pflegen")

# Accounts: only superusers hand out superuser status, permissions and the team's group.
admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), UserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, GroupAdmin)
# Lifting a lockout needs only the login attempts (docs/staff.md); the logs of every login are
# for the operators' database, not for staff.
admin.site.unregister(AccessLog)
admin.site.unregister(AccessFailureLog)
admin.site.unregister(AccessAttempt)
admin.site.register(LoginAttempt, LoginAttemptAdmin)
# Residents' messages to the centres (centres/staff/inbox.py).
admin.site.register(Message, MessageAdmin)
# Two-factor devices are set up by `manage.py staff_two_factor_setup` (docs/staff.md); their
# English admin pages would show each person's secret key.
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


class ModelAdmin(admin.ModelAdmin):
    """Every admin page of the directory: a database rule that a form did not catch becomes a
    sentence, never a server error or a constraint's name."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError:
            self.message_user(
                request,
                _(
                    "Die Angaben wurden nicht gespeichert: Sie widersprechen einer Regel des "
                    "Verzeichnisses (etwa ein doppelter Eintrag oder ein Ende vor dem Beginn). "
                    "Bitte prüfen Sie Ihre Eingaben und versuchen Sie es noch einmal."
                ),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())


class OrtsteilInline(admin.TabularInline):
    model = Ortsteil
    extra = 0
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug"]


@admin.register(District)
class DistrictAdmin(ModelAdmin):
    list_display = ["number_display", "name", "population", "population_date", "area_km2"]
    list_display_links = ["number_display", "name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["coordinators"]
    inlines = [OrtsteilInline]

    @admin.display(description=_("Nr."), ordering="number")
    def number_display(self, district: District) -> str:
        return district.number_display


@admin.register(Ortsteil)
class OrtsteilAdmin(ModelAdmin):
    list_display = ["name", "district"]
    list_filter = ["district"]
    search_fields = ["name", "district__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["district"]
    list_select_related = ["district"]


@admin.register(TargetGroup)
class TargetGroupAdmin(ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Language)
class LanguageAdmin(ModelAdmin):
    list_display = ["name", "code", "position"]
    list_editable = ["position"]
    search_fields = ["name", "code"]


@admin.register(Organisation)
class OrganisationAdmin(ModelAdmin):
    list_display = ["name", "kind", "website", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


# --- Review workflow -----------------------------------------------------------------------


class ReviewOverdueFilter(admin.SimpleListFilter):
    title = _("Prüfung überfällig")
    parameter_name = "pruefung"

    def lookups(self, request, model_admin):
        return [("ueberfaellig", _("Überfällig")), ("aktuell", _("Aktuell"))]

    def queryset(self, request, queryset):
        if self.value() == "ueberfaellig":
            return queryset.review_overdue()
        if self.value() == "aktuell":
            return queryset.reviewed_recently()
        return queryset


class ExpiredFilter(admin.SimpleListFilter):
    title = _("Abgelaufen")
    parameter_name = "abgelaufen"

    def lookups(self, request, model_admin):
        return [("ja", _("Abgelaufen")), ("nein", _("Nicht abgelaufen"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.expired()
        if self.value() == "nein":
            return queryset.current()
        return queryset


# The Bezirke of the centres in the list: an editor's filter offers only their own.
OWN_DISTRICTS = ("centre__district", admin.RelatedOnlyFieldListFilter)


class StaffImportExportMixin(ImportExportMixin):
    """CSV and XLSX, with the import's errors in German naming row and column.

    CSV is read as German Excel writes it (`centres.staff.spreadsheets`); a template to start
    from is at `…/vorlage.xlsx` and `…/vorlage.csv`."""

    formats = [CSV, XLSX]
    import_formats = [SpreadsheetCSV, XLSX]
    import_template_name = "admin/centres/import.html"

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None)
        if context is not None:
            result = context.get("result")
            if result is not None:
                context["import_messages"] = import_errors(result=result)
            resource_class = self.get_import_resource_classes(request)[0]
            context["import_columns"] = resource_class.import_columns()
            context["template_urls"] = {
                suffix: reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_import_template",
                    args=[suffix],
                )
                for suffix in ("xlsx", "csv")
            }
        return response

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_import_template"
        template = path(
            "vorlage.<str:suffix>",
            self.admin_site.admin_view(self.import_template_view),
            name=name,
        )
        return [template, *super().get_urls()]

    def import_template_view(self, request, suffix: str):
        if suffix not in {"xlsx", "csv"} or not self.has_import_permission(request):
            raise Http404
        resource_class = self.get_import_resource_classes(request)[0]
        content = import_template(resource_class=resource_class, file_format=suffix)
        content_type = {
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "csv": "text/csv; charset=utf-8",
        }[suffix]
        response = HttpResponse(content, content_type=content_type)
        filename = f"vorlage-{german_slugify(str(self.opts.verbose_name_plural))}.{suffix}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class StaffAdmin(CentreScopedAdminMixin, StaffImportExportMixin, SimpleHistoryAdmin, ModelAdmin):
    """Centres and offerings: scoped to the user, versioned, importable, with status actions."""

    actions = ["publish", "archive", "reset_to_draft"]

    def has_publish_permission(self, request) -> bool:
        return can_publish(request.user)

    def get_view_on_site_url(self, obj=None):
        # A draft has no public page: its editors get the preview instead of a 404.
        if obj is not None and not type(obj).objects.published().filter(pk=obj.pk).exists():
            return preview_url(obj)
        return super().get_view_on_site_url(obj)

    def response_add(self, request, obj, post_url_continue=None):
        self.message_next_step(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self.message_next_step(request, obj)
        return super().response_change(request, obj)

    def message_next_step(self, request, obj) -> None:
        """After saving a draft: why it is not public yet, and who publishes it."""
        if obj.status != Status.DRAFT:
            return
        centre = centre_of(obj)
        if can_publish(request.user, centre):
            text = _(
                "Gespeichert als Entwurf: noch nicht öffentlich. Veröffentlichen Sie den "
                "Eintrag mit der Aktion „Veröffentlichen“ in der Liste."
            )
        else:
            coordinators = ", ".join(
                user.get_full_name() or user.username
                for user in centre.district.coordinators.order_by("username")
            )
            text = _(
                "Gespeichert als Entwurf. Sichtbar, sobald die Bezirkskoordination es "
                "veröffentlicht%(who)s; sie sieht den Entwurf auf ihrer Startseite."
            ) % {"who": f" ({coordinators})" if coordinators else ""}
        self.message_user(
            request,
            format_html('{} <a href="{}">{}</a>', text, preview_url(obj), _("Vorschau ansehen")),
            messages.INFO,
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "updated_by"]
        # Editors' changes keep a listing's status: only publishers move it through the workflow.
        if not can_publish(request.user):
            readonly.append("status")
        return readonly

    def save_model(self, request, obj, form, change):
        if change:
            self.keep_read_only_values(request, obj)
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def keep_read_only_values(self, request, obj) -> None:
        """Fields the user may not edit keep their stored values.

        A form leaves them alone anyway, but restoring an old version starts from that
        version's values: without this an editor could bring back an old status or Bezirk.
        """
        names = {
            field.name: field.attname
            for field in obj._meta.concrete_fields
            if field.name in self.get_readonly_fields(request, obj)
            and not getattr(field, "auto_now", False)
            and not getattr(field, "auto_now_add", False)
        }
        stored = type(obj).objects.filter(pk=obj.pk).values(*names.values()).first() or {}
        for attname, value in stored.items():
            setattr(obj, attname, value)

    def confirm(self, request, queryset, *, action: str, question: str, confirm_label: str):
        """The intermediate page of an action; None once the user has confirmed."""
        if request.POST.get("post"):
            return None
        return TemplateResponse(
            request,
            "admin/centres/confirm_action.html",
            {
                **self.admin_site.each_context(request),
                "title": confirm_label,
                "opts": self.model._meta,
                "queryset": queryset,
                "action": action,
                "question": question,
                "confirm_label": confirm_label,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def set_status(self, request, queryset, status: Status, *, action: str, label: str):
        response = self.confirm(
            request,
            queryset,
            action=action,
            question=_("Sollen diese Einträge den Status „%(status)s“ bekommen?")
            % {"status": status.label},
            confirm_label=label,
        )
        if response is not None:
            return response
        changed = listings_set_status(objects=list(queryset), status=status, user=request.user)
        self.message_user(
            request,
            _("%(count)d Einträge haben jetzt den Status „%(status)s“.")
            % {"count": changed, "status": status.label},
            messages.SUCCESS,
        )
        return None

    @admin.action(description=_("Veröffentlichen"), permissions=["publish"])
    def publish(self, request, queryset):
        return self.set_status(
            request, queryset, Status.PUBLISHED, action="publish", label=_("Veröffentlichen")
        )

    @admin.action(description=_("Archivieren"), permissions=["publish"])
    def archive(self, request, queryset):
        return self.set_status(
            request, queryset, Status.ARCHIVED, action="archive", label=_("Archivieren")
        )

    @admin.action(description=_("Als Entwurf zurücksetzen"), permissions=["change"])
    def reset_to_draft(self, request, queryset):
        return self.set_status(
            request,
            queryset,
            Status.DRAFT,
            action="reset_to_draft",
            label=_("Als Entwurf zurücksetzen"),
        )


# --- Centres -------------------------------------------------------------------------------


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    form = WeeklySlotForm
    formset = WeeklySlotFormSet
    extra = 0


class OpeningExceptionInline(admin.TabularInline):
    """Closures (summer break) and special hours on given dates; rules in centres/hours.py."""

    model = OpeningException
    form = OpeningExceptionForm
    extra = 0
    fields = ["starts_on", "ends_on", "opens", "closes", "note"]

    def get_queryset(self, request):
        # What is over stays in the history, not on the page staff edit.
        return super().get_queryset(request).from_day(timezone.localdate())


class SiteInline(admin.StackedInline):
    """A centre's sites on its page; each site's opening hours are on the site's own page."""

    model = Site
    form = SiteAdminForm
    formset = SiteInlineFormSet
    extra = 0
    min_num = 1
    show_change_link = True
    autocomplete_fields = ["ortsteil"]
    fields = [
        ("name", "kind", "is_main"),
        ("ortsteil", "street", "postcode"),
        ("latitude", "longitude", "coordinates_source"),
        ("phone", "email"),
        ("step_free_access", "accessible_toilet"),
        "accessibility_notes",
        "source",
    ]


class PartnershipInline(admin.TabularInline):
    model = Partnership
    extra = 0
    autocomplete_fields = ["organisation"]


class OfferingInline(admin.TabularInline):
    model = Offering
    extra = 0
    fields = ["title", "kind", "status", "starts_at"]
    readonly_fields = ["title", "kind", "status", "starts_at"]
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        # Offerings have their own times and target groups: they are added on their own page.
        return False


class RoomInline(admin.TabularInline):
    """A centre's rooms on its page; each is edited on its own page (docs/rooms.md)."""

    model = Room
    extra = 0
    fields = ["name", "site", "seats", "status"]
    readonly_fields = ["name", "site", "seats", "status"]
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Centre)
class CentreAdmin(StaffAdmin):
    centre_lookup = ""  # a centre is its own scope
    # Says that restoring a version leaves sites, opening hours and offerings as they are.
    object_history_form_template = "admin/centres/centre/object_history_form.html"
    form = CentreAdminForm
    resource_classes = [CentreResource]
    list_display = [
        "name",
        "district",
        "status",
        "review",
        "offering_count",
        "updated",
        "updated_by",
    ]
    list_filter = [
        "status",
        ReviewOverdueFilter,
        ("district", admin.RelatedOnlyFieldListFilter),  # only their own Bezirke
        "sites__step_free_access",
        "is_ifp_funded",
        "is_demo",
    ]
    search_fields = [
        "name",
        "sites__name",
        "sites__street",
        "provider__name",
        "sites__ortsteil__name",
    ]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["district", "provider"]
    filter_horizontal = ["languages", "editors"]
    list_select_related = ["district", "updated_by"]
    readonly_fields = [
        "created",
        "updated",
        "last_reviewed",
        "reviewed_by",
        "district_coordinators",
    ]
    inlines = [SiteInline, PartnershipInline, OfferingInline, RoomInline]
    actions = [*StaffAdmin.actions, "mark_reviewed", "delete_selected"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "status", "is_demo", "district", "website"]}),
        (
            _("Über das Zentrum"),
            {
                "fields": [
                    "provider",
                    "description",
                    "photo",
                    "photo_alt",
                    "languages",
                    "is_ifp_funded",
                ]
            },
        ),
        (
            _("Mitmachen"),
            {"fields": ["volunteer_call", "volunteer_task", "volunteer_commitment"]},
        ),
        (_("Zuständig"), {"fields": ["editors", "district_coordinators"]}),
        (
            _("Pflege"),
            {
                "fields": [
                    "last_reviewed",
                    "reviewed_by",
                    "source",
                    "created",
                    "updated",
                    "updated_by",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        # A subquery, not Count("offerings"): its GROUP BY would drop Meta.ordering, and the
        # autocomplete pages through this queryset unordered.
        offerings = count_of(Offering.objects.all(), "centre")
        return super().get_queryset(request).annotate(_offering_count=offerings)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if is_directory_team(request.user):
            return readonly
        # Who edits a centre, and which Bezirk it belongs to, is the directory team's decision.
        return [*readonly, "editors", "is_demo", "district", "slug"]

    def get_prepopulated_fields(self, request, obj=None):
        # Slugs are in public URLs: only the team changes them, so others get no slug widget.
        return self.prepopulated_fields if is_directory_team(request.user) else {}

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if is_directory_team(request.user):
            return super().history_form_view(request, object_id, version_id, extra_context)
        # simple-history reads prepopulated_fields directly, which names the read-only slug.
        view = copy.copy(self)
        view.prepopulated_fields = {}
        return super(CentreAdmin, view).history_form_view(
            request, object_id, version_id, extra_context
        )

    @admin.display(description=_("Bezirkskoordination"))
    def district_coordinators(self, centre: Centre) -> str:
        """Who publishes this centre's drafts; assigned on the Bezirk's page."""
        if centre.pk is None:
            return "–"
        people = centre.district.coordinators.order_by("username")
        names = ", ".join(person.get_full_name() or person.username for person in people)
        url = reverse("admin:centres_district_change", args=[centre.district_id])
        return format_html(
            '{} (<a href="{}">{}</a>)',
            names or _("noch niemand"),
            url,
            _("beim Bezirk zuordnen"),
        )

    @admin.display(description=_("Angebote"), ordering="_offering_count")
    def offering_count(self, centre: Centre) -> int:
        return centre._offering_count

    @admin.display(description=_("Geprüft"), ordering="last_reviewed")
    def review(self, centre: Centre) -> str:
        if centre.last_reviewed is None:
            return _("nie – überfällig")
        date = centre.last_reviewed.strftime("%d.%m.%Y")
        return _("%(date)s – überfällig") % {"date": date} if centre.review_overdue else date

    @admin.action(description=_("Als geprüft markieren"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        response = self.confirm(
            request,
            queryset,
            action="mark_reviewed",
            question=_("Sind die Angaben dieser Zentren aktuell und vollständig geprüft?"),
            confirm_label=_("Als geprüft markieren"),
        )
        if response is not None:
            return response
        count = centres_mark_reviewed(centres=list(queryset), user=request.user)
        self.message_user(request, _("%(count)d Zentren als geprüft markiert.") % {"count": count})
        return None

    # Deleting a centre with offerings loses them all: ask explicitly, archive by default.

    def delete_or_archive(self, request, centres, hidden_fields, *, done_url):
        """None when deletion may go ahead; otherwise the page or redirect to answer with."""
        centres = list(centres.annotate(offering_total=Count("offerings")))
        with_offerings = [centre for centre in centres if centre.offering_total]
        if not with_offerings:
            return None
        error = None
        if request.method == "POST" and "_archive" in request.POST:
            if not can_publish(request.user):
                error = _("Sie dürfen diese Zentren nicht archivieren.")
            else:
                count = listings_set_status(
                    objects=centres, status=Status.ARCHIVED, user=request.user
                )
                self.message_user(
                    request,
                    _("%(count)d Zentren archiviert statt gelöscht.") % {"count": count},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(done_url)
        elif request.method == "POST" and "_delete" in request.POST:
            if request.POST.get("confirm_offerings") == "1":
                return None
            error = _(
                "Bitte bestätigen Sie ausdrücklich, dass die Angebote beim Löschen verloren gehen."
            )
        return TemplateResponse(
            request,
            "admin/centres/centre/delete_or_archive.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Löschen oder archivieren"),
                "opts": self.model._meta,
                "centres": with_offerings,
                "hidden_fields": hidden_fields,
                "error": error,
            },
        )

    def delete_view(self, request, object_id, extra_context=None):
        centre = self.get_object(request, unquote(object_id))
        if self.has_delete_permission(request, centre):
            response = self.delete_or_archive(
                request,
                Centre.objects.filter(pk=centre.pk),
                [],
                done_url=reverse("admin:centres_centre_change", args=[centre.pk]),
            )
            if response is not None:
                return response
        return super().delete_view(request, object_id, extra_context)

    @admin.action(description=_("Ausgewählte Zentren löschen"), permissions=["delete"])
    def delete_selected(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        response = self.delete_or_archive(
            request,
            Centre.objects.filter(pk__in=ids),
            [("action", "delete_selected")] + [(helpers.ACTION_CHECKBOX_NAME, pk) for pk in ids],
            done_url=reverse("admin:centres_centre_changelist"),
        )
        if response is not None:
            return response
        return delete_selected(self, request, queryset)


# --- Sites ---------------------------------------------------------------------------------


@admin.register(Site)
class SiteAdmin(CentreScopedAdminMixin, StaffImportExportMixin, SimpleHistoryAdmin, ModelAdmin):
    """A site's own page: its details and its opening hours; sites import like centres."""

    resource_classes = [SiteResource]
    form = SiteAdminForm

    list_display = ["name", "centre", "kind", "is_main", "ortsteil", "street"]
    list_filter = ["kind", "is_main", "step_free_access", OWN_DISTRICTS]
    change_form_template = "admin/centres/site/change_form.html"
    search_fields = ["name", "street", "postcode", "centre__name", "ortsteil__name"]
    autocomplete_fields = ["centre", "ortsteil"]
    list_select_related = ["centre", "ortsteil"]
    inlines = [OpeningHoursInline, OpeningExceptionInline]
    fieldsets = [
        (None, {"fields": ["centre", "name", "kind", "is_main"]}),
        (
            _("Lage"),
            {
                "fields": [
                    "ortsteil",
                    "street",
                    "postcode",
                    ("latitude", "longitude"),
                    "coordinates_source",
                ]
            },
        ),
        (_("Kontakt"), {"fields": ["phone", "email"]}),
        (
            _("Barrierefreiheit"),
            {"fields": ["step_free_access", "accessible_toilet", "accessibility_notes"]},
        ),
        (_("Pflege"), {"fields": ["source"]}),
    ]

    def get_urls(self):
        week = path(
            "<path:object_id>/woche/",
            self.admin_site.admin_view(self.week_view),
            name="centres_site_week",
        )
        return [week, *super().get_urls()]

    def week_view(self, request, object_id):
        """The site's opening hours as a week, with its closures and special hours."""
        site = self.get_object(request, unquote(object_id))
        if not self.has_change_permission(request, site):
            raise PermissionDenied
        exceptions = OpeningExceptionFormSet(
            request.POST or None,
            instance=site,
            queryset=site.exceptions.from_day(timezone.localdate()),
            prefix="exceptions",
        )
        week = WeekFormSet(
            request.POST or None, initial=week_initial(site.opening_hours), prefix="week"
        )
        if request.method == "POST" and week.is_valid() and exceptions.is_valid():
            site_week_save(site=site, periods_by_day=week.periods_by_day())
            exceptions.save()
            self.message_user(
                request,
                _("Die Öffnungszeiten von „%(site)s“ sind gespeichert.") % {"site": site},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(request.get_full_path())
        return TemplateResponse(
            request,
            "admin/centres/site/week.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Öffnungszeiten von „%(site)s“") % {"site": site},
                "back_url": reverse("admin:centres_site_change", args=[site.pk]),
                "back_label": _("Zurück zum Standort"),
                "opts": self.opts,
                "original": site,
                "week": week,
                "exceptions": exceptions,
                "media": self.media + week.media + exceptions.media,
            },
        )


# --- Offerings and partnerships ------------------------------------------------------------


class OfferingTimeInline(admin.TabularInline):
    model = OfferingTime
    form = WeeklySlotForm
    formset = OfferingTimeFormSet
    extra = 1


@admin.register(Offering)
class OfferingAdmin(StaffAdmin):
    form = OfferingAdminForm
    change_form_template = "admin/centres/offering/change_form.html"
    resource_classes = [OfferingResource]
    list_display = ["title", "centre", "kind", "status", "expired", "starts_at", "updated_by"]
    list_filter = ["status", ExpiredFilter, "kind", "cost", OWN_DISTRICTS, "target_groups"]
    search_fields = ["title", "description", "centre__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["centre"]
    filter_horizontal = ["target_groups", "languages"]
    list_select_related = ["centre", "updated_by"]
    readonly_fields = ["created", "updated"]
    inlines = [OfferingTimeInline]
    actions = [*StaffAdmin.actions, "delete_selected"]
    fieldsets = [
        (None, {"fields": ["centre", "site", "title", "slug", "kind", "status", "description"]}),
        (_("Für wen"), {"fields": ["target_groups", "languages"]}),
        (
            _("Kosten und Anmeldung"),
            {
                "fields": [
                    "cost",
                    "cost_note",
                    "registration_required",
                    "contact_phone",
                    "contact_email",
                    "what_to_bring",
                    "volunteer_task",
                ]
            },
        ),
        (
            _("Wann"),
            {
                "fields": ["valid_from", "valid_until", "starts_at", "ends_at"],
                "description": _(
                    "Regelmäßige Angebote: Tragen Sie die Termine unten ein, optional mit "
                    "Gültigkeitszeitraum. Einmalige Veranstaltungen (z. B. ein Fest): Geben "
                    "Sie Beginn und Ende an."
                ),
            },
        ),
        (_("Pflege"), {"fields": ["created", "updated", "updated_by"]}),
    ]

    @admin.display(description=_("Abgelaufen"), boolean=True)
    def expired(self, offering: Offering) -> bool:
        return offering.is_expired

    def get_urls(self):
        week = path(
            "<path:object_id>/woche/",
            self.admin_site.admin_view(self.week_view),
            name="centres_offering_week",
        )
        return [week, *super().get_urls()]

    def week_view(self, request, object_id):
        """A recurring offering's weekly times as a week (a dated event has none)."""
        offering = self.get_object(request, unquote(object_id))
        if not self.has_change_permission(request, offering):
            raise PermissionDenied
        week = WeekFormSet(
            request.POST or None, initial=week_initial(offering.times), prefix="week"
        )
        if request.method == "POST" and week.is_valid():
            periods = week.periods_by_day()
            if offering.starts_at and any(periods.values()):
                week._non_form_errors = week.error_class(
                    [
                        _(
                            "Eine einmalige Veranstaltung hat Beginn und Ende, keine "
                            "wöchentlichen Termine. Leeren Sie erst Beginn und Ende."
                        )
                    ]
                )
            elif not offering.starts_at and not any(periods.values()):
                week._non_form_errors = week.error_class(
                    [_("Ein regelmäßiges Angebot braucht mindestens einen Termin.")]
                )
            else:
                weekly_slots_save(slots=offering.times, periods_by_day=periods)
                self.message_user(
                    request,
                    _("Die Termine von „%(offering)s“ sind gespeichert.") % {"offering": offering},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(request.get_full_path())
        return TemplateResponse(
            request,
            "admin/centres/site/week.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Wöchentliche Termine von „%(offering)s“") % {"offering": offering},
                "opts": self.opts,
                "original": offering,
                "week": week,
                "back_url": reverse("admin:centres_offering_change", args=[offering.pk]),
                "back_label": _("Zurück zum Angebot"),
                "media": self.media + week.media,
            },
        )


@admin.register(Partnership)
class PartnershipAdmin(CentreScopedAdminMixin, SimpleHistoryAdmin, ModelAdmin):
    list_display = ["centre", "organisation", "note"]
    list_filter = ["organisation__kind", OWN_DISTRICTS]
    search_fields = ["centre__name", "organisation__name", "note"]
    autocomplete_fields = ["centre", "organisation"]
    list_select_related = ["centre", "organisation"]


# --- Rooms ---------------------------------------------------------------------------------


@admin.register(Room)
class RoomAdmin(StaffAdmin):
    """A centre's rooms: edited by its editors, published by coordinators, like offerings."""

    form = RoomAdminForm
    list_display = ["name", "centre", "site", "status", "seats", "cost", "updated_by"]
    list_filter = ["status", "cost", "step_free_access", OWN_DISTRICTS]
    search_fields = ["name", "description", "centre__name", "site__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["centre"]
    list_select_related = ["centre", "site", "updated_by"]
    readonly_fields = ["created", "updated"]
    actions = [*StaffAdmin.actions, "delete_selected"]
    fieldsets = [
        (None, {"fields": ["centre", "site", "name", "slug", "status", "description"]}),
        (
            _("Raum"),
            {"fields": ["size_m2", "seats", "step_free_access", "equipment_items"]},
        ),
        (
            _("Für wen und zu welchen Bedingungen"),
            {"fields": ["audience_values", "cost", "cost_note"]},
        ),
        (_("Pflege"), {"fields": ["created", "updated", "updated_by"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("equipment", "audiences")

    # Rooms are entered here, not imported: no spreadsheet import or export.
    def has_import_permission(self, request):
        return False

    def has_export_permission(self, request):
        return False
