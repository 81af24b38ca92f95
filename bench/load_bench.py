"""Meeting-day load: many readers of the public agenda, memos and PDFs at once, through gunicorn.

Part of `make bench` (bench/run.py starts it after the other benchmarks); alone:
`DEBUG=1 .venv/bin/python bench/load_bench.py` (`--print` leaves docs/benchmarks.md alone). The
client is aiohttp, a development dependency (pyproject.toml).
It needs PostgreSQL on 127.0.0.1:5432 (role raadsmemo, trust auth, CREATEDB); the database
LOAD_BENCH_DATABASE_URL (default raadsmemo_bench) is dropped and made anew. Traffic goes only to
127.0.0.1.

1. The database gets the demo data and a meeting day: a published meeting today and one every
   Wednesday of the coming eight weeks, each with six agenda items, four of them with a memo
   published through the app (so every memo has its stored HTML and PDF).
2. gunicorn starts with the repository's gunicorn.conf.py, as in production: DEBUG off, its own
   SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, REDIS_URL for a cache shared by the workers (when the app
   configures one), on a free port of 127.0.0.1.
3. An asyncio client (aiohttp) plays the readers; see Reader for what a reader does. Each run
   stands beside a baseline measured in the same run: one reader alone, and the same load on the
   other worker class.

The client runs on the same two cores as the server (one event loop: at most one core); its CPU
time is reported beside the machine's, so the figures can be read for what they are.
"""

import asyncio
import dataclasses
import datetime as dt
import io
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.databases import recreate_database  # noqa: E402
from bench.report import put_section  # noqa: E402

URL = os.environ.get("LOAD_BENCH_DATABASE_URL", "postgres://raadsmemo@127.0.0.1:5432/raadsmemo_bench")
# A database of its own on the machine's Redis, so the bench never reads another app's keys.
REDIS_URL = os.environ.get("LOAD_BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
READERS = int(os.environ.get("LOAD_BENCH_READERS", "200"))
SECONDS = float(os.environ.get("LOAD_BENCH_SECONDS", "60"))
# The comparison runs (zero think time, the other worker class, one reader) are shorter by default.
SHORT_SECONDS = float(os.environ.get("LOAD_BENCH_SHORT_SECONDS", "30"))
THINK = (1.0, 3.0)  # seconds a reader reads a page before the next click, uniformly drawn
BUDGET_P95_MS = 250
REQUEST_TIMEOUT = 30  # seconds; a request that takes longer counts as an error
MARK_START, MARK_END = "<!-- load-bench -->", "<!-- /load-bench -->"

KINDS = [
    ("komende vergaderingen", re.compile(r"^/vergaderingen/(\?.*)?$")),
    ("meeting page", re.compile(r"^/vergaderingen/\d+/$")),
    ("memo page", re.compile(r"^/(vergaderingen/\d+/punten/\d+/memo/|memos/\d+/versie/\d+/)$")),
    ("memo PDF", re.compile(r"^/(vergaderingen/\d+/punten/\d+/memo\.pdf|memos/\d+/versie/\d+\.pdf)$")),
    ("static file (first visit)", re.compile(r"^/(static/|thema\.css)")),
]
LINK = re.compile(r'<a\b[^>]*\bhref="(/[^"#]*)"')
# What a browser fetches for a page: its stylesheets, icon and scripts; not rel="alternate" links
# (feeds, the API), which only feed readers and harvesters follow.
ASSET = re.compile(r'<(?:link\b[^>]*\brel="(?:stylesheet|icon)"[^>]*\bhref|script\b[^>]*\bsrc)="(/[^"]+)"')


def kind_of(path: str) -> str:
    return next((name for name, pattern in KINDS if pattern.match(path)), "other")


# -- The database -------------------------------------------------------------------------------


def setup_django(media_root: Path) -> None:
    os.environ["DATABASE_URL"] = URL
    os.environ["MEDIA_ROOT"] = str(media_root)
    os.environ["DEBUG"] = "1"  # load_demo runs in development only; gunicorn gets DEBUG off
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "raadsmemo.settings")
    import django

    django.setup()


SENTENCES = [
    "Het college informeert de raad over de voortgang van het programma.",
    "De raad wordt gevraagd kennis te nemen van de stand van zaken en daarover met elkaar in gesprek te gaan.",
    "In de sessie lichten ambtenaren de keuzes toe en is er ruimte voor vragen van de fracties.",
    "Eerder besprak de raad dit onderwerp in een beeldvormende sessie; de toezeggingen daaruit staan op de LTA.",
    "Bewoners en ondernemers uit de wijk zijn uitgenodigd om in te spreken.",
]


def build_meeting_day(rng: random.Random) -> dict:
    """The demo data, and nine published meetings from today on, with published memos."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from raadsmemo.concurrency import ANY_REVISION
    from raadsmemo.meetings.models import AgendaItem, Meeting, MeetingKind
    from raadsmemo.meetings.services import agenda_item_add, meeting_publish, meeting_save
    from raadsmemo.memos.models import Memo, ProgrammeSlot
    from raadsmemo.memos.publication import memo_take_step
    from raadsmemo.memos.workflow import AANBIEDEN, PUBLICEREN, VASTSTELLEN

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    griffie = get_user_model().objects.get(username="griffie")
    today = timezone.localdate()
    days = [today] + [today + dt.timedelta(days=(2 - today.weekday()) % 7 + 7 * w) for w in range(1, 9)]
    kinds = [MeetingKind.BEELDVORMEND, MeetingKind.MENINGSVORMEND, MeetingKind.RAADSVERGADERING]
    memos = 0
    for number, day in enumerate(days):
        meeting = meeting_save(
            meeting=Meeting(
                kind=kinds[number % 3],
                title=f"Politieke Woensdag {day:%d-%m}: sessie {number + 1}",
                date=day,
                start_time=dt.time(13, 0),
                end_time=dt.time(17, 0),
                location="Raadzaal",
                is_public=True,
            ),
            by=griffie,
        )
        for position in range(6):
            memo = None
            if position < 4:
                memo = Memo.objects.create(
                    purpose="beeldvormend",
                    title=f"Onderwerp {number + 1}.{position + 1}: {rng.choice(['wonen', 'verkeer', 'jeugd', 'energie'])}",
                    datum=day,
                    samenvatting=" ".join(rng.choices(SENTENCES, k=8)),
                    voorgeschiedenis=" ".join(rng.choices(SENTENCES, k=5)),
                    treatment_text=" ".join(rng.choices(SENTENCES, k=3)),
                    created_by=griffie,
                )
                for hour in (13, 14):
                    ProgrammeSlot.objects.create(
                        memo=memo,
                        start=dt.time(hour),
                        end=dt.time(hour, 45),
                        activity="Presentatie",
                        position=hour,
                    )
                for step in (AANBIEDEN, VASTSTELLEN, PUBLICEREN):
                    memo = memo_take_step(memo=memo, step=step, by=griffie, based_on_revision=ANY_REVISION)
                memos += 1
            agenda_item_add(
                meeting=meeting,
                item=AgendaItem(
                    title="" if memo else f"Rondvraag {position}", duration_minutes=30, memo=memo
                ),
            )
        meeting_publish(meeting=meeting, by=griffie)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {
        "meetings": Meeting.objects.public().upcoming(today).count(),
        "memos": memos,
        "today": today,
    }


# -- gunicorn -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclasses.dataclass
class Server:
    worker_class: str
    threads: int
    process: subprocess.Popen
    port: int
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def label(self) -> str:
        workers = os.environ.get("WEB_CONCURRENCY", "3")
        if self.worker_class == "gthread":
            return f"{workers} gthread workers × {self.threads} threads"
        return f"{workers} {self.worker_class} workers"

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_server(media_root: Path, workdir: Path, worker_class: str, threads: int) -> Server:
    """gunicorn with the repository's config, configured through the environment as in production."""
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": URL,
        "MEDIA_ROOT": str(media_root),
        "REDIS_URL": REDIS_URL,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKER_CLASS": worker_class,
        "GUNICORN_THREADS": str(threads),
    }
    log = workdir / f"gunicorn-{worker_class}-{port}.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "raadsmemo.wsgi", "--config", str(ROOT / "gunicorn.conf.py")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
    )
    server = Server(worker_class, threads, process, port, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start:\n{log.read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"gunicorn did not answer within a minute:\n{log.read_text()[-3000:]}")


# -- The readers --------------------------------------------------------------------------------


@dataclasses.dataclass
class Sample:
    kind: str
    status: int  # 0: no answer (a timeout or a refused connection)
    ms: float
    at: float


class Reader:
    """One resident or raadslid with a browser, on a meeting day.

    They open Komende vergaderingen, then today's meeting (six out of ten times; else another one
    on the page), then follow links as a reader does: on a meeting page they open a memo (60 %),
    a memo's PDF (25 %) or go back to Komende vergaderingen (15 %); on a memo page they open its
    PDF (30 %) or go back to the meeting (70 %); after a PDF back to the meeting. Between two
    clicks they read for `think` seconds (uniform). Like a browser they keep what they got: a
    page or PDF they had before is asked again with If-None-Match (the server may answer 304),
    stylesheets and scripts are fetched once, on the first page that links them (they are
    cached for long). A browser would not even ask again within max-age; asking every time is
    the heavier, safer assumption.
    """

    def __init__(self, session, base: str, rng: random.Random, think: tuple[float, float], deadline: float):
        self.session, self.base, self.rng, self.think, self.deadline = session, base, rng, think, deadline
        self.etags: dict[str, str] = {}
        self.assets: set[str] = set()
        self.samples: list[Sample] = []

    async def get(self, path: str) -> str:
        headers = {"If-None-Match": self.etags[path]} if path in self.etags else {}
        start = time.perf_counter()
        status, body = 0, b""
        try:
            async with self.session.get(self.base + path, headers=headers, allow_redirects=False) as response:
                body = await response.read()
                status = response.status
                if etag := response.headers.get("ETag"):
                    self.etags[path] = etag
        except Exception:  # a timeout, a refused or broken connection: an error sample
            status = 0
        self.samples.append(
            Sample(kind_of(path), status, (time.perf_counter() - start) * 1000, time.monotonic())
        )
        text = body.decode("utf-8", "replace") if status == 200 and b"<html" in body[:500] else ""
        return text

    async def page(self, path: str, cached: dict[str, str]) -> str:
        """A page and, the first time they are linked, its stylesheets and scripts."""
        html = await self.get(path)
        if html:
            cached[path] = html
            for asset in ASSET.findall(html):
                if asset not in self.assets and time.monotonic() < self.deadline:
                    self.assets.add(asset)
                    await self.get(asset)
        return cached.get(path, "")

    async def pause(self) -> bool:
        if self.think[1] > 0:
            await asyncio.sleep(self.rng.uniform(*self.think))
        return time.monotonic() < self.deadline

    def links(self, html: str, kind: str) -> list[str]:
        return [link for link in dict.fromkeys(LINK.findall(html)) if kind_of(link) == kind]

    async def run(self) -> None:
        pages: dict[str, str] = {}  # what the browser holds (for the links on a 304)
        while True:
            upcoming = await self.page("/vergaderingen/", pages)
            if not await self.pause():
                return
            meetings = self.links(upcoming, "meeting page")
            if not meetings:
                continue
            meeting = meetings[0] if self.rng.random() < 0.6 else self.rng.choice(meetings)
            while True:
                html = await self.page(meeting, pages)
                if not await self.pause():
                    return
                memos, pdfs = self.links(html, "memo page"), self.links(html, "memo PDF")
                roll = self.rng.random()
                if roll < 0.60 and memos:
                    memo_html = await self.page(self.rng.choice(memos), pages)
                    if not await self.pause():
                        return
                    if self.rng.random() < 0.30 and (own := self.links(memo_html, "memo PDF")):
                        await self.get(own[0])
                        if not await self.pause():
                            return
                elif roll < 0.85 and pdfs:
                    await self.get(self.rng.choice(pdfs))
                    if not await self.pause():
                        return
                else:
                    break  # back to Komende vergaderingen


async def load(
    base: str, readers: int, seconds: float, think: tuple[float, float], seed: int, server_pid: int
) -> dict:
    import aiohttp

    rng = random.Random(seed)
    # One connection pool for all readers, as many connections as readers (no client-side queue).
    connector = aiohttp.TCPConnector(limit=readers, limit_per_host=readers)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        start = time.monotonic()
        deadline = start + seconds
        crowd = [Reader(session, base, random.Random(rng.random()), think, deadline) for _ in range(readers)]

        async def arrive(reader: Reader) -> None:
            # Readers arrive spread over the first think interval, not all in the same millisecond.
            await asyncio.sleep(rng.uniform(0, think[1]) if think[1] else 0)
            await reader.run()

        cpu, busy, served = os.times(), machine_busy(), server_cpu(server_pid)
        await asyncio.gather(*(arrive(r) for r in crowd))
        elapsed = time.monotonic() - start
        cpu_after, busy_after, served_after = os.times(), machine_busy(), server_cpu(server_pid)
    client_cpu = (cpu_after.user - cpu.user) + (cpu_after.system - cpu.system)
    return {
        "samples": [s for r in crowd for s in r.samples],
        "elapsed": elapsed,
        "client_cpu": client_cpu / elapsed,  # cores
        "server_cpu": served_after - served,  # seconds
        "machine_busy": (busy_after[0] - busy[0]) / max(1, busy_after[1] - busy[1]) * (os.cpu_count() or 1),
        "loadavg": os.getloadavg()[0],
    }


def server_cpu(pid: int) -> float:
    """CPU seconds used so far by gunicorn: the master, its live workers, and the workers it
    replaced (max_requests) and reaped, which count in the master's cutime."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        own, ppid = int(stat.parent.name), int(fields[1])
        if own == pid:
            total += sum(int(x) for x in fields[11:15])  # utime, stime, cutime, cstime
        elif ppid == pid:
            total += int(fields[11]) + int(fields[12])
    return total / tick


def machine_busy() -> tuple[int, int]:
    """(busy, total) jiffies of all cores, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


# -- Figures ------------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))] if ordered else float("nan")


def summarise(samples: list[Sample], elapsed: float) -> dict:
    ms = [s.ms for s in samples]
    errors = [s for s in samples if s.status not in (200, 304)]
    return {
        "requests": len(samples),
        "rps": len(samples) / elapsed,
        "p50": percentile(ms, 0.50),
        "p95": percentile(ms, 0.95),
        "p99": percentile(ms, 0.99),
        "errors": len(errors),
        "not_modified": sum(s.status == 304 for s in samples) / max(1, len(samples)),
        "error_kinds": sorted({s.status for s in errors}),
    }


@dataclasses.dataclass
class Run:
    label: str
    server: str
    readers: int
    think: tuple[float, float]
    result: dict

    @property
    def total(self) -> dict:
        return summarise(self.result["samples"], self.result["elapsed"])

    def by_kind(self) -> dict[str, dict]:
        kinds = [name for name, _ in KINDS] + ["other"]
        return {
            kind: summarise([s for s in self.result["samples"] if s.kind == kind], self.result["elapsed"])
            for kind in kinds
            if any(s.kind == kind for s in self.result["samples"])
        }


def measure(server: Server, label: str, readers: int, seconds: float, think, seed: int) -> Run:
    # Warm up: every worker loads its templates and opens its database connection.
    asyncio.run(
        load(server.base, min(readers, 12), 5, (0, 0), seed=seed + 1000, server_pid=server.process.pid)
    )
    print(f"  {label}: {readers} readers for {seconds:.0f} s on {server.label} ...", flush=True)
    run = Run(
        label,
        server.label,
        readers,
        think,
        asyncio.run(load(server.base, readers, seconds, think, seed, server_pid=server.process.pid)),
    )
    t = run.total
    print(
        f"    {t['requests']} requests, {t['rps']:.1f}/s, p50 {t['p50']:.0f} ms, p95 {t['p95']:.0f} ms, "
        f"p99 {t['p99']:.0f} ms, {t['errors']} errors",
        flush=True,
    )
    return run


def think_label(think) -> str:
    return f"{think[0]:g}–{think[1]:g} s" if think[1] else "none"


def report(runs: list[Run], made: dict, chosen: str, build_s: float, log_errors: list[str]) -> list[str]:
    main = runs[0]
    alone = next(run for run in runs if run.readers == 1)
    lines = [
        MARK_START,
        "## Meeting-day load through gunicorn (PostgreSQL)",
        "",
        "Written by bench/load_bench.py: gunicorn with the repository's gunicorn.conf.py (DEBUG off),",
        "PostgreSQL, and an asyncio client (aiohttp) playing readers on 127.0.0.1. A reader opens",
        "Komende vergaderingen, mostly today's meeting, memos and their PDFs, and reads each page for a",
        f"think time of {think_label(THINK)} (uniform) before the next click; a page it had before is asked",
        "again with If-None-Match (a browser would not even ask within max-age, so this is the heavier",
        "assumption); stylesheets and scripts are fetched once per reader (bench/load_bench.py, Reader).",
        "Each figure stands beside its baseline measured in the same run. Times in milliseconds, from",
        "sending the request to the last byte of the answer.",
        "",
        f"- Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; data: the demo plus {made['meetings']} coming public",
        f"  meetings (today's included) with {made['memos']} memos published through the app (stored HTML and",
        f"  PDF each); building it took {build_s:.0f} s.",
        f"- Machine: {os.cpu_count()} cores shared by server, client and PostgreSQL.",
        f"- Shared cache: gunicorn got REDIS_URL={REDIS_URL}; the app uses it when it configures a cache",
        "  for public pages (raadsmemo/publishing/caching.py).",
        "",
        "| run | server | readers | think time | requests/s | p50 ms | p95 ms | p99 ms | errors | 304 share | server CPU ms per request | server CPU (cores) | client CPU (cores) | machine busy (cores) | load avg |",
        "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        t, r = run.total, run.result
        lines.append(
            f"| {run.label} | {run.server} | {run.readers} | {think_label(run.think)} | {t['rps']:.1f} | "
            f"{t['p50']:.0f} | {t['p95']:.0f} | {t['p99']:.0f} | {t['errors']} | {t['not_modified']:.0%} | "
            f"{r['server_cpu'] * 1000 / max(1, t['requests']):.1f} | {r['server_cpu'] / r['elapsed']:.2f} | "
            f"{r['client_cpu']:.2f} | {r['machine_busy']:.2f} | {r['loadavg']:.1f} |"
        )
    lines += [
        "",
        f"Per page kind, {main.label} ({main.server}), beside {alone.label}:",
        "",
        "| page kind | requests | requests/s | p50 ms | p95 ms | p99 ms | errors | 304 share | alone: requests | alone: p50 ms | alone: p95 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    baseline = alone.by_kind()
    for kind, k in main.by_kind().items():
        b = baseline.get(kind, {"requests": 0, "p50": float("nan"), "p95": float("nan")})
        lines.append(
            f"| {kind} | {k['requests']} | {k['rps']:.1f} | {k['p50']:.0f} | {k['p95']:.0f} | {k['p99']:.0f} | "
            f"{k['errors']} | {k['not_modified']:.0%} | {b['requests']} | {b['p50']:.0f} | {b['p95']:.0f} |"
        )
    t = main.total
    met = t["errors"] == 0 and t["p95"] < BUDGET_P95_MS
    lines += [
        "",
        f"- Budget (0 errors, p95 under {BUDGET_P95_MS} ms, {main.label}): **{'met' if met else 'NOT met'}** "
        f"({t['errors']} errors, p95 {t['p95']:.0f} ms).",
        f"- Worker class in gunicorn.conf.py: {chosen}.",
        "- The client shares the two cores with gunicorn and PostgreSQL (and whatever else runs: see",
        '  the load average): "client CPU" is the share of a core its event loop used, "server CPU"',
        '  what gunicorn\'s processes used (PostgreSQL not included), "machine busy" all processes',
        "  together (2.00 is both cores full). Server CPU per request depends least on the rest of",
        "  the machine: two free cores serve at most about 2,000 / that many requests a second.",
        "- A reader waits for its answer before thinking again (a closed loop): when the server falls",
        "  behind, fewer requests are sent, so an overload shows as long times rather than many",
        "  errors. The zero-think-time run is the stress figure: readers click as fast as answers come.",
    ]
    if log_errors:
        lines.append(f"- gunicorn logged {len(log_errors)} error lines; the first: `{log_errors[0][:200]}`")
    lines.append(MARK_END)
    return lines


def log_errors(server: Server) -> list[str]:
    return [
        line
        for line in server.log.read_text(errors="replace").splitlines()
        if '"level": "ERROR"' in line or "[ERROR]" in line or "Traceback" in line
    ]


def collect_static() -> None:
    """gunicorn (DEBUG off) serves static files from STATIC_ROOT, as in production."""
    from django.conf import settings
    from django.core.management import call_command

    root = Path(settings.STATIC_ROOT)
    if not root.exists() or not any(root.iterdir()):
        call_command("collectstatic", "--noinput", verbosity=0)


def section() -> list[str]:
    workdir = Path(tempfile.mkdtemp(prefix="raadsmemo-load-bench-"))
    media_root = workdir / "media"
    media_root.mkdir()
    try:
        recreate_database(URL)
        setup_django(media_root)
        collect_static()
        start = time.perf_counter()
        made = build_meeting_day(random.Random(14))
        build_s = time.perf_counter() - start
        from django.db import connections

        connections.close_all()
        print(
            f"Load bench: {made['meetings']} coming meetings, {made['memos']} memos ({build_s:.0f} s)",
            flush=True,
        )
        chosen_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
        other_class = "sync" if chosen_class == "gthread" else "gthread"
        threads = int(os.environ.get("GUNICORN_THREADS", "4"))
        runs, errors = [], []
        server = start_server(media_root, workdir, chosen_class, threads if chosen_class == "gthread" else 1)
        try:
            runs.append(measure(server, "meeting day", READERS, SECONDS, THINK, seed=1))
            runs.append(measure(server, "stress", READERS, SHORT_SECONDS, (0, 0), seed=2))
            runs.append(measure(server, "one reader alone", 1, min(SHORT_SECONDS, 15), (0, 0), seed=3))
        finally:
            server.stop()
            errors += log_errors(server)
        other = start_server(media_root, workdir, other_class, threads if other_class == "gthread" else 1)
        try:
            runs.append(
                measure(other, "meeting day, other worker class", READERS, SHORT_SECONDS, THINK, seed=1)
            )
            runs.append(measure(other, "stress, other worker class", READERS, SHORT_SECONDS, (0, 0), seed=2))
        finally:
            other.stop()
            errors += log_errors(other)
        chosen = f"{server.label} (set with GUNICORN_WORKER_CLASS and GUNICORN_THREADS; the reasons are in the file)"
        return report(runs, made, chosen, build_s, errors)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    result = section()
    print("\n".join(result))
    if "--print" not in sys.argv:
        put_section(result, MARK_START, MARK_END)
