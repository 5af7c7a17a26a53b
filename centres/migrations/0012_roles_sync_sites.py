"""Editors and coordinators may edit their centres' sites: the roles get the Site permissions.

As 0008: the groups' permissions are set again to exactly those of centres/staff/roles.py.
"""

from django.db import migrations

from centres.staff.roles import roles_sync


def sync_roles(apps, schema_editor):
    roles_sync(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("centres", "0011_sites")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
