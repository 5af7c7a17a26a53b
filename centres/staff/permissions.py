"""Who may edit what: the one place that answers it, used by every ModelAdmin.

Groups (the roles of centres/staff/roles.py) say which *kinds* of object a role may touch; the
assignments on the objects say *which* ones: `Centre.editors` for the centre's own staff,
`District.coordinators` for the people who look after a whole Bezirk. Superusers and the
directory team see everything.
"""

from __future__ import annotations

from django.contrib.admin.utils import unquote
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from centres.models import Centre, Site
from centres.staff.roles import TEAM

PUBLISH_PERMISSION = "centres.publish_centre"

User = AbstractBaseUser | AnonymousUser


def is_directory_team(user: User) -> bool:
    """Superusers and members of the directory team, who may edit every centre."""
    if not user.is_active or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    # Cached per request object: the admin asks this for every row of a list.
    if not hasattr(user, "_directory_team"):
        user._directory_team = user.groups.filter(name=TEAM).exists()
    return user._directory_team


def editable_centres(user: User) -> QuerySet[Centre]:
    """The centres `user` may edit: all, those of their Bezirke, or those assigned to them."""
    if not user.is_active or not user.is_authenticated or not user.is_staff:
        return Centre.objects.none()
    if is_directory_team(user):
        return Centre.objects.all()
    # A subquery on ids, not a join: joins over two many-to-many relations would duplicate rows.
    ids = Centre.objects.filter(Q(editors=user) | Q(district__coordinators=user)).values("pk")
    return Centre.objects.filter(pk__in=ids)


def can_edit_centre(user: User, centre: Centre) -> bool:
    return centre.pk is not None and editable_centres(user).filter(pk=centre.pk).exists()


def can_publish(user: User, centre: Centre | None = None) -> bool:
    """Publishing and archiving: coordinators and the team, and only for centres in their scope."""
    if not user.has_perm(PUBLISH_PERMISSION):
        return False
    return centre is None or can_edit_centre(user, centre)


def centre_of(obj: Model) -> Centre:
    """The centre an object belongs to: itself, its `centre`, or its site's or offering's."""
    if isinstance(obj, Centre):
        return obj
    if hasattr(obj, "centre_id"):
        return obj.centre
    if hasattr(obj, "site_id"):
        return obj.site.centre
    return obj.offering.centre


class CentreScopedAdminMixin:
    """Limits a ModelAdmin of centre-owned objects to the centres the user may edit.

    `centre_lookup` is the ORM path from the model to its centre ("" for Centre itself).
    Objects outside the scope are absent from lists, exports and autocompletes; their change,
    delete and history pages answer 404, exactly as if they did not exist, so the admin does
    not reveal which other centres are in the directory's drafts.
    """

    centre_lookup = "centre"

    def scope(self, request, queryset: QuerySet) -> QuerySet:
        if is_directory_team(request.user):
            return queryset
        centres = editable_centres(request.user)
        if not self.centre_lookup:
            return queryset.filter(pk__in=centres.values("pk"))
        return queryset.filter(**{f"{self.centre_lookup}__in": centres.values("pk")})

    def in_scope(self, request, obj) -> bool:
        return (
            obj is None
            or is_directory_team(request.user)
            or (can_edit_centre(request.user, centre_of(obj)))
        )

    def get_queryset(self, request):
        return self.scope(request, super().get_queryset(request))

    def get_object(self, request, object_id, from_field=None):
        # Django redirects to the admin index for a missing object; outside the scope it is a 404.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.in_scope(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # The server-side guard for "foreign keys only offer their own centres": a posted id
        # outside the queryset fails form validation.
        if db_field.related_model is Centre:
            centres = editable_centres(request.user)
            kwargs["queryset"] = centres
            if not is_directory_team(request.user):
                # A handful of own centres: a plain select, preselected when there is one.
                ids = list(centres.values_list("pk", flat=True)[:2])
                if len(ids) == 1:
                    kwargs["initial"] = ids[0]
        elif db_field.related_model is Site:
            # A site of one's own centres; the model's clean() checks it is the offering's centre.
            kwargs["queryset"] = Site.objects.filter(
                centre__in=editable_centres(request.user)
            ).select_related("centre")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_autocomplete_fields(self, request):
        fields = super().get_autocomplete_fields(request)
        if is_directory_team(request.user):
            return fields
        return [name for name in fields if name != "centre"]

    def history_view(self, request, object_id, extra_context=None):
        # simple-history falls back to the last version of an object it cannot find, which
        # serves the team looking at deleted objects; for everyone else it is outside the scope.
        exists = self.get_queryset(request).filter(pk=unquote(object_id)).exists()
        if not exists and not is_directory_team(request.user):
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history looks the version up unscoped and lets anyone who may *view* revert.
        obj = self.get_object(request, unquote(object_id))
        if request.method == "POST" and not self.has_change_permission(request, obj):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
