"""Writes that touch a memo and its rows: always in one transaction."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.http import QueryDict
from django.utils import timezone

from raadsmemo.confidentiality import set_secret_readers
from raadsmemo.drafts import typed_data
from raadsmemo.history import record_by
from raadsmemo.memos.models import (
    STANDARD_TREATMENT_TEXT,
    LinkSection,
    Memo,
    MemoContact,
    MemoDraft,
    MemoLink,
    ProgrammeSlot,
    Status,
)
from raadsmemo.search.indexing import Kind, search_index_update


class ConcurrentEditError(Exception):
    """Someone saved the memo after this editor loaded it; nothing was written."""

    def __init__(self, memo: Memo):
        self.memo = memo
        super().__init__(f"Memo {memo.pk} changed since it was loaded")


class MemoNotEditable(Exception):
    """Only a concept is edited: a memo ter vaststelling, vastgesteld or published goes back to
    concept first (memos/workflow.py), with a reason."""


NOT_EDITABLE = "Deze memo is {status}: zet hem eerst terug naar concept (met een reden) om hem te bewerken."


@dataclass
class MemoRows:
    """The ordered rows of a memo as the editor submitted them (already validated)."""

    contacts: list = field(default_factory=list)  # Contact instances
    slots: list[dict] = field(default_factory=list)  # start, end, activity, presenter
    stuk_links: list[dict] = field(default_factory=list)  # label, url
    info_links: list[dict] = field(default_factory=list)
    secret_readers: list | None = None  # who besides the griffie reads a geheim memo; None: unchanged


def replace_rows(memo: Memo, rows: MemoRows) -> None:
    # Rows have no identity of their own that anything refers to, so the submitted order
    # simply replaces what was stored.
    memo.memo_contacts.all().delete()
    memo.programme_slots.all().delete()
    memo.links.all().delete()
    set_secret_readers(memo, rows.secret_readers)
    MemoContact.objects.bulk_create(
        MemoContact(memo=memo, contact=contact, position=i) for i, contact in enumerate(rows.contacts)
    )
    ProgrammeSlot.objects.bulk_create(
        ProgrammeSlot(memo=memo, position=i, **slot) for i, slot in enumerate(rows.slots)
    )
    MemoLink.objects.bulk_create(
        [
            *(
                MemoLink(memo=memo, section=LinkSection.STUK, position=i, **link)
                for i, link in enumerate(rows.stuk_links)
            ),
            *(
                MemoLink(memo=memo, section=LinkSection.NADERE_INFORMATIE, position=i, **link)
                for i, link in enumerate(rows.info_links)
            ),
        ]
    )


@transaction.atomic
def memo_create(*, memo: Memo, rows: MemoRows, by) -> Memo:
    """Store a new memo (an unsaved instance filled by the form) with its rows."""
    if not memo.treatment_text.strip():
        memo.treatment_text = STANDARD_TREATMENT_TEXT.get(memo.purpose, "")
    memo.created_by = by
    memo.updated_by = by
    record_by(memo, by)
    memo.revision = 1
    memo.save()
    replace_rows(memo, rows)
    MemoDraft.objects.of(by, None).delete()  # the new memo's draft is now the memo itself
    search_index_update(Kind.MEMO, [memo.pk])
    return memo


@transaction.atomic
def memo_update(*, memo: Memo, fields: list[str], rows: MemoRows, by, based_on_revision: int | None) -> Memo:
    """Save the edited fields and rows, unless someone saved in between (ConcurrentEditError).

    The revision check and the increment are one UPDATE, so two editors saving at the same
    moment cannot both win. There is no way around it: a missing revision is a conflict too,
    and the editor's own autosave never races its Save button (memo-form.js lets a running
    autosave finish first and sends the revision it returned).
    """
    unchanged = Memo.objects.filter(pk=memo.pk, revision=based_on_revision, status=Status.CONCEPT)
    if based_on_revision is None or not unchanged.update(revision=F("revision") + 1):
        stored = Memo.objects.select_related("updated_by").get(pk=memo.pk)
        if not stored.is_editable:
            raise MemoNotEditable(NOT_EDITABLE.format(status=stored.get_status_display().lower()))
        raise ConcurrentEditError(stored)
    memo.refresh_from_db(fields=["revision"])
    memo.updated_by = by
    memo.updated_at = timezone.now()
    record_by(memo, by)
    memo.save(update_fields=[*fields, "updated_by", "updated_at"])
    replace_rows(memo, rows)
    MemoDraft.objects.of(by, memo).delete()
    search_index_update(Kind.MEMO, [memo.pk])
    return memo


# The form's own bookkeeping is not part of what the user typed.
NOT_DRAFTED = {"csrfmiddlewaretoken", "memo_pk"}


def memo_draft_store(*, memo: Memo | None, by, data: QueryDict) -> MemoDraft:
    """Keep what the user typed (valid or not) apart from the memo, to offer it back later."""
    typed = typed_data(data, left_out=NOT_DRAFTED)
    draft, _ = MemoDraft.objects.update_or_create(author=by, memo=memo, defaults={"data": typed})
    return draft


def memo_draft_discard(*, memo: Memo | None, by) -> None:
    MemoDraft.objects.of(by, memo).delete()


@transaction.atomic
def memo_delete(*, memo: Memo) -> None:
    """Remove a concept nobody wants: its rows and drafts go with it; an agenda item keeps its title."""
    if not memo.is_deletable:
        raise ValueError("Alleen een concept dat nooit is gepubliceerd kan worden verwijderd.")
    pk = memo.pk
    memo.delete()
    search_index_update(Kind.MEMO, [pk])
