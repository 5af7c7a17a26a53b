"""The admin's "Auf der Website ansehen" link (`/admin/r/<content type>/<id>/`) within scope.

Django's own view redirects for any object of any model to any staff member, so an editor could
walk ids and read every draft's and archived centre's address (its slug). Here the object must
be one the person may see in the admin, through the ModelAdmin's own scoped queryset and view
permission (centres/staff/permissions.py); anything else answers 404, as the change pages do.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404, HttpRequest, HttpResponse


def view_on_site(request: HttpRequest, content_type_id: int, object_id: str) -> HttpResponse:
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        model_admin = admin.site.get_model_admin(model)
    except (ContentType.DoesNotExist, NotRegistered) as error:
        raise Http404 from error
    obj = model_admin.get_object(request, unquote(object_id))
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        raise Http404
    return shortcut(request, content_type_id, object_id)
