"""Writes that touch a memo and its rows: always in one transaction."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from raadsmemo.memos.models import (
    STANDARD_TREATMENT_TEXT,
    LinkSection,
    Memo,
    MemoContact,
    MemoLink,
    ProgrammeSlot,
)


class ConcurrentEditError(Exception):
    """Someone saved the memo after this editor loaded it; nothing was written."""

    def __init__(self, memo: Memo):
        self.memo = memo
        super().__init__(f"Memo {memo.pk} changed since it was loaded")


@dataclass
class MemoRows:
    """The ordered rows of a memo as the editor submitted them (already validated)."""

    contacts: list = field(default_factory=list)  # Contact instances
    slots: list[dict] = field(default_factory=list)  # start, end, activity, presenter
    stuk_links: list[dict] = field(default_factory=list)  # label, url
    info_links: list[dict] = field(default_factory=list)


def replace_rows(memo: Memo, rows: MemoRows) -> None:
    # Rows have no identity of their own that anything refers to, so the submitted order
    # simply replaces what was stored.
    memo.memo_contacts.all().delete()
    memo.programme_slots.all().delete()
    memo.links.all().delete()
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
def memo_create(*, memo: Memo, rows: MemoRows, by, edit_session: str = "") -> Memo:
    """Store a new memo (an unsaved instance filled by the form) with its rows."""
    if not memo.treatment_text.strip():
        memo.treatment_text = STANDARD_TREATMENT_TEXT.get(memo.purpose, "")
    memo.created_by = by
    memo.updated_by = by
    memo.revision = 1
    memo.edit_session = edit_session
    memo.save()
    replace_rows(memo, rows)
    return memo


@transaction.atomic
def memo_update(
    *,
    memo: Memo,
    fields: list[str],
    rows: MemoRows,
    by,
    based_on_revision: int | None,
    edit_session: str = "",
) -> Memo:
    """Save the edited fields and rows, unless someone else saved in between.

    The revision check and the increment are one UPDATE, so two editors saving at the same
    moment cannot both win. A newer revision written by this same editor session (its own
    autosave, racing the Save button) is not a conflict; one from another session or tab is.
    """
    mine = Memo.objects.filter(pk=memo.pk)
    if based_on_revision is not None:
        unchanged = mine.filter(revision=based_on_revision)
        if edit_session:
            unchanged = mine.filter(Q(revision=based_on_revision) | Q(edit_session=edit_session))
        if not unchanged.update(revision=F("revision") + 1, edit_session=edit_session):
            raise ConcurrentEditError(Memo.objects.select_related("updated_by").get(pk=memo.pk))
    else:
        mine.update(revision=F("revision") + 1, edit_session=edit_session)
    memo.refresh_from_db(fields=["revision", "edit_session"])
    memo.updated_by = by
    memo.updated_at = timezone.now()
    memo.save(update_fields=[*fields, "updated_by", "updated_at"])
    replace_rows(memo, rows)
    return memo
