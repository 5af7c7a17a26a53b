"""Failed logins under a German name (a proxy of django-axes' AccessAttempt); the directory
team gets its permissions (as 0012: the groups are set again to centres/staff/roles.py)."""

from django.db import migrations

from centres.staff.roles import roles_sync


def sync_roles(apps, schema_editor):
    roles_sync(apps=apps)


class Migration(migrations.Migration):

    dependencies = [
        ('axes', '0010_accessattemptexpiration'),
        ('centres', '0017_admin_constraint_messages'),
    ]

    operations = [
        migrations.CreateModel(
            name='LoginAttempt',
            fields=[
            ],
            options={
                'verbose_name': 'Fehlgeschlagene Anmeldung',
                'verbose_name_plural': 'Fehlgeschlagene Anmeldungen (Login-Sperren)',
                'proxy': True,
                'indexes': [],
                'constraints': [],
            },
            bases=('axes.accessattempt',),
        ),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
