"""A collegevoorstel: the form a team sends the college (seed 001), in the seed's order.

The form's rows (behandeling in/door, geheimhouding) are a fixed number of rows, as on the paper
form: three for the behandeling, two for the geheimhouding.
"""

import re

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from raadsmemo.accounts.roles import can_read_concepts, is_griffie
from raadsmemo.confidentiality import Grondslag
from raadsmemo.history import HISTORY_EXCLUDED


class Status(models.TextChoices):
    OPENBAAR = "openbaar", "Openbaar"
    GEHEIM = "geheim", "Geheim"


BEHANDELING_ROWS = (1, 2, 3)
GEHEIM_ROWS = (1, 2)


class CollegevoorstelQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Geheim ones for the griffie only; openbaar ones for the griffie and the agendacommissie."""
        if is_griffie(user):
            return self
        if can_read_concepts(user):
            return self.filter(status=Status.OPENBAAR)
        return self.none()


def _behandeling_fields():
    fields = {}
    for n in BEHANDELING_ROWS:
        fields[f"behandeling_{n}_orgaan"] = models.CharField(
            f"behandeling {n}: in / door", max_length=200, blank=True
        )
        fields[f"behandeling_{n}_datum"] = models.DateField(f"behandeling {n}: datum", null=True, blank=True)
        fields[f"behandeling_{n}_aard"] = models.CharField(
            f"behandeling {n}: aard behandeling", max_length=200, blank=True
        )
    return fields


def _geheim_fields():
    fields = {}
    for n in GEHEIM_ROWS:
        fields[f"geheim_{n}_titel"] = models.CharField(
            f"geheimhouding {n}: titel", max_length=300, blank=True
        )
        fields[f"geheim_{n}_grondslag"] = models.CharField(
            f"geheimhouding {n}: grondslag", max_length=20, choices=Grondslag.choices, blank=True
        )
        fields[f"geheim_{n}_tot"] = models.DateField(f"geheimhouding {n}: tot wanneer", null=True, blank=True)
        fields[f"geheim_{n}_bekrachtigen"] = models.BooleanField(
            f"geheimhouding {n}: moet de raad bekrachtigen?", default=False
        )
    return fields


class Collegevoorstel(models.Model):
    # Kop
    zaak = models.CharField("zaak", max_length=300)
    zaaknummer = models.CharField("zaaknummer", max_length=100, blank=True)
    datum = models.DateField("datum")
    auteur = models.CharField("auteur", max_length=200)
    bereikbaar = models.CharField("bereikbaar", max_length=100, blank=True)
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.OPENBAAR)
    team = models.CharField("team", max_length=200, blank=True)
    handtekening = models.CharField("handtekening", max_length=200, blank=True)
    onderwerp = models.CharField("onderwerp", max_length=300)
    geraadpleegde_vakgebieden = models.TextField("geraadpleegde vakgebieden", blank=True)
    conclusie_raadpleging = models.TextField("conclusie raadpleging", blank=True)
    communicatie = models.BooleanField("communicatie", default=False)
    communicatie_middel = models.CharField("communicatie d.m.v.", max_length=300, blank=True)
    # Bijlagen
    bijlage_brief_college = models.BooleanField("brief door college", default=False)
    bijlage_brief_raad = models.BooleanField("brief aan gemeenteraad", default=False)
    bijlage_brief_art41 = models.BooleanField("brief beantwoording vragen ex art 41", default=False)
    bijlage_nota_raad = models.BooleanField("nota voor de raad", default=False)
    bijlage_overige = models.TextField("overige bijlagen", blank=True)
    # Behandeling in / door (three rows) and the portefeuillehouder
    locals().update(_behandeling_fields())
    portefeuillehouder = models.ForeignKey(
        "people.Bestuurder",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="collegevoorstellen",
        verbose_name="portefeuillehouder",
    )
    # Geheimhouding (two rows)
    locals().update(_geheim_fields())
    # Het voorstel
    bis_nummer = models.CharField("bis-nummer", max_length=100, blank=True)
    voorstel = models.TextField("voorstel", help_text="Eén beslispunt per regel; ze worden genummerd.")
    samenvatting = models.TextField("samenvatting", blank=True)
    juridisch_kader = models.TextField("juridisch kader (inclusief onderbouwing geheimhouding)", blank=True)
    aanleiding = models.TextField("aanleiding", blank=True)
    data_monitoring = models.TextField(
        "welke data is gebruikt en op welke manier wordt de uitvoering gemonitord?", blank=True
    )
    belanghebbenden = models.TextField(
        "welke externe belanghebbenden zijn betrokken en hoe is het proces gevoerd?", blank=True
    )
    wat_doen = models.TextField("wat willen we gaan doen?", blank=True)
    afweging = models.TextField("afweging van argumenten voor en tegen?", blank=True)
    kosten = models.TextField("wat mag het kosten en waar gaan we het van betalen?", blank=True)
    risicos = models.TextField("risico's?", blank=True)
    kernboodschap = models.TextField("kernboodschap", blank=True)
    communicatie_inzet = models.TextField("communicatie-inzet", blank=True)

    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    updated_at = models.DateTimeField("gewijzigd op", auto_now=True)
    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    objects = CollegevoorstelQuerySet.as_manager()

    class Meta:
        ordering = ["-datum", "-pk"]
        verbose_name = "collegevoorstel"
        verbose_name_plural = "collegevoorstellen"

    def __str__(self) -> str:
        return self.onderwerp

    def get_absolute_url(self) -> str:
        return reverse("collegevoorstellen:detail", args=[self.pk])

    @property
    def is_geheim(self) -> bool:
        return self.status == Status.GEHEIM

    def voorstel_punten(self) -> list[str]:
        """The beslispunten, one per line; a leading "1." typed by hand is left off."""
        punten = []
        for line in self.voorstel.splitlines():
            line = re.sub(r"^\s*\d+[.)]\s*", "", line).strip()
            if line:
                punten.append(line)
        return punten

    def bijlagen(self) -> list[str]:
        names = [
            "bijlage_brief_college",
            "bijlage_brief_raad",
            "bijlage_brief_art41",
            "bijlage_nota_raad",
        ]
        checked = [self._meta.get_field(n).verbose_name for n in names if getattr(self, n)]
        return [str(label)[:1].upper() + str(label)[1:] for label in checked]

    def behandelingen(self) -> list[dict]:
        rows = []
        for n in BEHANDELING_ROWS:
            row = {k: getattr(self, f"behandeling_{n}_{k}") for k in ("orgaan", "datum", "aard")}
            if row["orgaan"] or row["datum"] or row["aard"]:
                rows.append(row)
        return rows

    def geheimhoudingen(self) -> list[dict]:
        rows = []
        for n in GEHEIM_ROWS:
            row = {k: getattr(self, f"geheim_{n}_{k}") for k in ("titel", "grondslag", "tot", "bekrachtigen")}
            if row["titel"] or row["grondslag"] or row["tot"]:
                row["grondslag_label"] = Grondslag(row["grondslag"]).label if row["grondslag"] else ""
                rows.append(row)
        return rows
