"""The admin start page's data (centres/staff/start.py), for templates/admin/index.html."""

from __future__ import annotations

from django import template

from centres.preview import preview_url as signed_preview_url
from centres.staff.inbox import open_messages
from centres.staff.start import coordinator_tasks, editor_tasks

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_start(context) -> dict:
    """{"centres": [CentreTasks], "districts": [DistrictTasks], "messages": [Message]} for the
    logged-in person; computed once per request (the title and the content both ask)."""
    request = context["request"]
    if not hasattr(request, "_staff_start"):
        request._staff_start = {
            "centres": editor_tasks(request.user),
            "districts": coordinator_tasks(request.user),
            "messages": open_messages(request.user),
        }
    return request._staff_start


@register.filter
def preview_url(obj) -> str:
    return signed_preview_url(obj)
