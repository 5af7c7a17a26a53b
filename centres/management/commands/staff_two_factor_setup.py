from base64 import b32encode

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODES = 10


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return _(
            "Richtet für eine Person die Zwei-Faktor-Anmeldung ein (STAFF_TWO_FACTOR): "
            "einen Schlüssel für die Authenticator-App und zehn Ersatzcodes, je einmal "
            "verwendbar. Mit --ersetzen werden ihre bisherigen Geräte und Codes gelöscht."
        )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--ersetzen", action="store_true", dest="replace")

    @transaction.atomic
    def handle(self, *args, username: str, replace: bool, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(_("Kein Konto „%(username)s“.") % {"username": username}) from error
        existing = list(devices_for_user(user, confirmed=None))
        if existing and not replace:
            raise CommandError(
                _(
                    "„%(username)s“ hat schon eine Zwei-Faktor-Anmeldung. Mit --ersetzen wird "
                    "sie durch eine neue ersetzt."
                )
                % {"username": username}
            )
        for device in existing:
            device.delete()
        app = TOTPDevice.objects.create(user=user, name=_("Authenticator-App"), confirmed=True)
        backup = StaticDevice.objects.create(user=user, name=_("Ersatzcodes"), confirmed=True)
        codes = [StaticToken.random_token() for _i in range(BACKUP_CODES)]
        backup.token_set.bulk_create([StaticToken(device=backup, token=code) for code in codes])
        self.stdout.write(
            _("Zwei-Faktor-Anmeldung für „%(username)s“ eingerichtet.") % {"username": username}
        )
        self.stdout.write(_("In die Authenticator-App (als Link oder QR-Code):"))
        self.stdout.write(f"  {app.config_url}")
        self.stdout.write(_("Oder den Schlüssel von Hand eingeben (zeitbasiert, 6 Stellen):"))
        self.stdout.write(f"  {b32encode(app.bin_key).decode()}")
        self.stdout.write(_("Ersatzcodes, je einmal verwendbar (sicher aufbewahren):"))
        for code in codes:
            self.stdout.write(f"  {code}")
