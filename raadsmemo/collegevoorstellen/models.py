"""A collegevoorstel: the form a team sends the college (seed 001), in the seed's order.

The form's rows (behandeling in/door, geheimhouding) are a fixed number of rows, as on the paper
form: three for the behandeling, two for the geheimhouding.

The seed's "status" (openbaar/geheim) is `confidentiality` here; `status` is the workflow, as on a
memo (collegevoorstellen/workflow.py). Who reads what:
- the griffie: everything, as it is now;
- the agendacommissie: openbaar ones, as they are now (concepts included);
- the people the griffie names on a geheim one (`secret_readers`): that one, as it is now;
- everyone, residents too: the published versions of an openbaar one. A geheim one is never
  published.
"""

import re

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from raadsmemo.accounts.roles import can_read_concepts, is_griffie
from raadsmemo.confidentiality import Grondslag, secret_readers_field
from raadsmemo.drafts import Draft
from raadsmemo.history import HISTORY_EXCLUDED
from raadsmemo.versions import FrozenVersion, Transition, WorkflowStatus


class Confidentiality(models.TextChoices):
    """The seed's "status": openbaar or geheim."""

    OPENBAAR = "openbaar", "Openbaar"
    GEHEIM = "geheim", "Geheim"


Status = WorkflowStatus


BEHANDELING_ROWS = (1, 2, 3)
GEHEIM_ROWS = (1, 2)


class CollegevoorstelQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The ones this user reads as they are now (see the module's docstring)."""
        if is_griffie(user):
            return self
        if not user.is_authenticated:
            return self.none()
        named = models.Q(confidentiality=Confidentiality.GEHEIM, secret_readers=user)
        if can_read_concepts(user):
            return self.filter(models.Q(confidentiality=Confidentiality.OPENBAAR) | named).distinct()
        return self.filter(named).distinct()

    def published(self):
        """The ones anyone may read in their published version: openbaar, with a version."""
        return self.filter(confidentiality=Confidentiality.OPENBAAR, current_version__isnull=False)


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
    confidentiality = models.CharField(
        "status", max_length=20, choices=Confidentiality.choices, default=Confidentiality.OPENBAAR
    )
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

    # Who, besides the griffie, reads a geheim one.
    secret_readers = secret_readers_field()
    # The workflow (collegevoorstellen/workflow.py) and what readers read.
    status = models.CharField("stap", max_length=20, choices=Status.choices, default=Status.CONCEPT)
    current_version = models.ForeignKey(
        "CollegevoorstelVersion",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="gepubliceerde versie",
    )

    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    updated_at = models.DateTimeField("gewijzigd op", auto_now=True)
    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    objects = CollegevoorstelQuerySet.as_manager()

    class Meta:
        ordering = ["-datum", "-pk"]
        # The list's pages of 25 in this order: a page, not a sort of every collegevoorstel.
        indexes = [models.Index(fields=["-datum", "-id"], name="collegevoorstel_datum")]
        verbose_name = "collegevoorstel"
        verbose_name_plural = "collegevoorstellen"

    def __str__(self) -> str:
        return self.onderwerp

    def get_absolute_url(self) -> str:
        return reverse("collegevoorstellen:detail", args=[self.pk])

    @property
    def is_geheim(self) -> bool:
        return self.confidentiality == Confidentiality.GEHEIM

    @property
    def is_concept(self) -> bool:
        """Anything but a published one is marked as a concept, on the page and in the PDF."""
        return self.status != Status.GEPUBLICEERD

    @property
    def is_editable(self) -> bool:
        """Only a concept is edited; further on it goes back to concept first (with a reason)."""
        return self.status == Status.CONCEPT

    @property
    def pdf_filename(self) -> str:
        return f"collegevoorstel-{self.pk}.pdf"

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


class CollegevoorstelTransition(Transition):
    collegevoorstel = models.ForeignKey(Collegevoorstel, models.CASCADE, related_name="transitions")

    class Meta(Transition.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.collegevoorstel}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class CollegevoorstelVersion(FrozenVersion):
    """A published version of a collegevoorstel, frozen (raadsmemo/versions.py); database triggers
    (migration collegevoorstellen 0003) refuse UPDATE and DELETE on the table."""

    collegevoorstel = models.ForeignKey(Collegevoorstel, models.PROTECT, related_name="versions")

    class Meta(FrozenVersion.Meta):
        ordering = ["collegevoorstel", "number"]
        # The API's informatieobjecten in the order of publication (api/fetch.py).
        indexes = [models.Index(fields=["published_at", "id"], name="cv_version_published")]
        constraints = [
            models.UniqueConstraint(
                fields=["collegevoorstel", "number"], name="one_version_number_per_collegevoorstel"
            ),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="cv_version_number_from_one"),
        ]

    def get_absolute_url(self) -> str:
        return reverse("collegevoorstellen:version", args=[self.collegevoorstel_id, self.number])

    def get_pdf_url(self) -> str:
        return reverse("collegevoorstellen:version_pdf", args=[self.collegevoorstel_id, self.number])


class CollegevoorstelDraftQuerySet(models.QuerySet):
    def of(self, user, cv: Collegevoorstel | None):
        """The user's draft of this collegevoorstel (None: of a new one that was never saved)."""
        if cv is None or cv.pk is None:
            return self.filter(author=user, collegevoorstel__isnull=True)
        return self.filter(author=user, collegevoorstel=cv)


class CollegevoorstelDraft(Draft):
    """What a user typed in the form that is not (validly) saved yet (raadsmemo/drafts.py)."""

    collegevoorstel = models.ForeignKey(
        Collegevoorstel, models.CASCADE, null=True, blank=True, related_name="drafts"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")

    objects = CollegevoorstelDraftQuerySet.as_manager()

    class Meta:
        verbose_name = "concept van een collegevoorstel"
        verbose_name_plural = "concepten van collegevoorstellen"
