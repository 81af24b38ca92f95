"""Demo data: the two seed memos of the gemeente Groningen (../shared/seeds), complete.

Loaded by `manage.py load_demo` (which `make run` calls) and used by the tests as fixtures.
Loading twice changes nothing: memos are matched on title and date, contacts on name.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction

from raadsmemo.accounts.roles import AGENDACOMMISSIE, GRIFFIE, RAADSLID, ensure_role_groups
from raadsmemo.memos.models import STANDARD_TREATMENT_TEXT, Advice, Betreft, Memo, Purpose
from raadsmemo.memos.services import MemoRows, replace_rows
from raadsmemo.people.models import Contact

DEMO_PASSWORD = "raadsmemo-demo"
DEMO_USERS = [
    # username, first name, last name, role
    ("griffie", "Gerda", "Griffier", GRIFFIE),
    ("commissie", "Age", "Commissielid", AGENDACOMMISSIE),
    ("raadslid", "Rik", "Raadslid", RAADSLID),
]

CONTACTS = {
    "Annet Visser": {
        "function": "beleidsadviseur",
        "phone": "050 – 367 7029",
        "email": "annet.visser@groningen.nl",
    },
    "Hessel Luxen": {
        "function": "bestuursadviseur",
        "phone": "050 – 367 4261",
        "email": "hessel.luxen@groningen.nl",
    },
    "E.F. Wams": {"function": "", "phone": "050 367 5764", "email": ""},
}

RIS = "https://gemeenteraad.groningen.nl/Documenten"

STAPELING = {
    "purpose": Purpose.BEELDVORMEND,
    "datum": dt.date(2022, 1, 12),
    "betreft": [Betreft.AGENDAVERZOEK, Betreft.COLLEGE],
    "title": "Voortgang stapelings- en doorbraakproject",
    "samenvatting": (
        "Op de LTA stond oorspronkelijk een toezegging om u middels een collegebrief te informeren "
        "over de stand van zaken omtrent het stapelings- en doorbraakproject. Het college is echter "
        "van mening dat het beter is om u middels een sessie bij te praten. Daarbij wil het college de "
        "raad graag informeren over de plannen voor borging van deze werkwijze door de gehele "
        "organisatie zodat voor alle inwoners doorbraken gerealiseerd kunnen worden.\n\n"
        "Tijdens deze sessie wil het college aan de hand van voorbeelden vanuit de praktijk (en een "
        "documentaire van studenten van de Hanze) met u in gesprek en resultaten met u delen (wat "
        "levert het op, wat is er tot nu toe van geleerd en wat wordt er met deze lessen gedaan)."
    ),
    "on_lta": False,
    "has_deadline": False,
    "treatment_text": STANDARD_TREATMENT_TEXT[Purpose.BEELDVORMEND],
    "contacts": ["Annet Visser", "Hessel Luxen"],
    "slots": [
        ("10:30", "10:35", "introductie", "wethouders Diks en Jongman"),
        (
            "10:35",
            "10:55",
            "documentaire over het project gemaakt door studenten communicatie van de Hanze "
            "(er wordt nog wel nagedacht of dit passend is voor een digitale sessie)",
            "",
        ),
        (
            "10:55",
            "11:15",
            "Presentatie resultaten en borging werkwijze project stapeling sociaal domein",
            "Annet Visser en Joyce Bosman",
        ),
        ("11:15", "11:35", "Inwoner en WIJ-generalist vertellen over een doorbraak", ""),
        ("11:35", "12:00", "Ruimte voor vragen / gesprek", ""),
    ],
    "stuk_links": [],
    "info_links": [],
}

KANSEN_IN_KAART = {
    "purpose": Purpose.MENINGSVORMEND,
    "datum": dt.date(2021, 3, 3),
    "betreft": [Betreft.COLLEGEBRIEF],
    "title": "Kansen in kaart (KIK) – een nieuwe fase",
    "samenvatting": (
        "In deze brief informeert het college u over de nieuwe fase binnen KIK (het toenemende herstel "
        "van de relatie en het vertrouwen tussen inwoners en de gemeente, de verwachtingen van inwoners "
        "vraagt om een nieuwe fase).\n\n"
        "Eerst wordt een terugblik gegeven waarin o.a. het rapport van IOS wordt besproken "
        f"([Onderzoek KIK (IOS)]({RIS}/Onderzoek-KIK-IOS.pdf)).\n\n"
        "Het college gaat in de nieuwe fase de dienstverlening van KIK effectiever en efficiënter "
        "inzetten door, in overleg met de inwoners, de dienstverlening beter te laten aansluiten bij de "
        "situatie van een inwoner. De ervaring van de afgelopen jaren leert dat inwoners grofweg "
        "behoefte hebben aan minder of meer contact en een andere vorm van contact, bijvoorbeeld "
        "coaching in plaats van een gesprek.\n\n"
        "De KIK methode heeft aangetoond dat een benadering op interesse tonen, vertrouwen, "
        "menselijkheid en vrijwilligheid de meeste mensen bereikt en ook activeert waar mogelijk. Zo "
        "worden mensen op hun intrinsieke motivatie om te gaan werken aan persoonlijke ontwikkeling "
        "aangesproken. Door deze aanpak te blijven vervolgen blijft het college werken aan het "
        "versterken van vertrouwen tussen de gemeente Groningen en haar bijstandsgerechtigden."
    ),
    "on_lta": True,
    "lta_number": "2019-300",
    "has_deadline": False,
    "advice": Advice.DISCUSSIE,
    "treatment_text": STANDARD_TREATMENT_TEXT[Purpose.MENINGSVORMEND]
    + "\n\nOmdat het een collegebrief betreft gaat het niet naar de besluitvormende fase. Fracties "
    "kunnen eventueel een motie vreemd aan de orde van de dag indienen.",
    "speaking_rounds": 1,
    "speaking_time_fractie": 3,
    "speaking_time_college": 12,
    "contacts": ["E.F. Wams"],
    "slots": [],
    "stuk_links": [
        ("Kansen in kaart (KIK) een nieuwe fase", f"{RIS}/Kansen-in-kaart-KIK-een-nieuwe-fase.pdf"),
        ("Bijlage - rapport Kansen in kaart", f"{RIS}/Bijlage-rapport-Kansen-in-kaart.pdf"),
    ],
    "info_links": [("Onderzoek KIK (IOS)", f"{RIS}/Onderzoek-KIK-IOS.pdf")],
}

SEED_MEMOS = [STAPELING, KANSEN_IN_KAART]
ROW_KEYS = ("contacts", "slots", "stuk_links", "info_links")


def load_demo_users() -> list:
    """The demo users, created when missing. An existing account keeps its password and roles:
    the demo password is published in the README, and a real account must never get it."""
    groups = ensure_role_groups()
    users = []
    for username, first, last, role in DEMO_USERS:
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.groups.set([groups[role]])
        users.append(user)
    return users


def load_contacts() -> dict[str, Contact]:
    return {
        name: Contact.objects.update_or_create(name=name, defaults=details)[0]
        for name, details in CONTACTS.items()
    }


@transaction.atomic
def load_seed_memo(seed: dict, *, by=None) -> Memo:
    contacts = load_contacts()
    fields = {k: v for k, v in seed.items() if k not in ROW_KEYS}
    memo, _ = Memo.objects.update_or_create(
        title=fields.pop("title"),
        datum=fields.pop("datum"),
        defaults={**fields, "created_by": by, "updated_by": by},
    )
    rows = MemoRows(
        contacts=[contacts[name] for name in seed["contacts"]],
        slots=[
            {
                "start": dt.time.fromisoformat(s),
                "end": dt.time.fromisoformat(e),
                "activity": a,
                "presenter": p,
            }
            for s, e, a, p in seed["slots"]
        ],
        stuk_links=[{"label": label, "url": url} for label, url in seed["stuk_links"]],
        info_links=[{"label": label, "url": url} for label, url in seed["info_links"]],
    )
    replace_rows(memo, rows)
    return memo


def load_demo() -> list:
    users = load_demo_users()
    return [load_seed_memo(seed, by=users[0]) for seed in SEED_MEMOS]


# The workflow in the demo: the seed memos are published (a frozen version each), the memo of
# the coming beeldvormende sessie is vastgesteld but not yet published (the public agenda says
# "memo volgt"), and the warmtevisie memo is still a concept.
DEMO_WORKFLOW = {
    STAPELING["title"]: "gepubliceerd",
    KANSEN_IN_KAART["title"]: "gepubliceerd",
    "Woningbouwopgave 2027: stand van zaken": "vastgesteld",
    "Warmtevisie 2.0": "concept",
}


def load_demo_workflow() -> None:
    """Take the demo memos through the workflow, as the griffie and the agendacommissie would.
    A memo that has taken a step already (an earlier load, or a click in the demo) is left alone."""
    from raadsmemo.concurrency import ANY_REVISION
    from raadsmemo.memos.publication import memo_take_step
    from raadsmemo.memos.workflow import AANBIEDEN, PUBLICEREN, VASTSTELLEN

    users = {
        user.username: user for user in get_user_model().objects.filter(username__in=["griffie", "commissie"])
    }
    path = [(AANBIEDEN, "griffie"), (VASTSTELLEN, "commissie"), (PUBLICEREN, "griffie")]
    for title, goal in DEMO_WORKFLOW.items():
        memo = Memo.objects.filter(title=title).order_by("pk").first()
        if memo is None or memo.transitions.exists():
            continue
        for step, username in path:
            if memo.status == goal:
                break
            memo = memo_take_step(
                memo=memo, step=step, by=users.get(username), based_on_revision=ANY_REVISION
            )
