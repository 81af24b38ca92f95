"""Scale benchmark: every main page at demo size and with a large archive, side by side, on PostgreSQL.

Run by `make bench` after bench/run.py, or alone:
`DEBUG=1 .venv/bin/python bench/scale_bench.py` (SCALE unset: 10,000 memos, 10,000 LTA items and
10,000 meetings, a few minutes) or `SCALE=large ...` (100,000 of each). `--print` prints the
section without writing docs/benchmarks.md.

The database is SCALE_BENCH_DATABASE_URL (default
postgres://raadsmemo@127.0.0.1:5432/raadsmemo_scalebench); it is dropped and made anew. The demo
is loaded and every page measured (queries, median and p95 over SCALE_BENCH_RUNS requests through
the Django test client); then the archive is generated with bulk_create, indexed for search in
bulk (INSERT ... SELECT, what search_index_rebuild would write), analysed, and the same pages, on
the same demo objects, are measured again. Each large figure stands beside its demo baseline
measured in the same run.
"""

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.databases import recreate_database  # noqa: E402
from bench.report import put_section  # noqa: E402

URL = os.environ.get("SCALE_BENCH_DATABASE_URL", "postgres://raadsmemo@127.0.0.1:5432/raadsmemo_scalebench")
RUNS = int(os.environ.get("SCALE_BENCH_RUNS", "15"))
# SCALE unset: 10,000 of each, so that `make bench` takes minutes; SCALE=large: 100,000 of each;
# a number: that many.
SCALES = {"": 10_000, "default": 10_000, "large": 100_000}
SCALE_NAME = os.environ.get("SCALE", "").strip()
if SCALE_NAME not in SCALES and not SCALE_NAME.isdigit():
    sys.exit(f"SCALE={SCALE_NAME!r}: leave it unset, or say large, or a number of rows per kind.")
SIZE = SCALES[SCALE_NAME] if SCALE_NAME in SCALES else int(SCALE_NAME)
CONTACTS = 4_000
ITEMS_PER_MEETING = 3
UPDATES_PER_LTA_ITEM = 2
YEARS = 40
BATCH = 5_000
SLOW_MS = 2_000  # a page slower than this gets fewer runs, so that a slow page cannot take an hour
MARK_START, MARK_END = "<!-- scale-bench -->", "<!-- /scale-bench -->"


# Why the pages that grow grow: EXPLAIN ANALYZE on the SCALE=large archive (2026-12-06). Kept
# with the script so that each run prints them beside its figures; redo them when the code changes.
NOTES = [
    "### What grows with the archive, and why",
    "",
    "EXPLAIN ANALYZE of each page's queries on a SCALE=large archive (2026-12-06, with the flat",
    "pages' sort indexes). A single figure moves by a factor of two between runs on this shared",
    "machine (the same page on the same database: 8 to 28 ms). The pages of one object (meeting",
    "page, memo detail and editor, LTA item), the paginated lists (memos, contacts,",
    "collegevoorstellen, verzoeken), the overzicht and the Atom feed keep their queries, and those",
    "run on indexes: their large figures are about their demo figures.",
    "",
    "- The archive is denser than a council's: 100,000 meetings over 41 years is about 2,500 a year",
    "  (a council holds some 150 to 250). Pages that show a time window grow with the meetings in",
    "  that window, not with the archive: Komende vergaderingen shows 8 weeks (195 public meetings,",
    "  584 items at large), the iCalendar feed a year back and five ahead (3,638 meetings, 10,913",
    "  items). Most of their time is rendering those rows.",
    "- iCalendar feed (meetings/feeds.py): of 2.2 s, about 0.2 s was the database; the rest is",
    "  building 3,638 events in Python. Two queries grew with the whole archive: the ETag's state",
    "  query (COUNT DISTINCT, MAX(updated_at)) hash-joined the window's meetings to a Seq Scan of all",
    "  300,000 agenda items (70 ms), and the items' prefetch, ordered by meeting date, hash-joined a",
    "  Parallel Seq Scan of all 100,000 meetings (100 ms). Since issue 14 both read only the window",
    "  (EXPLAIN ANALYZE with 50,000 meetings, 1,822 in the window): the state query takes each",
    "  meeting's latest item change from the index agenda_item_meeting_updated (an Index Only Scan",
    "  per meeting; 51 ms before, 2.4 ms after) and the prefetch, ordered within the meeting, is a",
    "  Bitmap Index Scan on meeting_id without a join (88 ms before, 4.7 ms after). The Python is",
    "  icalendar's: by cProfile, encoding the properties (Event.new) and serialising with line",
    "  folding (to_ical) take some 80%; the feed's own code (description, agenda plan, URLs) about",
    "  10%. With a council's density the feed has a tenth of the events. With the shared page",
    "  cache (Redis) the body is kept under its ETag (which holds the day) and the content version,",
    "  so subscribers share one build per change; this bench runs without that cache and shows a",
    "  full build every time.",
    '- Komende vergaderingen: the archive years (`past().dates("date", "year")`) read every past',
    "  meeting (Index Only Scan of 92,618 rows and a HashAggregate, 20 ms), and the items' prefetch",
    "  ordered by meeting date seq-scanned the meetings (30 ms). Since issue 14 the years are a loose",
    "  index scan (MeetingQuerySet.archive_years: a recursive query, one Index Only Scan Backward per",
    "  year; 40 years of 50,000 meetings in 0.3 ms, 14 ms before) and the prefetch orders within the",
    "  meeting, without the join.",
    "- API /informatieobjecten: a page was the UNION of everything published (memo versions,",
    "  collegevoorstel versions, agendas, LTA items, ...), sorted on published_at and cut to 20; the",
    "  paginator's COUNT(*) evaluated the same union again. The memo branch hash-joined all 300,000",
    "  agenda items, 100,000 meetings and 73,000 versions: about 360 ms for the page and 240 ms for",
    "  the count. Since issue 14 each kind gives its first offset + 21 rows in its own index order",
    "  (memo_version_published, cv_version_published, lta_item_updated; memo versions joined to memo,",
    "  item and meeting by nested loop) and one UNION ALL merges those; next/previous are cursor",
    "  links. At 10,000 of each (EXPLAIN ANALYZE, 2026-12-06): the first page's query reads 25 index",
    "  entries (0.4 ms), page 50 1,191 (5.7 ms), a cursor halfway 1.3 ms (index range from the",
    "  cursor). Packages and stukken take their change from a join and are still sorted whole (all",
    "  stored public packages, all public stukken). The count (sum of counts per kind, 31 ms: every",
    "  public memo version joined) is the part that still grows; it is kept a minute per content version.",
    "- LTA register: the paginator's COUNT(*) of the visible items and the status counts (COUNT ...",
    "  FILTER) each read all 100,000 items (Seq Scan, 30 to 35 ms each); since issue 14 the paginator",
    "  takes its count from the status counts, so the items are read once. The 25 rows of the page",
    "  come from an index (lta_item_deadline_sort) in under a millisecond. Left as it is: a",
    "  council's LTA holds thousands of items, not 100,000, and a visitor's register comes from the",
    "  page cache.",
    "- Search: before issue 12's reader flags, each match was checked against its source's",
    "  visibility (a semi-join per kind) and the matches sorted by date: 'raad' (73,782 of 677,116",
    "  documents) took 680 ms in the database. Now who may find a document is stored on it (a flag",
    "  per reader class, a partial index newest first each), only the newest 1,001 matches are",
    "  ranked, in PostgreSQL, and only the page's 20 rows are re-checked and get a headline; the",
    "  cost follows the matches up to that bound, not the archive.",
]


def setup_django() -> None:
    os.environ["DATABASE_URL"] = URL
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "raadsmemo.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    os.environ["PUBLIC_PAGE_CACHE"] = "0"  # measure the pages, not the page cache
    os.environ.pop("REDIS_URL", None)
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="raadsmemo-scalebench-")
    import django

    django.setup()


def percentile(timings: list[float], p: float) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def measure(func) -> dict:
    """Queries of one request, then median and p95 of RUNS requests (fewer when a page is slow)."""
    from django.db import connection

    start = time.perf_counter()
    response = func()  # warm up: templates compiled, caches filled
    first = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (response.status_code, getattr(response, "url", ""))
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        func()
    runs = RUNS if first < SLOW_MS else max(3, RUNS // 3)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = func()
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        timings.append((time.perf_counter() - start) * 1000)
    return {
        "queries": len(queries),
        "median": statistics.median(timings),
        "p95": percentile(timings, 0.95),
        "runs": runs,
    }


def pages() -> list[tuple[str, object]]:
    """The main pages, on objects of the demo (the same objects at both sizes)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from raadsmemo.api.api import encode_cursor
    from raadsmemo.api.fetch import InformatieobjectFilter, informatieobject_count
    from raadsmemo.lta.models import LtaItem
    from raadsmemo.meetings.models import Meeting
    from raadsmemo.memos.models import Memo

    anonymous, griffie = Client(), Client()
    griffie.force_login(get_user_model().objects.get(username="griffie"))
    memo = Memo.objects.get(title__startswith="Voortgang stapelings")  # published
    concept = Memo.objects.get(title__startswith="Warmtevisie")  # a concept: the editor opens
    meeting = Meeting.objects.get(title="Beeldvormende sessie Woningbouwopgave 2027")
    lta_item = LtaItem.objects.filter(updates__isnull=False).order_by("pk").first()
    # The link a harvester follows halfway through the archive: the place of the middle toezegging.
    objects = "/api/v1/informatieobjecten"
    toezeggingen = LtaItem.objects.filter(kind="toezegging").order_by("updated_at", "pk")
    middle = toezeggingen[toezeggingen.count() // 2]
    deep_page = min(40, max(1, -(-informatieobject_count(InformatieobjectFilter()) // 20)))
    halfway = f"{objects}?cursor={encode_cursor(('toezegging', middle.pk, middle.updated_at), forward=True)}"
    return [
        ("Komende vergaderingen (anonymous)", lambda: anonymous.get("/vergaderingen/")),
        ("Meeting page (anonymous)", lambda: anonymous.get(f"/vergaderingen/{meeting.pk}/")),
        ("Meeting page (griffie)", lambda: griffie.get(f"/vergaderingen/{meeting.pk}/")),
        ("Memo detail, published (griffie)", lambda: griffie.get(f"/memos/{memo.pk}/")),
        ("Memo editor, concept (griffie)", lambda: griffie.get(f"/memos/{concept.pk}/bewerken/")),
        ("Memo list, first page (griffie)", lambda: griffie.get("/memos/")),
        ("Overzicht (griffie's dashboard)", lambda: griffie.get("/")),
        ("LTA register, first page (anonymous)", lambda: anonymous.get("/lta/")),
        ("LTA register, first page (griffie)", lambda: griffie.get("/lta/")),
        (f"LTA item {lta_item.number} (anonymous)", lambda: anonymous.get(f"/lta/{lta_item.number}/")),
        ("Contacts list (griffie)", lambda: griffie.get("/contactpersonen/")),
        ("Collegevoorstellen list (griffie)", lambda: griffie.get("/collegevoorstellen/")),
        ("Agendaverzoeken list (griffie)", lambda: griffie.get("/verzoeken/agendaverzoeken/")),
        ("iCalendar feed (anonymous)", lambda: anonymous.get("/vergaderingen/agenda.ics")),
        ("Atom feed of published agendas", lambda: anonymous.get("/vergaderingen/agendas.atom")),
        ("API /vergaderingen (anonymous)", lambda: anonymous.get("/api/v1/vergaderingen")),
        ("API /informatieobjecten (anonymous)", lambda: anonymous.get("/api/v1/informatieobjecten")),
        (
            "API /informatieobjecten, page 40 (anonymous; at demo size the last)",
            lambda: anonymous.get(objects, {"page": deep_page}),
        ),
        ("API /informatieobjecten, next from halfway (anonymous)", lambda: anonymous.get(halfway)),
        (
            "API /informatieobjecten, toezeggingen since 2000 (anonymous)",
            lambda: anonymous.get(
                objects, {"informatieobjecttype": "toezegging", "datumVanaf": "2000-01-01"}
            ),
        ),
        ("Search 'raad', a common word (anonymous)", lambda: anonymous.get("/zoeken/", {"q": "raad"})),
        ("Search 'jeugdzorg' (anonymous)", lambda: anonymous.get("/zoeken/", {"q": "jeugdzorg"})),
        ("Search 'jeugdzorg' (griffie)", lambda: griffie.get("/zoeken/", {"q": "jeugdzorg"})),
    ]


def measure_all() -> dict[str, dict]:
    results = {}
    for label, func in pages():
        results[label] = measure(func)
        r = results[label]
        print(f"  {label}: {r['queries']} queries, {r['median']:.1f} / {r['p95']:.1f} ms", flush=True)
    return results


def spread(rng: random.Random, n: int, first: dt.date, days: int) -> list[dt.date]:
    """n dates spread evenly over `days` from `first`, a little jitter, in order."""
    return sorted(
        first + dt.timedelta(days=min(days - 1, int(i * days / n) + rng.randint(0, 3))) for i in range(n)
    )


def words(rng: random.Random, k: int) -> str:
    """Council text with the search bench's vocabulary: Dutch stopwords and council words with a
    Zipf-like weight among 4,000 others, so "raad" is in about a quarter of the documents and
    "jeugdzorg" in a few percent, as in real minutes."""
    from bench.search_bench import text

    return text(rng, k)


def generate(rng: random.Random, n: int) -> dict[str, int]:
    """The archive: n meetings with their agenda items, n memos (on those items, some published,
    some concept, some vertrouwelijk), n LTA items with their stand van zaken, 4,000 contacts;
    dates over 40 years up to a year ahead. Then the search documents of all of it."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from raadsmemo.lta.models import Kind as LtaKind
    from raadsmemo.lta.models import LtaItem, StatusUpdate
    from raadsmemo.lta.models import Status as LtaStatus
    from raadsmemo.meetings.models import AgendaItem, Meeting, MeetingKind, MeetingStatus
    from raadsmemo.memos.models import Memo, MemoContact, MemoVersion, Purpose
    from raadsmemo.people.models import Contact
    from raadsmemo.versions import WorkflowStatus

    griffie = get_user_model().objects.get(username="griffie")
    today = dt.date.today()
    first = today.replace(year=today.year - YEARS + 1)
    days = (today.replace(year=today.year + 1) - first).days
    # Generated published memos point at the files of a published demo memo: reading the stored
    # version then works as for a real one.
    template = MemoVersion.objects.order_by("pk").first()
    files = {
        name: getattr(template, name)
        for name in ("pdf_filename", "html_name", "html_sha256", "pdf_name", "pdf_sha256", "pdf_size", "json_name", "json_sha256")
    }  # fmt: skip
    kinds = [
        MeetingKind.BEELDVORMEND,
        MeetingKind.MENINGSVORMEND,
        MeetingKind.RAADSVERGADERING,
        MeetingKind.WERKSESSIE,
    ]
    purposes = {
        MeetingKind.BEELDVORMEND: Purpose.BEELDVORMEND,
        MeetingKind.MENINGSVORMEND: Purpose.MENINGSVORMEND,
        MeetingKind.RAADSVERGADERING: Purpose.BESLUITVORMEND,
        MeetingKind.WERKSESSIE: Purpose.BEELDVORMEND,
    }
    now = dt.datetime.now(dt.UTC)
    with transaction.atomic():
        contacts = Contact.objects.bulk_create(
            (
                Contact(name=f"Contact {i:04d}", function=words(rng, 2), team=f"Team {words(rng, 1)}",
                        email=f"contact{i}@example.org")
                for i in range(CONTACTS)
            ),
            batch_size=BATCH,
        )  # fmt: skip
        meeting_dates = spread(rng, n, first, days)
        meetings = Meeting.objects.bulk_create(
            (
                Meeting(
                    kind=kinds[i % len(kinds)],
                    title=f"{kinds[i % len(kinds)].label} {words(rng, 2)}",
                    date=date,
                    start_time=dt.time(13 if i % 2 else 19, 30),
                    end_time=dt.time(17 if i % 2 else 22, 30),
                    location="Raadzaal" if i % 3 else "Commissiekamer",
                    status=MeetingStatus.GEHOUDEN if date < today else MeetingStatus.GEPLAND,
                    is_published=date < today or i % 2 == 0,
                    published_at=now if date < today or i % 2 == 0 else None,
                    is_public=i % 20 != 7,
                )
                for i, date in enumerate(meeting_dates)
            ),
            batch_size=BATCH,
        )
        items = AgendaItem.objects.bulk_create(
            (
                AgendaItem(
                    meeting=meeting,
                    position=position,
                    title=words(rng, 5).capitalize(),
                    duration_minutes=30,
                    confidentiality="vertrouwelijk" if (i + position) % 25 == 3 else "openbaar",
                )
                for i, meeting in enumerate(meetings)
                for position in range(1, ITEMS_PER_MEETING + 1)
            ),
            batch_size=BATCH,
        )

        memos = Memo.objects.bulk_create(
            (
                Memo(
                    purpose=purposes[meeting.kind],
                    datum=meeting.date - dt.timedelta(days=7),
                    betreft=["college"],
                    title=f"{words(rng, 4).capitalize()} ({meeting.date.year})",
                    samenvatting=words(rng, rng.randint(30, 90)),
                    voorgeschiedenis=words(rng, rng.randint(0, 40)),
                    status=_memo_status(i, meeting.date, today),
                    confidentiality="vertrouwelijk" if i % 20 == 11 else "openbaar",
                    created_by=griffie,
                    updated_by=griffie,
                )
                for i, meeting in enumerate(meetings)
            ),
            batch_size=BATCH,
        )
        published = [m for m in memos if m.status == WorkflowStatus.GEPUBLICEERD]
        MemoVersion.objects.bulk_create(
            (
                MemoVersion(memo=m, number=1, published_by=griffie, published_at=now, title=m.title, **files)
                for m in published
            ),
            batch_size=BATCH,
        )
        MemoContact.objects.bulk_create(
            (MemoContact(memo=m, contact=contacts[i % CONTACTS], position=0) for i, m in enumerate(memos)),
            batch_size=BATCH,
        )
        ids = [m.pk for m in memos]
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE memos_memo m SET current_version_id = v.id FROM memos_memoversion v "
                "WHERE v.memo_id = m.id AND m.id >= %s",
                [min(ids)],
            )
            # Each memo on the first agenda item of its meeting.
            first_items = items[::ITEMS_PER_MEETING]
            cursor.execute(
                "UPDATE meetings_agendaitem a SET memo_id = v.memo_id FROM unnest(%s::bigint[], %s::bigint[]) "
                "AS v(item_id, memo_id) WHERE a.id = v.item_id",
                [[it.pk for it in first_items], ids],
            )

        lta_dates = spread(rng, n, first, (today - first).days)
        sequences: dict[int, int] = {}
        lta_kinds = [LtaKind.TOEZEGGING, LtaKind.TOEZEGGING, LtaKind.MOTIE, LtaKind.VERWACHT_STUK]
        lta_items = []
        for i, made_on in enumerate(lta_dates):
            sequences[made_on.year] = sequences.get(made_on.year, 1000) + 1
            age = (today - made_on).days
            status = (
                LtaStatus.OPEN if age < 730 or i % 50 == 0 else
                LtaStatus.VERVALLEN if i % 10 == 1 else LtaStatus.AFGEDAAN
            )  # fmt: skip
            item = LtaItem(
                number=f"{made_on.year}-{sequences[made_on.year]}",
                kind=lta_kinds[i % len(lta_kinds)],
                title=f"{words(rng, 5).capitalize()}",
                text=words(rng, rng.randint(10, 40)),
                made_in=f"Raadsvergadering {made_on:%d-%m-%Y}",
                made_on=made_on,
                deadline=made_on + dt.timedelta(days=rng.randint(60, 900)),
                status=status,
                afgedaan_on=made_on + dt.timedelta(days=300) if status == LtaStatus.AFGEDAAN else None,
                confidentiality="vertrouwelijk" if i % 20 == 13 else "openbaar",
                created_by=griffie,
                last_update_on=min(today, made_on + dt.timedelta(days=180)),
            )
            item.set_sort_keys()
            lta_items.append(item)
        lta_items = LtaItem.objects.bulk_create(lta_items, batch_size=BATCH)
        StatusUpdate.objects.bulk_create(
            (
                StatusUpdate(
                    item=item,
                    date=min(today, item.made_on + dt.timedelta(days=90 * (k + 1))),
                    text=f"Stand van zaken: {words(rng, rng.randint(8, 25))}",
                    author=griffie,
                )
                for item in lta_items
                for k in range(UPDATES_PER_LTA_ITEM)
            ),
            batch_size=BATCH,
        )
        documents = index_in_bulk(
            memos=min(ids),
            meetings=meetings[0].pk,
            items=items[0].pk,
            lta=lta_items[0].pk,
            contacts=contacts[0].pk,
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {
        "meetings": len(meetings),
        "agenda items": len(items),
        "memos": len(memos),
        "published memos": len(published),
        "LTA items": len(lta_items),
        "LTA updates": len(lta_items) * UPDATES_PER_LTA_ITEM,
        "contacts": len(contacts),
        "search documents": documents,
    }


def _memo_status(i: int, date: dt.date, today: dt.date) -> str:
    """Past: 3 in 4 published, the rest vastgesteld or concept; coming: concept or ter vaststelling."""
    from raadsmemo.versions import WorkflowStatus

    if date >= today:
        return WorkflowStatus.CONCEPT if i % 2 else WorkflowStatus.TER_VASTSTELLING
    return {0: WorkflowStatus.VASTGESTELD, 1: WorkflowStatus.CONCEPT}.get(i % 8, WorkflowStatus.GEPUBLICEERD)


def index_in_bulk(*, memos: int, meetings: int, items: int, lta: int, contacts: int) -> int:
    """The search documents of the generated rows, in one INSERT ... SELECT per kind: the same
    kinds, variants, titles, dates and URLs as search_index_rebuild (search/indexing.py) writes,
    the body from the same fields (a published memo's body is the memo's own: its version is a
    copy of a demo file), and the reader flags that search/readers.py gives them (nothing generated
    is geheim). search_index_rebuild over 100,000s of rows reads every snapshot."""
    from django.db import connection

    statements = [
        (
            "SELECT 'memo', id, 'actueel', title, concat_ws(E'\\n', samenvatting, voorgeschiedenis), datum, "
            "extract(year FROM datum), '/memos/' || id || '/', purpose, false, false, true, true, false "
            "FROM memos_memo WHERE id >= %s",
            memos,
        ),
        (
            "SELECT 'memo', m.id, 'gepubliceerd', m.title, concat_ws(E'\\n', m.samenvatting, m.voorgeschiedenis), "
            "m.datum, extract(year FROM m.datum), '/memos/' || m.id || '/versie/1/', m.purpose, "
            "coalesce(g.is_published AND g.is_public AND m.confidentiality = 'openbaar' "
            "AND a.confidentiality = 'openbaar', false), coalesce(g.is_published, false), false, false, false "
            "FROM memos_memo m LEFT JOIN meetings_agendaitem a ON a.memo_id = m.id "
            "LEFT JOIN meetings_meeting g ON g.id = a.meeting_id "
            "WHERE m.id >= %s AND m.current_version_id IS NOT NULL",
            memos,
        ),
        (
            "SELECT 'vergadering', id, 'actueel', title, concat_ws(E'\\n', kind, location, chair), date, "
            "extract(year FROM date), '/vergaderingen/' || id || '/', kind || ' · ' || location, "
            "is_published AND is_public, is_published, true, true, false FROM meetings_meeting WHERE id >= %s",
            meetings,
        ),
        (
            "SELECT 'agendapunt', a.id, 'actueel', a.title, '', m.date, extract(year FROM m.date), "
            "'/vergaderingen/' || m.id || '/#punt-' || a.id, left(m.title, 200), "
            "m.is_published AND m.is_public AND a.confidentiality = 'openbaar', m.is_published, true, true, false "
            "FROM meetings_agendaitem a JOIN meetings_meeting m ON m.id = a.meeting_id WHERE a.id >= %s",
            items,
        ),
        (
            "SELECT 'lta', i.id, 'actueel', i.title, concat_ws(E'\\n', i.kind, i.number, i.text, "
            "(SELECT string_agg(u.text, E'\\n') FROM lta_statusupdate u WHERE u.item_id = i.id)), i.made_on, "
            "extract(year FROM i.made_on), '/lta/' || i.number || '/', i.kind || ' ' || i.number || ' · ' || i.status, "
            "i.confidentiality = 'openbaar', true, true, true, false FROM lta_ltaitem i WHERE i.id >= %s",
            lta,
        ),
        (
            "SELECT 'contact', id, 'actueel', name, concat_ws(E'\\n', function, team, email), NULL, NULL, "
            "'/contactpersonen/' || id || '/bewerken/', left(function, 200), false, false, false, true, false "
            "FROM people_contact WHERE id >= %s",
            contacts,
        ),
    ]
    total = 0
    with connection.cursor() as cursor:
        for select, first_id in statements:
            cursor.execute(
                "INSERT INTO search_searchdocument (kind, object_id, variant, title, body, date, year, url, label, "
                "for_public, for_raadsleden, for_agendacommissie, for_griffie, is_geheim) "
                + select
                + " ON CONFLICT DO NOTHING",
                [first_id],
            )
            total += cursor.rowcount
    return total


def table_sizes() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return {"database": cursor.fetchone()[0]}


def section() -> list[str]:
    recreate_database(URL)
    setup_django()
    import io

    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    call_command("search_index_rebuild", stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"Demo size ({RUNS} runs per page):", flush=True)
    demo = measure_all()
    demo_bytes = table_sizes()["database"]
    start = time.perf_counter()
    made = generate(random.Random(14), SIZE)
    build_s = time.perf_counter() - start
    large_bytes = table_sizes()["database"]
    print(f"Archive built in {build_s:.0f} s: {made}", flush=True)
    print("Large size:", flush=True)
    large = measure_all()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    rows = [
        "| page | queries demo | ms demo (median / p95) | queries large | ms large (median / p95) | large / demo (median) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, d in demo.items():
        g = large[label]
        rows.append(
            f"| {label} | {d['queries']} | {d['median']:.1f} / {d['p95']:.1f} | {g['queries']} | "
            f"{g['median']:.1f} / {g['p95']:.1f} | {g['median'] / d['median']:.1f}× |"
        )
    fewer = [label for label, g in large.items() if g["runs"] < RUNS]
    sizes = ", ".join(f"{v:,} {k}" for k, v in made.items())
    return [
        MARK_START,
        "## Pages at demo size and at large size",
        "",
        "Written by bench/scale_bench.py (`make bench`; `make bench SCALE=large` for 100,000 of each):",
        "every main page through the Django test client on PostgreSQL, first with the demo, then with",
        "an archive generated on top of it, on the same demo objects. Both sizes are measured in the",
        "same run, on the same machine. Times in milliseconds (whole request: middleware, session,",
        f"template); queries are those of one request. {RUNS} requests per page after one warm-up.",
        "",
        f"- Date: {dt.datetime.now():%Y-%m-%d %H:%M}; PostgreSQL {pg_version}; SCALE={SCALE_NAME or '(unset)'}.",
        f"- Archive: {sizes}. Dates over {YEARS} years up to a year ahead; a meeting has "
        f"{ITEMS_PER_MEETING} agenda items, its first with a memo; past memos 3 in 4 published, 1 in 20 "
        "vertrouwelijk; LTA items older than two years mostly afgedaan or vervallen, each with "
        f"{UPDATES_PER_LTA_ITEM} updates.",
        f"- Building the archive (bulk_create, batches of {BATCH:,}; search documents by INSERT ... SELECT; "
        f"VACUUM ANALYZE) took {build_s:.0f} s; the database grew from {demo_bytes / 2**20:.0f} MB to "
        f"{large_bytes / 2**20:.0f} MB.",
        f"- Machine load while measuring (1-minute load average, 2 cores shared): {os.getloadavg()[0]:.2f}.",
        *(
            [
                f"- Slower than {SLOW_MS / 1000:.0f} s on the first request, so measured {max(3, RUNS // 3)} times: "
                + ", ".join(fewer)
                + "."
            ]
            if fewer
            else []
        ),  # fmt: skip
        "",
        *rows,
        "",
        *NOTES,
        MARK_END,
    ]


if __name__ == "__main__":
    result = section()
    print("\n".join(result))
    if "--print" not in sys.argv:
        put_section(result, MARK_START, MARK_END)
