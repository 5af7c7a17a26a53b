"""Once created the three staff roles; migration 0008_roles_sync now creates the roles.

The groups' names and permissions live in centres/staff/roles.py (docs/staff.md). Going
backwards past this migration still removes the three groups, as it always did.
"""

from django.db import migrations

from centres.staff.roles import COORDINATOR, EDITOR, TEAM


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITOR, COORDINATOR, TEAM]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("centres", "0004_staff_editing"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    # Nothing to do forwards: 0008_roles_sync creates the groups with their permissions.
    operations = [migrations.RunPython(migrations.RunPython.noop, remove_roles)]
