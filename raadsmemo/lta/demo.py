"""Demo data for the LTA: motie M-31 of seed 003 with its four updates, toezegging 2019-300 of
the meningsvormend seed memo, and enough other items to show every status.

The raadsvergadering of 24 March 2021 in which the raad did 2019-300 af (and, for the demo, adopted
M-31) is a meeting here too, so the item pages link it under "Behandeld in"; the meningsvormende
sessie of 3 March 2021 (meetings/demo.py) shows there through the KIK memo. 2019-300 keeps its
typed "Raadsvergadering" of 2019: an item from before raadsmemo, shown as text.

Loaded by `manage.py load_demo`. Loading twice changes nothing: fracties and bestuurders are
matched on name, items on number, updates on item, date and text. Deadlines of the items that
show "open" and "due soon" are set relative to the day of loading.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from raadsmemo.lta.models import Kind, LtaItem, Status, StatusUpdate, UpdateKind, today
from raadsmemo.lta.services import set_indieners
from raadsmemo.meetings.models import AgendaItem, Meeting, MeetingKind, MeetingStatus, Treatment
from raadsmemo.memos.demo import KANSEN_IN_KAART
from raadsmemo.memos.models import Memo
from raadsmemo.people.models import Bestuurder, BestuurderRole, Fractie

FRACTIES = [
    ("GroenLinks", ""),
    ("PvdA", "Partij van de Arbeid"),
    ("D66", "Democraten 66"),
    ("SP", "Socialistische Partij"),
    ("VVD", "Volkspartij voor Vrijheid en Democratie"),
    ("Partij voor de Dieren", ""),
    ("Stadspartij", "Stadspartij 100% voor Groningen"),
    ("CDA", "Christen-Democratisch Appèl"),
    ("ChristenUnie", ""),
    ("Student & Stad", ""),
    ("PVV", "Partij voor de Vrijheid"),
]

# The portefeuilles are illustrative, not an official overview.
BESTUURDERS = [
    ("Koen Schuiling", BestuurderRole.BURGEMEESTER, "Openbare orde en veiligheid"),
    ("Isabelle Diks", BestuurderRole.WETHOUDER, "Werk en participatie, armoede"),
    ("Inge Jongman", BestuurderRole.WETHOUDER, "Zorg en welzijn, sociaal domein"),
    ("Roeland van der Schaaf", BestuurderRole.WETHOUDER, "Gebiedsgericht werken, onderwijs"),
]

M31_DICTUM = (
    "In de nieuwe nota gebiedsgericht werken helder uiteen te zetten hoe het College, ism de Raad, "
    "vorm en inhoud wilt geven aan gebiedsgericht werken en wat daarbij oa de rollen en taken zijn "
    "van de wijkwethouders, gebiedsregisseurs en andere partners in de 12 wijken en dorpen."
)
# Seed 003, oldest first (the page shows them newest first).
M31_UPDATES = [
    (
        dt.date(2021, 7, 7),
        "de herijking van gebiedsgericht werken, de rollen, de acties en het tijdspad worden gedeeld "
        "in een informatieve commissie. Er is gevraagd om dit te agenderen voor de informatieve "
        "commissie van 16 november 2021.",
    ),
    (
        dt.date(2021, 9, 6),
        "Er is geen dik beleidsstuk geschreven maar een infographics gemaakt over: “rollen en "
        "samenwerken gebiedsgericht werken”. Op basis daarvan vindt toetsing plaats met andere "
        "afdelingen om het aan te laten sluiten bij de nieuwe organisatie. Tevens gaan de "
        "gebiedsregisseurs in gesprek met bewonersgroepen over samenwerking. Deze uitkomsten van "
        "intern en extern overleg zullen ter bespreking worden aangeboden voor de informatieve "
        "commissie op 16 november 2021.",
    ),
    (
        dt.date(2021, 11, 10),
        "De gesprekken met de afdelingen (tot 1 november 2021) Buiten, Ruimtelijke Ontwikkeling en "
        "Economie & Duurzaamheid zijn gevoerd. Tevens is de informatie gedeeld met bewonersgroepen en "
        "sommige gesprekken zullen nog plaatsvinden met hen. Deze terugkoppelingen worden meegenomen "
        "naar de informatieve commissie van 16 november 2021. De voorlopige conclusies zijn dat er "
        "bijstellingen en finetunen komt op de voorgestelde rollen en samenwerkingsverbanden. De "
        "aangepaste functies worden weer besproken met de directie en een voorgesteld pad van "
        "implementatie na een positief besluit.",
    ),
    (
        dt.date(2022, 1, 18),
        "Op 16 november 2021 is de raad via een informatieve commissie bijgepraat over de voortgang "
        "optimalisatie gebiedsgericht werken, inclusief de voorstellen die er liggen ten aanzien van "
        "de rollen en taken. Deze worden de komende maanden verder aangescherpt i.s.m. met o.a. de "
        "gemeentelijke organisatie, bewonersgroepen en ketenpartners.",
    ),
]


# A title of its own: meetings/demo.py matches its upcoming "Raadsvergadering" on title alone.
RAAD_24_MAART_2021 = "Raadsvergadering 24 maart 2021"


def _raadsvergadering_24_maart_2021() -> Meeting:
    meeting, _ = Meeting.objects.update_or_create(
        title=RAAD_24_MAART_2021,
        defaults={
            "kind": MeetingKind.RAADSVERGADERING,
            "date": dt.date(2021, 3, 24),
            "start_time": dt.time(19, 0),
            "end_time": dt.time(23, 0),
            "location": "digitaal",
            "chair": "Koen Schuiling",
            "is_public": True,
            "livestream": True,
            "status": MeetingStatus.GEHOUDEN,
            "is_published": True,
        },
    )
    if meeting.published_at is None:
        meeting.published_at = timezone.make_aware(dt.datetime(2021, 3, 12, 12, 0))
        meeting.save(update_fields=["published_at"])
    for position, (title, minutes, treatment) in enumerate(
        [
            ("Opening en mededelingen", 10, Treatment.BESPREEKSTUK),
            ("Lijst van toezeggingen en moties", 5, Treatment.HAMERSTUK),
            ("Versterking gebiedsgericht werken: moties", 60, Treatment.BESPREEKSTUK),
            ("Sluiting", 5, Treatment.BESPREEKSTUK),
        ],
        start=1,
    ):
        AgendaItem.objects.update_or_create(
            meeting=meeting,
            title=title,
            defaults={"position": position, "duration_minutes": minutes, "treatment": treatment},
        )
    return meeting


def _items(on: dt.date, raad: Meeting) -> list[dict]:
    """Every demo item; `updates` oldest first, as (date, text, kind)."""
    return [
        {
            "number": "M-31",
            "kind": Kind.MOTIE,
            "title": "Versterking gebiedsgericht werken",
            "text": M31_DICTUM,
            # The seed names only the first indiener ("PvdA e.a."); the others are illustrative.
            "indieners": ["PvdA", "GroenLinks", "D66"],
            "portefeuillehouder": "Roeland van der Schaaf",
            # The seed does not say where M-31 was adopted; the demo says 24 March 2021.
            "made_in_meeting": raad,
            "made_in": "",
            "made_on": raad.date,
            "planned_month": dt.date(2022, 3, 1),
            "deadline": dt.date(2022, 3, 31),
            "status": Status.OPEN,
            "updates": [(d, t, UpdateKind.STAND_VAN_ZAKEN) for d, t in M31_UPDATES],
        },
        {
            "number": "2019-300",
            "kind": Kind.TOEZEGGING,
            "title": "Kansen in kaart (KIK): de raad informeren over de nieuwe fase",
            "text": "Het college informeert de raad met een collegebrief over de resultaten van "
            "Kansen in kaart en over de volgende fase.",
            "portefeuillehouder": "Isabelle Diks",
            "made_in": "Raadsvergadering",
            "made_on": dt.date(2019, 11, 27),
            "planned_month": dt.date(2021, 3, 1),
            "deadline": dt.date(2021, 3, 31),
            "status": Status.AFGEDAAN,
            "afdoening_proposed_on": dt.date(2021, 3, 10),
            "afdoening_reason": "De collegebrief Kansen in kaart (KIK) – een nieuwe fase is op 3 maart "
            "2021 meningsvormend besproken.",
            "afgedaan_on": raad.date,
            "afgedaan_in_meeting": raad,
            "afgedaan_in": "",
            "updates": [
                (
                    dt.date(2021, 2, 1),
                    "De collegebrief Kansen in kaart (KIK) – een nieuwe fase is verstuurd en wordt "
                    "op 3 maart 2021 meningsvormend besproken.",
                    UpdateKind.STAND_VAN_ZAKEN,
                ),
                (
                    dt.date(2021, 3, 10),
                    "Voorstel tot afdoening: De collegebrief Kansen in kaart (KIK) – een nieuwe fase "
                    "is op 3 maart 2021 meningsvormend besproken.",
                    UpdateKind.AFDOENING,
                ),
                (
                    dt.date(2021, 3, 24),
                    "Afgedaan door de raad in raadsvergadering van 24 maart 2021.",
                    UpdateKind.AFDOENING,
                ),
            ],
        },
        {
            "number": "2020-112",
            "kind": Kind.TOEZEGGING,
            "title": "Stand van zaken stapelings- en doorbraakproject per collegebrief",
            "text": "Het college informeert de raad met een collegebrief over de stand van zaken "
            "omtrent het stapelings- en doorbraakproject.",
            "portefeuillehouder": "Inge Jongman",
            "deadline": dt.date(2021, 12, 31),
            "status": Status.VERVALLEN,
            "updates": [
                (
                    dt.date(2022, 1, 3),
                    "Status gewijzigd van open naar vervallen: het college praat de raad in de "
                    "beeldvormende sessie van 12 januari 2022 bij in plaats van met een collegebrief.",
                    UpdateKind.STATUS,
                ),
            ],
        },
        {
            "number": f"{on.year}-14",
            "kind": Kind.VERWACHT_STUK,
            "title": "Raadsvoorstel Omgevingsvisie: vaststelling",
            "portefeuillehouder": "Roeland van der Schaaf",
            "planned_month": (on + dt.timedelta(days=62)).replace(day=1),
            "deadline": on + dt.timedelta(days=75),
            "status": Status.OPEN,
            "updates": [],
        },
        {
            "number": "M-12",
            "kind": Kind.MOTIE,
            "title": "Kindpakket voor gezinnen met een laag inkomen",
            "text": "Het college te verzoeken de raad voor de begrotingsbehandeling een voorstel "
            "te doen voor een kindpakket.",
            "indieners": ["SP", "ChristenUnie"],
            "portefeuillehouder": "Isabelle Diks",
            "deadline": on + dt.timedelta(days=10),
            "status": Status.OPEN,
            "updates": [
                (
                    on - dt.timedelta(days=20),
                    "Het voorstel wordt uitgewerkt met de armoedecoalitie.",
                    UpdateKind.STAND_VAN_ZAKEN,
                )
            ],
        },
        {
            "number": "2021-87",
            "kind": Kind.TOEZEGGING,
            "title": "Evaluatie van de Wet inburgering",
            "portefeuillehouder": "Inge Jongman",
            "deadline": dt.date(2022, 6, 30),
            "status": Status.AANGEHOUDEN,
            "updates": [
                (
                    dt.date(2022, 5, 2),
                    "Status gewijzigd van open naar aangehouden: de landelijke evaluatie wordt afgewacht.",
                    UpdateKind.STATUS,
                )
            ],
        },
        {
            "number": f"{on.year}-3",
            "kind": Kind.INITIATIEFVOORSTEL,
            "title": "Initiatiefvoorstel Groene daken",
            "indieners": ["Partij voor de Dieren", "GroenLinks"],
            "status": Status.OPEN,
            "updates": [],
        },
    ]


@transaction.atomic
def load_lta_demo() -> list[LtaItem]:
    """Fracties, bestuurders and the demo LTA items; links the KIK seed memo (if loaded) to 2019-300."""
    for name, full_name in FRACTIES:
        Fractie.objects.update_or_create(name=name, defaults={"full_name": full_name})
    for name, role, portefeuille in BESTUURDERS:
        Bestuurder.objects.update_or_create(name=name, defaults={"role": role, "portefeuille": portefeuille})
    author = get_user_model().objects.filter(username="griffie").first()
    raad = _raadsvergadering_24_maart_2021()
    items = []
    for spec in _items(today(), raad):
        spec = dict(spec)
        indieners = [Fractie.objects.get(name=n) for n in spec.pop("indieners", [])]
        updates = spec.pop("updates")
        if bestuurder := spec.pop("portefeuillehouder", None):
            spec["portefeuillehouder"] = Bestuurder.objects.get(name=bestuurder)
        item, _ = LtaItem.objects.update_or_create(number=spec.pop("number"), defaults=spec)
        if item.fracties() != indieners:
            set_indieners(item, indieners)
        for date, text, kind in updates:
            if not item.updates.filter(date=date, text=text).exists():
                StatusUpdate.objects.create(item=item, date=date, text=text, kind=kind, author=author)
        items.append(item)
    # The meningsvormend seed memo (004) is "Vermeld op LTA? Ja, item nr 2019-300".
    Memo.objects.filter(title=KANSEN_IN_KAART["title"], datum=KANSEN_IN_KAART["datum"]).update(
        lta_item=LtaItem.objects.get(number="2019-300"), lta_number="2019-300"
    )
    return items
