"""The filter widgets rendered in Python (centres/widgets.py) write the very HTML of Django's
widget templates, character for character."""

from __future__ import annotations

import pytest
from django import forms

from centres.widgets import CheckboxList, OptionList

CHOICES = [
    ("mitte", "Mitte"),
    ("a&b", "Tempelhof-Schöneberg <&> \"quoted\" 'single'"),
    (3, 3),
]
GROUPED = [
    ("Bezirke", [("mitte", "Mitte"), ("pankow", "Pankow")]),
    ("", [("x", "Ohne Gruppe")]),
    ("<Sonstige>", [("y", "Y & Z")]),
]


@pytest.mark.parametrize("choices", [CHOICES, GROUPED, []])
@pytest.mark.parametrize("value", [None, [], ["mitte"], ["a&b", "3", "pankow"]])
@pytest.mark.parametrize(
    "attrs",
    [
        None,
        {"id": "id_bezirk"},
        {"id": "id_x", "class": "chips", "required": True, "hidden": False},
    ],
)
def test_checkbox_list_renders_as_django_templates_do(choices, value, attrs):
    django_widget = forms.CheckboxSelectMultiple(choices=choices)
    ours = CheckboxList(choices=choices)

    assert ours.render("bezirk", value, attrs) == django_widget.render("bezirk", value, attrs)


@pytest.mark.parametrize("choices", [[("", "Alle Ortsteile"), *CHOICES], GROUPED, []])
@pytest.mark.parametrize("value", [None, "", "mitte", "a&b", 3])
@pytest.mark.parametrize(
    "attrs",
    [None, {"id": "id_ortsteil"}, {"id": "id_o", "data-x": "<&>", "disabled": True, "x": False}],
)
def test_option_list_renders_as_django_templates_do(choices, value, attrs):
    django_widget = forms.Select(choices=choices)
    ours = OptionList(choices=choices)

    assert ours.render("ortsteil", value, attrs) == django_widget.render("ortsteil", value, attrs)


def test_the_filter_forms_use_them(client, db):
    from centres.filters import CentreFilter, OfferingFilter

    form = CentreFilter().form
    assert isinstance(form.fields["bezirk"].widget, CheckboxList)
    assert isinstance(form.fields["ortsteil"].widget, OptionList)
    assert isinstance(OfferingFilter().form.fields["art"].widget, CheckboxList)
