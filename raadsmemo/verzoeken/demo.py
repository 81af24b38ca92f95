"""Demo requests: an agendaverzoek in every status and two inspreekverzoeken on a coming public
meeting. Loaded by `manage.py load_demo`; loading twice changes nothing (matched on subject and
on name and meeting). No e-mail is sent: the rows are written directly."""

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from raadsmemo.meetings.models import AgendaItem, Meeting, MeetingStatus
from raadsmemo.memos.demo import STAPELING
from raadsmemo.memos.models import Memo
from raadsmemo.verzoeken.models import (
    Agendaverzoek,
    AgendaverzoekStatus,
    InspreekStatus,
    Inspreekverzoek,
    Requester,
)
from raadsmemo.verzoeken.signatures import store_signature_file

SIGNATURES_CSV = "naam;straat;handtekening\n" + "".join(
    f"Inwoner {i};Voorbeeldstraat {i};ja\n" for i in range(1, 74)
)


def _coming_meeting() -> Meeting | None:
    return (
        Meeting.objects.public()
        .upcoming(timezone.localdate())
        .exclude(status=MeetingStatus.GEANNULEERD)
        .first()
    )


def load_verzoeken_demo() -> int:
    now = timezone.now()
    coming = _coming_meeting()
    memo = Memo.objects.filter(title=STAPELING["title"]).first()
    requests = [
        {
            "subject": "Veilige oversteekplaatsen bij de basisscholen in de Oosterparkwijk",
            "requester": Requester.INWONER,
            "explanation": "Ouders en buurtbewoners vragen de raad te praten over de oversteekplaatsen bij de "
            "drie basisscholen. Sinds de nieuwe busroute is het 's ochtends druk en gevaarlijk.",
            "name": "Fatima el Amrani",
            "email": "fatima.elamrani@example.org",
            "signature_count": 73,
            "status": AgendaverzoekStatus.ONTVANGEN,
        },
        {
            "subject": "Ruimte voor buurtmoestuinen in de nieuwe omgevingsvisie",
            "requester": Requester.ORGANISATIE,
            "organisation": "Stichting Groen in de Wijk",
            "explanation": "Wij vragen de raad de buurtmoestuinen een plek te geven in de omgevingsvisie.",
            "name": "Jan de Vries",
            "email": "jan.devries@example.org",
            "phone": "050 123 4567",
            "status": AgendaverzoekStatus.IN_BEHANDELING,
            "taken_in_at": now - dt.timedelta(days=2),
        },
        {
            "subject": "Stand van het stapelings- en doorbraakproject",
            "requester": Requester.RAADSLID,
            "organisation": "Fractie PvdA",
            "explanation": "De fractie wil graag bijgepraat worden over de voortgang van het stapelingsproject.",
            "name": "Raadslid Demo",
            "email": "raadslid@example.org",
            "status": AgendaverzoekStatus.TOEGEKEND,
            "taken_in_at": now - dt.timedelta(days=20),
            "decided_at": now - dt.timedelta(days=14),
            "meeting": coming,
            "memo": memo,
        },
        {
            "subject": "Een extra raadsvergadering over de kermis",
            "requester": Requester.INWONER,
            "explanation": "Wij willen dat de raad opnieuw over de kermis praat.",
            "name": "Piet Bakker",
            "email": "piet.bakker@example.org",
            "signature_count": 55,
            "status": AgendaverzoekStatus.AFGEWEZEN,
            "reason": "De raad heeft op 3 maart over de kermis besloten; er is geen nieuwe informatie.",
            "taken_in_at": now - dt.timedelta(days=40),
            "decided_at": now - dt.timedelta(days=30),
        },
    ]
    made = 0
    for fields in requests:
        if Agendaverzoek.objects.filter(subject=fields["subject"]).exists():
            continue
        verzoek = Agendaverzoek(**fields)
        if fields.get("signature_count"):
            upload = ContentFile(SIGNATURES_CSV.encode(), name="handtekeningen.csv")
            for name, value in store_signature_file(upload, "csv").items():
                setattr(verzoek, name, value)
        verzoek.save()
        made += 1

    item = (
        AgendaItem.objects.filter(meeting=coming, confidentiality="openbaar").order_by("position").first()
        if coming
        else None
    )
    if item is not None:
        for fields in [
            {
                "name": "Anna Smit",
                "on_behalf_of": "Bewonersvereniging De Hoogte",
                "text": "Wij willen vertellen wat de plannen voor onze wijk betekenen.",
                "show_name": True,
                "status": InspreekStatus.BEVESTIGD,
                "decided_at": now,
            },
            {"name": "Kees Mulder", "text": "Ik wil iets zeggen over de bereikbaarheid.", "show_name": False},
        ]:
            # The meetings' demo loader makes the items afresh: point a loaded request at the new one.
            if Inspreekverzoek.objects.filter(name=fields["name"], meeting_title=coming.title).update(
                agenda_item=item, item_title=item.title
            ):
                continue
            Inspreekverzoek.objects.create(
                agenda_item=item,
                item_title=item.title,
                meeting_title=coming.title,
                meeting_starts_at=coming.starts_at,
                email=f"{fields['name'].split()[0].lower()}@example.org",
                **fields,
            )
            made += 1
    return made
