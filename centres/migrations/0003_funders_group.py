"""Once created the group "Fördermittelgeber"; migration 0008_roles_sync now creates the roles.

The group's name and permission live in centres/staff/roles.py. Going backwards past this
migration still removes the group, as it always did.
"""

from django.db import migrations

from centres.staff.roles import FUNDER


def remove_funders_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=FUNDER).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("centres", "0002_overview_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # Nothing to do forwards: 0008_roles_sync creates the group with its permission.
        migrations.RunPython(migrations.RunPython.noop, remove_funders_group),
    ]
