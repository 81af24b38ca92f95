"""PDF benchmarks (run by bench/run.py): our renderer beside its baselines, measured in one run.

- our path: raadsmemo.publishing.pdf.render_pdf (fonts, fetcher and stylesheets kept per process,
  tags finished on WeasyPrint's objects), each time on a memo with new content (another "Aan"),
  so that no render comes from the recent PDFs; and through the view, each GET after an edit;
- bare WeasyPrint: the same HTML with the same stylesheets linked, the same base URL and the
  same kind of fetcher, rendered as WeasyPrint renders it out of the box (fonts and CSS loaded
  anew for every document);
- LibreOffice (soffice, Debian package libreoffice-writer-nogui) converting the same memo HTML,
  warm: in each round one soffice run converts 1 copy and another 21, and the per-document cost
  is the difference divided by 20 (start-up excluded). Our per-document cost is measured in the
  same rounds, over a batch of 20 renders, so both are batch averages in a warm process.
Figures and their baselines run in turns, so that other work on the machine slows both.
"""

import dataclasses
import datetime as dt
import gc
import itertools
import os
import resource
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


@dataclasses.dataclass
class SideBySide:
    """Per-document costs in ms, one figure per round, LibreOffice and ours measured in turns."""

    libreoffice: list[float]
    ours: dict[str, list[float]]
    note: str
    # The same rounds in CPU time: what the work costs, whatever else the machine is doing.
    libreoffice_cpu: list[float] = dataclasses.field(default_factory=list)
    ours_cpu: dict[str, list[float]] = dataclasses.field(default_factory=dict)


class LibreOffice:
    """soffice converting this HTML to PDF, warm: start-up measured and taken off.

    One round converts 1 copy, then `copies` copies in one soffice run; the per-document cost
    of that round is the difference divided by `copies` - 1.
    """

    def __init__(self, html: str, tmp: Path, copies: int = 21):
        self.soffice = shutil.which("soffice") or shutil.which("libreoffice")
        self.copies = copies
        self.tmp = tmp
        self.profile = (tmp / "profile").as_uri()  # a profile of its own: no clash with a running soffice
        self.files = []
        for i in range(copies):
            path = tmp / f"memo-{i}.html"
            path.write_text(html, encoding="utf-8")
            self.files.append(str(path))

    def convert(self, paths) -> tuple[float, float]:
        """Wall-clock and CPU seconds (soffice and its helper processes, user and system)."""
        start, cpu = time.perf_counter(), children_cpu()
        subprocess.run(
            [self.soffice, f"-env:UserInstallation={self.profile}", "--headless", "--norestore",
             "--writer", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(self.tmp / "out"), *paths],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        return time.perf_counter() - start, children_cpu() - cpu

    def per_document_ms(self) -> tuple[float, float]:
        """Wall-clock and CPU milliseconds per document, start-up taken off."""
        (one, one_cpu), (many, many_cpu) = self.convert(self.files[:1]), self.convert(self.files)
        return (many - one) / (self.copies - 1) * 1000, (many_cpu - one_cpu) / (self.copies - 1) * 1000


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def side_by_side_with_libreoffice(
    html: str, ours: dict, rounds: int = 7, batch: int = 20
) -> SideBySide | str:
    """LibreOffice's warm per-document cost beside ours, in the same rounds.

    Each round converts the memo with soffice (1 copy, then 21: start-up taken off) and then
    renders `batch` memos of ours back to back; both are per-document averages over a batch
    in a warm process, measured minutes apart at most, so a busy machine slows both alike.
    Returns why not when soffice is missing.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return "soffice is not installed (Debian: apt-get install libreoffice-writer-nogui)"
    with tempfile.TemporaryDirectory(prefix="raadsmemo-lo-") as tmp:
        libreoffice = LibreOffice(html, Path(tmp))
        libreoffice.convert(libreoffice.files[:1])  # first start creates the profile
        if not (Path(tmp) / "out" / "memo-0.pdf").exists():
            return "soffice ran but wrote no PDF"
        for func in ours.values():
            func()  # warm
        result = SideBySide([], {name: [] for name in ours}, "", [], {name: [] for name in ours})
        for _ in range(rounds):
            wall, cpu = libreoffice.per_document_ms()
            result.libreoffice.append(wall)
            result.libreoffice_cpu.append(cpu)
            for name, func in ours.items():
                start, start_cpu = time.perf_counter(), time.process_time()
                for _ in range(batch):
                    func()
                result.ours[name].append((time.perf_counter() - start) * 1000 / batch)
                result.ours_cpu[name].append((time.process_time() - start_cpu) * 1000 / batch)
        result.note = (
            f"{soffice}; {rounds} rounds, each: soffice converts 1 copy and then "
            f"{libreoffice.copies} copies (per document: the difference / {libreoffice.copies - 1}), "
            f"then {batch} of our renders back to back (per document: the total / {batch})"
        )
        return result


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
    """A published meeting with `memos` agenda items, each with a full seed memo of its own,
    vastgesteld and so published with the meeting: the public package holds all of them."""
    from raadsmemo.concurrency import ANY_REVISION
    from raadsmemo.meetings.models import AgendaItem, Meeting, MeetingKind
    from raadsmemo.meetings.services import agenda_item_add, meeting_publish, meeting_save
    from raadsmemo.memos.demo import KANSEN_IN_KAART, STAPELING, load_seed_memo
    from raadsmemo.memos.publication import memo_take_step
    from raadsmemo.memos.workflow import AANBIEDEN, VASTSTELLEN

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
        for step in (AANBIEDEN, VASTSTELLEN):
            memo = memo_take_step(memo=memo, step=step, by=None, reason="", based_on_revision=ANY_REVISION)
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
        f"Size: the memo PDF is {len(ours_bytes) / 1024:.0f} KB (fonts subset, streams compressed).",
    ]
    pdf_runs = max(5, runs // 2)
    versions = itertools.count(1)
    url = f"/memos/{kik.pk}/pdf/"

    def new_content():
        """render_pdf of a memo that differs from every memo rendered before: never a recent PDF."""
        memo.aan = f"Raad (versie {next(versions)})"
        return rendering.render_memo_pdf(context)

    def edited_then_viewed():
        """An edit (one UPDATE, counted in), then the PDF through the view: a live concept PDF."""
        Memo.objects.filter(pk=kik.pk).update(aan=f"Raad (versie {next(versions)})")
        return client.get(url)

    ours, bare = paired_ms(new_content, lambda: bare_weasyprint(html, rendering.PDF_STYLESHEETS), pdf_runs)
    view_again = median_ms(lambda: client.get(url), pdf_runs)  # unchanged: from the recent PDFs
    compared = side_by_side_with_libreoffice(
        inline_css_html(html, rendering.PDF_STYLESHEETS),
        {"render_pdf": new_content, "view": edited_then_viewed},
    )
    lo = "LibreOffice, warm, per document"
    bare_label = "bare WeasyPrint, same HTML/CSS/base URL/fetcher"
    results = [Pair("Memo PDF, 2 pages: render_pdf, new content each time", ours, bare_label, bare, pdf_runs)]
    if isinstance(compared, str):
        notes.append(f"LibreOffice: not measured, {compared}.")
        results.append(
            Pair(
                "Memo PDF through the view, unchanged (recent PDFs)", view_again, lo, None, pdf_runs, compared
            )
        )
    else:
        rounds = len(compared.libreoffice)
        lo_ms = statistics.median(compared.libreoffice)
        render_ms = statistics.median(compared.ours["render_pdf"])
        view_ms = statistics.median(compared.ours["view"])
        lo_cpu = statistics.median(compared.libreoffice_cpu)
        results += [
            Pair("Live memo PDF: render_pdf, new content each time (per document, batches of 20)", render_ms, lo, lo_ms, rounds),
            Pair("Live memo PDF through the view, each after an edit (per document, batches of 20)", view_ms, lo, lo_ms, rounds),
            Pair("CPU time: render_pdf, new content each time (per document, batches of 20)", statistics.median(compared.ours_cpu["render_pdf"]), lo + ", CPU time", lo_cpu, rounds),
            Pair("CPU time: through the view, each after an edit (per document, batches of 20)", statistics.median(compared.ours_cpu["view"]), lo + ", CPU time", lo_cpu, rounds),
            Pair("Memo PDF through the view, unchanged (recent PDFs)", view_again, lo, lo_ms, pdf_runs),
        ]  # fmt: skip
        render_cpu = statistics.median(compared.ours_cpu["render_pdf"])
        verdict = "met" if render_ms <= lo_ms and render_cpu <= lo_cpu else "NOT met"
        notes += [
            f"Budget (a live memo PDF costs no more than LibreOffice's warm per-document cost): {verdict} in "
            f"this run. Wall clock {render_ms:.1f} ms against {lo_ms:.1f} ms; CPU time {render_cpu:.1f} ms "
            f"against {lo_cpu:.1f} ms (medians of the same rounds).",
            f"LibreOffice: {compared.note}; medians of the rounds in the table. Fastest round: LibreOffice "
            f"{min(compared.libreoffice):.1f} ms, render_pdf {min(compared.ours['render_pdf']):.1f} ms, "
            f"view {min(compared.ours['view']):.1f} ms per document. LibreOffice writes an untagged PDF with "
            "a layout of its own from the memo HTML with our CSS inlined; ours is tagged PDF/UA-1 and PDF/A-2a.",
            "LibreOffice per round (ms): "
            + ", ".join(f"{x:.1f}" for x in compared.libreoffice)
            + "; render_pdf per round: "
            + ", ".join(f"{x:.1f}" for x in compared.ours["render_pdf"])
            + ".",
        ]

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
        lambda: (recent_pdfs.clear(), package.render_agenda_package(meeting, "public")),
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
    notes.append(f"Size: the agenda package of 20 memos is {len(data) / 1024:.0f} KB.")
    # New content each time and the recent PDFs emptied, so that the figure is the renderer's own.
    before, after, per_render = rss_after_renders(lambda: (recent_pdfs.clear(), new_content()))
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
