"""Keeping the search index current: what text each kind of thing is found by.

The services call `search_index_update(kind, ids)` in their transaction after a write (no
signals); `search_index_rebuild()` (`manage.py search_index_rebuild`) builds everything anew,
after a restore or an import that went around the services. Each call reads the sources in a
fixed number of queries, removes the documents of what no longer exists and upserts the rest.

What is indexed (title; body):
- memo, actueel: the memo as it is now (title; samenvatting, voorgeschiedenis, advies,
  behandeling, programme); gepubliceerd: the same fields from the snapshot of the version readers
  see (`current_version`), never the concept being edited;
- vergadering: title; kind, location, chair;  agendapunt: title (its meeting is the label);
- LTA item: title; its kind (toezegging, motie, ...), number, text, afdoening and every stand
  van zaken;
- collegevoorstel: onderwerp; zaak, zaaknummer, the voorstel and its sections, as now
  (actueel) and as published (gepubliceerd);
- contact: name; function, team, e-mail (the griffie's only).
Stukken are left out: a stuk has a confidentiality of its own, and the agenda item's text would
carry it to readers of the item.

Each document also carries who may find it (search/readers.py), from the live source, never
from a published snapshot. A published memo's readers follow its agenda item and meeting, so
`search_index_meeting` updates the flags of the memos on the meeting too.
"""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse

from raadsmemo.search import readers
from raadsmemo.search.models import Kind, SearchDocument, Variant

CHUNK = 2000


def _join(*parts) -> str:
    return "\n".join(str(p) for p in parts if p)


def _doc(
    kind,
    pk,
    title,
    body,
    *,
    date: dt.date | None,
    url: str,
    who: readers.Readers,
    label: str = "",
    variant=Variant.ACTUEEL,
):
    return SearchDocument(
        **who.as_fields(),
        kind=kind,
        object_id=pk,
        variant=variant,
        title=(title or "")[:500],
        body=body,
        date=date,
        year=date.year if date else None,
        url=url[:300],
        label=label[:200],
    )


def _memo_body(memo, slots) -> str:
    return _join(
        memo.betreft_other,
        memo.samenvatting,
        memo.lta_number,
        memo.advice_text,
        memo.voorgeschiedenis,
        memo.treatment_text,
        *(_join(s.activity, s.presenter) for s in slots),
    )


def memo_documents(ids) -> list[SearchDocument]:
    from raadsmemo.memos.models import Memo
    from raadsmemo.memos.publication import memo_context_from_snapshot, read_snapshot

    docs = []
    for memo in (
        Memo.objects.filter(pk__in=ids)
        .select_related("current_version", "agenda_item__meeting")
        .prefetch_related("programme_slots")
    ):
        # The memo as it is now is marked with its status ("Concept"), as everywhere staff meet it.
        label = f"{memo.get_purpose_display()} · {memo.get_status_display()}"
        docs.append(
            _doc(
                Kind.MEMO,
                memo.pk,
                memo.title,
                _memo_body(memo, memo.programme_slots.all()),
                date=memo.datum,
                url=memo.get_absolute_url(),
                label=label,
                who=readers.readers_of_memo(memo, Variant.ACTUEEL),
            )
        )
        version = memo.current_version
        if version is not None:
            context = memo_context_from_snapshot(read_snapshot(version))
            published = context["memo"]
            docs.append(
                _doc(
                    Kind.MEMO,
                    memo.pk,
                    published.title,
                    _memo_body(published, context["slots"]),
                    date=published.datum,
                    url=version.get_absolute_url(),
                    label=published.get_purpose_display(),
                    variant=Variant.GEPUBLICEERD,
                    # who reads it follows the memo as it is now (its confidentiality, its item)
                    who=readers.readers_of_memo(memo, Variant.GEPUBLICEERD),
                )
            )
    return docs


def meeting_documents(ids) -> list[SearchDocument]:
    from raadsmemo.meetings.models import Meeting

    return [
        _doc(
            Kind.VERGADERING,
            m.pk,
            m.title,
            _join(m.get_kind_display(), m.location, m.chair),
            date=m.date,
            url=m.get_absolute_url(),
            label=f"{m.get_kind_display()} · {m.location}",
            who=readers.readers_of_meeting(m),
        )
        for m in Meeting.objects.filter(pk__in=ids)
    ]


def agenda_item_documents(ids) -> list[SearchDocument]:
    from raadsmemo.meetings.models import AgendaItem

    return [
        _doc(
            Kind.AGENDAPUNT,
            item.pk,
            item.title,
            "",
            date=item.meeting.date,
            url=f"{item.meeting.get_absolute_url()}#punt-{item.pk}",
            label=item.meeting.title,
            who=readers.readers_of_agenda_item(item),
        )
        for item in AgendaItem.objects.filter(pk__in=ids).select_related("meeting")
    ]


def lta_documents(ids) -> list[SearchDocument]:
    from raadsmemo.lta.models import LtaItem

    docs = []
    for item in LtaItem.objects.filter(pk__in=ids).prefetch_related("updates"):
        date = item.made_on or item.deadline
        docs.append(
            _doc(
                Kind.LTA,
                item.pk,
                item.title,
                _join(
                    item.get_kind_display(),
                    item.number,
                    item.text,
                    item.afdoening_reason,
                    *(u.text for u in item.updates.all()),
                ),
                date=date or (dt.date(item.year, 1, 1) if item.year else None),
                url=item.get_absolute_url(),
                label=f"{item.get_kind_display()} {item.number} · {item.get_status_display()}",
                who=readers.readers_of_lta_item(item),
            )
        )
    return docs


CV_TEXT_FIELDS = [
    "zaak",
    "zaaknummer",
    "samenvatting",
    "voorstel",
    "aanleiding",
    "wat_doen",
    "afweging",
    "kosten",
    "risicos",
    "kernboodschap",
    "juridisch_kader",
    "belanghebbenden",
    "data_monitoring",
    "communicatie_inzet",
]


def _cv_doc(cv, *, url: str, variant, live) -> SearchDocument:
    """`cv` holds the text (the live row or the published snapshot), `live` who may read it."""
    label = cv.zaaknummer or cv.zaak
    if variant == Variant.ACTUEEL:
        label = f"{label} · {cv.get_status_display()}"
    return _doc(
        Kind.COLLEGEVOORSTEL,
        cv.pk,
        cv.onderwerp,
        _join(*(getattr(cv, name) for name in CV_TEXT_FIELDS)),
        date=cv.datum,
        url=url,
        label=label,
        variant=variant,
        who=readers.readers_of_collegevoorstel(live, variant),
    )


def collegevoorstel_documents(ids) -> list[SearchDocument]:
    import json

    from django.core.files.storage import default_storage

    from raadsmemo.collegevoorstellen.models import Collegevoorstel
    from raadsmemo.collegevoorstellen.publication import collegevoorstel_from_snapshot

    docs = []
    for cv in Collegevoorstel.objects.filter(pk__in=ids).select_related("current_version"):
        docs.append(_cv_doc(cv, url=cv.get_absolute_url(), variant=Variant.ACTUEEL, live=cv))
        version = cv.current_version
        if version is not None:
            with default_storage.open(version.json_name, "rb") as f:
                published = collegevoorstel_from_snapshot(json.loads(f.read()))
            docs.append(
                _cv_doc(published, url=version.get_absolute_url(), variant=Variant.GEPUBLICEERD, live=cv)
            )
    return docs


def contact_documents(ids) -> list[SearchDocument]:
    from raadsmemo.people.models import Contact

    return [
        _doc(
            Kind.CONTACT,
            c.pk,
            c.name,
            _join(c.function, c.team, c.email),
            date=None,
            url=reverse("people:contact_edit", args=[c.pk]),
            label=c.function or c.team,
            who=readers.CONTACT_READERS,
        )
        for c in Contact.objects.filter(pk__in=ids)
    ]


BUILDERS = {
    Kind.MEMO: memo_documents,
    Kind.VERGADERING: meeting_documents,
    Kind.AGENDAPUNT: agenda_item_documents,
    Kind.LTA: lta_documents,
    Kind.COLLEGEVOORSTEL: collegevoorstel_documents,
    Kind.CONTACT: contact_documents,
}


def search_index_update(kind: Kind, ids: Iterable[int]) -> None:
    """Make the documents of these objects match the objects (removed ones: no document).

    Four queries whatever the number of ids (the sources, their rows, the documents there, one
    upsert); called inside the caller's transaction, so the index changes with the write."""
    ids = sorted({int(i) for i in ids if i is not None})
    if not ids:
        return
    docs = BUILDERS[kind](ids)
    present = {(d.object_id, d.variant) for d in docs}
    existing = SearchDocument.objects.filter(kind=kind, object_id__in=ids).values_list(
        "pk", "object_id", "variant"
    )
    stale = [pk for pk, object_id, variant in existing if (object_id, variant) not in present]
    if stale:
        SearchDocument.objects.filter(pk__in=stale).delete()
    SearchDocument.objects.bulk_create(
        docs,
        update_conflicts=True,
        unique_fields=["kind", "object_id", "variant"],
        update_fields=["title", "body", "date", "year", "url", "label", *readers.READER_FIELDS],
    )


def search_index_meeting(meeting) -> None:
    """A meeting, its agenda items (their documents carry the meeting's title and date) and
    their memos (who reads a published memo follows its item and meeting)."""
    from raadsmemo.memos.models import Memo

    search_index_update(Kind.VERGADERING, [meeting.pk])
    search_index_update(Kind.AGENDAPUNT, meeting.items.values_list("pk", flat=True))
    search_index_memo_readers(Memo.objects.filter(agenda_item__meeting=meeting).values("pk"))


def search_index_memo_readers(ids) -> None:
    """Only who may find these memos, not their text: their item or its meeting changed (a
    published memo's readers follow them), which needs no published version read from storage.
    Three queries at most (ids may be a subquery)."""
    from raadsmemo.memos.models import Memo

    if isinstance(ids, list | tuple | set):
        ids = [i for i in ids if i is not None]
        if not ids:
            return
    memos = {m.pk: m for m in Memo.objects.filter(pk__in=ids).select_related("agenda_item__meeting")}
    docs = list(
        SearchDocument.objects.filter(kind=Kind.MEMO, object_id__in=list(memos)).only("object_id", "variant")
    )
    for doc in docs:
        for name, value in readers.readers_of_memo(memos[doc.object_id], doc.variant).as_fields().items():
            setattr(doc, name, value)
    SearchDocument.objects.bulk_update(docs, readers.READER_FIELDS)


def search_index_rebuild() -> dict[str, int]:
    """Every document anew, in chunks; returns the number of documents per kind."""
    from raadsmemo.collegevoorstellen.models import Collegevoorstel
    from raadsmemo.lta.models import LtaItem
    from raadsmemo.meetings.models import AgendaItem, Meeting
    from raadsmemo.memos.models import Memo
    from raadsmemo.people.models import Contact

    sources = {
        Kind.MEMO: Memo,
        Kind.VERGADERING: Meeting,
        Kind.AGENDAPUNT: AgendaItem,
        Kind.LTA: LtaItem,
        Kind.COLLEGEVOORSTEL: Collegevoorstel,
        Kind.CONTACT: Contact,
    }
    counts = {}
    with transaction.atomic():
        for kind, model in sources.items():
            ids = list(model._base_manager.order_by("pk").values_list("pk", flat=True))
            SearchDocument.objects.filter(kind=kind).exclude(
                object_id__in=model._base_manager.values("pk")
            ).delete()
            for start in range(0, len(ids), CHUNK):
                search_index_update(kind, ids[start : start + CHUNK])
            counts[kind.value] = SearchDocument.objects.filter(kind=kind).count()
    return counts
