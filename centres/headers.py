"""Response headers that tell browsers what the pages may do (besides Django's own CSP)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

PERMISSIONS_POLICY_HEADER = "Permissions-Policy"


def permissions_policy(*, geolocation: bool) -> str:
    """Every powerful feature off; geolocation for this site only where asked for."""
    features = dict.fromkeys(settings.PERMISSIONS_POLICY_DENIED, "()")
    features["geolocation"] = "(self)" if geolocation else "()"
    return ", ".join(f"{feature}={allow}" for feature, allow in sorted(features.items()))


class PermissionsPolicyMiddleware:
    """Sends `Permissions-Policy`; geolocation only on the pages of
    `settings.GEOLOCATION_VIEWS` (the centre list's "Meinen Standort verwenden")."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if PERMISSIONS_POLICY_HEADER not in response:
            match = request.resolver_match
            geolocation = match is not None and match.view_name in settings.GEOLOCATION_VIEWS
            response[PERMISSIONS_POLICY_HEADER] = permissions_policy(geolocation=geolocation)
        return response
