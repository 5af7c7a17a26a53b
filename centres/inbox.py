"""Residents write to a centre: "Änderung melden", "Eigene Idee einbringen" and "Raum anfragen",
with the abuse protection every such form shares.

What protects each form (docs/security.md, "Residents' messages"):
- CSRF, also on pages from the page cache. A cached page must not carry a token (it would be
  another visitor's, and setting the cookie would keep the page out of the cache), so its inline
  form posts without one to an uncached endpoint here. With JavaScript (static/js/inbox.js) the
  form first fetches that endpoint, which sets the cookie and hands out a token; without it, or
  when the token does not match, the endpoint answers with the form on its own page, the text
  kept and a fresh token, asking to send it again: nothing is stored, and never Django's bare
  CSRF page.
- a honeypot field that people never see; a filled one is thanked and dropped;
- a limit per client address and hour (INBOX_MESSAGES_PER_HOUR), counted in the shared cache so
  it holds across app instances, under a keyed hash of the address (the address itself is
  stored nowhere), with the address the login lockout reads behind the trusted proxies;
- length limits (`centres.models.inbox`); text is only ever shown escaped, links as plain text.

A new kind of form subclasses `MessageView` with its own form, kind and `get_target()`, as the
room request (centres/room_requests.py) does; what its form adds to the message comes from the
form's `message_fields()`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from centres.models import Centre, Message, Offering
from centres.models.inbox import EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, TEXT_MAX_LENGTH
from centres.ratelimit import HourlyLimit, client_address
from centres.services.inbox import message_create, message_notify

HONEYPOT = "website"

# --- who is asking, and how often --------------------------------------------------------


MESSAGES_PER_HOUR = HourlyLimit("inbox", "INBOX_MESSAGES_PER_HOUR")


def _rate_key(request: HttpRequest) -> str:
    return MESSAGES_PER_HOUR.key(client_address(request))


def rate_limited(request: HttpRequest) -> bool:
    """Whether this address has sent INBOX_MESSAGES_PER_HOUR messages within the hour."""
    return MESSAGES_PER_HOUR.reached(client_address(request))


def rate_count(request: HttpRequest) -> None:
    """Count one message from this address; the hour starts with its first."""
    MESSAGES_PER_HOUR.count(client_address(request))


def csrf_failed(request: HttpRequest) -> bool:
    """Django's own CSRF check (origin, cookie, token), run by hand so that a failure can be
    answered with the form instead of the bare 403 page (the view itself is csrf_exempt)."""
    return CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {}) is not None


# --- forms --------------------------------------------------------------------------------


class ResidentForm(forms.Form):
    """What every resident's form has: the honeypot, trimmed text within the limits."""

    website = forms.CharField(
        label=_("Dieses Feld bitte leer lassen"), required=False, max_length=200
    )
    # The fields a resend keeps (never the honeypot).
    kept = ("text", "name", "email")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")  # the labels are questions or end in brackets
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    @property
    def is_trap(self) -> bool:
        return bool(self.cleaned_data.get(HONEYPOT))

    @property
    def visible(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name != HONEYPOT]

    def message_fields(self) -> dict[str, Any]:
        """What this form stores on the message besides text, e-mail and name (when valid)."""
        return {}


def _text_field(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


EMAIL_HELP = _(
    "Nur für Rückfragen des Zentrums. Ihre E-Mail-Adresse löschen wir, sobald Ihre Meldung "
    "erledigt ist."
)


class CorrectionForm(ResidentForm):
    text = _text_field(
        _("Was stimmt nicht?"),
        _("Zum Beispiel: andere Öffnungszeiten, ein Angebot, das es nicht mehr gibt."),
    )
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse (freiwillig)"),
        required=False,
        max_length=EMAIL_MAX_LENGTH,
        help_text=EMAIL_HELP,
    )
    field_order = ["text", "email", HONEYPOT]


class IdeaForm(ResidentForm):
    text = _text_field(
        _("Ihre Idee"),
        _("Was möchten Sie im Zentrum anstoßen oder selbst anbieten?"),
    )
    name = forms.CharField(
        label=_("Ihr Name (freiwillig)"), required=False, max_length=NAME_MAX_LENGTH
    )
    # Optional, as for corrections: an idea may be just a suggestion, and an address the centre
    # does not need is one we should not collect. Without one the centre cannot answer.
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse (freiwillig, damit das Zentrum antworten kann)"),
        required=False,
        max_length=EMAIL_MAX_LENGTH,
        help_text=_(
            "Ihre E-Mail-Adresse und Ihren Namen löschen wir, sobald Ihre Meldung erledigt ist."
        ),
    )
    field_order = ["text", "name", "email", HONEYPOT]


# --- views --------------------------------------------------------------------------------


@dataclass
class Target:
    """What a message is about: a centre, perhaps one of its offerings or rooms."""

    centre: Centre
    title: str
    url: str
    fields: dict[str, Any] = field(default_factory=dict)
    # The breadcrumbs up to the page the form is about: (url, label) pairs.
    trail: list[tuple[str, str]] = field(default_factory=list)


@method_decorator([csrf_exempt, never_cache], name="dispatch")
class MessageView(View):
    """GET: the form on its own page. POST: check, store, announce, thank (PRG)."""

    kind: str = Message.Kind.CORRECTION
    form_class: type[ResidentForm] = CorrectionForm
    template_name = "centres/inbox/form.html"
    thanks_url_name = ""
    heading = _("Änderung melden")

    def get_target(self, slug: str) -> Target:
        raise NotImplementedError

    def form(self, **kwargs: Any) -> ResidentForm:
        return self.form_class(auto_id="inbox-%s", **kwargs)

    def page(self, request: HttpRequest, form: ResidentForm, status: int = 200, **context):
        return render(
            request,
            self.template_name,
            {"form": form, "target": self.target, "heading": self.heading, **context},
            status=status,
        )

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        self.target = self.get_target(slug)
        return self.page(request, self.form())

    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        self.target = self.get_target(slug)
        if csrf_failed(request):
            # Within the fields' limits: the page never echoes more than a message may hold.
            kept = {
                name: request.POST.get(name, "")[:TEXT_MAX_LENGTH] for name in self.form_class.kept
            }
            return self.page(request, self.form(initial=kept), status=403, resend=True)
        if rate_limited(request):
            return render(
                request, "centres/inbox/too_many.html", {"target": self.target}, status=429
            )
        form = self.form(data=request.POST)
        if not form.is_valid():
            return self.page(request, form)
        rate_count(request)
        if not form.is_trap:
            message = message_create(
                kind=self.kind,
                centre=self.target.centre,
                text=form.cleaned_data["text"],
                email=form.cleaned_data.get("email", ""),
                name=form.cleaned_data.get("name", ""),
                language=get_language() or settings.LANGUAGE_CODE,
                **self.target.fields,
                **form.message_fields(),
            )
            admin_url = request.build_absolute_uri(
                reverse("admin:centres_message_change", args=[message.pk])
            )
            message_notify(message=message, admin_url=admin_url)
        return HttpResponseRedirect(reverse(self.thanks_url_name, args=[slug]))


def _centre(slug: str) -> Centre:
    return get_object_or_404(Centre.objects.published().select_related("district"), slug=slug)


def _centre_target(centre: Centre) -> Target:
    district = centre.district
    return Target(
        centre=centre,
        title=centre.name,
        url=centre.get_absolute_url(),
        trail=[
            (district.get_absolute_url(), district.name),
            (centre.get_absolute_url(), centre.name),
        ],
    )


class CentreCorrectionView(MessageView):
    thanks_url_name = "centres:centre_report_thanks"

    def get_target(self, slug: str) -> Target:
        return _centre_target(_centre(slug))


class CentreIdeaView(MessageView):
    kind = Message.Kind.IDEA
    form_class = IdeaForm
    thanks_url_name = "centres:centre_idea_thanks"
    heading = _("Eigene Idee einbringen")

    def get_target(self, slug: str) -> Target:
        return _centre_target(_centre(slug))


class OfferingCorrectionView(MessageView):
    thanks_url_name = "centres:offering_report_thanks"

    def get_target(self, slug: str) -> Target:
        offering = get_object_or_404(
            Offering.objects.published().select_related("centre__district"), slug=slug
        )
        centre = _centre_target(offering.centre)
        return Target(
            centre=offering.centre,
            title=offering.title,
            url=offering.get_absolute_url(),
            fields={"offering": offering},
            trail=[*centre.trail, (offering.get_absolute_url(), offering.title)],
        )


class ThanksView(View):
    """After a message: what happens next (the redirect target; stores nothing)."""

    kind: str = Message.Kind.CORRECTION
    of_offering = False

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        if self.of_offering:
            offering = Offering.objects.published().filter(slug=slug).first()
            if offering is None:
                raise Http404
            title, url = offering.title, offering.get_absolute_url()
        else:
            centre = _centre(slug)
            title, url = centre.name, centre.get_absolute_url()
        return render(
            request, "centres/inbox/thanks.html", {"kind": self.kind, "title": title, "url": url}
        )
