"""Named users per role, the seed memos, the builders of meetings, a helper that fills in the
memo form, and the check that every PDF the suite makes passes pdfcheck. One set of builders
for the whole suite: they go through the services, as the app does."""

import datetime as dt
import io
import os

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from hypothesis import HealthCheck, settings

from raadsmemo.accounts.roles import AGENDACOMMISSIE, GRIFFIE, RAADSLID, ensure_role_groups
from raadsmemo.lta.models import Kind, LtaItem, StatusUpdate
from raadsmemo.lta.services import lta_item_create
from raadsmemo.meetings.models import AgendaItem, Meeting, MeetingKind
from raadsmemo.meetings.services import agenda_item_add, meeting_publish, meeting_save
from raadsmemo.memos.demo import KANSEN_IN_KAART, STAPELING, load_seed_memo
from raadsmemo.people.models import Bestuurder, Contact, Fractie


def pytest_configure(config):
    """The test suite's own settings (raadsmemo/settings.py knows nothing of tests)."""
    from django.conf import settings

    # Hashing passwords slowly is the point in production and a waste in tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tasks (the agenda package, reminders) run at once, inside the request that asks for them.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # Importing a @task (this module imports the services) made the backends already: remake them.
    from django.core.signals import setting_changed

    setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)
    _flush_append_only_tables_last()


APPEND_ONLY_TABLES = {"memos_memoversion", "lta_statusupdate", "collegevoorstellen_collegevoorstelversion"}


def _flush_append_only_tables_last():
    """SQLite has no TRUNCATE: Django's flush (after a transactional test) deletes table by table,
    in no fixed order. An append-only row may only go once its parent is gone
    (raadsmemo/append_only.py), so the flush empties those tables last."""
    from django.db.backends.sqlite3.base import DatabaseOperations

    sql_flush = DatabaseOperations.sql_flush

    def parents_first(self, style, tables, **kwargs):
        ordered = sorted(tables, key=lambda table: table in APPEND_ONLY_TABLES)
        statements = sql_flush(self, style, ordered, **kwargs)
        if kwargs.get("allow_cascade"):  # the cascade makes a set again
            deletes = [s for s in statements if s.startswith("DELETE")]
            others = [s for s in statements if not s.startswith("DELETE")]
            last = [s for s in deletes if any(f'"{t}"' in s for t in APPEND_ONLY_TABLES)]
            statements = [s for s in deletes if s not in last] + last + others
        return statements

    DatabaseOperations.sql_flush = parents_first


PASSWORD = "een-lang-testwachtwoord"

# Property-based tests (tests/malformed): few examples while developing, many in CI. Each example
# is a request through the client, so no deadline; the database fixtures hold for all examples.
HYPOTHESIS_COMMON = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
}
# max_examples counts per form (tests/malformed/test_forms_fuzz.py); through HTTP each form (URL and
# method) gets an eightieth of it per role (test_fuzz.py), the memo editor as a whole a quarter of it.
settings.register_profile("dev", max_examples=30, **HYPOTHESIS_COMMON)
settings.register_profile("ci", max_examples=1000, **HYPOTHESIS_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") == "true" else "dev"))


@pytest.fixture(autouse=True)
def empty_cache(settings):
    """Each test starts with an empty cache: nothing one test cached is another's.

    The public page cache is on in every test (in production it is on with Redis): each test that
    reads a public page after a change also shows that the cache served no stale page."""
    from django.core.cache import cache

    cache.clear()
    settings.PUBLIC_PAGE_CACHE = True


@pytest.fixture(autouse=True)
def stored_files_in_tmp(settings, tmp_path):
    """Each test stores its files (versions, packages) in its own directory, never in media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def every_pdf_passes_pdfcheck(monkeypatch):
    """Run tests/publishing/pdfcheck.py (tags, fonts, glyphs) on every PDF a test renders.

    Every PDF leaves the renderer through publishing.pdf._finish; a PDF that fails the check
    fails the test that made it, also where the app catches the error (the agenda package task).
    """
    from raadsmemo.publishing import pdf
    from tests.publishing import pdfcheck

    failures = []
    finish = pdf._finish
    pdf.recent_pdfs.clear()  # every test renders its own PDFs

    def finish_and_check(pdf_bytes: bytes) -> bytes:
        data = finish(pdf_bytes)
        problems = pdfcheck.check(io.BytesIO(data))["failures"]
        failures.extend(problems)
        assert problems == [], f"the PDF fails pdfcheck: {problems}"
        return data

    monkeypatch.setattr(pdf, "_finish", finish_and_check)
    yield
    assert failures == [], f"a PDF made in this test fails pdfcheck: {failures}"


def make_user(username: str, role: str | None):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", PASSWORD)
    if role:
        user.groups.add(ensure_role_groups()[role])
    return user


@pytest.fixture
def gerda(db):
    """Gerda works at the griffie: she writes the memos."""
    return make_user("gerda", GRIFFIE)


@pytest.fixture
def age(db):
    """Age sits on the agendacommissie: reads concept memos, edits nothing."""
    return make_user("age", AGENDACOMMISSIE)


@pytest.fixture
def rik(db):
    """Rik is a raadslid: concept memos are not his to read yet."""
    return make_user("rik", RAADSLID)


def downloaded(response) -> bytes:
    """The body the browser saves, of a plain or a streamed response (the CSV export, a file)."""
    # The test client closes a streamed response once it is read to the end.
    return b"".join(response.streaming_content) if response.streaming else response.content


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def griffie_client(gerda):
    return client_for(gerda)


@pytest.fixture
def csrf_client(gerda):
    """Gerda's browser as it really is: the CSRF check is on (Django's test client skips it)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(gerda)
    return client


@pytest.fixture
def stapeling_memo(gerda):
    """The beeldvormend seed memo (000_4602fa12f40dcf04.txt), complete."""
    return load_seed_memo(STAPELING, by=gerda)


@pytest.fixture
def kik_memo(gerda):
    """The meningsvormend seed memo (004_3d51672cac42f05d.txt), complete."""
    return load_seed_memo(KANSEN_IN_KAART, by=gerda)


@pytest.fixture
def contact(db):
    return Contact.objects.create(
        name="Annet Visser",
        function="beleidsadviseur",
        phone="050 – 367 7029",
        email="annet.visser@groningen.nl",
    )


def rows(prefix: str, items: list[dict]) -> dict:
    """Formset data as the browser posts it."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(items)), f"{prefix}-INITIAL_FORMS": "0"}
    for i, item in enumerate(items):
        for key, value in item.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def memo_form_data(**overrides) -> dict:
    """A valid, complete memo form submission; override fields or rows to test bad input."""
    data = {
        "purpose": "beeldvormend",
        "aan": "Raad",
        "van": "Agendacommissie",
        "datum": "2022-01-12",
        "betreft": ["agendaverzoek", "college"],
        "betreft_other": "",
        "title": "Voortgang stapelings- en doorbraakproject",
        "stuk_date": "",
        "samenvatting": "Het college praat u bij over het **stapelingsproject**.",
        "on_lta": "False",
        "lta_number": "",
        "has_deadline": "False",
        "deadline": "",
        "advice": "",
        "advice_text": "",
        "voorgeschiedenis": "",
        "treatment_text": "",
        "speaking_rounds": "",
        "speaking_time_fractie": "",
        "speaking_time_college": "",
        "revision": "",
        "confidentiality": "openbaar",
        "grondslag": "",
        "secret_until": "",
    }
    for prefix in ("contacts", "slots", "stuklinks", "infolinks"):
        data.update(rows(prefix, []))
    data.update(overrides)
    return data


def make_meeting(*, published: bool = True, **fields) -> Meeting:
    """A meeting as the griffie makes one: saved (and published, unless published=False)."""
    defaults = {
        "kind": MeetingKind.BEELDVORMEND,
        "title": "Beeldvormende sessie",
        "date": dt.date(2022, 1, 12),
        "start_time": dt.time(10, 30),
        "end_time": dt.time(12, 0),
        "location": "Raadzaal",
        "is_public": True,
    }
    meeting = meeting_save(meeting=Meeting(**{**defaults, **fields}))
    if published:
        meeting_publish(meeting=meeting, by=None)
    return meeting


def add_item(meeting: Meeting, title: str = "", minutes: int = 30, **fields) -> AgendaItem:
    """An agenda item at the end of the meeting's agenda (a memo's title when title is empty)."""
    fields.setdefault("duration_minutes", minutes)
    return agenda_item_add(meeting=meeting, item=AgendaItem(title=title, **fields))


@pytest.fixture
def meeting(db):
    return make_meeting()


def publish_memo(memo, *, by=None, reason: str = "", until: str = "gepubliceerd"):
    """Walk a concept through the workflow as the app does (memos/workflow.py): offered, set by
    the agendacommissie, published by the griffie: a frozen version readers see. Returns the memo.
    `until="vastgesteld"` stops before publishing (publishing the meeting then publishes it)."""
    from raadsmemo.concurrency import ANY_REVISION
    from raadsmemo.memos.models import Status
    from raadsmemo.memos.publication import memo_take_step
    from raadsmemo.memos.workflow import AANBIEDEN, PUBLICEREN, VASTSTELLEN

    steps = {Status.CONCEPT: AANBIEDEN, Status.TER_VASTSTELLING: VASTSTELLEN, Status.VASTGESTELD: PUBLICEREN}
    while memo.status != until:
        step = steps[memo.status]
        memo = memo_take_step(
            memo=memo,
            step=step,
            by=by,
            reason=reason if step is PUBLICEREN else "",
            based_on_revision=ANY_REVISION,
        )
    return memo


# --- The LTA: fracties, bestuurders and items, built with the services ---------------------


@pytest.fixture
def fracties(db):
    return {
        name: Fractie.objects.create(name=name)
        for name in ["PvdA", "GroenLinks", "D66", "SP", "ChristenUnie"]
    }


@pytest.fixture
def diks(db):
    return Bestuurder.objects.create(
        name="Isabelle Diks", role="wethouder", portefeuille="Werk en participatie"
    )


@pytest.fixture
def schaaf(db):
    return Bestuurder.objects.create(
        name="Roeland van der Schaaf", role="wethouder", portefeuille="Gebiedsgericht werken"
    )


def make_item(number: str, *, kind=Kind.TOEZEGGING, indieners=(), by=None, **fields) -> LtaItem:
    fields.setdefault("title", f"Item {number}")
    return lta_item_create(item=LtaItem(number=number, kind=kind, **fields), indieners=indieners, by=by)


@pytest.fixture
def m31(fracties, schaaf, gerda):
    """Motie M-31 of seed 003, with its four updates (added oldest first, as they happened)."""
    item = make_item(
        "M-31",
        kind=Kind.MOTIE,
        title="Versterking gebiedsgericht werken",
        text="In de nieuwe nota gebiedsgericht werken helder uiteen te zetten hoe het College ...",
        indieners=[fracties["PvdA"], fracties["GroenLinks"], fracties["D66"]],
        portefeuillehouder=schaaf,
        deadline=dt.date(2022, 3, 31),
        by=gerda,
    )
    for date, text in [
        (dt.date(2021, 7, 7), "de herijking van gebiedsgericht werken ... wordt gedeeld."),
        (dt.date(2021, 9, 6), "Er is geen dik beleidsstuk geschreven maar een infographics gemaakt."),
        (dt.date(2021, 11, 10), "De gesprekken met de afdelingen zijn gevoerd."),
        (dt.date(2022, 1, 18), "Op 16 november 2021 is de raad via een informatieve commissie bijgepraat."),
    ]:
        StatusUpdate.objects.create(item=item, date=date, text=text, author=gerda)
    return item


@pytest.fixture
def toezegging(diks, gerda):
    return make_item(
        "2019-300",
        title="Kansen in kaart (KIK): de raad informeren over de nieuwe fase",
        portefeuillehouder=diks,
        planned_month=dt.date(2021, 3, 1),
        deadline=dt.date(2021, 3, 31),
        by=gerda,
    )
