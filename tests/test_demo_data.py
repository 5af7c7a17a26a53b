"""Demo data: clearly fictional, reproducible, fast, and never mixed with real centres."""

import pytest
from django.core.management import CommandError, call_command

from centres.models import Centre, District, Offering, Organisation, Partnership
from centres.services.demo_data import demo_data_create


@pytest.mark.django_db
def test_demo_data_on_an_empty_database_loads_the_bezirke_first():
    demo_data_create(centres=2, offerings_per_centre=1, seed=1)

    assert District.objects.count() == 12
    assert Centre.objects.filter(is_demo=True).count() == 2


def test_demo_centres_are_named_and_flagged_as_demo(geography):
    demo_data_create(centres=5, offerings_per_centre=3, seed=1)

    demo = Centre.objects.filter(is_demo=True)
    assert demo.count() == 5
    assert all(centre.name.startswith("Demo-") for centre in demo)
    assert Offering.objects.filter(centre__in=demo).count() == 15


def test_demo_offerings_and_partners_never_touch_real_centres(
    make_centre, make_offering, make_partnership
):
    real = make_centre()
    make_offering(real)
    make_partnership(real)

    demo_data_create(centres=10, offerings_per_centre=4, seed=3)

    assert Offering.objects.filter(centre__is_demo=False).count() == 1
    assert Partnership.objects.filter(centre__is_demo=False).count() == 1
    assert not Partnership.objects.filter(
        centre__is_demo=True, organisation__is_demo=False
    ).exists()


def test_the_same_seed_gives_the_same_data(geography):
    demo_data_create(centres=4, offerings_per_centre=2, seed=7)
    first = sorted(Offering.objects.values_list("slug", "kind", "cost"))

    demo_data_create(centres=4, offerings_per_centre=2, seed=7)

    assert sorted(Offering.objects.values_list("slug", "kind", "cost")) == first


def test_rerunning_replaces_demo_data_and_keeps_real_centres(make_centre, make_organisation):
    provider = make_organisation(kind=Organisation.Kind.PROVIDER)
    real = {make_centre(provider=provider).pk, make_centre("pankow").pk}

    call_command("load_demo_data", centres=6, offerings=2, seed=1, verbosity=0)
    call_command("load_demo_data", centres=3, offerings=2, seed=2, verbosity=0)

    assert Centre.objects.filter(is_demo=True).count() == 3
    assert set(Centre.objects.filter(is_demo=False).values_list("pk", flat=True)) == real
    assert Organisation.objects.filter(pk=provider.pk).exists()


def test_negative_sizes_are_refused_with_a_clear_message():
    with pytest.raises(CommandError, match="dürfen nicht negativ sein"):
        call_command("load_demo_data", centres=-1)
