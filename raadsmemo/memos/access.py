"""Access helpers for memos: the memo, if this user may read (or write) it; else 404 or 403."""

from django.http import Http404, HttpRequest

from raadsmemo.accounts.access import require_concept_reader, require_griffie
from raadsmemo.accounts.roles import can_read_concepts
from raadsmemo.memos.models import Memo, MemoVersion


def get_memo_for_user(
    request: HttpRequest, pk: int, *, write: bool = False, with_rows: bool = False, **annotations
) -> Memo:
    """The memo with this pk, if this user may read it (or write it, with write=True); with
    `annotations`, read in the same query."""
    if write:
        require_griffie(request)
    else:
        require_concept_reader(request)
    queryset = Memo.objects.readable_by(request.user)
    queryset = queryset.with_rows() if with_rows else queryset
    queryset = queryset.annotate(**annotations) if annotations else queryset
    try:
        return queryset.get(pk=pk)
    except Memo.DoesNotExist:
        raise Http404("Deze memo bestaat niet.") from None


def get_reader_version(request: HttpRequest, pk: int) -> MemoVersion | None:
    """For a reader (not griffie or agendacommissie): the published version of this memo they may
    read, or None (then the concept rules apply: login, 403 or 404)."""
    if can_read_concepts(request.user):
        return None
    memo = Memo.objects.readable_by(request.user).select_related("current_version").filter(pk=pk).first()
    return memo.current_version if memo is not None else None


# What a download needs of a version and of the memo's place on an agenda (its readability).
DOWNLOAD_FIELDS = (
    "memo_id", "number", "pdf_name", "pdf_sha256", "pdf_filename",
    "memo__current_version_id", "memo__confidentiality", "memo__agenda_item__confidentiality",
    "memo__agenda_item__meeting__is_published", "memo__agenda_item__meeting__is_public",
)  # fmt: skip


def get_version_for_user(
    request: HttpRequest, pk: int, number: int, *, download: bool = False
) -> MemoVersion:
    """Published version `number` of the memo, if this user may read the memo; else 404.

    The griffie and the agendacommissie read every version; a reader the versions of a memo
    they may read (Memo.is_publicly_readable: the rule of Memo.objects.readable_by). One query;
    `download` reads only what sending the stored PDF needs (every reader's memo PDF).
    """
    versions = MemoVersion.objects.select_related("memo__agenda_item__meeting")
    if download:
        versions = versions.only(*DOWNLOAD_FIELDS)
    try:
        version = versions.get(memo_id=pk, number=number)
    except MemoVersion.DoesNotExist:
        raise Http404("Deze versie bestaat niet of is niet openbaar.") from None
    if not version.memo.is_readable_by(request.user):
        raise Http404("Deze versie bestaat niet of is niet openbaar.")
    return version
