"""Writes to collegevoorstellen."""

from django.db import transaction

from raadsmemo.collegevoorstellen.models import Collegevoorstel
from raadsmemo.concurrency import claim_revision


@transaction.atomic
def collegevoorstel_update(
    *, collegevoorstel: Collegevoorstel, fields: list[str], based_on_revision: int | None
) -> Collegevoorstel:
    """Save an edited collegevoorstel, unless someone saved it since the form loaded it (EditConflict)."""
    claim_revision(collegevoorstel, based_on_revision)
    collegevoorstel.save(update_fields=[*[f for f in fields if f != "revision"], "updated_at"])
    return collegevoorstel
