"""The directory team can edit every model in the admin."""

import pytest
from django.core.paginator import UnorderedObjectListWarning
from django.urls import reverse

from centres.models import (
    Centre,
    District,
    Language,
    Offering,
    Organisation,
    Ortsteil,
    Partnership,
    Site,
    TargetGroup,
)
from tests.test_admin_workflow import _form_data

MODELS = [
    District,
    Ortsteil,
    TargetGroup,
    Language,
    Organisation,
    Centre,
    Site,
    Offering,
    Partnership,
]


@pytest.fixture
def superuser_client(client, superuser):
    """The superuser persona, logged in (pytest-django's admin_client brings its own user)."""
    client.force_login(superuser)
    return client


def admin_url(model, action: str, *args) -> str:
    return reverse(f"admin:centres_{model._meta.model_name}_{action}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_every_model_has_a_searchable_list_and_an_add_form(superuser_client, centre_a, model):
    listing = superuser_client.get(admin_url(model, "changelist"), {"q": "a"})
    adding = superuser_client.get(admin_url(model, "add"))

    assert listing.status_code == 200
    assert adding.status_code == 200


def test_centre_form_has_sites_partners_and_offerings_inline(
    superuser_client, make_centre, make_offering
):
    centre = make_centre(name="Haus im Admin")
    make_offering(centre, title="Malwerkstatt")

    html = superuser_client.get(admin_url(Centre, "change", centre.pk)).content.decode()

    assert "Standorte" in html and 'value="Haus im Admin"' in html  # the main site's name
    assert admin_url(Site, "change", centre.main_site.pk) in html  # where its hours are edited
    assert "Partnerschaften" in html
    assert "Malwerkstatt" in html
    assert "Auf der Website anzeigen" in html  # "view on site"
    assert 'data-ajax--url="/admin/autocomplete/"' in html  # autocomplete for foreign keys


def test_a_site_page_edits_the_sites_opening_hours(superuser_client, make_centre):
    site = make_centre(street="Hofweg 3").main_site
    site.opening_hours.create(weekday=2, opens="10:00", closes="14:00")

    html = superuser_client.get(admin_url(Site, "change", site.pk)).content.decode()

    assert "Öffnungszeiten" in html
    assert 'value="10:00"' in html and 'value="Hofweg 3"' in html


def test_saving_a_site_with_an_ortsteil_of_another_district_is_a_form_error(
    superuser_client, make_centre, ortsteil_of
):
    centre = make_centre("neukoelln")
    url = admin_url(Centre, "change", centre.pk)
    data = _form_data(superuser_client, url)
    data["sites-0-ortsteil"] = ortsteil_of("wedding").pk

    response = superuser_client.post(url, data)

    assert response.status_code == 200
    assert "liegt nicht im Bezirk Neukölln" in response.content.decode()
    assert Site.objects.get(centre=centre).ortsteil.slug != "wedding"


def test_a_centre_has_exactly_one_main_site(superuser_client, make_centre):
    centre = make_centre("neukoelln", name="Haus mit Treff")
    url = admin_url(Centre, "change", centre.pk)
    data = _form_data(superuser_client, url)
    data.update(
        {
            "sites-TOTAL_FORMS": 2,
            "sites-1-name": "Nachbarschaftstreff am Park",
            "sites-1-is_main": "on",
            "sites-1-step_free_access": "unbekannt",
        }
    )

    refused = superuser_client.post(url, data)
    data.pop("sites-1-is_main")
    saved = superuser_client.post(url, data)

    assert "Nur ein Standort kann der Hauptstandort sein." in refused.content.decode()
    assert saved.status_code == 302
    assert [(s.name, s.is_main) for s in centre.sites.all()] == [
        ("Haus mit Treff", True),
        ("Nachbarschaftstreff am Park", False),
    ]


def test_admin_speaks_german_where_django_has_no_translation_yet(superuser_client, make_centre):
    make_centre()

    changelist = superuser_client.get(admin_url(Centre, "changelist")).content.decode()
    catalog = superuser_client.get("/admin/jsi18n/").content.decode()

    assert ">Ausführen</button>" in changelist
    assert "Select an option" not in changelist
    assert '"Choose all %s": "Alle ausw\\u00e4hlen: %s"' in catalog  # JSON escapes the ä
    assert "Hinweis: Zeiten bitte in der Zeitzone" in catalog


def test_centre_autocomplete_answers_in_name_order(superuser_client, make_centre, recwarn):
    for name in ["Probehaus Charlie", "Probehaus Anton", "Probehaus Berta"]:
        make_centre(name=name)

    response = superuser_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "centres",
            "model_name": "offering",
            "field_name": "centre",
            "term": "Probehaus",
        },
    )

    assert [item["text"] for item in response.json()["results"]] == [
        "Probehaus Anton",
        "Probehaus Berta",
        "Probehaus Charlie",
    ]
    # The paginator warns when it pages through an unordered queryset.
    assert not [w for w in recwarn if issubclass(w.category, UnorderedObjectListWarning)]
