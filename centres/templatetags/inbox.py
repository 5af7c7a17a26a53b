"""The residents' forms at the end of centre and offering pages (centres/inbox.py).

Those pages come from the page cache, so the form carries a CSRF token only for a visitor who
already has the cookie (whose pages are never cached); everyone else's form posts without one,
and static/js/inbox.js or the endpoint's own page supplies it.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.middleware.csrf import get_token
from django.utils.html import format_html

from centres.inbox import CorrectionForm, IdeaForm
from centres.room_requests import RoomRequestForm

register = template.Library()

FORMS = {"correction": CorrectionForm, "idea": IdeaForm, "room_request": RoomRequestForm}


@register.inclusion_tag("centres/inbox/_inline.html", takes_context=True)
def inbox_disclosure(
    context, kind: str, action: str, summary: str, intro: str = "", room=None
) -> dict:
    """`{% inbox_disclosure "correction" url summary %}`: a closed <details> with the form
    (`room=room` for "room_request")."""
    extra = {"room": room} if room is not None else {}
    return {
        "form": FORMS[kind](auto_id=f"{kind}-%s", **extra),
        "action": action,
        "summary": summary,
        "intro": intro,
        "request": context.get("request"),
    }


@register.simple_tag(takes_context=True)
def inbox_token(context) -> str:
    """The CSRF field: a real token for a visitor with the CSRF cookie, else an empty one."""
    request = context.get("request")
    token = ""
    if request is not None and settings.CSRF_COOKIE_NAME in request.COOKIES:
        token = get_token(request)
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
