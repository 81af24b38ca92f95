"""The agenda package: one PDF with a cover, the agenda with page numbers, and every memo.

Two audiences get two different packages. The public one holds exactly what an anonymous
visitor may read on the meeting page (openbaar items; their memos as far as the memo is openbaar,
as its published version, never as a concept); the internal one, for the griffie and the
agendacommissie, also the vertrouwelijke items and memos. Nothing geheim is in either
(docs/architecture.md, "Who sees what"). A package is built for a fingerprint of everything it
shows, so a change to the meeting, one of its items or one of its memos makes a new one. Where
packages are kept, when they are built and which one a reader gets: package_store.py.
"""

import datetime as dt
import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

import pikepdf
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import slugify

from raadsmemo.accounts.roles import can_read_concepts
from raadsmemo.confidentiality import Confidentiality
from raadsmemo.meetings.models import AgendaItem, AgendaPackage, Meeting, PlannedItem, plan_agenda
from raadsmemo.memos.models import Memo, MemoContact
from raadsmemo.memos.publication import memo_context_from_snapshot, read_snapshot
from raadsmemo.memos.rendering import memo_context_from_memo
from raadsmemo.publishing.pdf import render_pdf

Audience = AgendaPackage.Audience

# Raise when the package's template or CSS changes, so stored packages are built anew.
LAYOUT_VERSION = 1

MEETING_FIELDS = [
    "kind", "title", "date", "start_time", "end_time", "location", "chair",
    "is_public", "livestream", "status", "is_published", "sequence", "updated_at",
]  # fmt: skip
ITEM_FIELDS = [
    "pk", "position", "title", "duration_minutes", "treatment", "confidentiality", "updated_at",
    "memo_id", "memo__revision", "memo__updated_at", "memo__confidentiality",
    "memo__current_version_id",
]  # fmt: skip

# The memo's CSS and the print CSS, then what the package adds (cover, agenda, running head).
PDF_STYLESHEETS = ("css/memo.css", "css/print.css", "css/package.css")

NO_MEMO = "Bij dit agendapunt hoort geen voorbereidingsmemo."
NO_PUBLIC_MEMO = "Bij dit agendapunt is geen openbare voorbereidingsmemo."
MEMO_FOLLOWS = "De voorbereidingsmemo bij dit agendapunt volgt."


def audience_is_public(meeting: Meeting) -> bool:
    """Only a published, public meeting has a public package."""
    return meeting.is_published and meeting.is_public


def package_items(meeting: Meeting, audience: str):
    """The agenda items the package of this audience lists, in agenda order. The public package
    has the openbaar items; the internal one (griffie, agendacommissie) also the vertrouwelijke.
    Nothing geheim is ever in a package: a file that is passed on cannot check who reads it."""
    if audience == Audience.INTERNAL:
        return AgendaItem.objects.filter(meeting=meeting).exclude(confidentiality=Confidentiality.GEHEIM)
    return AgendaItem.objects.visible_to(AnonymousUser()).filter(meeting=meeting)


def shows_memo(item: AgendaItem, audience: str) -> bool:
    """The public package shows a memo where the meeting page shows it to an anonymous visitor."""
    if audience == Audience.INTERNAL:
        return item.memo_id is not None and not item.memo.is_geheim
    return item.memo_visible_to(AnonymousUser())


# The public package shows each memo's published version (its snapshot, contact details copied in):
# editing the concept changes nothing in it; a new version (memo__current_version_id) does.
CONCEPT_FIELDS = {"memo__revision", "memo__updated_at"}


def package_fingerprint(meeting: Meeting, audience: str) -> str:
    """A sha256 over everything the package shows: any change to the meeting or a memo changes it."""
    internal = audience == Audience.INTERNAL
    fields = ITEM_FIELDS if internal else [name for name in ITEM_FIELDS if name not in CONCEPT_FIELDS]
    items = _item_rows(meeting, audience, fields)
    memo_ids = [row[fields.index("memo_id")] for row in items if row[fields.index("memo_id")]]
    # A concept prints its contacts' current phone numbers and addresses, so those count too.
    contacts = []
    if internal:
        contacts = list(
            MemoContact.objects.filter(memo_id__in=memo_ids)
            .order_by("memo_id", "position", "pk")
            .values_list("memo_id", "contact_id", "position", "contact__updated_at")
        )
    state = {
        "layout": LAYOUT_VERSION,
        "audience": audience,
        "meeting": [meeting.pk, *(getattr(meeting, name) for name in MEETING_FIELDS)],
        "items": items,
        "contacts": contacts,
    }
    encoded = json.dumps(state, default=_json_value, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def _item_rows(meeting: Meeting, audience: str, fields: list[str]) -> list[tuple]:
    """The package's items as rows of `fields`, in agenda order. A meeting from
    Meeting.objects.with_agenda (the meeting page) has every item and its memo at hand already:
    the same rows are taken from those, without asking the database again."""
    prefetched = getattr(meeting, "agenda_items", None)
    if prefetched is None:
        return list(package_items(meeting, audience).order_by("position", "pk").values_list(*fields))
    if audience == Audience.INTERNAL:
        items = [item for item in prefetched if item.confidentiality != Confidentiality.GEHEIM]
    elif meeting.is_published and meeting.is_public:  # package_items: what a visitor sees
        items = [item for item in prefetched if item.confidentiality == Confidentiality.OPENBAAR]
    else:
        items = []
    return [
        tuple(_field_value(item, name) for name in fields)
        for item in sorted(items, key=lambda item: (item.position, item.pk))
    ]


def _field_value(item: AgendaItem, name: str):
    """values_list's value of `name` (such as "memo__revision") for one item in memory."""
    *path, last = name.split("__")
    value = item
    for part in path:
        value = getattr(value, part)
        if value is None:
            return None
    return getattr(value, last)


def _json_value(value):
    if isinstance(value, dt.date | dt.time | dt.datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} in a package fingerprint")


def package_filename(meeting: Meeting, audience: str) -> str:
    """E.g. agendapakket-2022-01-12-beeldvormende-sessie.pdf; the internal one ends in -intern."""
    suffix = "-intern" if audience == Audience.INTERNAL else ""
    return f"agendapakket-{meeting.date:%Y-%m-%d}-{slugify(meeting.title)[:80]}{suffix}.pdf"


@dataclass
class PackageEntry:
    """One agenda item in the package: its planned times, and its memo or why there is none."""

    planned: PlannedItem
    memo: dict | None  # the memo's render context (memos/rendering.py), or None
    note: str = ""

    @property
    def anchor(self) -> str:
        return f"item-{self.planned.number}"


def package_entries(meeting: Meeting, audience: str) -> list[PackageEntry]:
    """The planned items of the package, each with the memo it shows, in a fixed number of queries."""
    # Planned over every item, so the times are those of the meeting; listed: the audience's items.
    shown = set(package_items(meeting, audience).values_list("pk", flat=True))
    items = list(meeting.items.order_by("position", "pk"))
    memos = Memo.objects.with_rows().in_bulk([item.memo_id for item in items if item.memo_id])
    for item in items:
        item.meeting = meeting
        if item.memo_id:
            # The prefetched rows also serve plan_agenda's check of the programme slots.
            item.memo = memos[item.memo_id]
    entries = []
    for planned in plan_agenda(meeting, items):
        item = planned.item
        if item.pk not in shown:
            continue
        if shows_memo(item, audience):
            entries.append(PackageEntry(planned, _memo_context(item.memo, audience)))
        elif audience == Audience.PUBLIC and item.memo_follows_for(AnonymousUser()):
            entries.append(PackageEntry(planned, None, MEMO_FOLLOWS))
        elif audience == Audience.PUBLIC:
            entries.append(PackageEntry(planned, None, NO_PUBLIC_MEMO))
        else:
            entries.append(PackageEntry(planned, None, NO_MEMO))
    return entries


def _memo_context(memo: Memo, audience: str) -> dict:
    """The internal package shows the memo as it is now (marked as a concept unless published);
    the public one exactly the published version readers see, from its frozen snapshot."""
    if audience == Audience.INTERNAL:
        return memo_context_from_memo(memo)
    return memo_context_from_snapshot(read_snapshot(memo.current_version))


def package_metadata(meeting: Meeting, audience: str) -> dict:
    """Title, author, subject and keywords of the PDF (its Info dictionary and XMP)."""
    when = date_format(meeting.date, "j F Y")
    internal = " (intern)" if audience == Audience.INTERNAL else ""
    return {
        "title": f"Agendapakket {meeting.title}, {when}{internal}",
        "author": "Griffie gemeenteraad",
        "subject": f"Agenda en voorbereidingsmemo's van de {meeting.get_kind_display().lower()} van {when}",
        "keywords": ", ".join(["agendapakket", meeting.get_kind_display().lower(), audience]),
    }


def render_agenda_package(
    meeting: Meeting, audience: str, progress: Callable[[int], None] | None = None
) -> tuple[bytes, int]:
    """Render the package of this audience to one tagged PDF; returns the bytes and the page count."""
    report = progress or (lambda percent: None)
    if audience == Audience.PUBLIC and not audience_is_public(meeting):
        raise ValueError("Een besloten of ongepubliceerde vergadering heeft geen openbaar agendapakket.")
    report(5)
    entries = package_entries(meeting, audience)
    report(20)
    # Dutch dates ("12 januari 2022") also in the task worker, where no request activates a language.
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "meetings/agenda_package_pdf.html",
            {
                "meeting": meeting,
                "entries": entries,
                "is_internal": audience == Audience.INTERNAL,
                "pdf": package_metadata(meeting, audience),
            },
        )
    report(30)
    # WeasyPrint lays out the whole package in one go: the table of contents needs every page.
    data = render_pdf(html, PDF_STYLESHEETS)
    report(95)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        page_count = len(pdf.pages)
    return data, page_count


def audience_for(user) -> str:
    """The griffie and the agendacommissie get the internal package; everyone else the public one."""
    return Audience.INTERNAL if can_read_concepts(user) else Audience.PUBLIC
