"""The API's documents in the shapes of the VNG ODS (Open Raadsinformatie) specification.

Field names, types and limits follow the mini-ORI API (`organisatie` by TOOI code,
`wooInformatiecategorie`, `webpaginaLink`, `inhoudLink`, `formaat`) and, where the mini-ORI has no
field for something, the full ORI specification (`portefeuillehouder`). What neither has is ours and
says so in its name: `raadsmemo:...` (docs/open-data.md). Empty values are left out, as the ODS
marks most fields not nullable.

The classes are named after the ODS schemas, so that the OpenAPI document (/api/v1/openapi.json)
names them the same.
"""

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

VergaderingsType = Literal[
    "raadsvergadering",
    "commissievergadering",
    "presidium",
    "statenvergadering",
    "algemene_bestuursvergadering",
]
VergaderingStatus = Literal["gepland", "gehouden", "geannuleerd"]
# raadsmemo's own kinds of meeting (meetings.models.MeetingKind; a test keeps the two the same).
SessieSoort = Literal["beeldvormend", "meningsvormend", "raadsvergadering", "agendacommissie", "werksessie"]
Wijziging = Literal["Toevoeging", "Aanpassing", "Verwijdering"]
Informatieobjecttype = Literal[
    "vraag",
    "antwoord",
    "motie",
    "besluitvormingsstuk",
    "ingekomen_stuk",
    "toezegging",
    "mededeling",
    "amendement",
    "voorstel",
]
Soort = Literal["memo", "collegevoorstel", "agendapakket", "stuk", "toezegging", "motie"]


class OdsModel(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="forbid")


class Organisatie(OdsModel):
    """The organisation by its TOOI code: one of the three keys (setting RAADSMEMO_TOOI_ORGANISATIE)."""

    gemeente: str | None = Field(None, examples=["gm0014"])
    provincie: str | None = None
    waterschap: str | None = None


class VerwijzingNaarResource(OdsModel):
    id: str = Field(min_length=1, max_length=40)
    url: str


class Vergadering(OdsModel):
    url: str
    id: str = Field(max_length=40)
    naam: str = Field(max_length=100)
    vergaderingstype: VergaderingsType
    status: VergaderingStatus
    vergaderdatum: dt.date
    geplandeVergaderdatum: dt.date
    geplandeAanvangVergadering: str = Field(description="RFC 3339, met de tijdzone")
    geplandeEindeVergadering: str
    locatie: str | None = Field(None, max_length=100)
    vergadertoelichting: str | None = None
    organisatie: Organisatie
    agendapunten: list[str] = Field(description="URL's van de openbare agendapunten, in agendavolgorde")
    bijlagen: list[str] = Field(
        description="URL's van de informatieobjecten van de vergadering (het agendapakket)"
    )
    webpaginaLink: str
    wooInformatiecategorie: str
    wijziging: Wijziging
    wijzigingsdatum: dt.date
    raadsmemo_soort: str = Field(
        alias="raadsmemo:soort",
        description="De soort sessie in raadsmemo: beeldvormend, meningsvormend, raadsvergadering, "
        "agendacommissie of werksessie (docs/open-data.md: hoe die op vergaderingstype is afgebeeld)",
    )
    raadsmemo_gewijzigdOp: dt.datetime = Field(alias="raadsmemo:gewijzigdOp")


class Agendapunt(OdsModel):
    url: str
    id: str = Field(max_length=40)
    vergadering: VerwijzingNaarResource
    agendapuntTitel: str = Field(min_length=1, max_length=100)
    agendapuntOmschrijving: str
    agendapuntvolgnummer: str = Field(max_length=3)
    agendapuntKenmerk: str = Field(max_length=20)
    geplandAgendapuntvolgnummer: str = Field(max_length=10)
    geplandeStarttijd: str
    geplandeEindtijd: str
    indicatieHamerstuk: bool
    indicatorBesloten: bool
    informatieobjecten: list[str]
    organisatie: Organisatie
    webpaginaLink: str
    wooInformatiecategorie: str
    raadsmemo_wijziging: Wijziging = Field(
        alias="raadsmemo:wijziging",
        description="Als wijziging bij een ODS-vergadering (die kent het hier niet)",
    )
    raadsmemo_wijzigingsdatum: dt.date = Field(alias="raadsmemo:wijzigingsdatum")
    raadsmemo_gewijzigdOp: dt.datetime = Field(alias="raadsmemo:gewijzigdOp")


class FractieVerwijzing(OdsModel):
    id: str
    url: str
    fractienaam: str


class StandVanZaken(OdsModel):
    datum: dt.date
    soort: Literal["stand_van_zaken", "status", "afdoening"]
    tekst: str


class InformatieObject(OdsModel):
    url: str
    id: str = Field(max_length=40)
    titel: str = Field(max_length=200)
    omschrijving: str | None = None
    informatieobjecttype: Informatieobjecttype | None = None
    formaat: str = Field(max_length=255)
    inhoudLink: str
    webpaginaLink: str
    versie: str | None = Field(None, max_length=5)
    creatiedatum: dt.date | None = None
    taal: str = "dut"
    vertrouwelijkheidsaanduiding: Literal["openbaar"] = "openbaar"
    organisatie: Organisatie
    wooInformatiecategorie: str
    vergaderingen: list[VerwijzingNaarResource] = []
    agendapunten: list[VerwijzingNaarResource] = []
    portefeuillehouder: str | None = Field(None, max_length=100)
    raadsmemo_wijziging: Wijziging = Field(
        alias="raadsmemo:wijziging",
        description="Als wijziging bij een ODS-vergadering (die kent het hier niet)",
    )
    raadsmemo_wijzigingsdatum: dt.date = Field(alias="raadsmemo:wijzigingsdatum")
    raadsmemo_gewijzigdOp: dt.datetime = Field(alias="raadsmemo:gewijzigdOp")
    raadsmemo_soort: Soort = Field(alias="raadsmemo:soort")
    # The LTA's own fields (toezeggingen and moties): ODS has none of them.
    raadsmemo_nummer: str | None = Field(None, alias="raadsmemo:nummer")
    raadsmemo_status: Literal["open", "aangehouden", "afgedaan", "vervallen"] | None = Field(
        None,
        alias="raadsmemo:status",
        description="Zoals in het LTA-register; 'overschreden' is open met de deadline voorbij",
    )
    raadsmemo_deadline: dt.date | None = Field(None, alias="raadsmemo:deadline")
    raadsmemo_geplandeMaand: str | None = Field(None, alias="raadsmemo:geplandeMaand", examples=["2021-03"])
    raadsmemo_afgedaanOp: dt.date | None = Field(None, alias="raadsmemo:afgedaanOp")
    raadsmemo_indieners: list[FractieVerwijzing] | None = Field(None, alias="raadsmemo:indieners")
    raadsmemo_standVanZaken: list[StandVanZaken] | None = Field(
        None, alias="raadsmemo:standVanZaken", description="De gedateerde updates, nieuwste eerst"
    )


class Fractie(OdsModel):
    url: str
    id: str = Field(max_length=40)
    fractienaam: str = Field(min_length=1, max_length=100)
    gemeente: Organisatie | None = None
    provincie: Organisatie | None = None
    waterschap: Organisatie | None = None
    raadsmemo_volledigeNaam: str | None = Field(None, alias="raadsmemo:volledigeNaam")
    raadsmemo_inDeRaad: bool = Field(alias="raadsmemo:inDeRaad")


class Paginated(OdsModel):
    count: int = Field(description="Het aantal resultaten over alle pagina's")
    next: str | None = None
    previous: str | None = None


class PaginatedVergaderingList(Paginated):
    results: list[Vergadering]


class PaginatedAgendapuntList(Paginated):
    results: list[Agendapunt]


class PaginatedInformatieObjectList(Paginated):
    results: list[InformatieObject]


class PaginatedFractieList(Paginated):
    results: list[Fractie]


class Root(OdsModel):
    vergaderingen: str
    agendapunten: str
    informatieobjecten: str
    fracties: str
    openapi: str
    documentatie: str
    organisatie: Organisatie


class Fout(OdsModel):
    """An error, in the shape of the VNG API design rules (problem details, Dutch text)."""

    title: str
    status: int
    detail: str | None = None
    invalidParams: list[dict] | None = None
