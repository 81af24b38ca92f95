"""Writes to collegevoorstellen (the workflow's steps: collegevoorstellen/publication.py)."""

from django.db import transaction

from raadsmemo.collegevoorstellen.models import Collegevoorstel, CollegevoorstelDraft
from raadsmemo.concurrency import claim_revision
from raadsmemo.drafts import typed_data
from raadsmemo.search.indexing import Kind, search_index_update


class NotEditable(Exception):
    """Only a concept is edited: further on it goes back to concept first (with a reason)."""


@transaction.atomic
def collegevoorstel_add(*, collegevoorstel: Collegevoorstel, secret_readers) -> Collegevoorstel:
    collegevoorstel.save()
    collegevoorstel.secret_readers.set(secret_readers or [])
    search_index_update(Kind.COLLEGEVOORSTEL, [collegevoorstel.pk])
    return collegevoorstel


@transaction.atomic
def collegevoorstel_update(
    *, collegevoorstel: Collegevoorstel, fields: list[str], based_on_revision: int | None, secret_readers=None
) -> Collegevoorstel:
    """Save an edited concept, unless someone saved it since the form loaded it (EditConflict)
    or it is no longer a concept (NotEditable)."""
    current_status = (
        Collegevoorstel.objects.filter(pk=collegevoorstel.pk).values_list("status", flat=True).get()
    )
    if current_status != "concept":
        raise NotEditable
    claim_revision(collegevoorstel, based_on_revision)
    model_fields = [f for f in fields if f not in ("revision", "secret_readers")]
    collegevoorstel.save(update_fields=[*model_fields, "updated_at"])
    if secret_readers is not None:
        collegevoorstel.secret_readers.set(secret_readers)
    search_index_update(Kind.COLLEGEVOORSTEL, [collegevoorstel.pk])
    return collegevoorstel


# Not part of what a user typed.
NOT_DRAFTED = {"csrfmiddlewaretoken"}


@transaction.atomic
def collegevoorstel_draft_store(*, collegevoorstel: Collegevoorstel | None, by, data) -> CollegevoorstelDraft:
    """Keep what the user typed (valid or not) apart from the collegevoorstel, to offer it back."""
    typed = typed_data(data, left_out=NOT_DRAFTED)
    drafts = CollegevoorstelDraft.objects.select_for_update().of(by, collegevoorstel)
    draft = drafts.first()
    if draft is None:
        draft = CollegevoorstelDraft(author=by, collegevoorstel=collegevoorstel)
    draft.data = typed
    draft.save()
    drafts.exclude(pk=draft.pk).delete()  # one per user and collegevoorstel
    return draft


def collegevoorstel_draft_discard(*, collegevoorstel: Collegevoorstel | None, by) -> None:
    CollegevoorstelDraft.objects.of(by, collegevoorstel).delete()
