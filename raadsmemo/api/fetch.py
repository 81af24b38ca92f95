"""Reading the public rows for a page of the API in a fixed number of queries.

The informatieobjecten come from five tables (memo versions, collegevoorstel versions, agenda
packages, stukken, LTA items). One UNION ALL of each kind's first rows in the order (changed, pk)
gives the page, one sum of counts per kind the total; then one query per kind on the page fetches
its rows.
"""

import contextlib
import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import CharField, F, Max, Min, Prefetch, Q, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from raadsmemo.api import documents
from raadsmemo.api.documents import Links
from raadsmemo.api.public import (
    meetings_with_public_package,
    public_collegevoorstel_versions,
    public_items,
    public_lta_items,
    public_meetings,
    public_memo_versions,
    public_stukken,
    stored_public_packages,
)
from raadsmemo.converters import parse_id
from raadsmemo.lta.models import Indiening
from raadsmemo.meetings.models import AgendaItem
from raadsmemo.publishing.caching import PAGE_TIMEOUT, content_version


def day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(9998, 12, 31)


def within(day: dt.date | None) -> dt.date | None:
    """A day brought within the years a database and the time zones take."""
    return min(max(day, FIRST_DAY), LAST_DAY) if day else None


def date_range_q(field: str, van: dt.date | None, tot_en_met: dt.date | None) -> Q:
    """`field` (a date) from `van` up to and including `tot_en_met`."""
    van, tot_en_met = within(van), within(tot_en_met)
    q = Q()
    if van:
        q &= Q(**{f"{field}__gte": van})
    if tot_en_met:
        q &= Q(**{f"{field}__lte": tot_en_met})
    return q


def moment_range_q(field: str, van: dt.date | None, tot_en_met: dt.date | None) -> Q:
    """`field` (a moment) on the days from `van` up to and including `tot_en_met`, Amsterdam time."""
    van, tot_en_met = within(van), within(tot_en_met)
    q = Q()
    if van:
        q &= Q(**{f"{field}__gte": day_start(van)})
    if tot_en_met:
        q &= Q(**{f"{field}__lt": day_start(tot_en_met + dt.timedelta(days=1))})
    return q


# --- Vergaderingen ------------------------------------------------------------------------------


def package_times(meeting_ids) -> dict[int, tuple[dt.datetime, dt.datetime]]:
    """Per meeting with a built public package: when it was first and last built."""
    built = Coalesce("finished_at", "created_at")
    rows = (
        stored_public_packages()
        .filter(meeting_id__in=meeting_ids)
        .values("meeting_id")
        .annotate(first=Min(built), last=Max(built))
        .order_by()
    )
    return {row["meeting_id"]: (row["first"], row["last"]) for row in rows}


def agenda_plans(meetings, *, with_public: bool = True) -> tuple[dict, dict[int, list[AgendaItem]]]:
    """The plan of every item of these meetings (numbers and times over the whole agenda) and, per
    meeting, its public items in agenda order (`with_public`). Two queries: all items (only what
    planning needs), and the public ones."""
    ids = [meeting.pk for meeting in meetings]
    every_item = (
        AgendaItem.objects.filter(meeting_id__in=ids)
        .order_by("meeting_id", "position", "pk")
        .only("pk", "meeting_id", "position", "duration_minutes")
    )
    plans = documents.plan_agendas(meetings, every_item)
    public = {meeting.pk: [] for meeting in meetings}
    if not with_public:
        return plans, public
    for item in public_items().filter(meeting_id__in=ids).order_by("position", "pk").only("pk", "meeting_id"):
        public[item.meeting_id].append(item)
    return plans, public


def vergaderingen(meetings, links: Links) -> list[dict]:
    meetings = list(meetings)
    _plans, items = agenda_plans(meetings)
    packages = package_times([m.pk for m in meetings])
    return [
        documents.vergadering(
            meeting,
            links=links,
            items=items[meeting.pk],
            package_at=packages.get(meeting.pk, (None, None))[1],
        )
        for meeting in meetings
    ]


# --- Agendapunten -------------------------------------------------------------------------------


def agendapunten(items, links: Links) -> list[dict]:
    """Items (select_related meeting) with their plans and informatieobjecten: memo versions and stukken."""
    items = list(items)
    meetings = {item.meeting_id: item.meeting for item in items}
    plans, _public = agenda_plans(list(meetings.values()), with_public=False)
    attached: dict[int, list[str]] = {item.pk: [] for item in items}
    published: dict[int, dt.datetime] = {}
    versions = (
        public_memo_versions()
        .filter(memo__agenda_item__in=[item.pk for item in items])
        .order_by("memo_id", "number")
        .values_list("memo__agenda_item", "memo_id", "number", "published_at")
    )
    for item_pk, memo_pk, number, published_at in versions:
        attached[item_pk].append(links.informatieobject(f"memo-{memo_pk}-v{number}"))
        published[item_pk] = max(published_at, published.get(item_pk, published_at))
    for stuk in public_stukken().filter(item__in=[item.pk for item in items]).only("pk", "item_id"):
        attached[stuk.item_id].append(links.informatieobject(documents.stuk_key(stuk)))
    return [
        documents.agendapunt(
            item,
            links=links,
            plan=plans[item.pk],
            informatieobjecten=attached[item.pk],
            memo_published_at=published.get(item.pk),
        )
        for item in items
    ]


# --- Informatieobjecten -------------------------------------------------------------------------

KINDS = ("memo", "collegevoorstel", "agendapakket", "stuk", "toezegging", "motie")


@dataclass
class InformatieobjectFilter:
    soort: str | None = None  # one of KINDS
    informatieobjecttype: str | None = None
    vergadering: int | None = None
    agendapunt: int | None = None
    van: dt.date | None = None
    tot_en_met: dt.date | None = None
    gewijzigd_sinds: dt.datetime | None = None


# Which kinds each ODS informatieobjecttype covers (agenda packages have no type in the ODS).
TYPE_KINDS = {
    "mededeling": {"memo"},
    "voorstel": {"collegevoorstel", "stuk"},
    "ingekomen_stuk": {"stuk"},
    "toezegging": {"toezegging"},
    "motie": {"motie"},
}


def _union_part(queryset, kind: str, changed):
    return (
        queryset.order_by()
        .annotate(
            io_kind=Value(kind, output_field=CharField()),
            io_pk=F("pk"),
            io_changed=changed,
        )
        .values_list("io_kind", "io_pk", "io_changed")
    )


def informatieobject_sources(filters: InformatieobjectFilter) -> list:
    """Per kind that passes the filters: its public (kind, pk, changed) rows that pass them, unordered."""
    kinds = set(KINDS)
    if filters.soort:
        kinds &= {filters.soort}
    if filters.informatieobjecttype:
        kinds &= TYPE_KINDS.get(filters.informatieobjecttype, set())
    if filters.agendapunt is not None:
        kinds &= {"memo", "stuk"}

    sources = {
        "memo": (
            public_memo_versions(),
            F("published_at"),
            "memo__agenda_item__meeting",
            "memo__agenda_item",
        ),
        "collegevoorstel": (public_collegevoorstel_versions(), F("published_at"), None, None),
        # Per public meeting its stored packages, grouped below: the newest build is the change.
        "agendapakket": (
            stored_public_packages().filter(meeting__in=public_meetings()),
            None,
            "meeting",
            None,
        ),
        "stuk": (
            public_stukken(),
            Greatest("item__updated_at", "item__meeting__updated_at"),
            "item__meeting",
            "item",
        ),
        "toezegging": (
            public_lta_items().filter(kind="toezegging"),
            F("updated_at"),
            "made_in_meeting",
            None,
        ),
        "motie": (public_lta_items().filter(kind="motie"), F("updated_at"), "made_in_meeting", None),
    }
    parts = []
    for kind in KINDS:
        if kind not in kinds:
            continue
        queryset, changed, meeting_path, item_path = sources[kind]
        if filters.vergadering is not None:
            if meeting_path is None:
                continue
            queryset = queryset.filter(**{meeting_path: filters.vergadering})
        if filters.agendapunt is not None:
            queryset = queryset.filter(**{item_path: filters.agendapunt})
        if kind == "stuk" and filters.informatieobjecttype in ("voorstel", "ingekomen_stuk"):
            voorstel = Q(label__icontains="voorstel")
            queryset = queryset.filter(voorstel if filters.informatieobjecttype == "voorstel" else ~voorstel)
        if kind == "agendapakket":
            # One GROUP BY over the packages, not a newest-build subquery for every public meeting.
            part = (
                queryset.order_by()
                .values("meeting")
                .annotate(
                    io_kind=Value(kind, output_field=CharField()),
                    io_pk=F("meeting"),
                    io_changed=Max(Coalesce("finished_at", "created_at")),
                )
                .values_list("io_kind", "io_pk", "io_changed")
            )
        else:
            part = _union_part(queryset, kind, changed)
        part = part.filter(moment_range_q("io_changed", filters.van, filters.tot_en_met))
        if filters.gewijzigd_sinds:
            part = part.filter(io_changed__gt=filters.gewijzigd_sinds)
        parts.append((kind, part))
    return parts


@dataclass(frozen=True)
class Position:
    """A place in the list's order (changed, kind, pk): where a page given by a cursor starts."""

    changed: dt.datetime
    kind: str
    pk: int
    forward: bool = True  # the rows after this place; False: the rows before it


def _beyond(kind: str, position: Position) -> Q:
    """The rows of `kind` after (or before) `position` in the order (changed, kind, pk)."""
    strict, loose = ("gt", "gte") if position.forward else ("lt", "lte")
    changed = position.changed
    if kind == position.kind:
        # The bound on the change alone first: that one an index range reads (an OR would not).
        return Q(**{f"io_changed__{loose}": changed}) & (
            Q(**{f"io_changed__{strict}": changed}) | Q(**{f"io_pk__{strict}": position.pk})
        )
    # Rows at the same moment come after the position when their kind sorts after its kind.
    same_moment_beyond = (kind > position.kind) == position.forward
    return Q(**{f"io_changed__{loose if same_moment_beyond else strict}": changed})


def _read_moment(value) -> dt.datetime:
    """A moment as the raw cursor gives it: SQLite answers text in UTC."""
    if isinstance(value, str):
        value = parse_datetime(value)
    return value if timezone.is_aware(value) else timezone.make_aware(value, dt.UTC)


def informatieobject_page(
    filters: InformatieobjectFilter, *, offset: int, size: int, position: Position | None = None
) -> list[tuple[str, int, dt.datetime]]:
    """`size` rows (kind, pk, changed) from `offset`, or after (before) `position`, in the order
    (changed, kind, pk): one query.

    No sort of everything published: each kind gives its first offset + size rows in its own
    order (an index on (changed, pk) where it has one) and only those are merged. So a page
    costs what its depth costs, whatever the size of the archive."""
    forward = position is None or position.forward
    order = ("io_changed", "io_pk") if forward else ("-io_changed", "-io_pk")
    selects, params = [], []
    for index, (kind, part) in enumerate(informatieobject_sources(filters)):
        if position is not None:
            part = part.filter(_beyond(kind, position))
        sql, part_params = part.order_by(*order)[: offset + size].query.sql_with_params()
        selects.append(f"SELECT * FROM ({sql}) AS part{index}")
        params.extend(part_params)
    if not selects:
        return []
    direction = "ASC" if forward else "DESC"
    sql = (
        " UNION ALL ".join(selects)
        + f" ORDER BY 3 {direction}, 1 {direction}, 2 {direction} LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, size, offset])
        rows = [(kind, pk, _read_moment(changed)) for kind, pk, changed in cursor.fetchall()]
    return rows if forward else rows[::-1]


def informatieobject_count(filters: InformatieobjectFilter) -> int:
    """How many public informatieobjecten pass the filters.

    Counting reads every row that passes (memo versions joined to their memo, item and
    meeting), so the count is kept in the cache under the content version and the minute, as
    the public pages are (publishing/caching.py): a harvester paging through the archive pays
    for it once a minute, not on every page. Without a cache, every page counts."""
    version = content_version()
    if version is None:
        return _count(filters)
    minute = timezone.now().strftime("%Y%m%d%H%M")
    digest = hashlib.sha256(repr(filters).encode()).hexdigest()[:32]
    key = f"api:informatieobjecten:count:{version}:{minute}:{digest}"
    try:
        count = cache.get(key)
    except Exception:  # the cache is a help, never a need (publishing/caching.py)
        return _count(filters)
    if count is None:
        count = _count(filters)
        with contextlib.suppress(Exception):
            cache.set(key, count, timeout=PAGE_TIMEOUT)
    return count


def _count(filters: InformatieobjectFilter) -> int:
    """One query: the sum of a count per kind (no UNION, no sort)."""
    counts, params = [], []
    for index, (_kind, part) in enumerate(informatieobject_sources(filters)):
        sql, part_params = part.order_by().query.sql_with_params()
        counts.append(f"(SELECT COUNT(*) FROM ({sql}) AS part{index})")
        params.extend(part_params)
    if not counts:
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + " + ".join(counts), params)
        return cursor.fetchone()[0]


def informatieobjecten(rows: list[tuple[str, int, dt.datetime]], links: Links) -> list[dict]:
    """The documents of a page of (kind, pk, changed), in its order; one query (or a few) per kind."""
    wanted: dict[str, list[int]] = {}
    for kind, pk, _changed in rows:
        wanted.setdefault(kind, []).append(pk)
    built: dict[tuple[str, int], dict] = {}
    if pks := wanted.get("memo"):
        for version in public_memo_versions().filter(pk__in=pks).select_related("memo__agenda_item"):
            built["memo", version.pk] = documents.memo_version(version, links=links)
    if pks := wanted.get("collegevoorstel"):
        for version in public_collegevoorstel_versions().filter(pk__in=pks):
            built["collegevoorstel", version.pk] = documents.collegevoorstel_version(version, links=links)
    if pks := wanted.get("agendapakket"):
        times = package_times(pks)
        for meeting in meetings_with_public_package().filter(pk__in=pks):
            first, last = times[meeting.pk]
            built["agendapakket", meeting.pk] = documents.agenda_package(
                meeting, links=links, built_at=last, first_built_at=first
            )
    if pks := wanted.get("stuk"):
        for stuk in public_stukken().filter(pk__in=pks).select_related("item__meeting"):
            built["stuk", stuk.pk] = documents.stuk(stuk, links=links)
    lta_pks = wanted.get("toezegging", []) + wanted.get("motie", [])
    if lta_pks:
        items = (
            public_lta_items()
            .filter(pk__in=lta_pks)
            .select_related("portefeuillehouder", "made_in_meeting")
            .prefetch_related(Prefetch("indieningen", Indiening.objects.select_related("fractie")), "updates")
        )
        for item in items:
            meeting = item.made_in_meeting
            public = meeting is not None and meeting.is_published and meeting.is_public
            built[item.kind, item.pk] = documents.lta_item(item, links=links, made_in_public_meeting=public)
    return [built[kind, pk] for kind, pk, _changed in rows if (kind, pk) in built]


KEY = re.compile(
    r"(?P<kind>memo|collegevoorstel)-(?P<pk>[0-9]{1,18})-v(?P<number>[0-9]{1,9})"
    r"|agendapakket-(?P<meeting>[0-9]{1,18})"
    r"|stuk-(?P<stuk>[0-9]{1,18})"
    r"|lta-(?P<lta>M-[0-9]{1,5}|[0-9]{4}-[0-9]{1,5})"
)


def informatieobject_row(key: str) -> tuple[str, int, None] | None:
    """The (kind, pk) of the public informatieobject with this id, or None."""
    match = KEY.fullmatch(key)
    if match is None:
        return None
    found = None
    if match["kind"] == "memo":
        found = public_memo_versions().filter(memo_id=parse_id(match["pk"]), number=int(match["number"]))
    elif match["kind"] == "collegevoorstel":
        found = public_collegevoorstel_versions().filter(
            collegevoorstel_id=parse_id(match["pk"]), number=int(match["number"])
        )
    elif match["meeting"]:
        found = meetings_with_public_package().filter(pk=parse_id(match["meeting"]))
    elif match["stuk"]:
        found = public_stukken().filter(pk=parse_id(match["stuk"]))
    elif match["lta"]:
        found = public_lta_items().filter(number=match["lta"])
    if found is None:
        return None
    if match["lta"]:
        row = found.values_list("kind", "pk").first()
        return (*row, None) if row else None
    pk = found.values_list("pk", flat=True).first()
    if pk is None:
        return None
    kind = match["kind"] or ("agendapakket" if match["meeting"] else "stuk")
    return kind, pk, None
