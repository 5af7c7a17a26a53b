"""The three staff roles as groups, so a new installation has them (docs/staff.md).

Which centres a person may edit is not a group matter: it comes from Centre.editors and
District.coordinators, checked in centres/permissions.py. The groups only say what kind of
object a role may touch at all.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = "Zentrumsredaktion"
COORDINATOR = "Bezirkskoordination"
TEAM = "Verzeichnisteam"

EDITOR_PERMISSIONS = [
    "view_centre",
    "change_centre",
    *(
        f"{action}_{model}"
        for model in ("offering", "offeringtime", "openinghours", "partnership")
        for action in ("view", "add", "change", "delete")
    ),
    *(
        f"view_{model}"
        for model in ("organisation", "district", "ortsteil", "targetgroup", "language")
    ),
    "add_organisation",
]
COORDINATOR_PERMISSIONS = [*EDITOR_PERMISSIONS, "publish_centre"]
# The directory team maintains everything in the directory, the accounts of staff and the
# login lockouts (to lift one early).
TEAM_APPS = ["centres", "auth", "axes"]


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the groups need them now.
    # (Also called with the real app registry by tests after a database flush; hence restoring
    # models_module rather than resetting it.)
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    centres_permissions = Permission.objects.filter(content_type__app_label="centres")
    for name, codenames in ((EDITOR, EDITOR_PERMISSIONS), (COORDINATOR, COORDINATOR_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        permissions = list(centres_permissions.filter(codename__in=codenames))
        missing = set(codenames) - {permission.codename for permission in permissions}
        if missing:
            raise RuntimeError(f"Permissions missing for {name}: {sorted(missing)}")
        group.permissions.set(permissions)
    team, _ = Group.objects.get_or_create(name=TEAM)
    team.permissions.set(Permission.objects.filter(content_type__app_label__in=TEAM_APPS))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITOR, COORDINATOR, TEAM]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("centres", "0004_staff_editing"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
