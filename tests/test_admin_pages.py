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
    TargetGroup,
)

MODELS = [District, Ortsteil, TargetGroup, Language, Organisation, Centre, Offering, Partnership]


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


def test_centre_form_has_opening_hours_partners_and_offerings_inline(
    superuser_client, make_centre, make_offering
):
    centre = make_centre(name="Haus im Admin")
    make_offering(centre, title="Malwerkstatt")

    html = superuser_client.get(admin_url(Centre, "change", centre.pk)).content.decode()

    assert "Öffnungszeiten" in html
    assert "Partnerschaften" in html
    assert "Malwerkstatt" in html
    assert "Auf der Website anzeigen" in html  # "view on site"
    assert 'data-ajax--url="/admin/autocomplete/"' in html  # autocomplete for foreign keys


def test_saving_a_centre_with_an_ortsteil_of_another_district_is_a_form_error(
    superuser_client, make_centre, ortsteil_of
):
    centre = make_centre("neukoelln")
    url = admin_url(Centre, "change", centre.pk)
    form = superuser_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "ortsteil": ortsteil_of("wedding").pk,
            "languages": [],
            "opening_hours-TOTAL_FORMS": 0,
            "opening_hours-INITIAL_FORMS": 0,
            "partnerships-TOTAL_FORMS": 0,
            "partnerships-INITIAL_FORMS": 0,
            "offerings-TOTAL_FORMS": 0,
            "offerings-INITIAL_FORMS": 0,
        }
    )
    data = {
        key: value
        for key, value in data.items()
        # An empty photo's initial value is a FieldFile, which the test client cannot post.
        if key not in ("languages", "latitude", "longitude", "photo")
    }

    response = superuser_client.post(url, data)

    assert response.status_code == 200
    assert "liegt nicht im Bezirk Neukölln" in response.content.decode()
    centre.refresh_from_db()
    assert centre.ortsteil.slug != "wedding"


def test_admin_speaks_german_where_django_has_no_translation_yet(superuser_client, make_centre):
    make_centre()

    changelist = superuser_client.get(admin_url(Centre, "changelist")).content.decode()
    catalog = superuser_client.get("/admin/jsi18n/").content.decode()

    assert ">Ausführen</button>" in changelist
    assert "Select an option" not in changelist
    assert '"Choose all %s": "Alle %s ausw\\u00e4hlen"' in catalog  # JSON escapes the ä
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
