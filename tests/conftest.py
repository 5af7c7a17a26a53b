"""Shared fixtures: Berlin's geography and vocabularies, and small factories on top of them.

Tests build the centres, offerings and organisations they need; none depends on the real
researched centres (fixtures/centres.csv), which only tests/test_reference_data.py loads.
"""

import copy
import datetime
import itertools
import os
from collections.abc import Callable, Iterable, Iterator

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import models
from django.test import override_settings
from django.utils import timezone

from centres.models import (
    Centre,
    District,
    Language,
    Offering,
    OfferingTime,
    Organisation,
    Ortsteil,
    Partnership,
    Status,
    TargetGroup,
)
from centres.services.reference_data import geography_load

# Playwright's sync API runs an event loop in the test thread; the live-server tests use the ORM
# from that thread too.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

_counter = itertools.count(1)


@pytest.fixture(scope="session", autouse=True)
def collected_static(tmp_path_factory):
    """Collect static files once, so pages render with the production storage (hashed names)."""
    settings.STATIC_ROOT = tmp_path_factory.mktemp("static")
    call_command("collectstatic", interactive=False, verbosity=0)
    return settings.STATIC_ROOT


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, django_db_modify_db_settings_parallel_suffix) -> None:
    """A second database, `replica`, for the tests marked `replica` (tests/test_replicas.py):
    its own test database (in memory on SQLite, `test_<name>_replica` on PostgreSQL) with the
    same tables, as DATABASE_REPLICA_URL would give. Only when such a test is collected, so the
    rest of the suite runs on one database, as without the setting."""
    if not any(item.get_closest_marker("replica") for item in request.session.items):
        return
    from django.db import connections

    replica = copy.deepcopy(connections.settings["default"])
    if replica["ENGINE"] != "django.db.backends.sqlite3":
        replica["NAME"] = f"{replica['NAME']}_replica"
        replica["TEST"]["NAME"] = None
    # Its tables made from the models, as a replica copies them: migrations run on the
    # primary only (and some data migrations read the default database).
    replica["TEST"]["MIGRATE"] = False
    connections.settings["replica"] = replica


@pytest.fixture(scope="session", autouse=True)
def fast_password_hasher() -> Iterator[None]:
    """Hash test passwords with MD5: the production hasher is slow on purpose, ~0.5 s each."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session", autouse=True)
def page_cache_on() -> Iterator[None]:
    """Every test runs with the page cache (docs/caching.md), as production with Redis does: a
    page that goes stale after a write fails the test that makes the write."""
    with override_settings(PAGE_CACHE_ENABLED=True):
        yield


@pytest.fixture(autouse=True)
def german_by_default() -> Iterator[None]:
    """Each test starts in German, the site's default. A request for an /en/ page leaves English
    active in the test's thread (Django's LocaleMiddleware does not switch back after the
    response), and `get_absolute_url()` in the next test would then give the /en/ address."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache: pages cached by an earlier test (whose rows were
    rolled back, or whose settings were overridden) must not answer in this one."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def geography(db) -> None:
    """The real 12 Bezirke, 97 Ortsteile, target groups and languages, and no centre at all."""
    geography_load()


@pytest.fixture
def district(geography) -> District:
    return District.objects.get(slug="neukoelln")


@pytest.fixture
def other_district(geography) -> District:
    return District.objects.get(slug="pankow")


def _vocabulary(model: type[models.Model], field: str, keys: Iterable[str]) -> list:
    """The rows with these keys; a key that names none is a typo in the test, not an empty set."""
    keys = list(keys)
    found = list(model.objects.filter(**{f"{field}__in": keys}))
    missing = set(keys) - {getattr(row, field) for row in found}
    assert not missing, f"no {model.__name__} with {field} {sorted(missing)}"
    return found


@pytest.fixture
def make_organisation(db) -> Callable[..., Organisation]:
    def make(**fields) -> Organisation:
        number = next(_counter)
        fields.setdefault("name", f"Testorganisation {number}")
        fields.setdefault("slug", f"testorganisation-{number}")
        fields.setdefault("kind", Organisation.Kind.SCHOOL)
        return Organisation.objects.create(**fields)

    return make


@pytest.fixture
def make_centre(geography) -> Callable[..., Centre]:
    """A published centre in the given Bezirk (a slug or a District), in its first Ortsteil."""

    def make(district: District | str = "neukoelln", **fields) -> Centre:
        if isinstance(district, str):
            district = District.objects.get(slug=district)
        number = next(_counter)
        fields.setdefault("name", f"Testzentrum {number}")
        fields.setdefault("slug", f"testzentrum-{number}")
        fields.setdefault("status", Status.PUBLISHED)
        fields.setdefault("ortsteil", district.ortsteile.first())
        fields.setdefault("street", f"Teststraße {number}")
        fields.setdefault("postcode", "12043")
        languages = fields.pop("languages", [])
        centre = Centre.objects.create_with_main_site(district=district, **fields)
        centre.languages.set(_vocabulary(Language, "code", languages))
        return centre

    return make


@pytest.fixture
def make_offering(db) -> Callable[..., Offering]:
    """A published course at the centre, on Mondays 10–12 unless it has a date or weekdays."""

    def make(centre: Centre, **fields) -> Offering:
        number = next(_counter)
        fields.setdefault("title", f"Testangebot {number}")
        fields.setdefault("slug", f"testangebot-{number}")
        fields.setdefault("kind", Offering.Kind.COURSE)
        fields.setdefault("status", Status.PUBLISHED)
        target_groups = fields.pop("target_groups", [])
        languages = fields.pop("languages", [])
        weekdays = fields.pop("weekdays", [] if fields.get("starts_at") else [1])
        offering = Offering.objects.create(centre=centre, **fields)
        offering.target_groups.set(_vocabulary(TargetGroup, "slug", target_groups))
        offering.languages.set(_vocabulary(Language, "code", languages))
        for weekday in weekdays:
            OfferingTime.objects.create(
                offering=offering,
                weekday=weekday,
                opens=datetime.time(10),
                closes=datetime.time(12),
            )
        return offering

    return make


@pytest.fixture
def make_partnership(make_organisation) -> Callable[..., Partnership]:
    """A partnership of the centre with the organisation, or with a new school."""

    def make(centre: Centre, organisation: Organisation | None = None, **fields) -> Partnership:
        return Partnership.objects.create(
            centre=centre, organisation=organisation or make_organisation(), **fields
        )

    return make


@pytest.fixture
def in_days() -> Callable[..., datetime.datetime]:
    """A moment `days` from today at `hour` o'clock, Berlin time."""

    def at(days: int, hour: int = 18) -> datetime.datetime:
        moment = timezone.localtime() + datetime.timedelta(days=days)
        return moment.replace(hour=hour, minute=0, second=0, microsecond=0)

    return at


@pytest.fixture
def ortsteil_of(geography) -> Callable[[str], Ortsteil]:
    def get(slug: str) -> Ortsteil:
        return Ortsteil.objects.get(slug=slug)

    return get


# --- Staff personas (issue 3): who may edit which centre ----------------------------------
# The one set of personas: a resident (anonymous), an editor of centre A, an editor of centre B,
# A's Bezirk coordinator, the directory team, a superuser and a funder. Roles by their names in
# centres/staff/roles.py.


@pytest.fixture
def resident(client):
    """A visitor of the public site, not logged in."""
    return client


@pytest.fixture
def make_staff(db):
    from django.contrib.auth.models import Group, User

    from centres.staff.roles import ROLES, roles_sync

    if Group.objects.filter(name__in=ROLES).count() < len(ROLES):
        # A transactional test (the browser tests) flushed the groups that migration 0008 made.
        roles_sync()

    def make(username: str, group: str | None = None, password=None, **fields) -> User:
        user = User.objects.create_user(
            username, f"{username}@example.org", password, is_staff=True, **fields
        )
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture
def centre_a(make_centre, make_offering, make_partnership):
    """A published centre in Neukölln, with an offering and a partner."""
    centre = make_centre("neukoelln", name="Zentrum Alpha", slug="zentrum-alpha")
    make_offering(centre, title="Alpha-Yoga", slug="alpha-yoga")
    make_partnership(centre, note="Alpha-Partnerschaft")
    return centre


@pytest.fixture
def centre_b(make_centre, make_offering, make_partnership):
    """A published centre in Pankow, with an offering and a partner."""
    centre = make_centre("pankow", name="Zentrum Beta", slug="zentrum-beta", postcode="13187")
    make_offering(centre, title="Beta-Chor", slug="beta-chor")
    make_partnership(centre, note="Beta-Partnerschaft")
    return centre


@pytest.fixture
def staff_password() -> str:
    """The password a persona types into the login form (personas have none otherwise)."""
    return "Zentrum-Passwort-1"


@pytest.fixture
def editor_with_password(editor, staff_password):
    """The editor persona, with a password to type into the login form."""
    editor.set_password(staff_password)
    editor.save()
    return editor


@pytest.fixture
def editor(make_staff, centre_a):
    """Staff of centre A (Zentrumsredaktion)."""
    from centres.staff.roles import EDITOR

    user = make_staff("alice", EDITOR)
    centre_a.editors.add(user)
    return user


@pytest.fixture
def other_editor(make_staff, centre_b):
    """Staff of centre B, who must not touch centre A."""
    from centres.staff.roles import EDITOR

    user = make_staff("bob", EDITOR)
    centre_b.editors.add(user)
    return user


@pytest.fixture
def coordinator(make_staff, centre_a):
    """Coordinates centre A's Bezirk (Neukölln)."""
    from centres.staff.roles import COORDINATOR

    user = make_staff("carla", COORDINATOR)
    centre_a.district.coordinators.add(user)
    return user


@pytest.fixture
def team(make_staff):
    """The directory team (Verzeichnisteam): every centre, every model."""
    from centres.staff.roles import TEAM

    return make_staff("dora", TEAM)


@pytest.fixture
def superuser(make_staff):
    """A superuser: may do everything, without being in any group."""
    return make_staff("root", is_superuser=True)


@pytest.fixture
def funder(make_staff):
    """A funder (Fördermittelgeber): may see the overview when it requires a login."""
    from centres.staff.roles import FUNDER

    return make_staff("frieda", FUNDER)
