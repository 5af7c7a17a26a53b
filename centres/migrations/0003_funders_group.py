"""The group "Fördermittelgeber": accounts in it may see the overview when it requires a login.

Permissions are normally created after all migrations ran (post_migrate), so this migration
creates the one it needs itself; post_migrate later finds it and leaves it alone.
"""

from django.db import migrations

GROUP_NAME = "Fördermittelgeber"
CODENAME = "view_overview"


def create_funders_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="centres", model="district")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=CODENAME,
        defaults={"name": "Kann die Förderübersicht sehen"},
    )
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(permission)


def remove_funders_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("centres", "0002_overview_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_funders_group, remove_funders_group),
    ]
