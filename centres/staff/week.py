"""Weekly times edited as a week: a site's opening hours, an offering's times. Monday to
Sunday, up to three periods a day.

Works without JavaScript (seven day forms in a table); static/js/admin-week.js adds "wie
Montag" and "Mo–Fr wie Montag". A day without periods is closed, and the form says so with its
"geschlossen" box. Saving changes only the periods that changed, so each keeps its history.
"""

from __future__ import annotations

import datetime

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from centres import hours
from centres.models import Site, Weekday, WeeklySlot
from centres.staff.forms import ClockTimeField

PERIODS_PER_DAY = 3

Period = tuple[datetime.time, datetime.time]


class DayForm(forms.Form):
    """One weekday: "geschlossen", or one to three periods."""

    closed = forms.BooleanField(label=_("geschlossen"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, PERIODS_PER_DAY + 1):
            for name, label in (("opens", _("von")), ("closes", _("bis"))):
                self.fields[f"{name}_{number}"] = ClockTimeField(label=label, required=False)

    @property
    def weekday(self) -> Weekday:
        return Weekday(self.prefix_number + 1)

    @property
    def prefix_number(self) -> int:
        return int(self.prefix.rsplit("-", 1)[1])

    def period_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"opens_{number}"], self[f"closes_{number}"])
            for number in range(1, PERIODS_PER_DAY + 1)
        ]

    def clean(self):
        data = super().clean()
        periods: list[Period] = []
        for number in range(1, PERIODS_PER_DAY + 1):
            opens, closes = data.get(f"opens_{number}"), data.get(f"closes_{number}")
            if f"opens_{number}" in self.errors or f"closes_{number}" in self.errors:
                continue
            if (opens is None) != (closes is None):
                self.add_error(
                    f"opens_{number}" if opens is None else f"closes_{number}",
                    _("Bitte geben Sie Beginn und Ende an."),
                )
            elif opens is not None:
                if not (closes > opens or closes == hours.MIDNIGHT):
                    self.add_error(
                        f"closes_{number}",
                        _("Das Ende muss nach dem Beginn liegen (00:00 steht für Mitternacht)."),
                    )
                else:
                    periods.append((opens, closes))
        if hours.overlapping(periods):
            raise forms.ValidationError(
                _("Zwei Zeiträume am %(day)s überschneiden sich. Bitte korrigieren Sie die Zeiten.")
                % {"day": self.weekday.label}
            )
        if data.get("closed") and periods:
            raise forms.ValidationError(
                _(
                    "Am %(day)s ist „geschlossen“ angekreuzt und es sind Zeiten eingetragen. "
                    "Bitte entfernen Sie das Häkchen oder die Zeiten."
                )
                % {"day": self.weekday.label}
            )
        data["periods"] = sorted(periods)
        return data


class BaseWeekFormSet(forms.BaseFormSet):
    def periods_by_day(self) -> dict[int, list[Period]]:
        return {form.weekday.value: form.cleaned_data["periods"] for form in self.forms}


WeekFormSet = forms.formset_factory(
    DayForm,
    formset=BaseWeekFormSet,
    extra=0,
    min_num=7,
    max_num=7,
    validate_min=True,
    validate_max=True,
)


def week_initial(slots) -> list[dict]:
    """The seven day forms' initial values from weekly slots (a site's opening hours, an
    offering's times)."""
    by_day: dict[int, list[WeeklySlot]] = {day: [] for day in Weekday.values}
    for slot in slots.order_by("weekday", "opens"):
        by_day[slot.weekday].append(slot)
    initial = []
    for day in Weekday.values:
        values: dict[str, object] = {"closed": not by_day[day]}
        for number, slot in enumerate(by_day[day][:PERIODS_PER_DAY], 1):
            values[f"opens_{number}"] = slot.opens
            values[f"closes_{number}"] = slot.closes
        initial.append(values)
    return initial


@transaction.atomic
def weekly_slots_save(*, slots, periods_by_day: dict[int, list[Period]]) -> int:
    """Make the weekly slots of one owner (`site.opening_hours`, `offering.times`) exactly
    these periods; returns how many rows changed.

    Unchanged periods stay as they are; removed ones are deleted and new ones created one by
    one, so the history records each change (and who made it, through the request)."""
    wanted = {
        (day, opens, closes) for day, periods in periods_by_day.items() for opens, closes in periods
    }
    changed = 0
    for slot in slots.all():
        if (slot.weekday, slot.opens, slot.closes) in wanted:
            wanted.discard((slot.weekday, slot.opens, slot.closes))
        else:
            slot.delete()
            changed += 1
    for day, opens, closes in sorted(wanted):
        slots.create(weekday=day, opens=opens, closes=closes)
        changed += 1
    return changed


def site_week_save(*, site: Site, periods_by_day: dict[int, list[Period]]) -> int:
    return weekly_slots_save(slots=site.opening_hours, periods_by_day=periods_by_day)
