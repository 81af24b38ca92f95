"""Who may find a search document: decided when it is indexed, stored on it as flags.

Every reader belongs to exactly one class, the widest their roles give (`reader_field`): the
griffie, the agendacommissie (concepts, vertrouwelijk), raadsleden (vertrouwelijk, besloten
meetings, published memos) or the public (everyone else, anonymous or not). `readers_of_*` say,
per document, which classes find it without being named, following the sources' QuerySet rules
(`Memo.objects.readable_by`, `visible_to`, `published()`); tests/search/test_readers.py holds
the two side by side for every combination.

What no flag can say is who is named on a geheim object: that is a row of `secret_readers`,
checked when searching (search/query.py `named_parts`). A document that someone could find only
by being named is marked `is_geheim`. And the page shown is checked once more against the
sources' rules themselves (search/query.py), so a stale flag can hide a result, never show one.
"""

from dataclasses import asdict, dataclass

from raadsmemo.accounts.roles import can_read_concepts, is_griffie, sees_closed_meetings
from raadsmemo.confidentiality import Confidentiality
from raadsmemo.search.models import Variant

OPENBAAR = Confidentiality.OPENBAAR
GEHEIM = Confidentiality.GEHEIM


def reader_field(user) -> str:
    """The flag of this user's reader class (the widest of their roles)."""
    if is_griffie(user):
        return "for_griffie"
    if can_read_concepts(user):
        return "for_agendacommissie"
    if sees_closed_meetings(user):
        return "for_raadsleden"
    return "for_public"


@dataclass(frozen=True)
class Readers:
    """The stored flags of one document."""

    for_public: bool = False
    for_raadsleden: bool = False
    for_agendacommissie: bool = False
    for_griffie: bool = False
    # Someone outside the griffie may find it only by being named on a geheim object.
    is_geheim: bool = False

    def as_fields(self) -> dict[str, bool]:
        return asdict(self)


READER_FIELDS = list(Readers.__dataclass_fields__)


def readers_of_memo(memo, variant: str) -> Readers:
    """As it is now: the griffie and the agendacommissie (Memo.confidentiality_q). Its published
    version: everyone else, when it is on an item of a published meeting (a public one for the
    public) and neither the memo nor the item is beyond their level (Memo.published_for)."""
    item = memo.agenda_item_or_none
    geheim = memo.confidentiality == GEHEIM or (item is not None and item.confidentiality == GEHEIM)
    if variant == Variant.ACTUEEL:
        return Readers(for_griffie=True, for_agendacommissie=memo.confidentiality != GEHEIM, is_geheim=geheim)
    shown = memo.current_version_id is not None and item is not None and item.meeting.is_published
    vertrouwelijk_ok = shown and GEHEIM not in (memo.confidentiality, item.confidentiality)
    public_ok = (
        vertrouwelijk_ok
        and item.meeting.is_public
        and memo.confidentiality == item.confidentiality == OPENBAAR
    )
    return Readers(for_public=public_ok, for_raadsleden=vertrouwelijk_ok, is_geheim=geheim)


def readers_of_meeting(meeting) -> Readers:
    """Meeting.objects.visible_to: staff all, raadsleden the published, the public the published public."""
    return Readers(
        for_griffie=True,
        for_agendacommissie=True,
        for_raadsleden=meeting.is_published,
        for_public=meeting.is_published and meeting.is_public,
    )


def readers_of_agenda_item(item) -> Readers:
    """AgendaItem.objects.visible_to: its meeting's visibility and its own confidentiality."""
    meeting = item.meeting
    return Readers(
        for_griffie=True,
        for_agendacommissie=item.confidentiality != GEHEIM,
        for_raadsleden=meeting.is_published and item.confidentiality != GEHEIM,
        for_public=meeting.is_published and meeting.is_public and item.confidentiality == OPENBAAR,
        is_geheim=item.confidentiality == GEHEIM,
    )


def readers_of_lta_item(item) -> Readers:
    """LtaItem.objects.visible_to: its confidentiality only."""
    return Readers(
        for_griffie=True,
        for_agendacommissie=item.confidentiality != GEHEIM,
        for_raadsleden=item.confidentiality != GEHEIM,
        for_public=item.confidentiality == OPENBAAR,
        is_geheim=item.confidentiality == GEHEIM,
    )


def readers_of_collegevoorstel(cv, variant: str) -> Readers:
    """As it is now (Collegevoorstel.objects.visible_to): the griffie, the agendacommissie when
    openbaar, the named when geheim. Published (published()): an openbaar one with a version, for
    everyone who does not read it as it is now. `cv` is the live row, never the snapshot."""
    geheim = cv.confidentiality == GEHEIM
    if variant == Variant.ACTUEEL:
        return Readers(for_griffie=True, for_agendacommissie=cv.confidentiality == OPENBAAR, is_geheim=geheim)
    published = cv.confidentiality == OPENBAAR and cv.current_version_id is not None
    return Readers(for_public=published, for_raadsleden=published, is_geheim=geheim)


CONTACT_READERS = Readers(for_griffie=True)
