"""Validators for contact details, with messages in Dutch."""

import re

from django.core.exceptions import ValidationError

# Separators people type in Dutch phone numbers: "050 – 367 7029", "(050) 367-5764".
_PHONE_SEPARATORS = re.compile(r"[\s\-–—().]")
_DUTCH_NUMBER = re.compile(r"^(?:\+31|0031|0)[1-9]\d{8}$")


def validate_phone(value: str) -> None:
    """Accept a Dutch phone number of ten digits (or +31 and nine), in any usual notation."""
    if not value:
        return
    digits = _PHONE_SEPARATORS.sub("", value)
    if not _DUTCH_NUMBER.match(digits):
        raise ValidationError(
            "Vul een geldig Nederlands telefoonnummer in van tien cijfers, zoals 050 367 7029 "
            "of +31 50 367 7029.",
            code="invalid_phone",
        )
