"""The permission matrix: every URL of the app, as every role, with GET (and POST for what writes),
and the answer each must get. A URL without a row here fails the test: add its row to MATRIX.

Answers: 200, LOGIN (a redirect to the login page), 403, 404, 405 (GET on a write URL), 302 (a
redirect elsewhere: the form's success or a page that sends a reader on), 400 (an empty post where
the input is required as a whole) and 409 (an empty post to a write that checks the revision or
plan it was based on: none is a conflict). A POST is sent empty: a role that may not
write gets its refusal before any input is read; the griffie gets her form back with errors (200),
or the action done (302). The roles run in the order of ROLES, the griffie last, so her POST (which
may change the data) comes after the others have been refused.
"""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from raadsmemo.accounts.roles import BEHEERDER
from raadsmemo.collegevoorstellen import publication as collegevoorstel_publication
from raadsmemo.collegevoorstellen.demo import load_collegevoorstel_demo, publish_collegevoorstel_demo
from raadsmemo.collegevoorstellen.models import Collegevoorstel
from raadsmemo.lta.models import Kind, LtaExport, LtaImport
from raadsmemo.meetings import package as agenda_package
from raadsmemo.meetings.models import MeetingKind
from raadsmemo.meetings.tasks import request_package_builds
from raadsmemo.memos import publication
from raadsmemo.people.models import Bestuurder, Fractie
from raadsmemo.verzoeken.models import Agendaverzoek, Inspreekverzoek
from tests.conftest import PASSWORD, add_item, make_item, make_meeting, make_user, publish_memo

LOGIN = "login"
ROLES = ("anonymous", "raadslid", "agendacommissie", "beheerder", "griffie")


@dataclass(frozen=True)
class Row:
    """The expected answers, one per role in the order of ROLES; post=None: the URL takes no POST."""

    get: tuple
    post: tuple | None = None


def each(answer) -> tuple:
    return (answer,) * len(ROLES)


#                    anonymous  raadslid  agendacommissie  beheerder  griffie
PUBLIC = each(200)
GRIFFIE = (LOGIN, 403, 403, 403, 200)
CONCEPTS = (LOGIN, 403, 200, 403, 200)  # the griffie and the agendacommissie
SIGNED_IN = (LOGIN, 200, 200, 200, 200)
GET_405 = each(405)


def write(griffie_answer) -> Row:
    """A write URL (POST only): refused for all but the griffie."""
    return Row(get=GET_405, post=(LOGIN, 403, 403, 403, griffie_answer))


def form(griffie_post) -> Row:
    """A griffie's form page: GET shows it, POST saves it."""
    return Row(get=GRIFFIE, post=(LOGIN, 403, 403, 403, griffie_post))


MATRIX: dict[str, Row] = {
    # Home: the griffie's and the agendacommissie's overview; others are sent to the meetings.
    "home": Row(get=(302, 302, 200, 302, 200)),
    # The site's fixed pages, linked from the footer.
    "accessibility": Row(get=PUBLIC),
    "colofon": Row(get=PUBLIC),
    "theme_css": Row(get=PUBLIC),
    "health": Row(get=PUBLIC),
    # Logging in and out, passwords: Django's own views.
    "login": Row(get=PUBLIC, post=PUBLIC),
    "logout": Row(get=GET_405, post=each(302)),
    "password_change": Row(get=SIGNED_IN, post=(LOGIN, 200, 200, 200, 200)),
    "password_change_done": Row(get=SIGNED_IN),
    "password_reset": Row(get=PUBLIC, post=PUBLIC),
    "password_reset_done": Row(get=PUBLIC),
    "password_reset_confirm": Row(get=PUBLIC),
    "password_reset_complete": Row(get=PUBLIC),
    # Single sign-on is off in the tests: both ends say so.
    "oidc_authentication_init": Row(get=each(404)),
    "oidc_authentication_callback": Row(get=each(404)),
    # Memos: concepts, for the griffie and the agendacommissie; written by the griffie.
    "memos:list": Row(get=CONCEPTS),
    "memos:create": form(200),
    "memos:autosave_new": write(200),
    "memos:rows_new": write(400),  # no row action: nothing to do
    "memos:contact_create_new": write(200),
    "memos:draft_discard_new": write(302),
    "memos:preview": write(200),
    "memos:detail": Row(get=CONCEPTS),
    "memos:edit": form(200),
    "memos:autosave": write(200),
    "memos:rows": write(400),
    "memos:contact_create": write(200),
    "memos:draft_discard": write(302),
    "memos:delete": form(302),
    "memos:pdf": Row(get=CONCEPTS),
    # The memo's workflow (memos/workflow.py): an empty post lacks the revision it was based on.
    "memos:aanbieden": write(409),
    "memos:vaststellen": Row(get=GET_405, post=(LOGIN, 403, 409, 403, 403)),
    "memos:publiceren": write(409),
    "memos:terug_naar_concept": Row(get=GET_405, post=(LOGIN, 403, 409, 403, 409)),
    # A published memo (kik): its versions and their comparison are for everyone who may read it.
    "memos:version": Row(get=PUBLIC),
    "memos:version_pdf": Row(get=PUBLIC),
    "memos:compare": Row(get=PUBLIC),
    # Meetings: public pages and feeds; the builder and its writes for the griffie.
    "meetings:upcoming": Row(get=PUBLIC),
    "meetings:archive": Row(get=PUBLIC),
    "meetings:archive_year": Row(get=PUBLIC),
    "meetings:create": form(200),
    "meetings:ical": Row(get=PUBLIC),
    "meetings:ical_kind": Row(get=PUBLIC),
    "meetings:atom": Row(get=PUBLIC),
    "meetings:detail": Row(get=PUBLIC),
    "meetings:edit": form(200),
    "meetings:move": form(200),
    "meetings:publish": write(302),
    "meetings:unpublish": write(302),
    "meetings:cancel": write(302),
    "meetings:item_add": write(200),
    "meetings:reorder": write(400),
    "meetings:item_up": write(302),
    "meetings:item_down": write(302),
    "meetings:item_remove": write(302),
    "meetings:item_memo_create": write(302),
    "meetings:item_edit": form(200),
    # The item's memo is a concept (stapeling): readers find no memo yet ("memo volgt").
    "meetings:item_memo": Row(get=(404, 404, 200, 404, 200)),
    "meetings:item_memo_pdf": Row(get=(404, 404, 200, 404, 200)),
    "meetings:package": Row(get=each(302)),  # the status block; as a page: to the meeting
    "meetings:package_rebuild": write(302),
    "meetings:package_pdf": Row(get=PUBLIC),
    "meetings:package_internal_pdf": Row(get=CONCEPTS),
    "meetings:ris_package": Row(get=GRIFFIE),  # the ZIP for the RIS and the archive
    # robots.txt and the Woo sitemaps: for every harvester.
    "robots_txt": Row(get=PUBLIC),
    "woo_sitemap_index": Row(get=PUBLIC),
    "woo_sitemap": Row(get=PUBLIC),
    # The directories: the griffie's.
    "people:contact_list": Row(get=GRIFFIE),
    "people:contact_create": form(200),
    "people:contact_edit": form(200),
    "people:fractie_list": Row(get=GRIFFIE),
    "people:fractie_create": form(200),
    "people:fractie_edit": form(200),
    "people:bestuurder_list": Row(get=GRIFFIE),
    "people:bestuurder_create": form(200),
    "people:bestuurder_edit": form(200),
    # The LTA: a public register; every write the griffie's.
    "lta:register": Row(get=PUBLIC),
    "lta:create": form(200),
    "lta:export": Row(get=PUBLIC),
    # A large XLSX made by the worker: anyone signed in asks for one; only its requester (here the
    # griffie) sees how it goes and downloads it.
    "lta:export_request": Row(get=GET_405, post=(LOGIN, 302, 302, 302, 302)),
    "lta:export_status": Row(get=(LOGIN, 404, 404, 404, 200)),
    "lta:export_download": Row(get=(LOGIN, 404, 404, 404, 200)),
    "lta:import": form(200),
    "lta:import_preview": Row(get=GRIFFIE),
    "lta:import_confirm": write(409),
    "lta:lijst": Row(get=PUBLIC),
    "lta:lijst_pdf": Row(get=PUBLIC),  # without a date: the lijst of today
    "lta:pick": Row(get=GRIFFIE),
    "lta:detail": Row(get=PUBLIC),
    "lta:edit": form(200),
    "lta:update_add": write(200),
    "lta:status_set": write(200),
    "lta:afdoening_propose": write(200),
    "lta:afdoen": write(200),
    # Verzoeken: anyone asks; the griffie handles them.
    "verzoeken:privacy": Row(get=PUBLIC),
    "verzoeken:agendaverzoek_create": Row(get=PUBLIC, post=PUBLIC),
    "verzoeken:agendaverzoek_sent": Row(get=PUBLIC),
    "verzoeken:inspreekverzoek_create": Row(get=PUBLIC, post=PUBLIC),
    "verzoeken:inspreekverzoek_sent": Row(get=PUBLIC),
    # The agendacommissie reads the agendaverzoeken and decides on them; the griffie takes them in.
    "verzoeken:agendaverzoek_list": Row(get=CONCEPTS),
    "verzoeken:agendaverzoek_detail": Row(get=CONCEPTS),
    "verzoeken:signature_list": Row(get=(LOGIN, 403, 404, 403, 404)),  # this one has no list
    "verzoeken:agendaverzoek_take_in": write(409),
    "verzoeken:agendaverzoek_grant": Row(get=GET_405, post=(LOGIN, 403, 400, 403, 403)),
    "verzoeken:agendaverzoek_reject": Row(get=GET_405, post=(LOGIN, 403, 400, 403, 403)),
    "verzoeken:agendaverzoek_link_memo": write(409),
    "verzoeken:inspreekverzoek_list": Row(get=GRIFFIE),
    "verzoeken:inspreekverzoek_confirm": write(302),
    "verzoeken:inspreekverzoek_decline": write(400),
    # Collegevoorstellen: written by the griffie; read by her and the agendacommissie (openbaar ones).
    "collegevoorstellen:list": Row(get=CONCEPTS),
    "collegevoorstellen:create": form(200),
    "collegevoorstellen:detail": Row(get=CONCEPTS),
    "collegevoorstellen:pdf": Row(get=CONCEPTS),
    "collegevoorstellen:edit": form(200),
    "collegevoorstellen:preview": write(200),
    "collegevoorstellen:draft_save_new": write(200),
    "collegevoorstellen:draft_discard_new": write(302),
    "collegevoorstellen:draft_save": write(200),
    "collegevoorstellen:draft_discard": write(302),
    # Its workflow (collegevoorstellen/workflow.py), the griffie's alone: an empty post is refused.
    "collegevoorstellen:aanbieden": write(409),
    "collegevoorstellen:vaststellen": write(409),
    "collegevoorstellen:publiceren": write(409),
    "collegevoorstellen:terug_naar_concept": write(409),
    # A published, openbaar one: its versions are for everyone.
    "collegevoorstellen:version": Row(get=PUBLIC),
    "collegevoorstellen:version_pdf": Row(get=PUBLIC),
    # Search: everyone searches what they may see (raadsmemo/search/query.py).
    "search:search": Row(get=PUBLIC),
    # The admin: beheerders only (raadsmemo/accounts/sites.py guards every admin URL at once;
    # these rows stand for all of them).
    # Open data: the API shows everyone what an anonymous visitor sees (tests/api), and its page.
    "open_data": Row(get=PUBLIC),
    "api:root": Row(get=PUBLIC),
    "api:api-root": Row(get=PUBLIC),  # django-ninja's name for the same address
    "api:openapi-json": Row(get=PUBLIC),
    "api:vergaderingen": Row(get=PUBLIC),
    "api:vergadering": Row(get=PUBLIC),
    "api:agendapunten": Row(get=PUBLIC),
    "api:agendapunt": Row(get=PUBLIC),
    "api:informatieobjecten": Row(get=PUBLIC),
    "api:informatieobject": Row(get=PUBLIC),
    "api:fracties": Row(get=PUBLIC),
    "api:fractie": Row(get=PUBLIC),
    "admin:index": Row(get=(LOGIN, 403, 403, 200, 403)),
    "admin:auth_user_changelist": Row(get=(LOGIN, 403, 403, 200, 403)),
    "admin:auth_user_add": Row(get=(LOGIN, 403, 403, 200, 403), post=(LOGIN, 403, 403, 200, 403)),
    "admin:auth_group_changelist": Row(get=(LOGIN, 403, 403, 200, 403)),
    "admin:auth_group_add": Row(get=(LOGIN, 403, 403, 403, 403)),  # roles are fixed: superusers only
}


def url_names(resolver=None, namespace: str = "") -> dict[str, list[str]]:
    """Every named URL of the app and its path parameters."""
    found = {}
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            found.update(url_names(entry, inner))
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            found[name] = list(entry.pattern.converters)
    return found


ALL_URLS = url_names()
# Every admin URL is behind the same guard (BeheerAdminSite.has_permission): the rows above stand
# for the rest; the app's own URLs each need their row.
APP_URLS = sorted(name for name in ALL_URLS if not name.startswith("admin:") or name in MATRIX)


def test_every_url_has_a_row():
    missing = [name for name in APP_URLS if name not in MATRIX]
    assert missing == [], f"add a row to MATRIX for: {missing}"
    assert sorted(set(MATRIX) - set(ALL_URLS)) == [], "MATRIX has rows for URLs that no longer exist"


@pytest.fixture
def world(
    gerda, age, rik, stapeling_memo, kik_memo, contact, monkeypatch, django_capture_on_commit_callbacks
):
    users = {
        "raadslid": rik,
        "agendacommissie": age,
        "beheerder": make_user("bea", BEHEERDER),
        "griffie": gerda,
    }
    fractie = Fractie.objects.create(name="PvdA")
    bestuurder = Bestuurder.objects.create(name="Isabelle Diks", role="wethouder", portefeuille="Werk")
    meeting = make_meeting(date=dt.date(2022, 1, 12))
    item = add_item(meeting, "Stapelingsproject", memo=stapeling_memo)
    # The published version's PDF with a stand-in renderer: the matrix asks who gets an answer,
    # not what the PDF holds (tests/memos/test_versions.py renders real ones).
    monkeypatch.setattr(publication, "render_memo_pdf", lambda context, version=None: b"%PDF-1.7 stand-in")
    add_item(meeting, "Kansen in kaart", memo=publish_memo(kik_memo))
    coming_item = add_item(
        make_meeting(kind=MeetingKind.MENINGSVORMEND, date=dt.date(2030, 5, 15)), "Woonvisie"
    )
    agendaverzoek = Agendaverzoek.objects.create(
        requester="inwoner",
        subject="Oversteekplaatsen",
        explanation="Gevaarlijk.",
        name="A",
        email="a@example.org",
    )
    inspreekverzoek = Inspreekverzoek.objects.create(
        agenda_item=coming_item,
        item_title=coming_item.title,
        meeting_title=coming_item.meeting.title,
        meeting_starts_at=coming_item.meeting.starts_at,
        name="Anna Smit",
        email="anna@example.org",
        text="Over de woonvisie.",
    )
    motie = make_item("M-31", kind=Kind.MOTIE, indieners=[fractie], portefeuillehouder=bestuurder, by=gerda)
    # The meeting's packages, built as the worker would (with a stand-in for the PDF renderer).
    monkeypatch.setattr(
        agenda_package, "render_agenda_package", lambda meeting, audience, progress=None: (b"%PDF-1.7", 1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        request_package_builds(meeting.pk)
    collegevoorstel = load_collegevoorstel_demo()
    monkeypatch.setattr(
        collegevoorstel_publication,
        "render_collegevoorstel_pdf",
        lambda cv, version=None: b"%PDF-1.7 stand-in",
    )
    published_cv = Collegevoorstel.objects.create(
        zaak="Zaak", datum=dt.date(2021, 3, 30), auteur="A", onderwerp="Gepubliceerd", voorstel="Ja."
    )
    publish_collegevoorstel_demo(published_cv, by=gerda)
    upload = LtaImport.objects.create(filename="lta.csv", table=[["Nummer"], ["M-31"]], created_by=gerda)
    export = LtaExport.objects.create(requester=gerda, item_ids=[motie.pk], status=LtaExport.Status.KLAAR)
    export.file.save("lta-export.xlsx", ContentFile(b"PK stand-in"), save=True)
    params = {
        "memos": {"pk": stapeling_memo.pk},
        "memos:version": {"pk": kik_memo.pk, "number": 1},
        "memos:compare": {"pk": kik_memo.pk},
        "meetings": {"pk": meeting.pk, "item_pk": item.pk, "year": 2022, "kind": "beeldvormend"},
        "people:contact": {"pk": contact.pk},
        "people:fractie": {"pk": fractie.pk},
        "people:bestuurder": {"pk": bestuurder.pk},
        "lta": {"number": motie.number, "fmt": "csv", "token": upload.token},
        "lta:export_": {"pk": export.pk},
        "verzoeken:agendaverzoek": {"pk": agendaverzoek.pk},
        "verzoeken:signature": {"pk": agendaverzoek.pk},
        "verzoeken:inspreekverzoek_create": {"item_pk": coming_item.pk},
        "verzoeken:inspreekverzoek": {"pk": inspreekverzoek.pk},
        "collegevoorstellen": {"pk": collegevoorstel.pk},
        "collegevoorstellen:version": {"pk": published_cv.pk, "number": 1},
        "password_reset_confirm": {"uidb64": "MQ", "token": "verlopen-token"},
        "woo_sitemap": {"part": "memos", "page": 1},
        "api:vergadering": {"id": str(meeting.pk)},
        "api:agendapunt": {"id": str(item.pk)},
        "api:informatieobject": {"id": f"lta-{motie.number}"},
        "api:fractie": {"id": str(fractie.pk)},
    }
    return users, params


def kwargs_for(name: str, params: dict) -> dict:
    """The path parameters of a URL from the world: the longest key that the name starts with."""
    wanted = ALL_URLS[name]
    if not wanted:
        return {}
    key = max((k for k in params if name.startswith(k)), key=len)
    return {p: params[key][p] for p in wanted}


def answer(client, response) -> object:
    """The status, LOGIN for a redirect to the login page; the admin's own login page is followed
    (it sends a visitor on to ours and refuses a signed-in non-beheerder with 403)."""
    if response.status_code == 302 and response["Location"].startswith(reverse("admin:login")):
        response = client.get(response["Location"])
    if response.status_code == 302 and response["Location"].startswith(reverse("login")):
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_the_answer_of_every_url_to_every_role(world, name, settings):
    settings.AXES_ENABLED = False  # the login row posts an empty form for every role
    users, params = world
    url = reverse(name, kwargs=kwargs_for(name, params))
    row = MATRIX[name]
    got_get, got_post = [], []
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(users[role])
        got_get.append(answer(client, client.get(url)))
        if row.post is not None:
            got_post.append(answer(client, client.post(url, {})))
    assert tuple(got_get) == row.get, f"GET {url}: {dict(zip(ROLES, got_get, strict=True))}"
    if row.post is not None:
        assert tuple(got_post) == row.post, f"POST {url}: {dict(zip(ROLES, got_post, strict=True))}"


def test_a_non_beheerder_superuser_reaches_the_admin(db):
    """Superusers pass every guard (the role checks treat them as griffie and beheerder)."""
    get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)
    client = Client()
    client.force_login(get_user_model().objects.get(username="root"))
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("meetings:create")).status_code == 200
