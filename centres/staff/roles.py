"""The staff roles as Django groups: their names and what each may touch, said once.

Which centres a person may edit is not a group matter: it comes from `Centre.editors` and
`District.coordinators`, checked in centres/staff/permissions.py. The groups only say what kind
of object a role may touch at all (docs/staff.md).

Migration 0008_roles_sync creates the groups on a new database and brings them up to date on an
existing one; tests call `roles_sync()` again after a transactional test flushed the database.
The migration runs against the historical models of its place in the history: permissions on
models that do not exist yet there are left out, and the migration that adds such a model is
followed by one calling `roles_sync` again (0012 for sites; 0013 runs it after creating
opening exceptions; 0020 after creating rooms).
"""

from __future__ import annotations

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.contrib.auth.management import create_permissions

EDITOR = "Zentrumsredaktion"
COORDINATOR = "Bezirkskoordination"
TEAM = "Verzeichnisteam"
FUNDER = "Fördermittelgeber"

# Codenames of the app "centres".
EDITOR_PERMISSIONS = frozenset(
    {
        "view_centre",
        "change_centre",
        *(
            f"{action}_{model}"
            for model in (
                "site",
                "openinghours",
                "openingexception",
                "offering",
                "offeringtime",
                "partnership",
                "room",
            )
            for action in ("view", "add", "change", "delete")
        ),
        *(
            f"view_{model}"
            for model in ("organisation", "district", "ortsteil", "targetgroup", "language")
        ),
        "add_organisation",
        # Residents' messages to the centre (centres/models/inbox.py): read and close them.
        "view_message",
        "change_message",
    }
)
COORDINATOR_PERMISSIONS = EDITOR_PERMISSIONS | {"publish_centre"}
# Funders may see the overview when OVERVIEW_REQUIRES_LOGIN closes it to the public.
FUNDER_PERMISSIONS = frozenset({"view_overview"})
ROLE_PERMISSIONS = {
    EDITOR: EDITOR_PERMISSIONS,
    COORDINATOR: COORDINATOR_PERMISSIONS,
    FUNDER: FUNDER_PERMISSIONS,
}
# The directory team maintains everything in the directory, the accounts of staff and the
# login lockouts (to lift one early): every permission of these apps.
TEAM_APPS = ("centres", "auth", "axes")

ROLES = (EDITOR, COORDINATOR, TEAM, FUNDER)


def roles_sync(*, apps: Apps = global_apps) -> None:
    """Create the role groups, or bring existing ones back to exactly their permissions.

    Safe to re-run. `apps` is a migration's historical registry or, by default, the real one.
    """
    _permissions_create(apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    centres_permissions = Permission.objects.filter(content_type__app_label="centres")
    for name, codenames in ROLE_PERMISSIONS.items():
        permissions = list(centres_permissions.filter(codename__in=codenames))
        missing = {
            codename
            for codename in codenames - {permission.codename for permission in permissions}
            if _model_exists(apps, codename)
        }
        if missing:
            raise RuntimeError(f"Permissions missing for {name}: {sorted(missing)}")
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
    team, _ = Group.objects.get_or_create(name=TEAM)
    team.permissions.set(Permission.objects.filter(content_type__app_label__in=TEAM_APPS))


def _model_exists(apps: Apps, codename: str) -> bool:
    """Whether the model a default permission names ("add_site") exists at this point of the
    migration history; a custom permission ("publish_centre") is always expected."""
    action, _, model_name = codename.partition("_")
    if action not in {"view", "add", "change", "delete"}:
        return True
    try:
        apps.get_model("centres", model_name)
    except LookupError:
        return False
    return True


def _permissions_create(*, apps: Apps) -> None:
    # Permissions are normally created after all migrations ran (post_migrate); the groups need
    # them now. A historical registry's app configs have no models module, which makes
    # create_permissions skip them; the real registry's must keep theirs, hence the restore.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = models_module
