from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from centres.staff.view_on_site import view_on_site

urlpatterns = [
    # Before the admin's own: "view on site" answers 404 outside the person's scope.
    path(
        f"{settings.ADMIN_PATH}r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
        name="admin_view_on_site",
    ),
    path(settings.ADMIN_PATH, admin.site.urls),
]
# The public pages in German at their own addresses and in English under /en/; the URL alone
# decides the language (docs/languages.md). The admin stays German, outside these patterns.
urlpatterns += i18n_patterns(path("", include("centres.urls")), prefix_default_language=False)
# Uploaded photos in development; production serves media from its storage (docs/deploy.md).
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# A database error outside a view is the friendly 503 page too (centres/availability.py).
handler500 = "centres.availability.server_error"
