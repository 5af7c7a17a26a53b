"""Real centres come before invented demo centres in every public list."""

import pytest

from centres.models import Organisation


@pytest.fixture
def demo_and_real(make_centre, make_offering, make_partnership, make_organisation, in_days):
    """A demo centre whose names sort first, and a real one whose names sort last."""
    demo = make_centre("neukoelln", name="Aaa Demo-Zentrum", is_demo=True)
    real = make_centre("neukoelln", name="Zzz Nachbarschaftshaus")
    make_offering(demo, title="Aaa Demo-Yoga")
    make_offering(real, title="Zzz Yoga")
    make_offering(demo, title="Aaa Demo-Fest", kind="fest", starts_at=in_days(1))
    make_offering(real, title="Zzz Kiezfest", kind="fest", starts_at=in_days(20))
    demo_partner = make_organisation(name="Aaa Demo-Schule", is_demo=True)
    real_partner = make_organisation(name="Zzz Grundschule")
    make_partnership(demo, demo_partner)
    make_partnership(real, real_partner)
    return demo, real


def first_before(html: str, first: str, second: str) -> bool:
    return html.index(first) < html.index(second)


@pytest.mark.parametrize(
    ("url", "real", "demo"),
    [
        ("/zentren/", "Zzz Nachbarschaftshaus", "Aaa Demo-Zentrum"),
        ("/bezirke/neukoelln/", "Zzz Nachbarschaftshaus", "Aaa Demo-Zentrum"),
        ("/angebote/", "Zzz Yoga", "Aaa Demo-Yoga"),
        ("/partner/", "Zzz Grundschule", "Aaa Demo-Schule"),
        ("/", "Zzz Kiezfest", "Aaa Demo-Fest"),
    ],
)
def test_real_entries_are_listed_before_demo_entries(client, demo_and_real, url, real, demo):
    html = client.get(url).content.decode()

    assert first_before(html, real, demo)


def test_demo_entries_keep_their_badge_after_the_real_ones(client, demo_and_real):
    html = client.get("/zentren/").content.decode()
    demo_card = html[html.index("Aaa Demo-Zentrum") :]

    assert "badge--demo" in demo_card
    assert "badge--demo" not in html[html.index("Zzz Nachbarschaftshaus") : html.index("Aaa Demo")]


def test_organisations_sort_real_first_everywhere(demo_and_real):
    names = list(Organisation.objects.values_list("name", flat=True))

    assert names.index("Zzz Grundschule") < names.index("Aaa Demo-Schule")
