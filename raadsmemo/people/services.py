"""Writes to the people directories."""

from django.db import transaction

from raadsmemo.concurrency import claim_revision
from raadsmemo.people.models import Contact
from raadsmemo.search.indexing import Kind, search_index_update


@transaction.atomic
def contact_create(*, contact: Contact) -> Contact:
    """Store a new contact (an unsaved instance filled by a form)."""
    contact.save()
    search_index_update(Kind.CONTACT, [contact.pk])
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, fields: list[str], based_on_revision: int | None) -> Contact:
    """Save an edited contact, unless someone saved it since the form loaded it (EditConflict)."""
    claim_revision(contact, based_on_revision)
    contact.save(update_fields=[*fields, "updated_at"])
    search_index_update(Kind.CONTACT, [contact.pk])
    return contact
