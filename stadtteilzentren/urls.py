from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.utils.cache import patch_cache_control

from centres.opendata.api import api
from centres.staff import password_reset
from centres.staff.view_on_site import view_on_site


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers and crawlers ask for /favicon.ico whatever the pages link: send them to the
    hashed static file. Temporary (302, cached a day), since the hash changes with the icon."""
    response = HttpResponseRedirect(static_url("icons/favicon.ico"))
    patch_cache_control(response, public=True, max_age=86400)
    return response


urlpatterns = [
    path("favicon.ico", favicon),
    # Before the admin's own: "view on site" answers 404 outside the person's scope.
    path(
        f"{settings.ADMIN_PATH}r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
        name="admin_view_on_site",
    ),
    # A forgotten password, reset by e-mail (centres/staff/password_reset.py); the login page
    # links it because `admin_password_reset` exists. Before the admin's catch-all.
    path(
        f"{settings.ADMIN_PATH}passwort-vergessen/",
        password_reset.StaffPasswordResetView.as_view(),
        name="admin_password_reset",
    ),
    path(
        f"{settings.ADMIN_PATH}passwort-vergessen/gesendet/",
        password_reset.StaffPasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        f"{settings.ADMIN_PATH}passwort-neu/<uidb64>/<token>/",
        password_reset.StaffPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        f"{settings.ADMIN_PATH}passwort-neu/fertig/",
        password_reset.StaffPasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(settings.ADMIN_PATH, admin.site.urls),
    # The JSON API with the pages' filters (centres/opendata/api.py); its own namespace.
    path("api/v1/", api.urls),
]
# The public pages in German at their own addresses and in English under /en/; the URL alone
# decides the language (docs/languages.md). The admin stays German, outside these patterns.
urlpatterns += i18n_patterns(path("", include("centres.urls")), prefix_default_language=False)
# Uploaded photos in development; production serves media from its storage (docs/deploy.md).
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# A database error outside a view is the friendly 503 page too (centres/availability.py).
handler500 = "centres.availability.server_error"
