"""Staff previews of drafts: the public page of an unpublished centre or offering, shown to
logged-in staff who open it from the admin (`?vorschau=<token>`), never to the public.

The admin hands out the link only to people who may edit the entry (centres/staff); the token
is signed for that one entry and expires after a day, and the page is shown only to a logged-in
staff account. The public views need nothing of the staff wing to check it.
"""

from __future__ import annotations

from django.core import signing
from django.db.models import Model
from django.http import HttpRequest

PARAMETER = "vorschau"
SALT = "centres.preview"
MAX_AGE_SECONDS = 24 * 60 * 60


def _subject(obj: Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def preview_url(obj: Model) -> str:
    """The public address of `obj` with a preview token; give it only to its editors."""
    token = signing.dumps(_subject(obj), salt=SALT)
    return f"{obj.get_absolute_url()}?{PARAMETER}={token}"


def is_preview(request: HttpRequest) -> bool:
    """Whether the request asks for a preview and comes from a logged-in staff account."""
    return PARAMETER in request.GET and request.user.is_authenticated and request.user.is_staff


def preview_allows(request: HttpRequest, obj: Model) -> bool:
    """Whether this request may see `obj` unpublished: staff, with a fresh token for it."""
    if not is_preview(request):
        return False
    try:
        subject = signing.loads(request.GET[PARAMETER], salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return False
    return subject == _subject(obj)
