from django.urls import path

from centres import views

app_name = "centres"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("bezirke/<slug:slug>/", views.DistrictDetailView.as_view(), name="district_detail"),
    path("zentren/", views.CentreListView.as_view(), name="centre_list"),
    path("zentren/<slug:slug>/", views.CentreDetailView.as_view(), name="centre_detail"),
    path("angebote/", views.OfferingListView.as_view(), name="offering_list"),
    path("angebote/<slug:slug>/", views.OfferingDetailView.as_view(), name="offering_detail"),
    path("partner/", views.PartnerListView.as_view(), name="partner_list"),
    path("partner/<slug:slug>/", views.PartnerDetailView.as_view(), name="partner_detail"),
]
