"""Access helpers for memos: the memo, if this user may read (or write) it; else 404 or 403."""

from django.http import Http404, HttpRequest

from raadsmemo.accounts.access import require_concept_reader, require_griffie
from raadsmemo.memos.models import Memo


def get_memo_for_user(request: HttpRequest, pk: int, *, write: bool = False, with_rows: bool = False) -> Memo:
    """The memo with this pk, if this user may read it (or write it, with write=True)."""
    if write:
        require_griffie(request)
    else:
        require_concept_reader(request)
    queryset = Memo.objects.readable_by(request.user)
    queryset = queryset.with_rows() if with_rows else queryset
    try:
        return queryset.get(pk=pk)
    except Memo.DoesNotExist:
        raise Http404("Deze memo bestaat niet.") from None
