"""The organisation's TOOI code must be one the ODS knows: a gemeente, provincie or waterschap."""

import re

from django.conf import settings
from django.core.checks import Error, register

TOOI_CODE = re.compile(r"gm\d{4}|pv\d{2}|ws\d{4}")


@register()
def tooi_organisatie_check(app_configs=None, **kwargs):
    code = settings.RAADSMEMO_TOOI_ORGANISATIE
    if TOOI_CODE.fullmatch(code):
        return []
    return [
        Error(
            f"RAADSMEMO_TOOI_ORGANISATIE={code!r} is geen TOOI-code.",
            hint='Gebruik de code van de gemeente ("gm0014" voor Groningen), provincie ("pv20") of waterschap ("ws0155").',
            id="raadsmemo.api.E001",
        )
    ]
