"""Search benchmark: p50 and p95 of /zoeken/ over 100,000+ indexed rows on PostgreSQL.

Run by bench/run.py (`make bench`) as its own process, because run.py's Django runs on SQLite;
or alone: `DEBUG=1 .venv/bin/python bench/search_bench.py` prints the section and puts it in
docs/benchmarks.md. The database is SEARCH_BENCH_DATABASE_URL (default
postgres://raadsmemo@127.0.0.1:5432/raadsmemo_search_bench); it is dropped and made anew.

Each figure stands beside its baseline measured in the same run on the same rows: the search
as it was before (`icontains` on title and text, no stemming, newest first), with the same role
rules, so the difference is the full-text index alone.
"""

import datetime as dt
import itertools
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
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


def prepare_database() -> None:
    import psycopg

    parsed = urlparse(URL)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


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

    def doc(kind, pk, title, body, date, variant=Variant.ACTUEEL):
        return SearchDocument(
            kind=kind, object_id=pk, variant=variant, title=title, body=body, date=date,
            year=date.year if date else None, url="/", label="",
        )  # fmt: skip

    docs = [doc(Kind.VERGADERING, m.pk, m.title, "Beeldvormende sessie Raadzaal", m.date) for m in meetings]
    docs += [doc(Kind.AGENDAPUNT, it.pk, it.title, "", meetings[i // 5].date) for i, it in enumerate(items)]
    for m in memos:
        body = f"{m.samenvatting}\n{m.voorgeschiedenis}"
        docs.append(doc(Kind.MEMO, m.pk, m.title, body, m.datum))
        if m.status == "gepubliceerd":
            docs.append(doc(Kind.MEMO, m.pk, m.title, body, m.datum, Variant.GEPUBLICEERD))
    docs += [doc(Kind.LTA, it.pk, it.title, f"{it.number}\n{it.text}", dt.date(it.year, 3, 1)) for it in lta]
    docs += [doc(Kind.CONTACT, c.pk, c.name, c.function, None) for c in contacts]
    docs += [doc(Kind.COLLEGEVOORSTEL, cv.pk, cv.onderwerp, cv.voorstel, cv.datum) for cv in cvs]
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


def measure() -> tuple[list[str], list[str]]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser, Group
    from django.db import connection
    from django.test import Client

    from raadsmemo.search import query as search_query
    from raadsmemo.search.models import SearchDocument

    griffie = get_user_model().objects.create_user("bench-griffie", "g@example.org", "x")
    griffie.groups.add(Group.objects.get_or_create(name="griffie")[0])
    anonymous, staff = Client(), Client()
    staff.force_login(griffie)

    def baseline(user):
        """The search as it was: icontains on title and text, no stemming, newest first."""

        def run(q):
            docs = SearchDocument.objects.filter(search_query.visible_q(user))
            for term in search_query.terms_of(q):
                docs = docs.filter(title__icontains=term) | docs.filter(body__icontains=term)
            docs.count()
            list(docs.order_by("-date").values("title", "url")[:20])

        return run

    rows = [
        ("Results page, anonymous (count, ranked page of 20 with snippets)",
         timed(lambda q: anonymous.get("/zoeken/", {"q": q})),
         timed(baseline(AnonymousUser()), runs=1)),
        ("Results page, griffie (everything as it is now)",
         timed(lambda q: staff.get("/zoeken/", {"q": q})),
         timed(baseline(griffie), runs=1)),
        ("Search as you type: header suggestions (htmx, 6 results), anonymous",
         timed(lambda q: anonymous.get("/zoeken/", {"q": q}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="zoek-suggesties")),
         timed(baseline(AnonymousUser()), runs=1)),
        ("Filtered: kind LTA and year 2019, anonymous",
         timed(lambda q: anonymous.get("/zoeken/", {"q": q, "soort": "lta", "jaar": "2019"})),
         timed(baseline(AnonymousUser()), runs=1)),
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_relation_size('search_document_vector_gin'))")
        gin_size = cursor.fetchone()[0]
        cursor.execute("SELECT version()")
        pg_version = cursor.fetchone()[0].split(",")[0]
    total = SearchDocument.objects.count()
    lines = [
        "| what | p50 ms | p95 ms | baseline | baseline p50 ms | baseline p95 ms | p95 / baseline | within budget |",
        "|---|---:|---:|---|---:|---:|---:|---|",
    ]
    worst = 0.0
    for label, ours, base in rows:
        p95 = percentile(ours, 0.95)
        worst = max(worst, p95)
        lines.append(
            f"| {label} | {statistics.median(ours):.1f} | {p95:.1f} | icontains on title and text, newest first, "
            f"same role rules | {statistics.median(base):.1f} | {percentile(base, 0.95):.1f} | "
            f"{p95 / percentile(base, 0.95):.2f}× | {'yes' if p95 < BUDGET_MS else 'NO'} |"
        )
    notes = [
        f"- {total:,} documents ({pg_version}); GIN index {gin_size}. {len(QUERIES)} queries × {RUNS} "
        f"rounds per row ({len(QUERIES) * RUNS} requests; the baseline one round), through the Django test client (whole request: "
        "middleware, session, template); the baseline is the query alone, so it flatters the baseline.",
        f"- Queries: {', '.join(QUERIES)}.",
        f"- Machine load while measuring (1-minute load average, 2 cores shared): {os.getloadavg()[0]:.2f}.",
        f"- Budget: p95 under {BUDGET_MS} ms: {'met' if worst < BUDGET_MS else 'NOT met'} (worst p95 {worst:.1f} ms).",
    ]
    return lines, notes


def section() -> list[str]:
    """The markdown section (run in this process, on PostgreSQL)."""
    prepare_database()
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
        "contacts, 1,000 collegevoorstellen), with the role rules of the sources' QuerySets. Times in",
        "milliseconds, each figure beside its baseline measured in the same run on the same rows.",
        "",
        f"- Date: {dt.datetime.now():%Y-%m-%d %H:%M}; generating the rows took {build_s:.0f} s "
        f"({made['documents']:,} documents).",
        "",
        *lines,
        "",
        *notes,
        MARK_END,
    ]


def put_in_report(lines: list[str]) -> None:
    """Replace the search section of docs/benchmarks.md (or add it at the end)."""
    out = ROOT / "docs" / "benchmarks.md"
    report = out.read_text(encoding="utf-8")
    block = "\n".join(lines)
    if MARK_START in report:
        before, rest = report.split(MARK_START, 1)
        after = rest.split(MARK_END, 1)[1]
        report = before + block + after
    else:
        report = report.rstrip("\n") + "\n\n" + block + "\n"
    out.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    result = section()
    print("\n".join(result))
    if "--print" not in sys.argv:
        put_in_report(result)
