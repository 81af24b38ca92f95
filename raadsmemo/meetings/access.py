"""Access helpers for meetings: what the current user may see, or 404."""

from django.http import Http404

from raadsmemo.accounts.access import require_griffie
from raadsmemo.accounts.roles import can_read_concepts
from raadsmemo.meetings.models import AgendaItem, Meeting
from raadsmemo.memos.models import Memo, MemoVersion


def get_meeting_for_user(request, pk: int, *, write: bool = False, with_agenda: bool = False) -> Meeting:
    """The meeting, if this user may see it (griffie: also change it). Hidden ones are a 404.
    with_agenda: with its items as Meeting.objects.with_agenda gives them, in the same lookup."""
    if write:
        require_griffie(request)
    meetings = Meeting.objects.visible_to(request.user)
    if with_agenda:
        meetings = meetings.with_agenda(request.user)
    try:
        return meetings.get(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404("Deze vergadering bestaat niet of is (nog) niet openbaar.") from None


def get_agenda_item_for_user(request, meeting_pk: int, item_pk: int, *, write: bool = False) -> AgendaItem:
    if write:
        require_griffie(request)
    try:
        return (
            AgendaItem.objects.visible_to(request.user)
            .select_related("meeting", "memo")
            .get(pk=item_pk, meeting_id=meeting_pk)
        )
    except AgendaItem.DoesNotExist:
        raise Http404("Dit agendapunt bestaat niet of is niet openbaar.") from None


def get_item_memo_for_user(request, item: AgendaItem) -> Memo:
    """The item's memo as it is now, with its rows: for the griffie and the agendacommissie (a geheim
    memo: the griffie and those named); else 404."""
    if item.memo_id is None or not can_read_concepts(request.user) or not item.memo_visible_to(request.user):
        raise Http404("Bij dit agendapunt is geen openbare memo.")
    return get_memo_for_item(item)


def get_item_version_for_user(request, item: AgendaItem) -> MemoVersion:
    """The published version of the item's memo a reader may read; else 404 (also while the memo
    is not published yet: a reader never meets a concept)."""
    if not item.memo_visible_to(request.user):
        raise Http404("Bij dit agendapunt is (nog) geen openbare memo.")
    return MemoVersion.objects.get(pk=item.memo.current_version_id)


def get_memo_for_item(item: AgendaItem) -> Memo:
    """The memo of an item whose memo the user may read (checked by the caller), with its rows."""
    return Memo.objects.with_rows().get(pk=item.memo_id)
