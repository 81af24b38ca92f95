"""A council's data with something of everything that must and must not reach the open data API.

The PDFs are stand-ins (the API reads none; tests/memos and tests/meetings render real ones)."""

import datetime as dt
from dataclasses import dataclass, field

import pytest

from raadsmemo.collegevoorstellen import publication as collegevoorstel_publication
from raadsmemo.collegevoorstellen.demo import publish_collegevoorstel_demo
from raadsmemo.collegevoorstellen.models import Collegevoorstel
from raadsmemo.lta.models import Kind
from raadsmemo.meetings import package as agenda_package
from raadsmemo.meetings.models import AgendaStuk, MeetingKind
from raadsmemo.meetings.tasks import request_package_builds
from raadsmemo.memos import publication
from raadsmemo.memos.models import Memo
from tests.conftest import add_item, make_item, make_meeting, publish_memo


@dataclass
class World:
    """What the API must show (`public`) and what it must never show (`hidden`), by resource."""

    public: dict[str, set[str]] = field(default_factory=dict)
    hidden: dict[str, set[str]] = field(default_factory=dict)
    hidden_titles: list[str] = field(default_factory=list)
    objects: dict = field(default_factory=dict)


@pytest.fixture
def stand_in_pdfs(monkeypatch):
    monkeypatch.setattr(publication, "render_memo_pdf", lambda context, version=None: b"%PDF-1.7 stand-in")
    monkeypatch.setattr(
        collegevoorstel_publication,
        "render_collegevoorstel_pdf",
        lambda cv, version=None: b"%PDF-1.7 stand-in",
    )
    monkeypatch.setattr(
        agenda_package, "render_agenda_package", lambda meeting, audience, progress=None: (b"%PDF-1.7", 1)
    )


def build_packages(meeting, capture):
    with capture(execute=True):
        request_package_builds(meeting.pk)


def secret_memo(title: str, confidentiality: str, by) -> Memo:
    memo = Memo.objects.create(
        purpose="beeldvormend", datum=dt.date(2022, 1, 12), title=title, confidentiality=confidentiality
    )
    return publish_memo(memo, by=by)


@pytest.fixture
def world(
    gerda, stapeling_memo, kik_memo, m31, toezegging, stand_in_pdfs, django_capture_on_commit_callbacks
):
    w = World()
    meeting = make_meeting(title="Beeldvormende sessie stapeling", date=dt.date(2022, 1, 12))
    raad = make_meeting(
        kind=MeetingKind.RAADSVERGADERING, title="Raadsvergadering januari", date=dt.date(2022, 1, 26)
    )
    shown = add_item(meeting, "Stapelingsproject", memo=publish_memo(stapeling_memo, by=gerda))
    voorstel = AgendaStuk.objects.create(
        item=shown, label="Raadsvoorstel stapeling", url="https://ris.example.org/raadsvoorstel.pdf"
    )
    AgendaStuk.objects.create(
        item=shown,
        label="Vertrouwelijke bijlage stapeling",
        url="https://ris.example.org/v.pdf",
        confidentiality="vertrouwelijk",
    )
    closed_item = add_item(meeting, "Besloten grondaankoop", confidentiality="vertrouwelijk")
    closed_stuk = AgendaStuk.objects.create(
        item=closed_item, label="Taxatie grondaankoop", url="https://ris.example.org/t.pdf"
    )
    concept_item = add_item(meeting, "Kansen in kaart", memo=kik_memo)  # a concept memo: not published
    vertrouwelijk = secret_memo("Vertrouwelijke memo parkeren", "vertrouwelijk", gerda)
    with_secret_memo = add_item(meeting, "Parkeren", memo=vertrouwelijk)
    hamerstuk = add_item(raad, "Vaststellen notulen", treatment="hamerstuk")
    geheim_item = add_item(
        raad,
        "Geheim punt aanbesteding",
        confidentiality="geheim",
        grondslag="gemeentewet-25",
        secret_until=dt.date(2030, 1, 1),
    )
    geheim_stuk = AgendaStuk.objects.create(
        item=hamerstuk,
        label="Geheim stuk notulen",
        url="https://ris.example.org/g.pdf",
        confidentiality="geheim",
    )
    build_packages(meeting, django_capture_on_commit_callbacks)

    unpublished = make_meeting(published=False, title="Ongepubliceerde sessie", date=dt.date(2022, 2, 2))
    unpublished_item = add_item(unpublished, "Ongepubliceerd punt")
    unpublished_stuk = AgendaStuk.objects.create(
        item=unpublished_item, label="Ongepubliceerd stuk", url="https://ris.example.org/o.pdf"
    )
    besloten = make_meeting(title="Besloten vergadering", is_public=False, date=dt.date(2022, 2, 9))
    besloten_item = add_item(besloten, "Punt in besloten vergadering")

    lta_vertrouwelijk = make_item(
        "2020-5", title="Vertrouwelijke toezegging", confidentiality="vertrouwelijk", by=gerda
    )
    lta_geheim = make_item(
        "2020-6",
        title="Geheime toezegging",
        confidentiality="geheim",
        grondslag="gemeentewet-25",
        secret_until=dt.date(2030, 1, 1),
        by=gerda,
    )
    make_item("2020-7", kind=Kind.INITIATIEFVOORSTEL, title="Initiatiefvoorstel bomen", by=gerda)

    published_cv = Collegevoorstel.objects.create(
        zaak="Zaak",
        datum=dt.date(2021, 3, 30),
        auteur="A",
        onderwerp="Gepubliceerd collegevoorstel",
        voorstel="Ja.",
    )
    published_cv = publish_collegevoorstel_demo(published_cv, by=gerda)
    concept_cv = Collegevoorstel.objects.create(
        zaak="Zaak",
        datum=dt.date(2021, 3, 30),
        auteur="A",
        onderwerp="Concept collegevoorstel",
        voorstel="Nee.",
    )

    w.public = {
        "vergaderingen": {str(meeting.pk), str(raad.pk)},
        "agendapunten": {str(shown.pk), str(concept_item.pk), str(with_secret_memo.pk), str(hamerstuk.pk)},
        "informatieobjecten": {
            f"memo-{stapeling_memo.pk}-v1",
            f"stuk-{voorstel.pk}",
            f"agendapakket-{meeting.pk}",
            f"collegevoorstel-{published_cv.pk}-v1",
            "lta-M-31",
            "lta-2019-300",
        },
    }
    w.hidden = {
        "vergaderingen": {str(unpublished.pk), str(besloten.pk), "0", "abc", "99999999999999999999"},
        "agendapunten": {
            str(closed_item.pk),
            str(geheim_item.pk),
            str(unpublished_item.pk),
            str(besloten_item.pk),
            "²",
        },
        "informatieobjecten": {
            f"memo-{kik_memo.pk}-v1",  # a concept: no version
            f"memo-{vertrouwelijk.pk}-v1",
            f"stuk-{closed_stuk.pk}",
            f"stuk-{geheim_stuk.pk}",
            f"stuk-{unpublished_stuk.pk}",
            f"stuk-{voorstel.pk + 1}",  # the vertrouwelijke bijlage
            f"agendapakket-{unpublished.pk}",
            f"agendapakket-{besloten.pk}",
            f"collegevoorstel-{concept_cv.pk}-v1",
            f"lta-{lta_vertrouwelijk.number}",
            f"lta-{lta_geheim.number}",
            "lta-2020-7",
            "memo-99999999999999999999-v1",
            "iets-anders",
        },
    }
    w.hidden_titles = [
        "Vertrouwelijke bijlage",
        "Geheim punt aanbesteding",
        "Geheim stuk notulen",
        "Besloten grondaankoop",
        "Taxatie grondaankoop",
        "Vertrouwelijke memo",
        "Ongepubliceerd",
        "Besloten vergadering",
        "Punt in besloten vergadering",
        "Vertrouwelijke toezegging",
        "Geheime toezegging",
        "Initiatiefvoorstel bomen",
        "Concept collegevoorstel",
        "Kansen in kaart (KIK) – een nieuwe fase",  # the concept memo's title (its item is "Kansen in kaart")
    ]
    w.objects = {"meeting": meeting, "raad": raad, "shown": shown, "m31": m31, "stapeling": stapeling_memo}
    return w
