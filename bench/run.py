"""Benchmarks: how long the pages and PDFs a griffie waits for take on this machine.

Run with `make bench`. Uses a throw-away SQLite database, the demo data and generated memos,
and writes the figures to docs/benchmarks.md. Never part of the test suite.
"""

import datetime as dt
import io
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = Path(tempfile.mkdtemp(prefix="raadsmemo-bench-")) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "raadsmemo.settings")
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.pdf_bench import pdf_benchmarks  # noqa: E402
from raadsmemo.publishing.pdf import recent_pdfs  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "15"))


def measure(label, func, runs=RUNS):
    func()  # warm up: templates compiled, fonts loaded
    timings = []
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        func()
    for _ in range(runs):
        start = time.perf_counter()
        func()
        timings.append((time.perf_counter() - start) * 1000)
    return {
        "label": label,
        "median": statistics.median(timings),
        "p90": sorted(timings)[int(0.9 * (len(timings) - 1))],
        "queries": len(queries),
        "runs": runs,
    }


def main():
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    from raadsmemo.memos.models import Memo

    base = dt.date(2020, 1, 1)
    Memo.objects.bulk_create(
        Memo(purpose="beeldvormend", title=f"Gegenereerde memo {i}", datum=base + dt.timedelta(days=i))
        for i in range(500)
    )
    client = Client()
    # force_login: django-axes wants a request with every authenticate() call.
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="griffie"))
    stapeling = Memo.objects.get(title__startswith="Voortgang stapelings")
    kik = Memo.objects.get(purpose="meningsvormend", title__startswith="Kansen")
    edit = f"/memos/{stapeling.pk}/bewerken/"
    data = {
        "purpose": "beeldvormend",
        "aan": "Raad",
        "van": "Agendacommissie",
        "datum": "2022-01-12",
        "betreft": ["agendaverzoek", "college"],
        "title": stapeling.title,
        "samenvatting": stapeling.samenvatting,
        "on_lta": "False",
        "has_deadline": "False",
        "treatment_text": stapeling.treatment_text,
    }
    for prefix in ("contacts", "slots", "stuklinks", "infolinks"):
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"

    results = [
        measure("Memo list, 502 memos (first page)", lambda: client.get("/memos/")),
        measure("Memo read page (beeldvormend seed)", lambda: client.get(f"/memos/{stapeling.pk}/")),
        measure("Memo editor page (beeldvormend seed)", lambda: client.get(edit)),
        measure(
            "Live preview (htmx POST)", lambda: client.post("/memos/voorbeeld/", data, HTTP_HX_REQUEST="true")
        ),
        measure(
            "Add a programme row (htmx POST)",
            lambda: client.post(edit, {**data, "action": "add:slots"}, HTTP_HX_REQUEST="true"),
        ),
        measure(
            "Memo PDF, 2 pages (meningsvormend seed, rendered anew)",
            lambda: (recent_pdfs.clear(), client.get(f"/memos/{kik.pk}/pdf/")),
            runs=max(5, RUNS // 3),
        ),
    ]
    results += meeting_and_lta_benchmarks()
    results += stored_version_benchmarks(client, kik)
    pairs, notes = pdf_benchmarks(client, kik, RUNS)
    write_report(results, pairs, notes)
    # Search is measured on PostgreSQL, in its own process (this one runs on SQLite); it adds its
    # section to docs/benchmarks.md (bench/search_bench.py).
    subprocess.run([sys.executable, str(ROOT / "bench" / "search_bench.py")], check=False)
    # Meeting-day load: 200 readers through gunicorn on PostgreSQL, in its own process too; it
    # replaces its own section of docs/benchmarks.md (bench/load_bench.py).
    subprocess.run([sys.executable, str(ROOT / "bench" / "load_bench.py")], check=False)


def meeting_and_lta_benchmarks():
    """Public pages, feeds and the agenda package, with a few hundred meetings and LTA items."""
    from raadsmemo.lta.models import Kind, LtaItem
    from raadsmemo.meetings.models import AgendaItem, Meeting, MeetingKind
    from raadsmemo.meetings.package import render_agenda_package

    base = dt.date(2023, 1, 4)
    for week in range(200):  # four years of Politieke Woensdagen, five items each
        meeting = Meeting.objects.create(
            kind=MeetingKind.BEELDVORMEND,
            title=f"Sessie {week}",
            date=base + dt.timedelta(weeks=week),
            start_time=dt.time(13, 0),
            end_time=dt.time(17, 0),
            location="Raadzaal",
            is_published=True,
        )
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, position=i, title=f"Punt {i}", duration_minutes=30)
            for i in range(1, 6)
        )
    for i in range(500):
        LtaItem(number=f"2024-{i + 1}", kind=Kind.TOEZEGGING, title=f"Toezegging {i}").save()
    anonymous = Client()
    big = Meeting.objects.filter(is_published=True, is_public=True).order_by("-date").first()
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=big, position=10 + i, title=f"Extra punt {i}", duration_minutes=5)
        for i in range(7)
    )
    package_meeting = Meeting.objects.get(title="Beeldvormende sessie Woningbouwopgave 2027")
    return [
        measure("Komende vergaderingen (anonymous)", lambda: anonymous.get("/vergaderingen/")),
        measure("Meeting page, 12 items (anonymous)", lambda: anonymous.get(f"/vergaderingen/{big.pk}/")),
        measure(
            "iCalendar feed (200 meetings, last year + future in feed)",
            lambda: anonymous.get("/vergaderingen/agenda.ics"),
        ),
        measure("Atom feed of published agendas", lambda: anonymous.get("/vergaderingen/agendas.atom")),
        measure("LTA register, 507 items (anonymous, first page)", lambda: anonymous.get("/lta/")),
        measure(
            "Agenda package PDF (render only, demo sessie)",
            lambda: (recent_pdfs.clear(), render_agenda_package(package_meeting, "public")),
            runs=max(3, RUNS // 5),
        ),
    ]


def stored_version_benchmarks(client, memo):
    """A reader's memo PDF is a published version's stored file: its download beside a live render
    of the same memo (the griffie's PDF), in the same run. The whole body is read each time."""
    from raadsmemo.memos.models import Memo

    version = Memo.objects.select_related("current_version").get(pk=memo.pk).current_version
    anonymous = Client()
    live = measure(
        "Memo PDF, live render (meningsvormend seed, griffie, rendered anew)",
        lambda: (recent_pdfs.clear(), client.get(f"/memos/{memo.pk}/pdf/")),
        runs=max(5, RUNS // 3),
    )
    stored = measure(
        "Memo PDF, stored published version (anonymous download, same memo)",
        lambda: b"".join(anonymous.get(version.get_pdf_url()).streaming_content),
        runs=RUNS * 10,
    )
    stored["label"] += f": {live['median'] / stored['median']:.0f}x faster than the live render"
    return [live, stored]


def write_report(results, pairs, notes):
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (bench/run.py): Django test client in one process, SQLite, DEBUG on,",
        "demo data plus 500 generated memos. Times are wall-clock milliseconds on the machine below;",
        "compare runs on the same machine only. Query counts are what the tests assert stays flat.",
        "",
        f"- Date: {dt.datetime.now():%Y-%m-%d %H:%M}",
        f"- Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}",
        "",
        "| what | median ms | p90 ms | queries | runs |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(f"| {r['label']} | {r['median']:.1f} | {r['p90']:.1f} | {r['queries']} | {r['runs']} |")
    lines += [
        "",
        "## PDFs beside their baselines",
        "",
        "Each figure beside its baseline, measured in the same run (bench/pdf_bench.py). Bare WeasyPrint",
        "renders the same HTML with the same stylesheets linked, the same base URL and the same fetcher,",
        "loading fonts and CSS anew per document as WeasyPrint does out of the box.",
        "",
        "| what | median ms | baseline | baseline ms | ours / baseline | runs |",
        "|---|---:|---|---:|---:|---:|",
    ]
    for p in pairs:
        baseline = f"{p.baseline:.1f}" if p.baseline is not None else f"not measured: {p.note}"
        lines.append(f"| {p.label} | {p.ours:.1f} | {p.baseline_label} | {baseline} | {p.ratio} | {p.runs} |")
    lines += ["", *(f"- {note}" for note in notes)]
    lines += [
        "",
        "## Reading the figures",
        "",
        "- The PDF is the slow path: WeasyPrint layout and writing; the tags, the page-number",
        "  artifacts and the PDF/UA claim are finished on WeasyPrint's objects before the file is",
        "  written once (publishing/pdf.py). It runs in the request for a single memo; agenda",
        "  bundles go to the task worker. Fonts, fetcher and parsed stylesheets are kept per process,",
        "  so a render pays for layout and writing only; the first render of a process pays for",
        "  loading them.",
        "- Before this (same machine, 2026-12-05): about 560 ms per memo PDF, 55 % of it WOFF2",
        "  decompression of the six font subsets on every render, and the 88 KB token theme parsed",
        "  every time; the PDF now links only memo.css, print.css and the TrueType fonts.",
        "- LibreOffice is measured on the same memo HTML (our CSS inlined), converted to an untagged",
        "  PDF with a layout of its own, in the same rounds as our live render (see the notes above),",
        "  in wall-clock and in CPU time; CPU time depends far less on what else the machine runs.",
        "  An unchanged document (a concept opened again, a memo many council members open) comes",
        "  from the recent PDFs.",
        "- Where a live render of new content goes (cProfile, 30 renders of the 2-page memo,",
        "  2026-12-06): WeasyPrint layout 45 %, drawing the pages 15 %, the CSS cascade 10 %, the",
        "  box tree 8 %, pydyf serialising the objects 6 %, HTML parsing (tinyhtml5) 5 %, the",
        "  Django template 2 %, zlib 2 %, font subsetting 2 %, WeasyPrint's tags 1.5 %, our",
        "  finishing 1 %. In a long-running process the cyclic garbage WeasyPrint leaves costs",
        "  another 4 to 8 ms of garbage collection per render. A new pikepdf pass and pydyf's",
        "  second serialisation for the /ID (about 10 ms) are gone; what is left is WeasyPrint's",
        "  own Python, which costs about twice LibreOffice's C++ per document.",
        "- The editor page renders four formsets; the contact list for the pickers is read once per",
        "  page, not once per row (see tests/memos/test_memo_detail.py).",
        "- The iCalendar feed answers repeat requests with 304 (ETag); the figure is a full build.",
        "- The agenda package is rendered by the task worker, never in a request.",
        "",
    ]
    out = ROOT / "docs" / "benchmarks.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    print(out.read_text())


def versions_only():
    """`python bench/run.py versions`: only the stored-version figure, printed."""
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    from django.contrib.auth import get_user_model

    from raadsmemo.memos.models import Memo

    client = Client()
    client.force_login(get_user_model().objects.get(username="griffie"))
    kik = Memo.objects.get(purpose="meningsvormend", title__startswith="Kansen")
    for r in stored_version_benchmarks(client, kik):
        print(
            f"{r['label']}: median {r['median']:.2f} ms, p90 {r['p90']:.2f} ms, {r['queries']} queries, {r['runs']} runs"
        )


if __name__ == "__main__":
    versions_only() if sys.argv[1:] == ["versions"] else main()
