"""Search benchmark: p50 and p95 of /zoeken/ over 100,000+ indexed rows on PostgreSQL.

Run by bench/run.py (`make bench`) as its own process, because run.py's Django runs on SQLite;
or alone: `DEBUG=1 .venv/bin/python bench/search_bench.py` prints the section and puts it in
docs/benchmarks.md (`--print`: only prints it). The database is SEARCH_BENCH_DATABASE_URL
(default postgres://raadsmemo@127.0.0.1:5432/raadsmemo_search_bench); it is dropped and made anew.

Each figure stands beside its baseline measured in the same run on the same rows, through the
same test client: the search as it was before issue 12 (`search_before_issue_12` below, kept as
it was): every kind joined to its source's QuerySet rules for each search, headlines over the
whole text, suggestions over title and text. The difference is the stored reader flags with a
partial index per reader class, the page re-checked against the sources' rules, headlines over
the first 4,000 characters and suggestions over titles only.
"""

import datetime as dt
import itertools
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.databases import recreate_database  # noqa: E402
from bench.report import put_section  # noqa: E402

URL = os.environ.get(
    "SEARCH_BENCH_DATABASE_URL", "postgres://raadsmemo@127.0.0.1:5432/raadsmemo_search_bench"
)
RUNS = int(os.environ.get("SEARCH_BENCH_RUNS", "3"))
BUDGET_MS = 100
MARK_START, MARK_END = "<!-- search-bench -->", "<!-- /search-bench -->"

# A council's words, most frequent first; documents draw them with a Zipf-like weight, so that
# "raad" is in about a third of the documents and "kademuur" in few, as in real minutes (see vocabulary()).
WORDS = [
    "raad",
    "college",
    "gemeente",
    "voorstel",
    "brief",
    "besluit",
    "wethouder",
    "fractie",
    "vergadering",
    "stad",
    "wijk",
    "woning",
    "woningen",
    "bouw",
    "plan",
    "jaar",
    "geld",
    "kosten",
    "onderzoek",
    "bewoners",
    "inwoners",
    "beleid",
    "sessie",
    "toezegging",
    "toezeggingen",
    "motie",
    "moties",
    "informatie",
    "stand",
    "zaken",
    "uitvoering",
    "verkeer",
    "fiets",
    "parkeren",
    "school",
    "onderwijs",
    "zorg",
    "jeugd",
    "jeugdzorg",
    "armoede",
    "schuldhulp",
    "energie",
    "warmte",
    "gas",
    "aardgas",
    "isolatie",
    "klimaat",
    "groen",
    "bomen",
    "park",
    "water",
    "riolering",
    "dijk",
    "haven",
    "centrum",
    "binnenstad",
    "station",
    "bus",
    "tram",
    "cultuur",
    "museum",
    "bibliotheek",
    "sport",
    "zwembad",
    "veiligheid",
    "politie",
    "handhaving",
    "overlast",
    "afval",
    "duurzaamheid",
    "zonnepanelen",
    "windmolens",
    "subsidie",
    "begroting",
    "jaarrekening",
    "accountant",
    "belasting",
    "huurwoningen",
    "koopwoningen",
    "studenten",
    "ouderen",
    "mantelzorg",
    "participatie",
    "werk",
    "bijstand",
    "economie",
    "ondernemers",
    "markt",
    "horeca",
    "evenementen",
    "vergunning",
    "bestemmingsplan",
    "omgevingswet",
    "erfgoed",
    "monument",
    "kademuur",
    "brug",
    "rotonde",
    "snelweg",
    "ringweg",
    "spoor",
    "wachtlijst",
    "daklozen",
    "opvang",
    "integratie",
    "statushouders",
    "taal",
    "digitalisering",
    "privacy",
    "archief",
    "griffie",
    "agenda",
    "commissie",
    "debat",
    "amendement",
]
QUERIES = [
    "woningen", "toezeggingen", "raad", "jeugdzorg", "kademuur", "parkeren binnenstad", "won",
    "bestemmingsplannen", "subsidies sport", "huurwoning", "college besluit", "motie",
    "warmtenet", "zwembaden", "digitalisering privacy", "ouderen zorg",
]  # fmt: skip


def setup_django() -> None:
    os.environ["DATABASE_URL"] = URL
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "raadsmemo.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    import django

    django.setup()


STOPWORDS = [
    "de",
    "het",
    "een",
    "van",
    "en",
    "in",
    "op",
    "te",
    "dat",
    "voor",
    "met",
    "is",
    "zijn",
    "aan",
    "door",
    "om",
    "bij",
    "ook",
    "niet",
    "als",
    "er",
    "worden",
    "wordt",
    "over",
    "naar",
    "nog",
    "dit",
    "deze",
    "die",
]


def vocabulary() -> list[str]:
    """Dutch stopwords first (the dutch configuration drops them), then the council's words
    spread over 4,000 other words, so that "raad" is in about a quarter of the documents and
    "kademuur" in a few hundred, not in all of them."""
    rng = random.Random(7)
    syllables = ["ka", "ver", "ste", "lin", "mo", "ge", "bor", "dra", "wes", "ten", "ul", "pri", "hof", "zan"]
    words = [w for w in WORDS]
    vocab = list(STOPWORDS)
    for i in range(4000):
        if i % 12 == 0 and words:
            vocab.append(words.pop(0))
        vocab.append("".join(rng.choices(syllables, k=rng.randint(2, 4))))
    return vocab


VOCAB = vocabulary()
CUMULATIVE = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(VOCAB))))


def text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choices(VOCAB, cum_weights=CUMULATIVE, k=n))


def generate(rng: random.Random) -> dict:
    """Sources with their documents: 2,000 meetings, 10,000 agenda items, 50,000 memos (half of
    them published: two documents), 30,000 LTA items, 2,000 contacts, 1,000 collegevoorstellen."""
    from django.db import connection

    from raadsmemo.collegevoorstellen.models import Collegevoorstel
    from raadsmemo.lta.models import LtaItem
    from raadsmemo.meetings.models import AgendaItem, Meeting
    from raadsmemo.memos.models import Memo, MemoVersion
    from raadsmemo.people.models import Contact
    from raadsmemo.search import readers
    from raadsmemo.search.models import Kind, SearchDocument, Variant

    day = dt.date(2016, 1, 6)
    meetings = Meeting.objects.bulk_create(
        Meeting(
            kind="beeldvormend",
            title=f"Sessie {text(rng, 3)}",
            date=day + dt.timedelta(days=i),
            start_time=dt.time(13),
            end_time=dt.time(17),
            location="Raadzaal",
            is_published=i % 5 != 0,
            is_public=i % 10 != 1,
        )
        for i in range(2000)
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meetings[i // 5],
            position=i % 5,
            title=text(rng, 6),
            confidentiality="vertrouwelijk" if i % 10 == 3 else "openbaar",
        )
        for i in range(10000)
    )
    memos = Memo.objects.bulk_create(
        Memo(
            purpose="beeldvormend",
            title=text(rng, 7),
            datum=day + dt.timedelta(days=i // 20),
            samenvatting=text(rng, rng.randint(40, 160)),
            voorgeschiedenis=text(rng, rng.randint(0, 80)),
            status="gepubliceerd" if i % 2 else "concept",
        )
        for i in range(50000)
    )
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    versions = MemoVersion.objects.bulk_create(
        MemoVersion(memo=m, number=1, published_at=now, title=m.title, pdf_size=1, **dict.fromkeys(
            ["pdf_filename", "html_name", "html_sha256", "pdf_name", "pdf_sha256", "json_name", "json_sha256"], "x"
        ))
        for m in memos[1::2]
    )  # fmt: skip
    with connection.cursor() as cursor:  # the published memos point at their versions; 10,000 on agendas
        cursor.execute(
            "UPDATE memos_memo m SET current_version_id = v.id FROM memos_memoversion v WHERE v.memo_id = m.id"
        )
        cursor.executemany(
            "UPDATE meetings_agendaitem SET memo_id = %s WHERE id = %s",
            [(m.pk, it.pk) for m, it in zip(memos[:10000], items, strict=True)],
        )
    lta = LtaItem.objects.bulk_create(
        LtaItem(
            number=f"{2016 + i // 5000}-{i % 5000 + 1}",
            year=2016 + i // 5000,
            sequence=i % 5000 + 1,
            kind="toezegging",
            title=text(rng, 6),
            text=text(rng, rng.randint(20, 80)),
            confidentiality="vertrouwelijk" if i % 10 == 7 else "openbaar",
        )
        for i in range(30000)
    )
    contacts = Contact.objects.bulk_create(
        Contact(name=f"Contact {i}", function=text(rng, 2)) for i in range(2000)
    )
    cvs = Collegevoorstel.objects.bulk_create(
        Collegevoorstel(
            zaak=text(rng, 3), datum=day, auteur="A", onderwerp=text(rng, 5), voorstel=text(rng, 60)
        )
        for _ in range(1000)
    )

    def doc(kind, pk, title, body, date, who, variant=Variant.ACTUEEL):
        return SearchDocument(
            kind=kind, object_id=pk, variant=variant, title=title, body=body, date=date,
            year=date.year if date else None, url="/", label="", **who.as_fields(),
        )  # fmt: skip

    # Who may find each document, as the indexing does (search/readers.py), from the rows in
    # memory: the first 10,000 memos are on the agenda items, the odd ones have a version.
    for memo, item in zip(memos[:10000], items, strict=True):
        memo.agenda_item = item
    for memo in memos[10000:]:
        memo._state.fields_cache["agenda_item"] = None
    for memo, version in zip(memos[1::2], versions, strict=True):
        memo.current_version_id = version.pk

    docs = [
        doc(
            Kind.VERGADERING,
            m.pk,
            m.title,
            "Beeldvormende sessie Raadzaal",
            m.date,
            readers.readers_of_meeting(m),
        )
        for m in meetings
    ]
    docs += [
        doc(Kind.AGENDAPUNT, it.pk, it.title, "", it.meeting.date, readers.readers_of_agenda_item(it))
        for it in items
    ]
    for m in memos:
        body = f"{m.samenvatting}\n{m.voorgeschiedenis}"
        docs.append(doc(Kind.MEMO, m.pk, m.title, body, m.datum, readers.readers_of_memo(m, Variant.ACTUEEL)))
        if m.status == "gepubliceerd":
            who = readers.readers_of_memo(m, Variant.GEPUBLICEERD)
            docs.append(doc(Kind.MEMO, m.pk, m.title, body, m.datum, who, Variant.GEPUBLICEERD))
    docs += [
        doc(
            Kind.LTA,
            it.pk,
            it.title,
            f"{it.number}\n{it.text}",
            dt.date(it.year, 3, 1),
            readers.readers_of_lta_item(it),
        )
        for it in lta
    ]
    docs += [doc(Kind.CONTACT, c.pk, c.name, c.function, None, readers.CONTACT_READERS) for c in contacts]
    docs += [
        doc(
            Kind.COLLEGEVOORSTEL,
            cv.pk,
            cv.onderwerp,
            cv.voorstel,
            cv.datum,
            readers.readers_of_collegevoorstel(cv, Variant.ACTUEEL),
        )
        for cv in cvs
    ]
    SearchDocument.objects.bulk_create(docs, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {"documents": len(docs), "versions": len(versions)}


def percentile(timings: list[float], p: float) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def timed(func, runs: int = RUNS) -> list[float]:
    func(QUERIES[0])  # warm up
    timings = []
    for _ in range(runs):
        for q in QUERIES:
            start = time.perf_counter()
            func(q)
            timings.append((time.perf_counter() - start) * 1000)
    return timings


def search_before_issue_12(user, text, *, kind="", year=None, limit=20, offset=0, titles_only=False):
    """The search as it was before issue 12 (search/query.py at baf15ca), the baseline: each
    kind joined to its source's QuerySet rules, the parts put together with UNION ALL, the
    newest RANKED_MAX + 1 ranked, headlines over the whole text; suggestions over title and
    text like the results (titles_only is ignored)."""
    from django.contrib.postgres.search import SearchHeadline, SearchRank
    from django.db.models import F

    from raadsmemo.search import query as q
    from raadsmemo.search.models import SEARCH_CONFIG, SearchDocument

    terms = q.terms_of(text)
    if not terms:
        return q.Found([], 0, [])
    narrow = {"year": year} if year else {}
    query = q.tsquery(terms)
    rank = SearchRank(F("search_vector"), query)
    newest = [F("date").desc(nulls_last=True), F("id").desc()]
    branches = [
        SearchDocument.objects.filter(part, search_vector=query, **narrow)
        .annotate(rank=rank)
        .values("id", "date", "rank")
        for part in q.visible_parts(user, kind)
    ]
    matches = list(q._union(branches).order_by(*newest)[: q.RANKED_MAX + 1])
    if not matches:
        return q.Found([], 0, terms)
    many = len(matches) > q.RANKED_MAX
    if not many:
        matches.sort(key=lambda m: -m["rank"])
    ids = [m["id"] for m in matches[offset : offset + limit]]
    marks = {"config": SEARCH_CONFIG, "start_sel": q.START, "stop_sel": q.STOP}
    rows = SearchDocument.objects.filter(pk__in=ids).annotate(
        title_marked=SearchHeadline("title", query, highlight_all=True, **marks),
        snippet=SearchHeadline("body", query, max_words=30, min_words=12, max_fragments=2, **marks),
    )
    by_pk = {r["pk"]: r for r in rows.values("pk", "kind", "title_marked", "snippet", "url", "label", "date")}
    results = [
        q._result(r, q._marked(r["title_marked"]), q._marked(r["snippet"])) for r in map(by_pk.get, ids)
    ]
    return q.Found(results, min(len(matches), q.RANKED_MAX), terms, many)


def measure() -> tuple[list[str], list[str]]:
    from unittest import mock

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client

    from raadsmemo.search.models import SearchDocument

    griffie = get_user_model().objects.create_user("bench-griffie", "g@example.org", "x")
    griffie.groups.add(Group.objects.get_or_create(name="griffie")[0])
    anonymous, staff = Client(), Client()
    staff.force_login(griffie)
    suggest = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "zoek-suggesties"}
    cases = [
        ("Results page, anonymous (count, ranked page of 20 with snippets)", anonymous, {}, {}),
        ("Results page, griffie (everything as it is now)", staff, {}, {}),
        ("Search as you type: header suggestions (htmx, 6 results), anonymous", anonymous, {}, suggest),
        ("Filtered: kind LTA and year 2019, anonymous", anonymous, {"soort": "lta", "jaar": "2019"}, {}),
    ]

    def run(client, params, headers):
        def get(q):
            response = client.get("/zoeken/", {"q": q, **params}, **headers)
            assert response.status_code == 200, response.status_code

        return get

    rows = []
    for label, client, params, headers in cases:
        # The baseline and the search of now, one after the other on the same rows and load.
        with mock.patch("raadsmemo.search.views.search_documents", search_before_issue_12):
            before = timed(run(client, params, headers))
        rows.append((label, timed(run(client, params, headers)), before))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_relation_size('search_document_vector_gin'))")
        gin_size = cursor.fetchone()[0]
        cursor.execute(
            "SELECT pg_size_pretty(sum(pg_relation_size(indexrelid))) FROM pg_index"
            " JOIN pg_class ON pg_class.oid = indexrelid WHERE relname LIKE 'search_document_for_%%'"
        )
        flag_size = cursor.fetchone()[0]
        cursor.execute("SELECT version()")
        pg_version = cursor.fetchone()[0].split(",")[0]
    total = SearchDocument.objects.count()
    lines = [
        "| what | p50 ms | p95 ms | baseline p50 ms | baseline p95 ms | p95 / baseline | within budget |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    worst = worst_before = 0.0
    for label, ours, base in rows:
        p95, base95 = percentile(ours, 0.95), percentile(base, 0.95)
        worst, worst_before = max(worst, p95), max(worst_before, base95)
        lines.append(
            f"| {label} | {statistics.median(ours):.1f} | {p95:.1f} | {statistics.median(base):.1f} | "
            f"{base95:.1f} | {p95 / base95:.2f}× | {'yes' if p95 < BUDGET_MS else 'NO'} |"
        )
    notes = [
        f"- Baseline: the search before issue 12 (sources joined per search, headlines over the whole "
        f"text, suggestions over title and text), through the same client in the same run; worst "
        f"baseline p95 {worst_before:.1f} ms.",
        f"- {total:,} documents ({pg_version}); GIN index {gin_size}, the four reader-class partial "
        f"indexes {flag_size} together. {len(QUERIES)} queries × {RUNS} rounds per row and per "
        f"baseline ({len(QUERIES) * RUNS} requests each), through the Django test client (whole "
        "request: middleware, session, template).",
        f"- Queries: {', '.join(QUERIES)}.",
        f"- Machine load while measuring (1-minute load average, 2 cores shared): {os.getloadavg()[0]:.2f}.",
        f"- Budget: p95 under {BUDGET_MS} ms: {'met' if worst < BUDGET_MS else 'NOT met'} (worst p95 {worst:.1f} ms).",
    ]
    return lines, notes


def section() -> list[str]:
    """The markdown section (run in this process, on PostgreSQL)."""
    recreate_database(URL)
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    made = generate(random.Random(12))
    build_s = time.perf_counter() - start
    lines, notes = measure()
    return [
        MARK_START,
        "## Search beside its baseline (PostgreSQL)",
        "",
        "Written by bench/search_bench.py: /zoeken/ over the index of generated sources (2,000",
        "meetings, 10,000 agenda items, 50,000 memos of which half published, 30,000 LTA items, 2,000",
        "contacts, 1,000 collegevoorstellen), with the reader flags stored at index time and the page",
        "re-checked against the sources' QuerySet rules. Times in milliseconds, each figure beside its",
        "baseline (the search before issue 12) measured in the same run on the same rows.",
        "",
        f"- Date: {dt.datetime.now():%Y-%m-%d %H:%M}; generating the rows took {build_s:.0f} s "
        f"({made['documents']:,} documents).",
        "",
        *lines,
        "",
        *notes,
        MARK_END,
    ]


if __name__ == "__main__":
    result = section()
    print("\n".join(result))
    if "--print" not in sys.argv:
        put_section(result, MARK_START, MARK_END)
