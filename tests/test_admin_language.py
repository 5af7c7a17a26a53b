"""Every admin page, as each role, speaks German: no English left, no untranslated string.

The walk visits the index, every model's list, add, change, history, a version, delete
confirmation, import and export pages (where the role may open them), the password change and
the account pages. What a person reads counts: text, and the labels of buttons, images and
fields (alt, title, placeholder, aria-label, value of buttons).
"""

import contextlib
import re
from html.parser import HTMLParser

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from centres.models import Centre, OpeningException, Site

# Words a German page never holds, Django's admin English (case matters: "Filter" is German).
ENGLISH_WORDS = [
    "the",
    "and",
    "or",
    "of",
    "to",
    "is",
    "are",
    "you",
    "your",
    "this",
    "that",
    "with",
    "for",
    "not",
    "can",
    "by",
    "has",
    "have",
    "been",
    "will",
    "be",
    "Can",
    "Add",
    "add",
    "Change",
    "change",
    "Delete",
    "delete",
    "View",
    "view",
    "Search",
    "Select",
    "Choose",
    "Remove",
    "Save",
    "History",
    "Home",
    "Reset",
    "Password",
    "password",
    "Raw",
    "Show",
    "Hide",
    "Today",
    "Now",
    "Yes",
    "No",
    "All",
    "Enabled",
    "Disabled",
    "Clear",
    "Go",
    "Run",
    "Log",
    "out",
    "Welcome",
    "Recent",
    "actions",
    "None",
    "available",
    "Unknown",
    "Action",
    "selected",
    "entry",
    "Set",
    "Import",
    "Export",
    "Submit",
    "Confirm",
    "Format",
    "Previous",
    "Next",
    "Close",
    "Access",
    "Attempt",
    "Attempted",
    "Failed",
    "Locked",
    "Remaining",
    "Data",
    "expired",
    "Not",
    "None",
]
ENGLISH = re.compile(r"(?<![\w/.@-])(" + "|".join(map(re.escape, ENGLISH_WORDS)) + r")(?![\w/@-])")
# The informal "du" of some add-ons' German: the admin says "Sie".
INFORMAL = re.compile(r"\b(du|dein|deine|deiner|deinen|deinem|Stelle sicher|klicke|korrigiere)\b")
# German words that look like English ones where they stand alone.
NOT_ENGLISH = {"Import", "Export", "Format"}
# Phrases that are German but say something a person should not read.
UNWANTED = [
    "darf nicht null sein",
    "Bedingung „",
    "Alle Gesprochene",
    "Alle Zielgruppen auswählen",
    "%(",
    "{{",
    "{%",
]
LABEL_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label"}


class ReadableText(HTMLParser):
    """The text a person reads on a page, without scripts, styles and the SVG sprite, and
    without what staff typed (text areas, read-only values such as sources): data, not
    interface."""

    HIDING = {"script", "style", "svg", "template", "textarea"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.hiding_tag: str | None = None
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.hiding_tag is not None:
            self.depth += tag == self.hiding_tag
            return
        if tag in self.HIDING or "readonly" in (attrs.get("class") or "").split():
            self.hiding_tag, self.depth = tag, 1
            return
        for name in LABEL_ATTRIBUTES & attrs.keys():
            self.parts.append(attrs[name] or "")
        if tag == "input" and attrs.get("type") in {"submit", "button"}:
            self.parts.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == self.hiding_tag:
            self.depth -= 1
            if not self.depth:
                self.hiding_tag = None

    def handle_data(self, data):
        if self.hiding_tag is None and data.strip():
            self.parts.append(data.strip())


def readable_text(html: str) -> list[str]:
    parser = ReadableText()
    parser.feed(html)
    return parser.parts


def english_in(html: str) -> list[str]:
    """The pieces of a page's readable text that are English or untranslated."""
    found = []
    for part in readable_text(html):
        words = {match.group(1) for match in ENGLISH.finditer(part)} - NOT_ENGLISH
        if words or INFORMAL.search(part) or any(phrase in part for phrase in UNWANTED):
            found.append(part[:120])
    return found


def _pages(user, centre: Centre) -> list[str]:
    """Every admin page the user may open, with an object of their own where one is needed."""
    request = RequestFactory().get("/admin/")
    request.user = user
    pages = [reverse("admin:index"), reverse("admin:password_change")]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        if not model_admin.has_view_permission(request):
            continue
        pages.append(reverse(f"{name}_changelist"))
        pages.append(reverse("admin:app_list", args=[opts.app_label]))
        if model_admin.has_add_permission(request):
            pages.append(reverse(f"{name}_add"))
        for view in ("import", "export"):
            may_open = getattr(model_admin, f"has_{view}_permission", None)
            if may_open is None or not may_open(request):
                continue  # rooms, say, are not imported
            with contextlib.suppress(NoReverseMatch):
                pages.append(reverse(f"{name}_{view}"))
        obj = model_admin.get_queryset(request).order_by("pk").first()
        if obj is None:
            continue
        pages.append(reverse(f"{name}_change", args=[obj.pk]))
        pages.append(reverse(f"{name}_history", args=[obj.pk]))
        if model_admin.has_delete_permission(request, obj):
            pages.append(reverse(f"{name}_delete", args=[obj.pk]))
        history = getattr(obj, "history", None)
        version = history.order_by("history_id").first() if history is not None else None
        if version is not None:
            pages.append(reverse(f"{name}_simple_history", args=[obj.pk, version.history_id]))
        if opts.label in {"centres.site", "centres.offering"}:
            pages.append(reverse(f"{name}_week", args=[obj.pk]))
        if opts.label == "auth.user":
            pages.append(reverse("admin:auth_user_password_change", args=[obj.pk]))
    return list(dict.fromkeys(pages))


@pytest.fixture
def full_directory(centre_a, centre_b, make_offering, in_days):
    """Centre A with what every admin page can show: a site's hours, an exception, an event."""
    site: Site = centre_a.main_site
    site.opening_hours.create(weekday=1, opens="09:00", closes="13:00")
    OpeningException.objects.create(site=site, starts_on=in_days(30).date(), note="Sommerpause")
    make_offering(centre_a, title="Kiezfest", starts_at=in_days(5), ends_at=in_days(5, 22))
    AccessAttempt.objects.create(
        username="alice", ip_address="192.0.2.1", user_agent="Firefox", failures_since_start=5
    )
    return centre_a


@pytest.mark.parametrize("role", ["editor", "coordinator", "team", "superuser"])
def test_every_admin_page_speaks_german_to_every_role(client, request, full_directory, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    problems = {}
    pages = _pages(user, full_directory)
    assert len(pages) > 10
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        found = english_in(response.text)
        if found:
            problems[url] = found
    assert not problems, "\n".join(f"{url}: {found}" for url, found in problems.items())


def test_the_walk_would_find_english(client, superuser):
    assert english_in("<p>Raw passwords are not stored</p>") == ["Raw passwords are not stored"]
    assert english_in('<img alt="Search">') == ["Search"]
    assert english_in("<p>Dieses Feld darf nicht null sein.</p>")
    assert english_in('<input type="submit" value="Reset password">')
    assert english_in("<p>Stelle sicher, dass deine Datei passt.</p>")
    assert not english_in("<p>Import und Export: Filter nach Bezirk</p>")


def test_the_selector_widgets_name_their_choices_in_good_german(client, editor):
    """SelectFilter's "Choose all %s" needs no inflection: "Alle auswählen: Zielgruppen"."""
    client.force_login(editor)
    catalog = client.get("/admin/jsi18n/").text
    assert '"Choose all %s": "Alle ausw\\u00e4hlen: %s"' in catalog
    assert '"Remove all %s": "Alle entfernen: %s"' in catalog
