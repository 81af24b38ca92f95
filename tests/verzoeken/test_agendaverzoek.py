"""The agendaverzoek: the public form, the griffie's intake, the agendacommissie's decision, and
the e-mails to the requester."""

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from raadsmemo.verzoeken.models import Agendaverzoek, AgendaverzoekStatus
from raadsmemo.verzoeken.services import agendaverzoek_link_memo
from tests.conftest import client_for, make_meeting
from tests.verzoeken.conftest import agendaverzoek_data, signatures_csv

FORM = reverse("verzoeken:agendaverzoek_create")
SENT = reverse("verzoeken:agendaverzoek_sent")

pytestmark = pytest.mark.django_db


def submit(client, **overrides):
    return client.post(FORM, agendaverzoek_data(**overrides))


def test_a_visitor_finds_the_form_from_the_meetings_page(client):
    page = client.get(reverse("meetings:upcoming"))
    assertContains(page, f'<a class="utrecht-link" href="{FORM}">Agendaverzoek</a>', html=True)
    form = client.get(FORM)
    assertContains(form, "Agendaverzoek indienen")
    assertContains(form, reverse("verzoeken:privacy"))
    assert client.get(reverse("verzoeken:privacy")).status_code == 200


def test_an_inwoner_with_50_signatures_files_a_request_and_gets_an_email(client):
    response = submit(client)
    assertRedirects(response, SENT)
    assertContains(client.get(SENT), "Uw agendaverzoek is verstuurd")
    verzoek = Agendaverzoek.objects.get()
    assert verzoek.status == AgendaverzoekStatus.ONTVANGEN
    assert verzoek.signature_count == 50
    assert verzoek.signature_filename == "handtekeningen.csv"
    assert verzoek.signature_file.startswith("verzoeken/handtekeningen/")
    with default_storage.open(verzoek.signature_file) as stored:
        assert stored.read().startswith(b"naam;adres")
    assert [m.to for m in mail.outbox] == [["fatima@example.org"]]
    assert mail.outbox[0].subject == "Wij hebben uw agendaverzoek ontvangen"
    assert "Veilige oversteekplaatsen bij de scholen" in mail.outbox[0].body


def test_fewer_than_50_signatures_is_refused_in_dutch_and_keeps_the_input(client):
    response = submit(client, signature_count="49")
    assert response.status_code == 200
    assertContains(response, "ten minste 50 handtekeningen nodig; u noemt er 49. Verzamel er nog 1")
    assertContains(response, 'value="Veilige oversteekplaatsen bij de scholen"')
    assertContains(response, "Sinds de nieuwe busroute")
    assertContains(response, "kies het opnieuw")  # the valid file cannot come back by itself
    assert not Agendaverzoek.objects.exists()
    assert mail.outbox == []
    assert not default_storage.exists("verzoeken/handtekeningen")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"signature_count": ""}, "Vul in hoeveel handtekeningen u hebt verzameld."),
        ({"signature_count": "vijftig"}, "Vul het aantal handtekeningen in als een getal"),
        ({"signature_count": "-3"}, "kan niet negatief zijn"),
        ({"signature_list": None}, "Voeg de lijst met handtekeningen toe."),
        (
            {
                "signature_list": SimpleUploadedFile(
                    "lijst.exe", b"MZ\x90\x00", content_type="application/octet-stream"
                )
            },
            "Dit soort bestand nemen we niet aan.",
        ),
        (
            {"signature_list": SimpleUploadedFile("lijst.pdf", b"just text", content_type="application/pdf")},
            "Dit bestand is geen echt PDF-bestand.",
        ),
        (
            {
                "signature_list": SimpleUploadedFile(
                    "lijst.csv", b"\x00\x01\x02binary", content_type="text/csv"
                )
            },
            "Dit CSV-bestand is geen leesbare tekst.",
        ),
        (
            {"signature_list": SimpleUploadedFile("lijst.csv", b"", content_type="text/csv")},
            "Het bestand is leeg.",
        ),
        ({"requester": "koning"}, "Kies wie het verzoek doet."),
        ({"subject": ""}, "Vul het onderwerp in."),
        ({"subject": "x" * 201}, "Gebruik hoogstens 200 tekens."),
        ({"explanation": ""}, "Schrijf een toelichting."),
        (
            {"explanation": "x" * 5001},
            "Deze tekst is te lang: 5.001 tekens, en er mogen er hoogstens 5.000 zijn.",
        ),
        ({"name": ""}, "Vul uw naam in."),
        ({"email": "fatima"}, "Vul een geldig e-mailadres in"),
        ({"phone": "bel me"}, "Vul een telefoonnummer in met cijfers"),
    ],
)
def test_bad_input_gets_a_dutch_error_and_nothing_is_stored(client, overrides, message):
    response = submit(client, **overrides)
    assert response.status_code == 200
    assertContains(response, message)
    assertContains(response, "Nog niet verstuurd.")
    assert not Agendaverzoek.objects.exists()
    assert mail.outbox == []


def test_a_file_over_the_upload_limit_is_refused_while_it_streams(client, settings):
    settings.FILE_UPLOAD_MAX_SIZE = 1000
    response = submit(client, signature_list=signatures_csv(rows=200))
    assertContains(response, "Het bestand is groter dan 0 MB")
    assert not Agendaverzoek.objects.exists()


def test_a_fractie_needs_no_signatures_and_none_are_kept(client):
    response = submit(client, requester="raadslid", organisation="Fractie PvdA", signature_count="3")
    assertRedirects(response, SENT)
    verzoek = Agendaverzoek.objects.get()
    assert (verzoek.requester, verzoek.organisation) == ("raadslid", "Fractie PvdA")
    assert verzoek.signature_count is None and verzoek.signature_file == ""


def test_the_honeypot_is_hidden_and_a_filled_one_is_quietly_dropped(client):
    form = client.get(FORM)
    assertContains(form, '<div class="verzoek-extra" aria-hidden="true">')
    assertContains(form, 'tabindex="-1"')
    response = submit(client, website="http://spam.example")
    assertRedirects(response, SENT)
    assert not Agendaverzoek.objects.exists()
    assert mail.outbox == []


def test_five_requests_an_hour_per_address_then_a_dutch_429(client, now):
    for i in range(5):
        assertRedirects(submit(client, subject=f"Onderwerp {i}"), SENT)
    refused = submit(client, subject="Het zesde")
    assert refused.status_code == 429
    assertContains(
        refused, "Vanaf dit adres zijn het afgelopen uur al 5 formulieren verstuurd", status_code=429
    )
    assert Agendaverzoek.objects.count() == 5
    # Another address may still send; after an hour this one may too.
    assertRedirects(client.post(FORM, agendaverzoek_data(), REMOTE_ADDR="192.0.2.7"), SENT)
    now.shift(3601)
    assertRedirects(submit(client, subject="Na een uur"), SENT)


# --- Intake and decision -------------------------------------------------------------------


@pytest.fixture
def verzoek(client):
    submit(client)
    mail.outbox.clear()
    return Agendaverzoek.objects.get()


def test_the_intake_list_is_for_griffie_and_agendacommissie_only(client, verzoek, rik, gerda, age):
    url = reverse("verzoeken:agendaverzoek_list")
    assert client.get(url)["Location"].startswith(reverse("login"))
    assert client_for(rik).get(url).status_code == 403
    assert client_for(rik).get(verzoek.get_absolute_url()).status_code == 403
    assertContains(client_for(gerda).get(url), verzoek.subject)
    assertContains(client_for(age).get(url), verzoek.subject)
    assertNotContains(client.get(reverse("meetings:upcoming")), reverse("verzoeken:agendaverzoek_list"))
    assertContains(
        client_for(gerda).get(reverse("meetings:upcoming")), reverse("verzoeken:agendaverzoek_list")
    )


def test_the_signature_list_is_only_for_the_griffie_and_agendacommissie(client, verzoek, rik, gerda, age):
    url = reverse("verzoeken:signature_list", args=[verzoek.pk])
    assert client.get(url).status_code == 302
    assert client_for(rik).get(url).status_code == 403
    response = client_for(gerda).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"naam;adres")
    assert "private" in response["Cache-Control"]
    assert client_for(age).get(url).status_code == 200


def test_griffie_takes_in_and_agendacommissie_plans_it_with_an_email(verzoek, gerda, age, now):
    coming = make_meeting(title="Meningsvormende sessie", kind="meningsvormend")
    detail = verzoek.get_absolute_url()
    griffie, commissie = client_for(gerda), client_for(age)
    # The agendacommissie cannot decide before the griffie took it in; the griffie cannot decide.
    assert (
        commissie.post(
            reverse("verzoeken:agendaverzoek_take_in", args=[verzoek.pk]), {"revision": 1}
        ).status_code
        == 403
    )
    assertContains(commissie.get(detail), "De griffie neemt dit verzoek eerst in behandeling")
    response = griffie.post(reverse("verzoeken:agendaverzoek_take_in", args=[verzoek.pk]), {"revision": 1})
    assertRedirects(response, detail)
    verzoek.refresh_from_db()
    assert verzoek.status == AgendaverzoekStatus.IN_BEHANDELING and verzoek.revision == 2
    assert mail.outbox == []
    grant = reverse("verzoeken:agendaverzoek_grant", args=[verzoek.pk])
    assert griffie.post(grant, {"revision": 2, "meeting": coming.pk}).status_code == 403
    page = commissie.get(detail)
    assertContains(
        page, f'<option value="{coming.pk}">Meningsvormende sessie, 12-01-2022</option>', html=True
    )
    response = commissie.post(grant, {"revision": 2, "meeting": coming.pk})
    assertRedirects(response, detail)
    verzoek.refresh_from_db()
    assert (verzoek.status, verzoek.meeting) == (AgendaverzoekStatus.TOEGEKEND, coming)
    assert verzoek.decided_at is not None
    assert [m.subject for m in mail.outbox] == ["Uw agendaverzoek is toegekend"]
    assert "Meningsvormende sessie, woensdag 12 januari 2022 om 10:30" in mail.outbox[0].body
    # Decided is final: a second decision changes nothing and says why.
    again = commissie.post(
        reverse("verzoeken:agendaverzoek_reject", args=[verzoek.pk]),
        {"revision": 3, "reason": "x"},
        follow=True,
    )
    assertContains(again, "Dit verzoek is al toegekend; er is niets veranderd.")
    assert Agendaverzoek.objects.get().status == AgendaverzoekStatus.TOEGEKEND
    assert len(mail.outbox) == 1


def test_a_grant_needs_a_coming_meeting(verzoek, gerda, age, now):
    client_for(gerda).post(reverse("verzoeken:agendaverzoek_take_in", args=[verzoek.pk]), {"revision": 1})
    past = make_meeting(title="Vorig jaar", date=__import__("datetime").date(2021, 1, 6))
    grant = reverse("verzoeken:agendaverzoek_grant", args=[verzoek.pk])
    for data, message in [
        ({"revision": 2}, "Kies de vergadering waarin het onderwerp komt."),
        ({"revision": 2, "meeting": past.pk}, "Kies een komende vergadering uit de lijst."),
        ({"revision": 2, "meeting": "99999999999999999999999"}, "Kies een komende vergadering uit de lijst."),
    ]:
        response = client_for(age).post(grant, data)
        assertContains(response, message, status_code=400)
    assert Agendaverzoek.objects.get().status == AgendaverzoekStatus.IN_BEHANDELING
    assert mail.outbox == []


def test_a_rejection_needs_a_reason_and_mails_it(verzoek, gerda, age):
    client_for(gerda).post(reverse("verzoeken:agendaverzoek_take_in", args=[verzoek.pk]), {"revision": 1})
    reject = reverse("verzoeken:agendaverzoek_reject", args=[verzoek.pk])
    response = client_for(age).post(reject, {"revision": 2, "reason": "  "})
    assertContains(response, "Schrijf de reden van de afwijzing", status_code=400)
    assert mail.outbox == []
    response = client_for(age).post(reject, {"revision": 2, "reason": "De raad besprak dit onlangs."})
    assertRedirects(response, verzoek.get_absolute_url())
    verzoek.refresh_from_db()
    assert (verzoek.status, verzoek.reason) == (AgendaverzoekStatus.AFGEWEZEN, "De raad besprak dit onlangs.")
    assert [m.subject for m in mail.outbox] == ["Uw agendaverzoek is afgewezen"]
    assert "De raad besprak dit onlangs." in mail.outbox[0].body
    assertContains(client_for(gerda).get(verzoek.get_absolute_url()), "De raad besprak dit onlangs.")


def test_the_griffie_links_the_memo_and_a_stale_form_is_a_conflict(verzoek, gerda, stapeling_memo, kik_memo):
    link = reverse("verzoeken:agendaverzoek_link_memo", args=[verzoek.pk])
    griffie = client_for(gerda)
    assertRedirects(
        griffie.post(link, {"revision": 1, "memo": stapeling_memo.pk}), verzoek.get_absolute_url()
    )
    page = griffie.get(verzoek.get_absolute_url())
    assertContains(
        page,
        f'<a class="utrecht-link" href="{reverse("memos:detail", args=[stapeling_memo.pk])}">{stapeling_memo.title}</a>',
        html=True,
    )
    stale = griffie.post(link, {"revision": 1, "memo": kik_memo.pk})
    assertContains(stale, "Niet opgeslagen: iemand anders heeft dit intussen gewijzigd", status_code=409)
    assert Agendaverzoek.objects.get().memo == stapeling_memo
    assertContains(griffie.post(link, {"memo": kik_memo.pk}), "Niet opgeslagen", status_code=409)


def test_nonsense_ids_are_404_not_500(gerda, age):
    for name in ["agendaverzoek_detail", "signature_list"]:
        assert client_for(gerda).get(reverse(f"verzoeken:{name}", args=[424242])).status_code == 404
    assert (
        client_for(age).post(reverse("verzoeken:agendaverzoek_grant", args=[424242]), {}).status_code == 404
    )
    assert (
        client_for(gerda).get(reverse("verzoeken:agendaverzoek_list") + "?status=onzin&page=zz").status_code
        == 200
    )


def test_the_intake_list_takes_a_fixed_number_of_queries(gerda, django_assert_num_queries):
    griffie = client_for(gerda)
    meeting = make_meeting()
    url = reverse("verzoeken:agendaverzoek_list")
    for i in range(3):
        Agendaverzoek.objects.create(
            requester="inwoner",
            subject=f"Verzoek {i}",
            explanation="x",
            name="A",
            email="a@example.org",
            meeting=meeting,
        )
    griffie.get(url)
    with django_assert_num_queries(5):
        griffie.get(url)
    for i in range(20):
        Agendaverzoek.objects.create(
            requester="college",
            subject=f"Meer {i}",
            explanation="x",
            name="A",
            email="a@example.org",
            meeting=meeting,
        )
    with django_assert_num_queries(5):
        page = griffie.get(url + "?status=ontvangen")
    assertContains(page, "Meer 19")


def test_the_decision_forms_speak_dutch(verzoek, gerda, age):
    client_for(gerda).post(reverse("verzoeken:agendaverzoek_take_in", args=[verzoek.pk]), {"revision": 1})
    page = client_for(age).get(verzoek.get_absolute_url())
    assertContains(page, '<option value="" selected>Kies een komende vergadering</option>', html=True)
    assertContains(page, '<option value="" selected>Geen memo (nog niet)</option>', html=True)
    assertNotContains(page, "---------")


@pytest.mark.django_db
def test_the_memo_page_links_the_agendaverzoek_it_answers(client, griffie_client, stapeling_memo):
    """The stapeling memo's Betreft is "Agendaverzoek": its page names the request, for staff only."""
    assertContains(
        griffie_client.get(reverse("memos:detail", args=[stapeling_memo.pk])), "Nog niet gekoppeld"
    )
    client.post(reverse("verzoeken:agendaverzoek_create"), agendaverzoek_data())
    verzoek = Agendaverzoek.objects.get()
    agendaverzoek_link_memo(verzoek=verzoek, memo=stapeling_memo, based_on_revision=verzoek.revision)
    page = griffie_client.get(reverse("memos:detail", args=[stapeling_memo.pk]))
    detail = reverse("verzoeken:agendaverzoek_detail", args=[verzoek.pk])
    assertContains(
        page,
        f'<a class="utrecht-link" href="{detail}">Veilige oversteekplaatsen bij de scholen</a>',
        html=True,
    )
    assertNotContains(page, "Fatima el Amrani")


def test_the_memo_choice_offers_the_newest_memos_not_the_whole_archive(verzoek, gerda, stapeling_memo):
    """The request's page does not grow with decades of memos; the linked memo always stays."""
    import datetime as dt
    import re

    from raadsmemo.memos.models import Memo

    agendaverzoek_link_memo(verzoek=verzoek, memo=stapeling_memo, based_on_revision=verzoek.revision)
    griffie = client_for(gerda)

    def memo_options():
        page = griffie.get(verzoek.get_absolute_url()).content.decode()
        form = page.split('name="memo"', 1)[1].split("</select>", 1)[0]
        return re.findall(r'<option value="(\d+)"', form)

    Memo.objects.bulk_create(
        Memo(purpose="beeldvormend", title=f"Memo {i}", datum=dt.date(2030, 1, 1) + dt.timedelta(days=i))
        for i in range(120)
    )
    offered = memo_options()
    assert len(offered) == 101 and str(stapeling_memo.pk) in offered  # 100 newest + the linked one
    Memo.objects.bulk_create(
        Memo(purpose="beeldvormend", title=f"Ouder {i}", datum=dt.date(2000, 1, 1) + dt.timedelta(days=i))
        for i in range(300)
    )
    assert memo_options() == offered
    newest = Memo.objects.get(title="Memo 119")
    assert offered[0] == str(newest.pk)  # newest first
