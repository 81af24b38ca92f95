"""More than one server (issue 14): two app servers (gunicorn, as in production) and one task worker
(manage.py db_worker) share one PostgreSQL database, one object store (moto's S3 server) and one
Redis server. What the griffie publishes through server A, a resident downloads from server B, byte
for byte as it is stored; a page B served from the shared cache is new on B as soon as A changes it.

The servers read the test database, so it runs on PostgreSQL only (pytest-django's SQLite test
database lives in this process's memory); on SQLite it skips, under CI=true it fails instead.
"""

import contextlib
import hashlib
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.urls import reverse

from raadsmemo.meetings.models import AgendaPackage
from tests.conftest import PASSWORD, add_item, make_meeting, publish_memo
from tests.scale.conftest import free_port, skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
# The public name both servers are reached by behind the load balancer, which forwards it as Host:
# the page cache's key holds the address, so both servers must see the same one.
HOST = "raadsmemo.test"
# A server, the worker or a package build taking longer than this is stuck, not slow.
START_TIMEOUT = 30
INHERITED_ENVIRONMENT = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
BUILD_TIMEOUT = 30


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path
    stop_signal: int = signal.SIGTERM

    def output(self) -> str:
        return (
            f"--- {self.name} (exit {self.popen.poll()}) ---\n{self.log.read_text(errors='replace')[-4000:]}"
        )


@dataclass
class Cluster:
    a: str  # server A's address
    b: str  # server B's address
    processes: list[Process]

    def output(self) -> str:
        return "\n".join(process.output() for process in self.processes)

    def wait_until_serving(self) -> None:
        for base in (self.a, self.b):
            wait_until_serving(self, base)

    def assert_running(self) -> None:
        stopped = [process for process in self.processes if process.popen.poll() is not None]
        assert not stopped, f"a process stopped:\n{self.output()}"


def database_url() -> str:
    """The test database (pytest-django's), as DATABASE_URL for the servers."""
    db = connection.settings_dict
    user, password = quote(db["USER"] or "", safe=""), quote(db["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@"
    return f"postgres://{credentials}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start(name: str, command: list[str], env: dict[str, str], logs: Path, **options) -> Process:
    log = logs / f"{name}.log"
    with log.open("wb") as output:
        # A process group of its own: gunicorn's workers are stopped with their master, always.
        popen = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    return Process(name, popen, log, **options)


def stop(processes: list[Process]) -> None:
    """Stop them all at once; whatever has not stopped after 15 s is killed, with its children."""
    for process in processes:
        if process.popen.poll() is None:
            process.popen.send_signal(process.stop_signal)
    deadline = time.monotonic() + 15
    for process in processes:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.popen.wait(timeout=max(deadline - time.monotonic(), 0.1))
        with contextlib.suppress(ProcessLookupError):  # the whole group is gone: good
            os.killpg(process.popen.pid, signal.SIGKILL)  # a worker its master left behind
        process.popen.wait()


def wait_until_serving(cluster: Cluster, base: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        cluster.assert_running()
        try:
            # The first request loads the app (and boto3): give it the time that is left.
            if requests.get(f"{base}/gezond/", timeout=deadline - time.monotonic()).status_code == 200:
                return
        except requests.ConnectionError:  # not listening yet
            time.sleep(0.2)
        except requests.Timeout:
            break
    raise AssertionError(f"{base} did not answer /gezond/ within {START_TIMEOUT} s:\n{cluster.output()}")


@pytest.fixture
def cluster(transactional_db, bucket, redis_url, tmp_path):
    """Server A, server B and the worker, configured through the environment as in production.

    transactional_db: the test's rows are committed, so the servers see them; the tables are
    emptied afterwards (after the processes stopped, so nothing holds a lock)."""
    if connection.vendor != "postgresql":
        skip_or_fail("two servers share the test database only on PostgreSQL (set DATABASE_URL)")
    with redis.Redis.from_url(redis_url) as shared:
        shared.flushdb()  # what earlier tests left in the session's Redis
    media_root = tmp_path / "media-of-the-servers"
    env = {
        # Only what a process needs from ours; every setting of the app is given below.
        **{key: os.environ[key] for key in INHERITED_ENVIRONMENT if key in os.environ},
        **bucket.environ,
        "DJANGO_SETTINGS_MODULE": "raadsmemo.settings",
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "MEDIA_ROOT": str(media_root),  # must stay empty: every file goes to the bucket
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"127.0.0.1,{HOST}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
    }
    ports = {"a": free_port(), "b": free_port()}
    gunicorn = [sys.executable, "-m", "gunicorn", "raadsmemo.wsgi", "-c", "gunicorn.conf.py"]
    processes = [
        start(
            f"server-{name}",
            [*gunicorn, "--bind", f"127.0.0.1:{port}", "--no-control-socket"],
            env,
            tmp_path,
            stop_signal=signal.SIGINT,  # gunicorn's quick shutdown: the test is over
        )
        for name, port in ports.items()
    ]
    worker = [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"]
    worker += ["--no-reload", "--skip-checks"]
    processes.append(start("worker", worker, env, tmp_path))
    cluster = Cluster(
        a=f"http://127.0.0.1:{ports['a']}", b=f"http://127.0.0.1:{ports['b']}", processes=processes
    )
    try:
        yield cluster  # booting: the test makes its rows meanwhile, then waits (wait_until_serving)
        cluster.assert_running()
        assert not media_root.exists() or not any(media_root.rglob("*")), "a server wrote to its own disk"
    finally:
        stop(processes)
        # Shown by pytest when the test fails.
        print(cluster.output())


def log_in(base: str, username: str) -> requests.Session:
    """A browser that logs in through the login form, CSRF token and all."""
    browser = requests.Session()
    form = browser.get(f"{base}{reverse('login')}", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    answer = browser.post(
        f"{base}{reverse('login')}",
        {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text[:2000]
    return browser


def post(browser: requests.Session, url: str) -> requests.Response:
    """A form's POST as the browser sends it: the CSRF token from the cookie, no redirect followed."""
    return browser.post(
        url,
        {"csrfmiddlewaretoken": browser.cookies["csrftoken"]},
        headers={"Referer": url},
        allow_redirects=False,
        timeout=60,
    )


def wait_for_packages(cluster: Cluster, meeting) -> list[AgendaPackage]:
    """The worker builds the public and the internal package; wait for both, a bounded time."""
    deadline = time.monotonic() + BUILD_TIMEOUT
    while time.monotonic() < deadline:
        cluster.assert_running()
        packages = list(AgendaPackage.objects.filter(meeting=meeting))
        if {package.state for package in packages} == {AgendaPackage.State.DONE} and len(packages) == 2:
            return packages
        assert AgendaPackage.State.FAILED not in {p.state for p in packages}, cluster.output()
        time.sleep(0.2)
    raise AssertionError(f"the worker built no packages within {BUILD_TIMEOUT} s:\n{cluster.output()}")


def in_one_minute(*urls: str) -> list[requests.Response]:
    """An anonymous visitor asks for each address in turn, within one minute (the page cache's key
    holds the minute: a series that straddles one is asked again)."""
    for _ in range(2):
        minute = time.localtime().tm_min
        answers = [requests.get(url, headers={"Host": HOST}, timeout=30) for url in urls]
        if time.localtime().tm_min == minute:
            return answers
    raise AssertionError("the requests did not fit in one minute")


def test_what_server_a_publishes_server_b_serves(cluster, bucket, gerda, stapeling_memo):
    # Gerda's password as the servers hash it (the suite's own hasher is MD5, which they refuse);
    # few rounds: the server hashes it anew, at full strength, when she logs in.
    gerda.password = PBKDF2PasswordHasher().encode(PASSWORD, "raadsmemo-test-salt", iterations=1000)
    gerda.save(update_fields=["password"])
    meeting = make_meeting(published=False, title="Sessie Dijkversterking")
    memo = publish_memo(stapeling_memo, by=gerda, until="vastgesteld")
    memo_item = add_item(meeting, memo=memo, minutes=60)
    rondvraag = add_item(meeting, "Rondvraag")
    cluster.wait_until_serving()

    # Gerda publishes the meeting on server A: A stores the memo's version, the worker the packages.
    griffie = log_in(cluster.a, "gerda")
    published = post(griffie, cluster.a + reverse("meetings:publish", args=[meeting.pk]))
    assert published.status_code == 302, published.text[:2000]
    memo.refresh_from_db()
    version = memo.current_version
    assert version is not None and bucket.read(version.pdf_name)
    packages = wait_for_packages(cluster, meeting)
    public = next(package for package in packages if package.audience == "public")

    # A resident downloads both PDFs from server B: the bytes stored in the bucket.
    memo_pdf = requests.get(
        cluster.b + reverse("meetings:item_memo_pdf", args=[meeting.pk, memo_item.pk]), timeout=30
    )
    assert memo_pdf.status_code == 200 and memo_pdf.headers["Content-Type"] == "application/pdf"
    assert sha256(memo_pdf.content) == sha256(bucket.read(version.pdf_name)) == version.pdf_sha256
    package_pdf = requests.get(cluster.b + reverse("meetings:package_pdf", args=[meeting.pk]), timeout=30)
    assert package_pdf.status_code == 200
    assert sha256(package_pdf.content) == sha256(bucket.read(public.file.name)) == public.sha256

    # The meeting page: B renders it once and stores it in Redis; A finds it there too.
    page = meeting.get_absolute_url()
    first, again, from_a = in_one_minute(cluster.b + page, cluster.b + page, cluster.a + page)
    assert first.status_code == 200 and first.headers["X-Page-Cache"] == "miss"
    assert "Rondvraag" in first.text and "Sessie Dijkversterking" in first.text
    assert again.headers["X-Page-Cache"] == "hit" and again.content == first.content
    assert from_a.headers["X-Page-Cache"] == "hit" and from_a.content == first.content

    # Gerda takes the Rondvraag off the agenda on A; B's next answer is the new page.
    removed = post(griffie, cluster.a + reverse("meetings:item_remove", args=[meeting.pk, rondvraag.pk]))
    assert removed.status_code == 302, removed.text[:2000]
    after = requests.get(cluster.b + page, headers={"Host": HOST}, timeout=30)
    assert after.status_code == 200 and after.headers["X-Page-Cache"] == "miss"
    assert "Rondvraag" not in after.text and "Sessie Dijkversterking" in after.text
