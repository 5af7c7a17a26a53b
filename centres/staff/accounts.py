"""Staff accounts in the admin: who may hand out which rights, in German.

Only superusers change superuser status, single permissions and the directory team's group;
the directory team assigns the roles people work in (Zentrumsredaktion, Bezirkskoordination,
Fördermittelgeber) and cannot touch superusers' accounts, so nobody can raise their own rights.
Permissions are named in German from their model ("Angebot: anlegen"): Django stores the
names of its built-in permissions in English ("Can add log entry").
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from centres.staff.roles import COORDINATOR, EDITOR, FUNDER

# The roles the directory team may give; the team's own group only superusers give.
ASSIGNABLE_ROLES = (EDITOR, COORDINATOR, FUNDER)
ACTIONS = {
    "add": _("anlegen"),
    "change": _("ändern"),
    "delete": _("löschen"),
    "view": _("ansehen"),
}


def permission_label(permission: Permission) -> str:
    """ "Stadtteilzentren | Angebot: anlegen", or the custom permission's own (German) name."""
    model = permission.content_type.model_class()
    app = permission.content_type.app_label
    if model is not None:
        app = model._meta.app_config.verbose_name
    action, _sep, model_name = permission.codename.partition("_")
    if model is not None and action in ACTIONS and model_name == model._meta.model_name:
        return f"{app} | {model._meta.verbose_name}: {ACTIONS[action]}"
    return f"{app} | {gettext(permission.name)}"


class PermissionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Permission) -> str:
        return permission_label(obj)


def _german_permissions(db_field, kwargs) -> dict:
    if db_field.name in {"permissions", "user_permissions"}:
        kwargs["form_class"] = PermissionsField
    return kwargs


class UserAdmin(DjangoUserAdmin):
    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [
            *fieldsets,
            (_("Arbeitet an"), {"fields": ["edited_centres_list", "districts_list"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        return [*self.rights_readonly_fields(request, obj), "edited_centres_list", "districts_list"]

    @admin.display(description=_("Zentrumsredaktion für"))
    def edited_centres_list(self, user) -> str:
        return ", ".join(user.edited_centres.order_by("name").values_list("name", flat=True)) or "–"

    @admin.display(description=_("Bezirkskoordination für"))
    def districts_list(self, user) -> str:
        return (
            ", ".join(user.coordinated_districts.order_by("number").values_list("name", flat=True))
            or "–"
        )

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        kwargs = _german_permissions(db_field, kwargs)
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=ASSIGNABLE_ROLES)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def rights_readonly_fields(self, request, obj=None) -> list[str]:
        readonly = list(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return readonly
        readonly += ["is_superuser", "user_permissions"]
        if obj is not None and obj.groups.exclude(name__in=ASSIGNABLE_ROLES).exists():
            # Saving the form would drop a group the list cannot offer (the directory team).
            readonly.append("groups")
        return readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


class GroupAdmin(DjangoGroupAdmin):
    """The roles' rights come from centres/staff/roles.py; only superusers change a group."""

    def get_fields(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return ["name", "permissions"]
        return ["name", "permission_list"]

    def get_readonly_fields(self, request, obj=None):
        return [] if self.has_change_permission(request, obj) else ["name", "permission_list"]

    @admin.display(description=_("Berechtigungen"))
    def permission_list(self, group: Group) -> str:
        permissions = group.permissions.select_related("content_type")
        return "; ".join(sorted(permission_label(permission) for permission in permissions))

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        kwargs = _german_permissions(db_field, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class LockedOutFilter(admin.SimpleListFilter):
    title = _("Gesperrt")
    parameter_name = "gesperrt"

    def lookups(self, request, model_admin):
        return [("ja", _("gesperrt")), ("nein", _("nicht gesperrt"))]

    def queryset(self, request, queryset):
        locked = Q(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
        if self.value() == "ja":
            return queryset.filter(locked)
        if self.value() == "nein":
            return queryset.exclude(locked)
        return queryset


class LoginAttemptAdmin(admin.ModelAdmin):
    """Failed logins (django-axes); deleting one lifts its lockout at once (docs/staff.md)."""

    list_display = ["username", "ip_address", "attempt_time", "failures_since_start", "locked"]
    list_filter = [LockedOutFilter]
    search_fields = ["username", "ip_address"]
    fields = ["username", "ip_address", "user_agent", "attempt_time", "failures_since_start"]
    readonly_fields = fields

    @admin.display(description=_("Gesperrt"), boolean=True)
    def locked(self, attempt) -> bool:
        return attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
