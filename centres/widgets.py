"""The choice widgets of the public filters, rendered in Python.

The filter form of a list has some 150 options (Bezirke, Ortsteile, kinds, target groups,
languages, weekdays). Django renders each option through two or three included templates,
which made the form about half of a list page's rendering time. These widgets write exactly
the HTML of Django's templates (`django/forms/widgets/multiple_input.html`,
`input_option.html`, `input.html`, `select.html`, `select_option.html`, `attrs.html`) from the
same context (`get_context()`), without a template per option; `tests/test_widgets.py` checks
them against Django's templates.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict[str, Any]) -> str:
    """`attrs.html`: ` name="value"` for each attribute, ` name` for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(format_html(' {}="{}"', name, f"{value}"))  # as stringformat:"s"
    return "".join(parts)


def _input(widget: dict[str, Any]) -> str:
    """`input.html` (and its file's last line break, which an include keeps)."""
    value = widget["value"]
    shown = format_html(' value="{}"', f"{value}") if value is not None else ""
    return format_html(
        '<input type="{}" name="{}"{}{}>\n',
        widget["type"],
        widget["name"],
        shown,
        mark_safe(_attrs(widget["attrs"])),  # noqa: S308 - _attrs escapes every part
    )


def _checkbox_option(option: dict[str, Any]) -> str:
    """`checkbox_option.html`, which includes `input_option.html` (each file's last line
    break kept)."""
    if not option.get("wrap_label"):
        return f"{_input(option)}\n\n"
    label_for = option["attrs"].get("id")
    return "".join(
        [
            format_html('<label for="{}">', label_for) if label_for else "<label>",
            _input(option),
            " ",
            str(conditional_escape(option["label"])),
            "</label>\n\n",
        ]
    )


class CheckboxList(forms.CheckboxSelectMultiple):
    """Checkboxes, as `django/forms/widgets/multiple_input.html` renders them."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        widget_id = widget["attrs"].get("id")
        css_class = widget["attrs"].get("class")
        parts = [
            "<div",
            format_html(' id="{}"', widget_id) if widget_id else "",
            format_html(' class="{}"', css_class) if css_class else "",
            ">",
        ]
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(format_html("\n  <div><label>{}</label>", group))
            for option in options:
                parts.append(f"<div>\n    {_checkbox_option(option)}</div>")
            if group:
                parts.append("\n  </div>")
        parts.append("\n</div>")  # the renderer strips what follows
        return mark_safe("".join(parts))  # noqa: S308 - every part is escaped


class OptionList(forms.Select):
    """A drop-down list, as `django/forms/widgets/select.html` renders it."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"', widget["name"]), _attrs(widget["attrs"]), ">"]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in options:
                parts.append(
                    format_html(
                        '\n  <option value="{}"{}>{}</option>\n',
                        f"{option['value']}",
                        mark_safe(_attrs(option["attrs"])),  # noqa: S308 - escaped
                        option["label"],
                    )
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part is escaped
