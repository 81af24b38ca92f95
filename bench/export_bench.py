"""How long the LTA export of a large register takes, and what it holds in memory (issue 14).

Run by hand: `.venv/bin/python bench/export_bench.py [items]` (default 10,000). Uses a throw-away
SQLite database; every item has two indieners, a portefeuillehouder, a meeting and two updates.
Measures the CSV (time to the first byte, to the last, peak Python memory while reading it) and
the XLSX: made in the request (up to 1,000 items) or by the task worker (run at once here).
Never part of the test suite.
"""

import datetime as dt
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = Path(tempfile.mkdtemp(prefix="raadsmemo-export-bench-")) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "raadsmemo.settings")
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
os.environ["TASKS_BACKEND"] = "django.tasks.backends.immediate.ImmediateBackend"
os.environ["MEDIA_ROOT"] = str(DB.parent / "media")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

settings.MEDIA_ROOT = DB.parent / "media"


def build_register(count: int) -> None:
    from django.contrib.auth import get_user_model

    from raadsmemo.accounts.roles import GRIFFIE, ensure_role_groups
    from raadsmemo.lta.models import Indiening, Kind, LtaItem, StatusUpdate
    from raadsmemo.meetings.models import Meeting, MeetingKind
    from raadsmemo.people.models import Bestuurder, Fractie

    user = get_user_model().objects.create_user("gerda", "gerda@example.org", "x")
    user.groups.add(ensure_role_groups()[GRIFFIE])
    fracties = [Fractie.objects.create(name=n) for n in ("PvdA", "GroenLinks", "D66", "SP")]
    diks = Bestuurder.objects.create(name="Isabelle Diks", role="wethouder")
    meeting = Meeting.objects.create(
        kind=MeetingKind.BEELDVORMEND,
        title="Raadsvergadering",
        date=dt.date(2021, 3, 24),
        start_time=dt.time(19),
        end_time=dt.time(23),
        location="Raadzaal",
        is_public=True,
    )
    items = []
    for n in range(1, count + 1):
        item = LtaItem(
            number=f"{2000 + n // 10_000}-{n % 10_000 + 1}",
            kind=Kind.TOEZEGGING,
            title=f"Toezegging {n} over de woonvisie en de stapeling van regels",
            text="De wethouder zegt toe de raad te informeren. " * 4,
            portefeuillehouder=diks,
            made_in_meeting=meeting,
            made_on=meeting.date,
            deadline=dt.date(2022, 1, 1) + dt.timedelta(days=n % 700),
        )
        item.set_sort_keys()
        items.append(item)
    items = LtaItem.objects.bulk_create(items, batch_size=1000)
    Indiening.objects.bulk_create(
        [Indiening(item=i, fractie=f, position=p) for i in items for p, f in enumerate(fracties[:2])],
        batch_size=2000,
    )
    StatusUpdate.objects.bulk_create(
        [
            StatusUpdate(
                item=i, date=dt.date(2022, 1, d), text="De brief gaat in maart naar de raad.", author=user
            )
            for i in items
            for d in (10, 18)
        ],
        batch_size=2000,
    )


def timed_download(client, url) -> dict:
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *a: queries.append(sql) or execute(sql, *a)):
        start = time.perf_counter()
        response = client.get(url)
        first = None
        size = 0
        if response.streaming:
            for chunk in response.streaming_content:
                first = first or time.perf_counter()
                size += len(chunk)
        else:
            first = time.perf_counter()
            size = len(response.content)
        end = time.perf_counter()
    return {
        "first_byte_s": round(first - start, 2),
        "total_s": round(end - start, 2),
        "bytes": size,
        "queries": len(queries),
        "type": response["Content-Type"],
    }


def peak_memory(func) -> float:
    tracemalloc.start()
    func()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return round(peak / 1024 / 1024, 1)


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    build_register(count)
    print(f"{count} items built in {time.perf_counter() - start:.1f} s ({ROOT})")
    anonymous = Client()
    griffie = Client()
    from django.contrib.auth import get_user_model

    griffie.force_login(get_user_model().objects.get(username="gerda"))
    for label, client in (("anonymous", anonymous), ("griffie", griffie)):
        print(f"CSV  {label}: {timed_download(client, '/lta/export/csv/')}")
    csv_peak = peak_memory(lambda: timed_download(anonymous, "/lta/export/csv/"))
    print(f"CSV  peak Python memory while downloading: {csv_peak} MB")
    print(f"XLSX GET griffie: {timed_download(griffie, '/lta/export/xlsx/')}")
    # The worker's part, where there is one: the POST runs the task at once (ImmediateBackend).
    try:
        from raadsmemo.lta.models import LtaExport
    except ImportError:
        return
    start = time.perf_counter()
    response = griffie.post("/lta/exports/aanvragen/", {})
    made = time.perf_counter() - start
    export = LtaExport.objects.latest("pk")
    print(
        f"XLSX via the worker: POST {response.status_code} in {made:.2f} s (task included), "
        f"status {export.status}, {export.file.size} bytes"
    )
    xlsx_peak = peak_memory(lambda: griffie.post("/lta/exports/aanvragen/", {}))
    print(f"XLSX worker peak Python memory: {xlsx_peak} MB")


if __name__ == "__main__":
    main()
