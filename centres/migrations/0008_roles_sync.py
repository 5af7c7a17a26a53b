"""The staff and funders' roles as groups with their permissions (centres/staff/roles.py).

On a new database this creates the groups. On one where 0003 and 0005 created them it sets
each group's permissions again to exactly those roles.py names, keeping the groups and their
members. Going backwards leaves the groups alone: their members would be lost; 0005 and 0003
still remove them further back.
"""

from django.db import migrations

from centres.staff.roles import roles_sync


def sync_roles(apps, schema_editor):
    roles_sync(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("centres", "0007_weekly_slots"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
