"""The LTA and real meetings: the forms pick a meeting, the item page says where it was treated,
the lijst is made for a meeting, and import and export carry the meeting's title."""

import datetime as dt
import io

import pikepdf
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from raadsmemo.lta.models import Kind, LtaItem, Status
from raadsmemo.lta.services import lta_import, lta_item_afdoen, lta_item_propose_afdoening, lta_item_update
from raadsmemo.lta.tables import read_table
from raadsmemo.lta.transfer import export_csv, plan_import
from raadsmemo.meetings.models import MeetingKind, MeetingStatus
from raadsmemo.memos.models import Memo
from tests.conftest import add_item, client_for, downloaded, make_item, make_meeting, publish_memo


def raad(day: dt.date, **fields):
    fields.setdefault("title", "Raadsvergadering")
    return make_meeting(
        kind=MeetingKind.RAADSVERGADERING,
        date=day,
        start_time=dt.time(19, 0),
        end_time=dt.time(23, 0),
        **fields,
    )


@pytest.fixture
def raad_2021(db):
    return raad(dt.date(2021, 3, 24))


def item_form_data(**overrides) -> dict:
    data = {
        "number": "2026-40",
        "kind": "toezegging",
        "title": "De raad informeren over de warmtevisie",
        "text": "",
        "portefeuillehouder": "",
        "made_in_meeting": "",
        "made_in": "",
        "made_on": "",
        "planned_month": "",
        "deadline": "",
    }
    return {**data, **overrides}


# Forms -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_item_form_offers_meetings_newest_first_and_fills_the_date(griffie_client, raad_2021):
    newer = raad(dt.date(2026, 12, 16))
    make_meeting(title="Geannuleerde sessie", date=dt.date(2026, 12, 2), status=MeetingStatus.GEANNULEERD)
    page = griffie_client.get(reverse("lta:create")).content.decode()
    select = page.split('name="made_in_meeting"', 1)[1].split("</select>", 1)[0]
    assert select.index("Raadsvergadering 16 december 2026") < select.index("Raadsvergadering 24 maart 2021")
    assert "Geannuleerde sessie" not in select

    response = griffie_client.post(
        reverse("lta:create"), item_form_data(made_in_meeting=newer.pk, made_in="getypt")
    )
    assert response.status_code == 302
    item = LtaItem.objects.get(number="2026-40")
    assert item.made_in_meeting == newer
    assert item.made_on == dt.date(2026, 12, 16)  # from the meeting
    assert item.made_in == ""  # the meeting is the record


@pytest.mark.django_db
def test_item_form_still_takes_a_typed_meeting(griffie_client):
    data = item_form_data(made_in="raadsvergadering 27 november 2019", made_on="27-11-2019", number="2019-12")
    assert griffie_client.post(reverse("lta:create"), data).status_code == 302
    item = LtaItem.objects.get(number="2019-12")
    assert (item.made_in_meeting, item.made_in, item.made_on) == (
        None,
        "raadsvergadering 27 november 2019",
        dt.date(2019, 11, 27),
    )
    page = griffie_client.get(item.get_absolute_url()).content.decode()
    assert "raadsvergadering 27 november 2019, 27 november 2019" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"made_in_meeting": "99999"}, "made_in_meeting", "Deze vergadering bestaat niet (meer)."),
        ({"made_in_meeting": "abc"}, "made_in_meeting", "Deze vergadering bestaat niet (meer)."),
        (
            {"made_in_meeting": "RAAD", "made_on": "2021-03-23"},
            "made_on",
            "De datum 23-03-2021 past niet bij de gekozen vergadering: Raadsvergadering 24 maart 2021",
        ),
    ],
)
def test_item_form_refuses_a_bad_meeting_in_dutch(griffie_client, raad_2021, overrides, field, message):
    if overrides.get("made_in_meeting") == "RAAD":
        overrides["made_in_meeting"] = raad_2021.pk
    response = griffie_client.post(reverse("lta:create"), item_form_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert not LtaItem.objects.filter(number="2026-40").exists()


@pytest.mark.django_db
def test_editing_keeps_a_meeting_that_was_cancelled_later(griffie_client, toezegging, raad_2021):
    toezegging.made_in_meeting, toezegging.made_on = raad_2021, raad_2021.date
    lta_item_update(item=toezegging, fields=["made_in_meeting", "made_on"])
    raad_2021.status = MeetingStatus.GEANNULEERD
    raad_2021.save(update_fields=["status"])
    data = item_form_data(
        number="2019-300",
        title="Nieuwe titel",
        made_in_meeting=raad_2021.pk,
        made_on="2021-03-24",
        portefeuillehouder=toezegging.portefeuillehouder_id,
        revision=LtaItem.objects.get(pk=toezegging.pk).revision,
    )
    response = griffie_client.post(reverse("lta:edit", args=["2019-300"]), data)
    assert response.status_code == 302
    toezegging.refresh_from_db()
    assert toezegging.title == "Nieuwe titel" and toezegging.made_in_meeting == raad_2021


def decide(client, item, **data):
    return client.post(reverse("lta:afdoen", args=[item.number]), data)


@pytest.fixture
def proposed(toezegging, gerda):
    return lta_item_propose_afdoening(item=toezegging, reason="Besproken.", by=gerda, on=dt.date(2021, 3, 10))


@pytest.mark.django_db
def test_decision_picks_the_raadsvergadering_and_takes_its_date(griffie_client, proposed, raad_2021):
    make_meeting(title="Beeldvormende sessie X", date=dt.date(2021, 3, 17))
    page = griffie_client.get(proposed.get_absolute_url()).content.decode()
    select = page.split('name="besluit-vergadering"', 1)[1].split("</select>", 1)[0]
    assert "Raadsvergadering 24 maart 2021" in select and "Beeldvormende sessie X" not in select

    response = decide(
        griffie_client, proposed, **{"besluit-afgedaan": "ja", "besluit-vergadering": raad_2021.pk}
    )
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == Status.AFGEDAAN
    assert (proposed.afgedaan_in_meeting, proposed.afgedaan_on, proposed.afgedaan_in) == (
        raad_2021,
        dt.date(2021, 3, 24),
        "",
    )
    assert proposed.updates.first().text == "Afgedaan door de raad in Raadsvergadering 24 maart 2021."
    page = griffie_client.get(proposed.get_absolute_url()).content.decode()
    info = page.split("Gegevens van dit item", 1)[1]
    assert f'<a class="utrecht-link" href="{raad_2021.get_absolute_url()}">Raadsvergadering</a>' in info


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Kies de raadsvergadering waarin de raad besloot, of typ die in."),
        ({"besluit-vergadering": "424242"}, "Deze vergadering bestaat niet (meer)."),
        ({"besluit-meeting": "raadsvergadering"}, "Vul de datum van het besluit in."),
        ({"besluit-vergadering": "OLD"}, "De raad kan niet besluiten vóór het voorstel van 10-03-2021."),
        ({"besluit-vergadering": "FUTURE"}, "De raad heeft in deze vergadering nog niet besloten"),
        (
            {"besluit-vergadering": "RAAD", "besluit-decided_on": "2021-03-25"},
            "De datum 25-03-2021 past niet bij de gekozen vergadering",
        ),
        (
            {"besluit-meeting": "raad", "besluit-decided_on": "2021-03-01"},
            "De raad kan niet besluiten vóór het voorstel van 10-03-2021.",
        ),
    ],
)
def test_decision_with_bad_input_is_refused_in_dutch(griffie_client, proposed, raad_2021, data, message):
    meetings = {
        "RAAD": raad_2021,
        "OLD": raad(dt.date(2021, 3, 3), title="Raadsvergadering maart"),
        "FUTURE": raad(dt.date.today() + dt.timedelta(days=30), title="Komende raadsvergadering"),
    }
    data = {k: meetings[v].pk if v in meetings else v for k, v in data.items()}
    response = decide(griffie_client, proposed, **{"besluit-afgedaan": "ja", **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    proposed.refresh_from_db()
    assert proposed.status == Status.OPEN and proposed.afgedaan_in_meeting is None


# Item page: "Behandeld in" ------------------------------------------------------------------


@pytest.fixture
def treated(toezegging, kik_memo, gerda, raad_2021):
    """2019-300 made in one raadsvergadering, treated in a sessie (memo), afgedaan in another."""
    made_in = raad(dt.date(2019, 11, 27))
    sessie = make_meeting(
        kind=MeetingKind.MENINGSVORMEND,
        title="Meningsvormende sessie Kansen in kaart",
        date=dt.date(2021, 3, 3),
    )
    add_item(sessie, "Kansen in kaart", memo=kik_memo)
    Memo.objects.filter(pk=kik_memo.pk).update(lta_item=toezegging)
    publish_memo(kik_memo, by=gerda)
    toezegging.made_in_meeting, toezegging.made_on = made_in, made_in.date
    lta_item_update(item=toezegging, fields=["made_in_meeting", "made_on"])
    lta_item_propose_afdoening(item=toezegging, reason="Besproken.", by=gerda, on=dt.date(2021, 3, 10))
    lta_item_afdoen(item=toezegging, decided_on=raad_2021.date, meeting=raad_2021, by=gerda)
    return {"made": made_in, "sessie": sessie, "afgedaan": raad_2021}


def behandeld(page: str) -> str:
    return page.split('id="behandeld-heading"', 1)[1].split("</section>", 1)[0]


@pytest.mark.django_db
def test_item_page_lists_the_meetings_that_treated_it(client, toezegging, treated):
    section = behandeld(client.get(toezegging.get_absolute_url()).content.decode())
    made, sessie, afgedaan = (treated[k] for k in ("made", "sessie", "afgedaan"))
    assert section.index(made.get_absolute_url()) < section.index(sessie.get_absolute_url())
    assert section.index(sessie.get_absolute_url()) < section.index(afgedaan.get_absolute_url())
    assert "27 november 2019" in section and "toegezegd" in section
    assert "3 maart 2021" in section and "agendapunt" in section and "Kansen in kaart" in section
    assert "24 maart 2021" in section and "afgedaan door de raad" in section


@pytest.mark.django_db
def test_item_page_hides_meetings_the_visitor_may_not_see(client, griffie_client, toezegging, treated):
    from raadsmemo.meetings.services import meeting_publish

    meeting_publish(meeting=treated["sessie"], publish=False, by=None)
    treated["made"].is_public = False
    treated["made"].save(update_fields=["is_public"])
    anonymous = client.get(toezegging.get_absolute_url()).content.decode()
    section = behandeld(anonymous)
    assert treated["sessie"].get_absolute_url() not in section
    assert treated["made"].get_absolute_url() not in anonymous
    assert treated["afgedaan"].get_absolute_url() in section
    # The griffie sees them all.
    section = behandeld(griffie_client.get(toezegging.get_absolute_url()).content.decode())
    for meeting in treated.values():
        assert meeting.get_absolute_url() in section


@pytest.mark.django_db
def test_a_closed_agenda_item_or_confidential_memo_does_not_name_its_meeting(
    client, toezegging, treated, age
):
    item = treated["sessie"].items.get()
    item.confidentiality = "vertrouwelijk"
    item.save(update_fields=["confidentiality"])
    assert treated["sessie"].get_absolute_url() not in behandeld(
        client.get(toezegging.get_absolute_url()).content.decode()
    )
    assert treated["sessie"].get_absolute_url() in behandeld(
        client_for(age).get(toezegging.get_absolute_url()).content.decode()
    )
    item.confidentiality = "openbaar"
    item.save(update_fields=["confidentiality"])
    Memo.objects.filter(pk=item.memo_id).update(confidentiality="vertrouwelijk")
    assert treated["sessie"].get_absolute_url() not in behandeld(
        client.get(toezegging.get_absolute_url()).content.decode()
    )


@pytest.mark.django_db
def test_item_page_query_count_does_not_grow_with_its_meetings(griffie_client, toezegging, treated, gerda):
    url = toezegging.get_absolute_url()
    with CaptureQueriesContext(connection) as few:
        assert griffie_client.get(url).status_code == 200
    for n in range(4):
        meeting = make_meeting(title=f"Sessie {n}", date=dt.date(2021, 4, 7 + n))
        memo = Memo.objects.create(
            title=f"Memo {n}", purpose="beeldvormend", datum=meeting.date, lta_item=toezegging
        )
        add_item(meeting, f"Punt {n}", memo=memo)
    with CaptureQueriesContext(connection) as many:
        page = griffie_client.get(url).content.decode()
    assert "Sessie 3" in behandeld(page)
    assert len(many) == len(few)


# The lijst for a meeting ----------------------------------------------------------------------


@pytest.fixture
def december(m31, toezegging):
    make_item("2026-1", deadline=dt.date(2026, 12, 16), title="Op de dag zelf")
    make_item("2026-2", deadline=dt.date(2026, 12, 17), title="Een dag later")
    return raad(dt.date(2026, 12, 16))


@pytest.mark.django_db
def test_lijst_for_a_meeting(client, december):
    page = client.get(reverse("lta:lijst") + f"?vergadering={december.pk}").content.decode()
    body = page.split('id="lijst-body"', 1)[1]
    assert "Lijst van toezeggingen en moties: Raadsvergadering 16 december 2026" in body
    assert "Raadsvergadering, woensdag 16 december 2026" in body
    assert "Op de dag zelf" in body and "M-31" in body and "Een dag later" not in body
    assert f"?vergadering={december.pk}" in page  # the PDF link keeps the meeting


@pytest.mark.django_db
def test_lijst_pdf_for_a_meeting_carries_its_title(client, december, tmp_path):
    from tests.publishing import pdfcheck

    response = client.get(reverse("lta:lijst_pdf") + f"?vergadering={december.pk}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="2026-12-16-lijst-toezeggingen-en-moties-raadsvergadering.pdf"'
    )
    path = tmp_path / "lijst.pdf"
    path.write_bytes(response.content)
    assert pdfcheck.check(str(path))["failures"] == []
    pdf = pikepdf.open(io.BytesIO(response.content))
    assert str(pdf.docinfo.Title) == "Lijst van toezeggingen en moties, Raadsvergadering 16 december 2026"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["lta:lijst", "lta:lijst_pdf"])
def test_lijst_for_a_hidden_or_unknown_meeting_is_404(client, griffie_client, name):
    hidden = raad(dt.date(2026, 12, 16), published=False)
    for pk in (hidden.pk, 99999, "abc"):
        assert client.get(reverse(name) + f"?vergadering={pk}").status_code == 404
    assert griffie_client.get(reverse(name) + f"?vergadering={hidden.pk}").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "linked"),
    [
        (MeetingKind.RAADSVERGADERING, True),
        (MeetingKind.MENINGSVORMEND, True),
        (MeetingKind.BEELDVORMEND, False),
    ],
)
def test_meeting_page_and_builder_link_the_lijst(client, griffie_client, kind, linked):
    meeting = make_meeting(kind=kind, title="Vergadering")
    url = reverse("lta:lijst") + f"?vergadering={meeting.pk}"
    assert (url in client.get(meeting.get_absolute_url()).content.decode()) is linked
    builder = griffie_client.get(reverse("meetings:edit", args=[meeting.pk])).content.decode()
    assert (reverse("lta:lijst_pdf") + f"?vergadering={meeting.pk}" in builder) is linked


# Import and export ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_links_a_meeting_by_exact_title_and_date_and_export_writes_it(gerda, raad_2021):
    table = [
        ["nummer", "soort", "titel", "vergadering", "datum vergadering"],
        ["2021-1", "toezegging", "Gelinkt", "Raadsvergadering", "24-03-2021"],
        ["2021-2", "toezegging", "Andere dag", "Raadsvergadering", "25-03-2021"],
        ["2021-3", "toezegging", "Andere tekst", "raadsvergadering", "24-03-2021"],
    ]
    plan = plan_import(table)
    assert plan.errors == []
    lta_import(plan=plan, filename="lta.csv", by=gerda)
    linked, other_day, other_text = (LtaItem.objects.get(number=f"2021-{n}") for n in (1, 2, 3))
    assert (linked.made_in_meeting, linked.made_in) == (raad_2021, "")
    assert (other_day.made_in_meeting, other_day.made_in) == (None, "Raadsvergadering")
    assert (other_text.made_in_meeting, other_text.made_in) == (None, "raadsvergadering")
    exported = read_table(
        ContentFile(export_csv(LtaItem.objects.filter(number="2021-1").select_related("made_in_meeting")))
    )
    assert exported[1][6:8] == ["Raadsvergadering", "24-03-2021"]
    # Importing the export again changes nothing.
    assert plan_import(exported).counts == {"nieuw": 0, "gewijzigd": 0, "ongewijzigd": 1, "fout": 0}


@pytest.mark.django_db
def test_export_leaves_out_a_meeting_the_visitor_may_not_see(client, gerda):
    hidden = raad(dt.date(2021, 3, 24), published=False)
    make_item("2021-1", made_in_meeting=hidden, made_on=hidden.date, by=gerda)
    anonymous = read_table(ContentFile(downloaded(client.get(reverse("lta:export", args=["csv"])))))
    assert anonymous[1][6:8] == ["", "24-03-2021"]
    # Re-importing that file keeps the link it could not see.
    assert plan_import(anonymous).counts["ongewijzigd"] == 1
    griffie = read_table(ContentFile(downloaded(client_for(gerda).get(reverse("lta:export", args=["csv"])))))
    assert griffie[1][6:8] == ["Raadsvergadering", "24-03-2021"]


@pytest.mark.django_db
def test_demo_links_m31_and_2019_300_to_the_raadsvergadering(client):
    from raadsmemo.lta.demo import RAAD_24_MAART_2021, load_lta_demo

    load_lta_demo()
    load_lta_demo()
    m31, kik = LtaItem.objects.get(number="M-31"), LtaItem.objects.get(number="2019-300")
    assert m31.made_in_meeting.title == RAAD_24_MAART_2021
    assert kik.afgedaan_in_meeting == m31.made_in_meeting and kik.made_in == "Raadsvergadering"
    assert m31.kind == Kind.MOTIE
    section = behandeld(client.get(m31.get_absolute_url()).content.decode())
    assert "aangenomen" in section and m31.made_in_meeting.get_absolute_url() in section
