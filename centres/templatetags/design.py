"""The design system's template helpers (docs/design.md): icons from the sprite, and the icon
and colour of each offering kind.

Icons support words, never replace them: `{% icon %}` renders an SVG hidden from assistive
technology, so it always stands next to visible text.
"""

from __future__ import annotations

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from centres.models import OfferingKind

register = template.Library()

SPRITE = "vendor/tabler-icons/sprite.svg"

# Each kind's icon (a symbol of the sprite) and colour (the CSS token --kind-<value>,
# static/css/design.css). A new kind without an entry falls back to "dots" and the neutral colour.
KIND_ICONS: dict[str, str] = {
    OfferingKind.COURSE: "school",
    OfferingKind.CREATIVE_COURSE: "palette",
    OfferingKind.SPORT: "ball-football",
    OfferingKind.SWAP_MEET: "arrows-exchange",
    OfferingKind.COUNSELLING: "message-circle",
    OfferingKind.FAMILY: "users-group",
    OfferingKind.OPEN_MEETING: "coffee",
    OfferingKind.SELF_HELP: "heart-handshake",
    OfferingKind.VOLUNTEERING: "heart",
    OfferingKind.FESTIVAL: "confetti",
    OfferingKind.EVENT: "calendar-event",
    OfferingKind.OTHER: "dots",
}


@register.simple_tag
def icon(name: str, extra_class: str = "") -> str:
    """An icon from the sprite: `{% icon "clock" %}`, hidden from screen readers."""
    classes = f"icon {extra_class}".strip()
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false" width="24" height="24">'
        '<use href="{}#{}"></use></svg>',
        classes,
        static(SPRITE),
        name,
    )


@register.filter
def kind_icon(kind: str) -> str:
    """The sprite symbol for an offering kind's value."""
    return KIND_ICONS.get(kind, "dots")


@register.simple_tag(takes_context=True)
def absolute_static(context: template.Context, path: str) -> str:
    """A static file's absolute URL, as link previews (og:image) require."""
    url = static(path)
    request = context.get("request")
    return request.build_absolute_uri(url) if request is not None else url


class CaptureNode(template.Node):
    # Declared so that {% block %}s inside are found and overridden by child templates.
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: template.NodeList, name: str) -> None:
        self.nodelist = nodelist
        self.name = name

    def render(self, context: template.Context) -> str:
        context[self.name] = self.nodelist.render(context).strip()
        return ""


@register.tag
def capture(parser: template.base.Parser, token: template.base.Token) -> CaptureNode:
    """`{% capture "name" %}…{% endcapture %}`: render once, use as {{ name }} many times —
    base.html's title block feeds <title> and og:title alike."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("capture takes one quoted name")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[1].strip("\"'"))
