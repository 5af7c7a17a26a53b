"""A first version in the history for every row that existed before the history did.

Without it the first change after this migration would be recorded, but the state before it
would not, and could not be restored.
"""

from django.db import migrations
from django.db.models.fields.files import FieldFile
from django.utils import timezone

MODELS = ["Centre", "Offering", "OpeningHours", "OfferingTime", "Partnership"]
REASON = "Ausgangsstand vor Beginn der Versionsgeschichte"


def create_baselines(apps, schema_editor):
    now = timezone.now()
    for name in MODELS:
        model = apps.get_model("centres", name)
        history = apps.get_model("centres", f"Historical{name}")
        recorded = history.objects.values("id")
        attnames = [field.attname for field in model._meta.concrete_fields]
        batch = []
        for obj in model.objects.exclude(pk__in=recorded).iterator(chunk_size=2000):
            values = {}
            for attname in attnames:
                value = getattr(obj, attname)
                values[attname] = value.name if isinstance(value, FieldFile) else value
            batch.append(
                history(
                    **values,
                    history_date=now,
                    history_type="+",
                    history_change_reason=REASON,
                )
            )
        history.objects.bulk_create(batch, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("centres", "0005_staff_roles")]

    operations = [migrations.RunPython(create_baselines, migrations.RunPython.noop)]
