"""PDF benchmarks (run by bench/run.py): our renderer beside its baselines, measured in one run.

- our path: raadsmemo.publishing.pdf.render_pdf (fonts, fetcher and stylesheets kept per process,
  plus the pikepdf pass);
- bare WeasyPrint: the same HTML with the same stylesheets linked, the same base URL and the
  same kind of fetcher, rendered as WeasyPrint renders it out of the box (fonts and CSS loaded
  anew for every document);
- LibreOffice (soffice, Debian package libreoffice-writer-nogui) converting the same memo HTML,
  warm: one soffice run converts N copies, and the per-document cost is the difference between
  the fastest run of N and the fastest run of 1, divided by N - 1 (start-up excluded).
Our figure and its WeasyPrint baseline run in turns, so that other work on the machine slows both.
"""

import dataclasses
import datetime as dt
import gc
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path


@dataclasses.dataclass
class Pair:
    """One figure beside its baseline, both medians in milliseconds of the same run."""

    label: str
    ours: float
    baseline_label: str
    baseline: float | None
    runs: int
    note: str = ""

    @property
    def ratio(self) -> str:
        return f"{self.ours / self.baseline:.2f}×" if self.baseline else "–"


def median_ms(func, runs: int) -> float:
    func()  # warm up
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def paired_ms(ours, baseline, runs: int) -> tuple[float, float]:
    """Medians of two functions run in turns, so that a busy machine slows both alike."""
    ours()
    baseline()
    times: tuple[list, list] = ([], [])
    for _ in range(runs):
        for func, timings in zip((ours, baseline), times, strict=True):
            start = time.perf_counter()
            func()
            timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(times[0]), statistics.median(times[1])


def linked_html(html: str, stylesheets) -> str:
    """Our PDF HTML with the stylesheets the renderer adds linked in the head: the same document."""
    from raadsmemo.publishing.pdf import PDF_FONTS

    links = "".join(f'<link rel="stylesheet" href="/static/{name}">' for name in (PDF_FONTS, *stylesheets))
    return html.replace("</head>", links + "</head>", 1)


def bare_weasyprint(html: str, stylesheets) -> bytes:
    import weasyprint

    from raadsmemo.publishing.pdf import STATIC_BASE, StaticFilesOnlyFetcher

    document = weasyprint.HTML(
        string=linked_html(html, stylesheets), base_url=STATIC_BASE, url_fetcher=StaticFilesOnlyFetcher()
    )
    return document.write_pdf(pdf_variant="pdf/a-2a")


def inline_css_html(html: str, stylesheets) -> str:
    """The memo HTML with our CSS inlined, for LibreOffice (which cannot read file:///static/)."""
    from raadsmemo.publishing.pdf import static_file_path

    css = "\n".join(static_file_path(name).read_text(encoding="utf-8") for name in stylesheets)
    return html.replace("</head>", f"<style>{css}</style></head>", 1)


def libreoffice_per_document(html: str, copies: int = 21) -> tuple[float | None, str]:
    """Warm per-document cost of soffice converting this HTML to PDF, or why it was not measured."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None, "soffice is not installed (Debian: apt-get install libreoffice-writer-nogui)"
    with tempfile.TemporaryDirectory(prefix="raadsmemo-lo-") as tmp:
        tmp = Path(tmp)
        profile = (tmp / "profile").as_uri()  # a profile of its own: no clash with a running soffice
        files = []
        for i in range(copies):
            path = tmp / f"memo-{i}.html"
            path.write_text(html, encoding="utf-8")
            files.append(str(path))

        def convert(paths) -> float:
            start = time.perf_counter()
            subprocess.run(
                [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                 "--writer", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(tmp / "out"), *paths],
                check=True, capture_output=True, timeout=300,
            )  # fmt: skip
            return time.perf_counter() - start

        convert(files[:1])  # first start creates the profile
        # The fastest of several runs: start-up varies with the machine's load, the work does not.
        one = min(convert(files[:1]) for _ in range(5))
        many = min(convert(files) for _ in range(5))
        if not (tmp / "out" / "memo-0.pdf").exists():
            return None, "soffice ran but wrote no PDF"
        return (many - one) / (
            copies - 1
        ) * 1000, f"{soffice}, fastest of 5 runs of {copies} documents minus fastest of 5 runs of 1"


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def rss_after_renders(render, count: int = 200) -> tuple[float, float, float]:
    """RSS in MB before and after `count` renders, and the growth per render in KB."""
    render()
    gc.collect()
    before = rss_mb()
    for _ in range(count):
        render()
    gc.collect()
    after = rss_mb()
    return before, after, (after - before) * 1024 / count


def package_meeting(memos: int = 20):
    """A published meeting with `memos` agenda items, each with a full seed memo of its own."""
    from raadsmemo.meetings.models import AgendaItem, Meeting, MeetingKind
    from raadsmemo.meetings.services import agenda_item_add, meeting_publish, meeting_save
    from raadsmemo.memos.demo import KANSEN_IN_KAART, STAPELING, load_seed_memo

    meeting = meeting_save(
        meeting=Meeting(
            kind=MeetingKind.BEELDVORMEND,
            title="Bench: sessie met twintig memo's",
            date=dt.date(2027, 3, 3),
            start_time=dt.time(9, 0),
            end_time=dt.time(23, 0),
            location="Raadzaal",
        )
    )
    for i in range(memos):
        seed = STAPELING if i % 2 else KANSEN_IN_KAART
        memo = load_seed_memo({**seed, "title": f"{seed['title']} ({i + 1})"})
        agenda_item_add(meeting=meeting, item=AgendaItem(title=memo.title, duration_minutes=30, memo=memo))
    meeting_publish(meeting=meeting, by=None)
    return meeting


def pdf_benchmarks(client, kik, runs: int) -> tuple[list[Pair], list[str]]:
    """The PDF figures, each beside its baseline, and notes (RSS, reproducibility, LibreOffice)."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from raadsmemo.meetings import package
    from raadsmemo.memos import rendering
    from raadsmemo.memos.models import Memo
    from raadsmemo.publishing.pdf import recent_pdfs

    memo = Memo.objects.with_rows().get(pk=kik.pk)
    context = rendering.memo_context_from_memo(memo)
    with translation.override("nl"):
        html = render_to_string(
            "memos/memo_pdf.html", {**context, "pdf": rendering.pdf_metadata(context["memo"])}
        )
    ours_bytes = rendering.render_memo_pdf(context)
    recent_pdfs.clear()
    bare_bytes = bare_weasyprint(html, rendering.PDF_STYLESHEETS)
    notes = [
        f"Same document: our PDF {pages(ours_bytes)} pages, bare WeasyPrint {pages(bare_bytes)} pages.",
        "Reproducible: two renders of the memo are "
        + ("byte-identical." if rendering.render_memo_pdf(context) == ours_bytes else "NOT identical."),
    ]
    pdf_runs = max(5, runs // 2)

    def fresh(func):
        """A render that does not come from the recent PDFs: the cost after an edit."""
        return lambda: (recent_pdfs.clear(), func())

    ours, bare = paired_ms(
        fresh(lambda: rendering.render_memo_pdf(context)),
        lambda: bare_weasyprint(html, rendering.PDF_STYLESHEETS),
        pdf_runs,
    )
    view = median_ms(fresh(lambda: client.get(f"/memos/{kik.pk}/pdf/")), pdf_runs)
    view_again = median_ms(lambda: client.get(f"/memos/{kik.pk}/pdf/"), pdf_runs)
    lo_ms, lo_note = libreoffice_per_document(inline_css_html(html, rendering.PDF_STYLESHEETS))
    notes.append(f"LibreOffice: {lo_note}; untagged layout of its own, the memo HTML with our CSS inlined.")
    lo_missing = lo_note if lo_ms is None else ""
    lo = "LibreOffice, warm, per document"
    results = [
        Pair("Memo PDF, 2 pages: render_pdf (new content)", ours, "bare WeasyPrint, same HTML/CSS/base URL/fetcher", bare, pdf_runs),
        Pair("Memo PDF, 2 pages: render_pdf (new content)", ours, lo, lo_ms, pdf_runs, lo_missing),
        Pair("Live memo PDF (concept) through the view, after an edit", view, lo, lo_ms, pdf_runs, lo_missing),
        Pair("Live memo PDF (concept) through the view, unchanged (recent PDFs)", view_again, lo, lo_ms, pdf_runs, lo_missing),
    ]  # fmt: skip

    meeting = package_meeting(20)
    entries = package.package_entries(meeting, "public")
    with translation.override("nl"):
        package_html = render_to_string(
            "meetings/agenda_package_pdf.html",
            {
                "meeting": meeting,
                "entries": entries,
                "is_internal": False,
                "pdf": package.package_metadata(meeting, "public"),
            },
        )
    package_runs = max(5, runs // 3)
    package_ours, package_bare = paired_ms(
        fresh(lambda: package.render_agenda_package(meeting, "public")),
        lambda: bare_weasyprint(package_html, package.PDF_STYLESHEETS),
        package_runs,
    )
    data, page_count = package.render_agenda_package(meeting, "public")
    results.append(
        Pair(
            f"Agenda package, 20 memos ({page_count} pages): render_agenda_package",
            package_ours,
            "bare WeasyPrint, same HTML/CSS/base URL/fetcher",
            package_bare,
            package_runs,
        )
    )
    before, after, per_render = rss_after_renders(fresh(lambda: rendering.render_memo_pdf(context)))
    notes.append(
        f"Memory: RSS {before:.0f} MB before and {after:.0f} MB after 200 memo PDFs in one process "
        f"({per_render:.0f} KB per render); gunicorn.conf.py recycles workers (docs/operations.md)."
    )
    notes.append(f"Machine load while measuring (1-minute load average): {os.getloadavg()[0]:.2f}.")
    return results, notes


def pages(data: bytes) -> int:
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)
