"""Staff accounts in the admin: who may hand out which rights, in German.

Only superusers change superuser status, single permissions and the directory team's group;
the directory team assigns the roles people work in (Zentrumsredaktion, Bezirkskoordination,
Fördermittelgeber) and cannot touch superusers' accounts, so nobody can raise their own rights.
Permissions are named in German from their model ("Angebot: anlegen"): Django stores the
names of its built-in permissions in English ("Can add log entry").
"""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group, Permission
from django.db.models import F, Max, Q, Sum, Window
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from centres.staff.lockout import address_locked_until, pair_locked_until
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


def _address_window() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.AXES_ADDRESS_LOCK_HOURS)


def _locked_until(attempt, now) -> datetime.datetime | None:
    """Until when the username of `attempt` is locked from its address (all its rows, whatever
    the browser), or from the address as a whole; None if it may log in now."""
    until = [pair_locked_until(attempt.pair_failures, attempt.pair_last)]
    if (attempt.address_failures or 0) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
        until.append(address_locked_until(attempt.ip_address, now))  # rare: one query
    until = [moment for moment in until if moment and moment > now]
    return max(until, default=None)


class LockedOutFilter(admin.SimpleListFilter):
    title = _("Gesperrt")
    parameter_name = "gesperrt"

    def lookups(self, request, model_admin):
        return [("ja", _("gesperrt")), ("nein", _("nicht gesperrt"))]

    def queryset(self, request, queryset):
        if self.value() not in {"ja", "nein"}:
            return queryset
        # Few rows (failures are forgotten after a day): the delay is computed in Python.
        now = timezone.now()
        locked = [row.pk for row in queryset if _locked_until(row, now)]
        if self.value() == "ja":
            return queryset.filter(pk__in=locked)
        return queryset.exclude(pk__in=locked)


class LoginAttemptAdmin(admin.ModelAdmin):
    """Failed logins (django-axes); lifting a lockout deletes the attempts (docs/staff.md).

    The directory team and superusers see every row; a coordinator sees those of the editors
    of their Bezirke (and their own) and may lift those lockouts; nobody else sees any.
    """

    list_display = [
        "username", "ip_address", "attempt_time", "failures_since_start", "locked_until",
    ]  # fmt: skip
    list_filter = [LockedOutFilter]
    search_fields = ["username", "ip_address"]
    fields = ["username", "ip_address", "user_agent", "attempt_time", "failures_since_start"]
    readonly_fields = fields
    actions = ["lift_lockout"]

    @admin.display(description=_("Gesperrt bis"))
    def locked_until(self, attempt) -> str:
        until = _locked_until(attempt, timezone.now())
        if until is None:
            return "–"
        return f"{timezone.localtime(until):%d.%m.%Y %H:%M}"

    @admin.action(description=_("Sperre aufheben (fehlgeschlagene Anmeldungen löschen)"))
    def lift_lockout(self, request, queryset):
        pairs = set(queryset.values_list("username", "ip_address"))
        lifted = 0
        for username, address in pairs:
            if username and not self._in_scope(request, username):
                continue
            lifted += self.model.objects.filter(username=username, ip_address=address).exists()
            self.model.objects.filter(username=username, ip_address=address).delete()
        self.message_user(
            request,
            ngettext(
                "Die Sperre von %(count)d Anmeldung wurde aufgehoben.",
                "Die Sperren von %(count)d Anmeldungen wurden aufgehoben.",
                lifted,
            )
            % {"count": lifted},
            messages.SUCCESS,
        )

    def get_queryset(self, request):
        pair = [F("username"), F("ip_address")]
        recent = Q(attempt_time__gte=timezone.now() - _address_window())
        queryset = (
            super()
            .get_queryset(request)
            .annotate(
                pair_failures=Window(Sum("failures_since_start"), partition_by=pair),
                pair_last=Window(Max("attempt_time"), partition_by=pair),
                # The failures of the address's last hour, to show an address lock.
                address_failures=Window(
                    Sum("failures_since_start", filter=recent), partition_by=[F("ip_address")]
                ),
            )
        )
        if self._sees_everyone(request):
            return queryset
        if self._is_coordinator(request):
            return queryset.filter(username__in=self._coordinated_usernames(request))
        return queryset.none()

    def _sees_everyone(self, request) -> bool:
        return request.user.has_perm("centres.view_loginattempt")

    def _is_coordinator(self, request) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        if not hasattr(request, "_coordinates_districts"):
            request._coordinates_districts = user.coordinated_districts.exists()
        return request._coordinates_districts

    def _coordinated_usernames(self, request):
        """The editors of the coordinator's Bezirke, and the coordinator."""
        User = get_user_model()
        return User.objects.filter(
            Q(edited_centres__district__coordinators=request.user) | Q(pk=request.user.pk)
        ).values("username")

    def _in_scope(self, request, username: str) -> bool:
        if self._sees_everyone(request):
            return True
        return self._is_coordinator(request) and (
            self._coordinated_usernames(request).filter(username=username).exists()
        )

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)  # lifting the lockout is the one bulk action
        return actions

    def has_module_permission(self, request):
        return super().has_module_permission(request) or self._is_coordinator(request)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or self._is_coordinator(request)

    def has_delete_permission(self, request, obj=None):
        if super().has_delete_permission(request, obj):
            return True
        if not self._is_coordinator(request):
            return False
        return obj is None or self._in_scope(request, obj.username)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
