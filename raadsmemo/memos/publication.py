"""Taking a workflow step, and publishing: freezing a memo as a stored version.

A published version is three files written once through Django's storage API (`default_storage`:
local files by default, any S3-compatible store through django-storages):
- `snapshot.json`: every field of the memo and its rows, with the contact details copied in;
- `memo.html`: the memo body as readers see it on the page;
- `<pdf_filename>`: the PDF;
each with its SHA-256 in the MemoVersion row. The HTML and the PDF are rendered from the snapshot,
so the three always agree. Files are never overwritten: the names carry the memo id and the
version number, and the storage answers a taken name with another one (which is what we keep).
"""

import datetime as dt
import json

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from raadsmemo.concurrency import ANY_REVISION
from raadsmemo.memos.models import (
    LinkSection,
    Memo,
    MemoLink,
    MemoTransition,
    MemoVersion,
    ProgrammeSlot,
)
from raadsmemo.memos.rendering import render_memo_pdf
from raadsmemo.memos.workflow import PUBLICEREN, TERUG_NAAR_CONCEPT, Step, refusal
from raadsmemo.people.models import Contact
from raadsmemo.search.indexing import Kind, search_index_update
from raadsmemo.workflow import check_step

SNAPSHOT_SCHEMA = 1
MEMO_FIELDS = [
    "purpose", "aan", "van", "datum", "betreft", "betreft_other", "title", "stuk_date",
    "samenvatting", "on_lta", "lta_number", "lta_item_id", "has_deadline", "deadline", "advice",
    "advice_text", "voorgeschiedenis", "treatment_text", "speaking_rounds",
    "speaking_time_fractie", "speaking_time_college", "confidentiality", "grondslag", "secret_until",
    "created_at",
]  # fmt: skip
CONTACT_FIELDS = ["name", "function", "team", "phone", "email"]
SLOT_FIELDS = ["start", "end", "activity", "presenter"]
LINK_FIELDS = ["section", "label", "url"]


# -- The snapshot -------------------------------------------------------------------------------


def memo_snapshot(memo: Memo, *, number: int, published_at: dt.datetime) -> dict:
    """All of the memo's data as JSON-able values; rows from the prefetch of with_rows()."""
    return json.loads(
        json.dumps(
            {
                "schema": SNAPSHOT_SCHEMA,
                "memo": memo.pk,
                "version": number,
                "published_at": published_at,
                "fields": {name: getattr(memo, name) for name in MEMO_FIELDS},
                "contacts": [
                    {name: getattr(mc.contact, name) for name in CONTACT_FIELDS}
                    for mc in memo.memo_contacts.all()
                ],
                "slots": [
                    {name: getattr(s, name) for name in SLOT_FIELDS} for s in memo.programme_slots.all()
                ],
                "links": [{name: getattr(link, name) for name in LINK_FIELDS} for link in memo.links.all()],
            },
            cls=DjangoJSONEncoder,
        )
    )


def _parsed(model, names, data: dict) -> dict:
    return {name: model._meta.get_field(name.removesuffix("_id")).to_python(data.get(name)) for name in names}


def memo_context_from_snapshot(snapshot: dict) -> dict:
    """The render context of a frozen version (as memos/rendering.py makes for a stored memo)."""
    memo = Memo(pk=snapshot["memo"], **_parsed(Memo, MEMO_FIELDS, snapshot["fields"]))
    links = [MemoLink(**_parsed(MemoLink, LINK_FIELDS, link)) for link in snapshot["links"]]
    return {
        "memo": memo,
        "contacts": [Contact(**_parsed(Contact, CONTACT_FIELDS, c)) for c in snapshot["contacts"]],
        "slots": [ProgrammeSlot(**_parsed(ProgrammeSlot, SLOT_FIELDS, s)) for s in snapshot["slots"]],
        "stuk_links": [link for link in links if link.section == LinkSection.STUK],
        "info_links": [link for link in links if link.section == LinkSection.NADERE_INFORMATIE],
        "concept": False,
    }


def read_snapshot(version: MemoVersion) -> dict:
    with default_storage.open(version.json_name, "rb") as f:
        return json.loads(f.read())


def read_html(version: MemoVersion) -> str:
    with default_storage.open(version.html_name, "rb") as f:
        return f.read().decode()


def freeze_version(memo: Memo, *, by, reason: str, published_at: dt.datetime) -> MemoVersion:
    """Render and store the next version of the memo (rows prefetched), and its row."""
    last = memo.versions.order_by("-number").values_list("number", flat=True).first()
    number = (last or 0) + 1
    snapshot = memo_snapshot(memo, number=number, published_at=published_at)
    data = json.dumps(snapshot, ensure_ascii=False, indent=1, sort_keys=True).encode()
    context = memo_context_from_snapshot(snapshot)
    version = MemoVersion(
        memo=memo,
        number=number,
        reason=reason,
        published_by=by,
        published_at=published_at,
        title=memo.title,
        pdf_filename=memo.pdf_filename,
    )
    # Dutch dates ("12 januari 2022") also outside a request (load_demo, a management command).
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("memos/_memo_body.html", context).encode()
        pdf = render_memo_pdf(context, version=version)
    version.store_files(
        f"memos/{memo.pk}/versie-{number}", snapshot=data, html=html, html_name="memo.html", pdf=pdf
    )
    version.save()
    return version


# -- Steps --------------------------------------------------------------------------------------


def last_reason_for_change(memo: Memo) -> str:
    """The reason the memo last went back to concept: offered as the next version's reason."""
    transition = memo.transitions.filter(name=TERUG_NAAR_CONCEPT.name).order_by("-at", "-pk").first()
    return transition.reason if transition else ""


@transaction.atomic
def memo_take_step(
    *, memo: Memo, step: Step, by, reason: str = "", based_on_revision: int | None, announce: bool = True
) -> Memo:
    """Take one workflow step (the caller checked the role); publishing freezes a version.

    Refused (StepRefused) from a status the step does not start from, or without a required
    reason; refused (StepConflict) when the memo changed since the page was loaded.
    """
    current = Memo.objects.select_for_update(of=("self",)).with_rows().get(pk=memo.pk)
    why_not = refusal(step, current) if current.status not in step.sources else None
    reason = check_step(step, current, why_not=why_not, reason=reason, based_on_revision=based_on_revision)
    now = timezone.now()
    changes = {"status": step.target, "revision": F("revision") + 1}
    if step is PUBLICEREN:
        changes["current_version"] = freeze_version(current, by=by, reason=reason, published_at=now)
    Memo.objects.filter(pk=current.pk).update(**changes)
    MemoTransition.objects.create(
        memo=current,
        name=step.name,
        from_status=current.status,
        to_status=step.target,
        reason=reason,
        by=by,
        at=now,
    )
    if step is PUBLICEREN and announce:
        _announce(current)
    search_index_update(Kind.MEMO, [current.pk])
    memo.refresh_from_db()
    return memo


def _announce(memo: Memo) -> None:
    """A new version on a published meeting's agenda: calendars and feeds see a changed agenda."""
    from raadsmemo.meetings.services import meeting_touch

    item = memo.agenda_item_or_none
    if item is not None and item.meeting.is_published:
        meeting_touch(item.meeting)


def memo_publish_with_meeting(*, memo: Memo, by) -> Memo:
    """Publishing a meeting publishes its vastgestelde memos (a later version with the reason the
    memo went back to concept for)."""
    reason = ""
    if memo.current_version_id is not None:
        reason = last_reason_for_change(memo) or "Gewijzigd na de vorige publicatie."
    # The meeting's own publication is the news: calendars never had it, so no extra SEQUENCE.
    return memo_take_step(
        memo=memo, step=PUBLICEREN, by=by, reason=reason, based_on_revision=ANY_REVISION, announce=False
    )
