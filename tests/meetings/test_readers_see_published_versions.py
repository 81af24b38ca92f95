"""An anonymous visitor (and a raadslid) never meets a concept memo: not on a page, in a feed, in
a calendar or in a PDF. The griffie and the agendacommissie see the concept, marked as one.
Publishing a meeting publishes its vastgestelde memos; a new version announces a changed agenda."""

import datetime as dt
import io
import xml.etree.ElementTree as ET

import icalendar
import pypdf
import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from raadsmemo.concurrency import ANY_REVISION
from raadsmemo.meetings import package as agenda_package
from raadsmemo.meetings.models import AgendaPackage, Meeting
from raadsmemo.memos.models import Status
from raadsmemo.memos.publication import memo_take_step
from raadsmemo.memos.workflow import AANBIEDEN, TERUG_NAAR_CONCEPT, VASTSTELLEN
from tests.conftest import add_item, client_for, make_meeting, publish_memo

CONCEPT_TEXT = "Op de LTA stond oorspronkelijk een toezegging"  # the stapeling memo's summary
ATOM = "{http://www.w3.org/2005/Atom}"
Audience = AgendaPackage.Audience


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def concept_on_public_agenda(stapeling_memo):
    meeting = make_meeting(title="Beeldvormende sessie Stapeling")
    item = add_item(meeting, "Stapeling", 60, memo=stapeling_memo)
    return meeting, item, stapeling_memo


def every_channel(client, meeting, item, memo) -> dict[str, str]:
    """What the visitor gets from each channel, as text (status codes where there is nothing)."""
    out = {}
    out["meeting page"] = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    response = client.get(reverse("meetings:item_memo", args=[meeting.pk, item.pk]))
    out["memo in place"] = f"{response.status_code} {response.content.decode()}"
    response = client.get(reverse("meetings:item_memo_pdf", args=[meeting.pk, item.pk]))
    out["memo pdf"] = str(response.status_code)
    response = client.get(reverse("memos:detail", args=[memo.pk]))
    out["memo page"] = f"{response.status_code} {response.get('Location', '')}"
    response = client.get(reverse("memos:pdf", args=[memo.pk]))
    out["memo pdf address"] = f"{response.status_code} {response.get('Location', '')}"
    out["atom"] = client.get("/vergaderingen/agendas.atom").content.decode()
    out["ical"] = client.get("/vergaderingen/agenda.ics").content.decode()
    return out


@pytest.mark.django_db
def test_anonymous_and_raadslid_never_meet_a_concept(client, rik, concept_on_public_agenda):
    meeting, item, memo = concept_on_public_agenda
    for who in (client, client_for(rik)):
        seen = every_channel(who, meeting, item, memo)
        for channel, text in seen.items():
            assert CONCEPT_TEXT not in text, channel
        assert "memo volgt" in seen["meeting page"]
        assert reverse("meetings:item_memo", args=[meeting.pk, item.pk]) not in seen["meeting page"]
        assert seen["memo in place"].startswith("404")
        assert seen["memo pdf"] == "404"
        assert seen["memo page"].split()[0] in ("302", "403")  # login (anonymous) or 403 (raadslid)
        assert "/versie/" not in seen["memo page"] and "/versie/" not in seen["memo pdf address"]
        assert "voorbereidingsmemo volgt" in seen["atom"]

    # The public package says the memo follows and holds nothing of the concept.
    entries = agenda_package.package_entries(meeting, Audience.PUBLIC)
    assert [(e.memo, e.note) for e in entries] == [(None, "De voorbereidingsmemo bij dit agendapunt volgt.")]
    data, _ = agenda_package.render_agenda_package(meeting, Audience.PUBLIC)
    assert "Stapelings- en doorbraakproject" not in pdf_text(data) and CONCEPT_TEXT not in pdf_text(data)


@pytest.mark.django_db
def test_once_published_the_reader_gets_the_frozen_version_everywhere(
    client, gerda, concept_on_public_agenda
):
    meeting, item, memo = concept_on_public_agenda
    publish_memo(memo, by=gerda)
    seen = every_channel(client, meeting, item, memo)
    assert "memo volgt" not in seen["meeting page"]
    assert CONCEPT_TEXT in seen["memo in place"] and seen["memo in place"].startswith("200")
    assert seen["memo pdf"] == "200"
    assert seen["memo page"] == f"302 {memo.current_version.get_absolute_url()}"
    # The public package shows the published version, from its snapshot.
    entries = agenda_package.package_entries(meeting, Audience.PUBLIC)
    assert entries[0].memo["memo"].title == "Voortgang stapelings- en doorbraakproject"
    assert entries[0].memo["concept"] is False

    # Back to concept and changed: the reader and the public package keep the published text.
    memo_take_step(
        memo=memo,
        step=TERUG_NAAR_CONCEPT,
        by=gerda,
        reason="Nieuw programma.",
        based_on_revision=ANY_REVISION,
    )
    memo.samenvatting = "Een geheime nieuwe samenvatting."
    memo.save(update_fields=["samenvatting"])
    seen = every_channel(client, meeting, item, memo)
    assert all("geheime nieuwe samenvatting" not in text for text in seen.values())
    assert CONCEPT_TEXT in seen["memo in place"]
    entries = agenda_package.package_entries(meeting, Audience.PUBLIC)
    assert "geheime" not in str(entries[0].memo["memo"].samenvatting)
    internal = agenda_package.package_entries(meeting, Audience.INTERNAL)
    assert internal[0].memo["concept"] is True and "geheime" in internal[0].memo["memo"].samenvatting


@pytest.mark.django_db
def test_griffie_and_agendacommissie_see_the_concept_marked_everywhere(gerda, age, concept_on_public_agenda):
    meeting, item, memo = concept_on_public_agenda
    for user in (gerda, age):
        client = client_for(user)
        page = client.get(reverse("memos:detail", args=[memo.pk])).content.decode()
        assert "Concept: niet gepubliceerd" in page and "Er is nog geen gepubliceerde versie." in page
        fragment = client.get(reverse("meetings:item_memo", args=[meeting.pk, item.pk])).content.decode()
        assert "Concept: niet gepubliceerd" in fragment and CONCEPT_TEXT in fragment
        meeting_page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
        assert "concept: concept" in meeting_page
    preview = client_for(gerda).post(reverse("memos:preview"), {"title": "Nieuw", "purpose": "beeldvormend"})
    assert "Concept: niet gepubliceerd" in preview.content.decode()
    pdf = client_for(gerda).get(reverse("memos:pdf", args=[memo.pk])).content
    text = pdf_text(pdf)
    assert text.count("CONCEPT — niet gepubliceerd") == len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Concept: niet gepubliceerd" in text or "CONCEPT: NIET GEPUBLICEERD" in text.upper()


@pytest.mark.django_db
def test_publishing_the_meeting_publishes_its_vastgestelde_memos(
    client, gerda, age, stapeling_memo, kik_memo
):
    meeting = make_meeting(published=False)
    add_item(meeting, "Stapeling", memo=stapeling_memo)
    add_item(meeting, "Kansen in kaart", memo=kik_memo)
    memo_take_step(memo=stapeling_memo, step=AANBIEDEN, by=gerda, based_on_revision=ANY_REVISION)
    memo_take_step(memo=stapeling_memo, step=VASTSTELLEN, by=age, based_on_revision=ANY_REVISION)

    response = client_for(gerda).post(reverse("meetings:publish", args=[meeting.pk]))
    assert response.status_code == 302
    stapeling_memo.refresh_from_db()
    kik_memo.refresh_from_db()
    assert stapeling_memo.status == Status.GEPUBLICEERD
    assert stapeling_memo.current_version.published_by == gerda
    assert kik_memo.status == Status.CONCEPT and kik_memo.current_version is None
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert page.count("memo volgt") == 1


@pytest.mark.django_db
def test_a_new_version_on_a_published_agenda_announces_a_changed_agenda(
    client, gerda, concept_on_public_agenda
):
    meeting, item, memo = concept_on_public_agenda
    with time_machine.travel(dt.datetime(2022, 1, 3, 9, tzinfo=dt.UTC), tick=False):
        publish_memo(memo, by=gerda)
    meeting.refresh_from_db()
    sequence = meeting.sequence
    atom = ET.fromstring(client.get("/vergaderingen/agendas.atom").content).find(f"{ATOM}entry")
    updated = atom.findtext(f"{ATOM}updated")

    memo_take_step(
        memo=memo, step=TERUG_NAAR_CONCEPT, by=gerda, reason="Nieuwe spreker.", based_on_revision=ANY_REVISION
    )
    meeting.refresh_from_db()
    assert meeting.sequence == sequence  # a concept changes nothing readers see
    with time_machine.travel(dt.datetime(2022, 1, 10, 14, tzinfo=dt.UTC), tick=False):
        publish_memo(memo, by=gerda, reason="Nieuwe spreker.")
    assert Meeting.objects.get(pk=meeting.pk).sequence == sequence + 1

    with time_machine.travel(dt.datetime(2022, 1, 10, 15, tzinfo=dt.UTC)):
        calendar = icalendar.Calendar.from_ical(client.get("/vergaderingen/agenda.ics").content)
    assert [int(e["SEQUENCE"]) for e in calendar.events] == [sequence + 1]
    entry = ET.fromstring(client.get("/vergaderingen/agendas.atom").content).find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}updated") != updated
    assert "voorbereidingsmemo gewijzigd op 10 januari 2022: Nieuwe spreker." in entry.findtext(
        f"{ATOM}summary"
    )


@pytest.mark.django_db
def test_memo_visibility_rule_is_one_rule(concept_on_public_agenda, gerda):
    _, item, memo = concept_on_public_agenda
    assert not item.memo_visible_to(AnonymousUser()) and item.memo_follows_for(AnonymousUser())
    publish_memo(memo, by=gerda)
    item.refresh_from_db()
    assert item.memo_visible_to(AnonymousUser()) and not item.memo_follows_for(AnonymousUser())
