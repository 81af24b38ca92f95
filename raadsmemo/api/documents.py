"""Model rows → ODS documents (dicts in the shapes of raadsmemo.api.schemas).

Every builder takes rows that the caller fetched in bulk (raadsmemo.api.fetch), so a page of a
hundred costs the same few queries as a page of one. Links are absolute.
"""

import datetime as dt
import mimetypes
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from raadsmemo.meetings.models import MeetingKind, Treatment

# TOOI "Woo informatiecategorieën" (versie 2): c_db4862c3 is "vergaderstukken decentrale
# overheden", the category of everything this API publishes.
WOO_VERGADERSTUKKEN = "c_db4862c3"

# docs/open-data.md explains the choice: the ODS knows only raadsvergadering, commissievergadering
# and presidium for a gemeente. Beeldvormende and meningsvormende sessies (and werksessies) are
# sessions of the raad's members before the raad decides: what other councils hold as
# commissievergaderingen. The agendacommissie sets the raad's agenda: a presidium's task.
VERGADERINGSTYPE = {
    MeetingKind.BEELDVORMEND: "commissievergadering",
    MeetingKind.MENINGSVORMEND: "commissievergadering",
    MeetingKind.RAADSVERGADERING: "raadsvergadering",
    MeetingKind.AGENDACOMMISSIE: "presidium",
    MeetingKind.WERKSESSIE: "commissievergadering",
}

# A moment within this long of the first publication counts as that publication, not a change.
SAME_MOMENT = dt.timedelta(seconds=5)


def organisatie() -> dict:
    """{"gemeente": "gm0014"}: the key follows the TOOI code's prefix (gm, pv, ws)."""
    code = settings.RAADSMEMO_TOOI_ORGANISATIE
    key = {"gm": "gemeente", "pv": "provincie", "ws": "waterschap"}[code[:2]]
    return {key: code}


def cut(text: str, limit: int) -> str:
    """The text within the ODS's maximum length, an ellipsis where it was shortened."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def rfc3339(moment: dt.datetime) -> str:
    return timezone.localtime(moment).isoformat()


def wijziging(first: dt.datetime | None, last: dt.datetime) -> str:
    """Toevoeging while a thing is as it was first made public, Aanpassing once it changed after."""
    if first is None or last - first <= SAME_MOMENT:
        return "Toevoeging"
    return "Aanpassing"


class Links:
    """Absolute URLs of the API's resources and of the site's pages, for one request."""

    def __init__(self, request):
        self.request = request

    def absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path)

    def api(self, name: str, **kwargs) -> str:
        return self.absolute(reverse(f"api:{name}", kwargs=kwargs))

    def vergadering(self, pk: int) -> str:
        return self.api("vergadering", id=str(pk))

    def vergadering_ref(self, pk: int) -> dict:
        return {"id": str(pk), "url": self.vergadering(pk)}

    def agendapunt(self, pk: int) -> str:
        return self.api("agendapunt", id=str(pk))

    def agendapunt_ref(self, pk: int) -> dict:
        return {"id": str(pk), "url": self.agendapunt(pk)}

    def informatieobject(self, key: str) -> str:
        return self.api("informatieobject", id=key)

    def fractie(self, pk: int) -> str:
        return self.api("fractie", id=str(pk))


# --- Vergaderingen and agendapunten ------------------------------------------------------------


def vergadering(meeting, *, links: Links, items: list, package_at: dt.datetime | None) -> dict:
    """A meeting; `items`: its public agenda items in order, `package_at`: when its public package
    was last built (None: it has none)."""
    changed = max(filter(None, [meeting.updated_at, package_at]))
    naam = cut(meeting.title, 100)
    toelichting = meeting.get_kind_display()
    if naam != meeting.title:
        toelichting += f": {meeting.title}"
    return {
        "url": links.vergadering(meeting.pk),
        "id": str(meeting.pk),
        "naam": naam,
        "vergaderingstype": VERGADERINGSTYPE[meeting.kind],
        "status": meeting.status,
        "vergaderdatum": meeting.date,
        "geplandeVergaderdatum": meeting.date,
        "geplandeAanvangVergadering": rfc3339(meeting.starts_at),
        "geplandeEindeVergadering": rfc3339(meeting.ends_at),
        "locatie": cut(meeting.location, 100) or None,
        "vergadertoelichting": toelichting,
        "organisatie": organisatie(),
        "agendapunten": [links.agendapunt(item.pk) for item in items],
        "bijlagen": [links.informatieobject(package_key(meeting.pk))] if package_at else [],
        "webpaginaLink": links.absolute(meeting.get_absolute_url()),
        "wooInformatiecategorie": WOO_VERGADERSTUKKEN,
        "wijziging": wijziging(meeting.published_at, changed),
        "wijzigingsdatum": timezone.localdate(changed),
        "raadsmemo:soort": meeting.kind,
        "raadsmemo:gewijzigdOp": timezone.localtime(changed),
    }


def agendapunt(
    item, *, links: Links, plan: "PlannedSlot", informatieobjecten: list[str], memo_published_at=None
) -> dict:
    """An agenda item with its number and planned times in the whole agenda (as on the meeting page)."""
    meeting = item.meeting
    changed = max(filter(None, [item.updated_at, meeting.updated_at, memo_published_at]))
    number = str(plan.number)
    return {
        "url": links.agendapunt(item.pk),
        "id": str(item.pk),
        "vergadering": links.vergadering_ref(meeting.pk),
        "agendapuntTitel": cut(item.title, 100) or "Agendapunt",
        "agendapuntOmschrijving": item.title,
        "agendapuntvolgnummer": number[:3],
        "agendapuntKenmerk": number,
        "geplandAgendapuntvolgnummer": number,
        "geplandeStarttijd": rfc3339(plan.start),
        "geplandeEindtijd": rfc3339(plan.end),
        "indicatieHamerstuk": item.treatment == Treatment.HAMERSTUK,
        # Only openbare items are published; a besloten (vertrouwelijk) one is never in the API.
        "indicatorBesloten": False,
        "informatieobjecten": informatieobjecten,
        "organisatie": organisatie(),
        "webpaginaLink": links.absolute(f"{meeting.get_absolute_url()}#punt-{item.pk}"),
        "wooInformatiecategorie": WOO_VERGADERSTUKKEN,
        "raadsmemo:wijziging": wijziging(meeting.published_at, changed),
        "raadsmemo:wijzigingsdatum": timezone.localdate(changed),
        "raadsmemo:gewijzigdOp": timezone.localtime(changed),
    }


class PlannedSlot:
    def __init__(self, number: int, start: dt.datetime, end: dt.datetime):
        self.number, self.start, self.end = number, start, end


def plan_agendas(meetings, all_items) -> dict[int, PlannedSlot]:
    """Number and planned times of every item, counted over the whole agenda of its meeting (the
    hidden items too, as meetings.models.plan_agenda does for the meeting page)."""
    starts = {meeting.pk: meeting.starts_at for meeting in meetings}
    numbers: dict[int, int] = {}
    plans = {}
    for item in all_items:  # ordered by meeting, position, pk
        start = starts[item.meeting_id]
        number = numbers[item.meeting_id] = numbers.get(item.meeting_id, 0) + 1
        end = start + dt.timedelta(minutes=item.duration_minutes)
        plans[item.pk] = PlannedSlot(number, start, end)
        starts[item.meeting_id] = end
    return plans


# --- Informatieobjecten ------------------------------------------------------------------------


def memo_key(version) -> str:
    return f"memo-{version.memo_id}-v{version.number}"


def collegevoorstel_key(version) -> str:
    return f"collegevoorstel-{version.collegevoorstel_id}-v{version.number}"


def package_key(meeting_pk: int) -> str:
    return f"agendapakket-{meeting_pk}"


def stuk_key(stuk) -> str:
    return f"stuk-{stuk.pk}"


def lta_key(item) -> str:
    return f"lta-{item.number}"


def _informatieobject(*, key: str, links: Links, changed: dt.datetime, first: dt.datetime | None, **fields):
    return {
        "url": links.informatieobject(key),
        "id": key,
        "taal": "dut",
        "vertrouwelijkheidsaanduiding": "openbaar",
        "organisatie": organisatie(),
        "wooInformatiecategorie": WOO_VERGADERSTUKKEN,
        "raadsmemo:wijziging": wijziging(first, changed),
        "raadsmemo:wijzigingsdatum": timezone.localdate(changed),
        "raadsmemo:gewijzigdOp": timezone.localtime(changed),
        **fields,
    }


def memo_version(version, *, links: Links) -> dict:
    """A published version of a voorbereidingsmemo: only what the frozen version says (a concept
    edited since is not published), with the agenda item it prepares."""
    item = version.memo.agenda_item
    omschrijving = f"Voorbereidingsmemo van de agendacommissie, versie {version.number}"
    if version.reason:
        omschrijving += f". Gewijzigd: {version.reason}"
    return _informatieobject(
        key=memo_key(version),
        links=links,
        changed=version.published_at,
        first=version.published_at,
        titel=cut(version.title, 200),
        omschrijving=omschrijving,
        informatieobjecttype="mededeling",
        formaat="application/pdf",
        inhoudLink=links.absolute(version.get_pdf_url()),
        webpaginaLink=links.absolute(version.get_absolute_url()),
        versie=str(version.number),
        creatiedatum=timezone.localdate(version.published_at),
        vergaderingen=[links.vergadering_ref(item.meeting_id)],
        agendapunten=[links.agendapunt_ref(item.pk)],
        **{"raadsmemo:soort": "memo"},
    )


def collegevoorstel_version(version, *, links: Links) -> dict:
    omschrijving = f"Collegevoorstel, versie {version.number}"
    if version.reason:
        omschrijving += f". Gewijzigd: {version.reason}"
    return _informatieobject(
        key=collegevoorstel_key(version),
        links=links,
        changed=version.published_at,
        first=version.published_at,
        titel=cut(version.title, 200),
        omschrijving=omschrijving,
        informatieobjecttype="voorstel",
        formaat="application/pdf",
        inhoudLink=links.absolute(version.get_pdf_url()),
        webpaginaLink=links.absolute(version.get_absolute_url()),
        versie=str(version.number),
        creatiedatum=timezone.localdate(version.published_at),
        **{"raadsmemo:soort": "collegevoorstel"},
    )


def agenda_package(meeting, *, links: Links, built_at: dt.datetime, first_built_at: dt.datetime) -> dict:
    """The public agenda package of a meeting: one informatieobject per meeting, whose file is
    always the package of the meeting as it is now (meetings:package_pdf)."""
    return _informatieobject(
        key=package_key(meeting.pk),
        links=links,
        changed=built_at,
        first=first_built_at,
        titel=cut(f"Agendapakket {meeting.title} {meeting.date:%d-%m-%Y}", 200),
        omschrijving="De agenda met de openbare voorbereidingsmemo's, als één PDF",
        formaat="application/pdf",
        inhoudLink=links.absolute(reverse("meetings:package_pdf", args=[meeting.pk])),
        webpaginaLink=links.absolute(meeting.get_absolute_url()),
        creatiedatum=timezone.localdate(built_at),
        vergaderingen=[links.vergadering_ref(meeting.pk)],
        **{"raadsmemo:soort": "agendapakket"},
    )


def stuk_type(label: str) -> str:
    """A stuk carries no kind, only its label: a (raads-, initiatief-)voorstel is a voorstel, a
    letter (collegebrief, raadsbrief) an ingekomen stuk."""
    return "voorstel" if "voorstel" in label.lower() else "ingekomen_stuk"


def stuk_format(url: str) -> str:
    guessed, _ = mimetypes.guess_type(urlsplit(url).path)
    return guessed or "text/html"


def stuk(stuk, *, links: Links) -> dict:
    """A stuk an agenda item discusses: a link to the document where it is kept (the RIS)."""
    item = stuk.item
    changed = max(item.updated_at, item.meeting.updated_at)
    return _informatieobject(
        key=stuk_key(stuk),
        links=links,
        changed=changed,
        first=item.meeting.published_at,
        titel=cut(stuk.label, 200),
        omschrijving=f"Stuk bij agendapunt: {item.title}",
        informatieobjecttype=stuk_type(stuk.label),
        formaat=stuk_format(stuk.url),
        inhoudLink=stuk.url,
        webpaginaLink=links.absolute(f"{item.meeting.get_absolute_url()}#punt-{item.pk}"),
        vergaderingen=[links.vergadering_ref(item.meeting_id)],
        agendapunten=[links.agendapunt_ref(item.pk)],
        **{"raadsmemo:soort": "stuk"},
    )


def lta_item(item, *, links: Links, made_in_public_meeting: bool) -> dict:
    """A toezegging or motie of the LTA with what ODS has no field for: number, status, deadline,
    planned month, indieners and the dated stand van zaken."""
    meetings = [links.vergadering_ref(item.made_in_meeting_id)] if made_in_public_meeting else []
    return _informatieobject(
        key=lta_key(item),
        links=links,
        changed=item.updated_at,
        first=item.created_at,
        titel=cut(f"{item.number} {item.title}", 200),
        omschrijving=item.text or None,
        informatieobjecttype=item.kind,
        formaat="text/html",
        inhoudLink=links.absolute(item.get_absolute_url()),
        webpaginaLink=links.absolute(item.get_absolute_url()),
        creatiedatum=item.made_on or timezone.localdate(item.created_at),
        vergaderingen=meetings,
        portefeuillehouder=cut(item.portefeuillehouder.name, 100) if item.portefeuillehouder else None,
        **{
            "raadsmemo:soort": item.kind,
            "raadsmemo:nummer": item.number,
            "raadsmemo:status": item.status,
            "raadsmemo:deadline": item.deadline,
            "raadsmemo:geplandeMaand": f"{item.planned_month:%Y-%m}" if item.planned_month else None,
            "raadsmemo:afgedaanOp": item.afgedaan_on,
            "raadsmemo:indieners": [
                {"id": str(i.fractie_id), "url": links.fractie(i.fractie_id), "fractienaam": i.fractie.name}
                for i in item.indieningen.all()
            ],
            "raadsmemo:standVanZaken": [
                {"datum": update.date, "soort": update.kind, "tekst": update.text}
                for update in item.updates.all()
            ],
        },
    )


def fractie(fractie, *, links: Links) -> dict:
    org = organisatie()
    return {
        "url": links.fractie(fractie.pk),
        "id": str(fractie.pk),
        "fractienaam": cut(fractie.name, 100),
        next(iter(org)): org,
        "raadsmemo:volledigeNaam": fractie.full_name or None,
        "raadsmemo:inDeRaad": fractie.is_active,
    }
