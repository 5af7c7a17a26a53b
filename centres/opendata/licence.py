"""The licence and date every download carries.

The directory's own compilation is offered under CC BY 4.0, credited "Stadtteilzentren
Berlin". Coordinates taken from OpenStreetMap (`koordinaten_quelle` names them) remain under
the Open Database License 1.0 and carry OpenStreetMap's credit (fixtures/SOURCES.md).

A CSV has no room for a comment above its header, so its licence travels in the HTTP header
`Link: <…>; rel="license"` and in the columns `lizenz` and `stand` of every row; JSON answers
carry the same as top-level fields.
"""

from __future__ import annotations

import datetime

from django.http import HttpResponse
from django.utils import timezone

from centres.models import OSM_CREDIT

LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.de"
CREDIT = "Stadtteilzentren Berlin"
ODBL_NAME = "ODbL 1.0"
ODBL_URL = "https://opendatacommons.org/licenses/odbl/1-0/"
# One cell: what a row is under, whom to credit.
LICENCE_CELL = f"{LICENCE_NAME} ({CREDIT}); Koordinaten aus OpenStreetMap: {ODBL_NAME}"


def stand() -> datetime.date:
    """The day of the data: an export is read from the live directory when it is made."""
    return timezone.localdate()


def licence_fields() -> dict:
    """The licence as top-level JSON fields."""
    return {
        "lizenz": {
            "name": LICENCE_NAME,
            "url": LICENCE_URL,
            "namensnennung": CREDIT,
            "koordinaten": {
                "hinweis": (
                    "Koordinaten, deren koordinaten_quelle OpenStreetMap nennt, stehen unter "
                    f"der {ODBL_NAME}."
                ),
                "name": ODBL_NAME,
                "url": ODBL_URL,
                "namensnennung": OSM_CREDIT,
            },
        },
        "stand": stand().isoformat(),
    }


def with_licence(response: HttpResponse) -> HttpResponse:
    """The HTTP headers that say under which licence a download is."""
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    return response
