from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("centres.urls")),
]
# Uploaded photos in development; production serves media from its storage (docs/deploy.md).
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# A database error outside a view is the friendly 503 page too (centres/availability.py).
handler500 = "centres.availability.server_error"
