"""The voorbereidingsmemo and its ordered rows (contacts, programme slots, links)."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from raadsmemo.accounts.roles import can_read_concepts, sees_closed_meetings
from raadsmemo.confidentiality import ConfidentialModel, secret_readers_field
from raadsmemo.drafts import Draft
from raadsmemo.history import HISTORY_EXCLUDED
from raadsmemo.memos.formatting import render_formatted_text
from raadsmemo.versions import FrozenVersion, Transition, WorkflowStatus


class Purpose(models.TextChoices):
    BEELDVORMEND = "beeldvormend", "Beeldvormend"
    MENINGSVORMEND = "meningsvormend", "Meningsvormend"
    BESLUITVORMEND = "besluitvormend", "Besluitvormend"


class Betreft(models.TextChoices):
    AGENDAVERZOEK = "agendaverzoek", "Agendaverzoek"
    COLLEGE = "college", "College"
    COLLEGEBRIEF = "collegebrief", "Collegebrief"
    RAADSVOORSTEL = "raadsvoorstel", "Raadsvoorstel"
    RAADSBRIEF = "raadsbrief", "Raadsbrief"
    INITIATIEFVOORSTEL = "initiatiefvoorstel", "Initiatiefvoorstel"
    OTHER = "anders", "Anders, namelijk"


class Advice(models.TextChoices):
    DISCUSSIE = "discussie", "Discussie"
    OTHER = "anders", "Anders, namelijk"


# The memo's workflow; the steps between them, and who may take each, are memos/workflow.py.
Status = WorkflowStatus


class LinkSection(models.TextChoices):
    STUK = "stuk", "Titel en datum van het stuk"
    NADERE_INFORMATIE = "nadere_informatie", "Nadere informatie"


# The standard "Wijze van behandeling (vorm) en uitkomst activiteit" per purpose. The
# beeldvormend and meningsvormend texts are those of the gemeente Groningen's memos.
STANDARD_TREATMENT_TEXT = {
    Purpose.BEELDVORMEND: (
        "De sessie is bedoeld om de leden van de raad een beter beeld te geven m.b.t. het "
        "genoemde onderwerp. Dit met het oog op het vormen van een onderbouwde mening in een "
        "later stadium. Tijdens de beeldvormende fase geven raadsleden niet of slechts heel "
        "voorlopig hun mening, stellen vooral vragen en luisteren naar technische onderbouwing "
        "door ambtenaren of naar de mening van burgers of andere betrokkenen."
    ),
    Purpose.MENINGSVORMEND: (
        "De sessie is bedoeld voor het uitwisselen en met elkaar confronteren van meningen van "
        "de verschillende raadsfracties m.b.t. het genoemd onderwerp. Tijdens de meningsvormende "
        "sessie stellen raadsleden alleen politieke vragen aan elkaar of aan het college en geven "
        "vooral aan waarom ze het wel of niet eens zijn met de uitgezette of voorgestelde lijn."
    ),
    Purpose.BESLUITVORMEND: (
        "De raadsvergadering is bedoeld om over het genoemde onderwerp een besluit te nemen. "
        "Tijdens de besluitvormende fase hebben de fracties hun mening al gevormd; zij geven zo "
        "nodig een stemverklaring, dienen eventueel amendementen of moties in en de raad stemt "
        "over het voorstel."
    ),
}

NUMBER_WORDS = {1: "één", 2: "twee", 3: "drie", 4: "vier", 5: "vijf"}


class MemoQuerySet(models.QuerySet):
    def with_rows(self):
        """Fetch the ordered rows a rendered memo needs, in a fixed number of queries."""
        return self.select_related(
            "created_by", "updated_by", "agenda_item__meeting", "current_version"
        ).prefetch_related(
            models.Prefetch("memo_contacts", MemoContact.objects.select_related("contact")),
            "programme_slots",
            "links",
        )

    def search(self, text: str):
        text = text.strip()
        return self.filter(title__icontains=text) if text else self

    def matching(self, *, q: str = "", purpose: str = "", status: str = "", date_from=None, date_to=None):
        """The memo list's filters: a title search, purpose, status and a date range."""
        queryset = self.search(q)
        if purpose:
            queryset = queryset.filter(purpose=purpose)
        if status:
            queryset = queryset.filter(status=status)
        if date_from:
            queryset = queryset.filter(datum__gte=date_from)
        if date_to:
            queryset = queryset.filter(datum__lte=date_to)
        return queryset

    def readable_by(self, user):
        """The griffie and the agendacommissie read every memo, concept or not, as far as its
        confidentiality allows (a geheim one: the griffie and those named). Everyone else
        (raadsleden, residents) reads only a published version, of a memo on an item of a
        meeting they may see, as far as the memo's and the item's confidentiality allow."""
        if can_read_concepts(user):
            return self.filter(Memo.confidentiality_q(user))
        return self.published_for(user)

    def publicly_readable(self):
        """The rule for the anonymous reader (Memo.is_publicly_readable: the same for one memo)."""
        return self.published_for(AnonymousUser())

    def published_for(self, user):
        """Published memos a reader (not griffie or agendacommissie) may read."""
        return self.filter(Memo.published_for_q(user))


class Memo(ConfidentialModel):
    """A voorbereidingsmemo: prepares one agenda item, with every field of the seed memos."""

    purpose = models.CharField("doel", max_length=20, choices=Purpose.choices)
    aan = models.CharField("aan", max_length=200, default="Raad")
    van = models.CharField("van", max_length=200, default="Agendacommissie")
    datum = models.DateField("datum")
    betreft = models.JSONField("betreft", default=list, blank=True)
    betreft_other = models.CharField("betreft, anders", max_length=200, blank=True)

    title = models.CharField("titel van het stuk", max_length=300)
    stuk_date = models.DateField("datum van het stuk", null=True, blank=True)

    samenvatting = models.TextField("korte samenvatting", blank=True)
    on_lta = models.BooleanField("vermeld op LTA", default=False)
    lta_number = models.CharField("LTA-itemnummer", max_length=30, blank=True)
    # The item itself; lta_number keeps the number as printed (and for memos from before the register).
    lta_item = models.ForeignKey(
        "lta.LtaItem", models.PROTECT, null=True, blank=True, related_name="memos", verbose_name="LTA-item"
    )
    has_deadline = models.BooleanField("deadline", default=False)
    deadline = models.DateField("deadline", null=True, blank=True)
    advice = models.CharField("advies", max_length=20, choices=Advice.choices, blank=True)
    advice_text = models.TextField("advies, toelichting", blank=True)
    voorgeschiedenis = models.TextField("voorgeschiedenis", blank=True)
    treatment_text = models.TextField("wijze van behandeling (vorm) en uitkomst activiteit", blank=True)
    speaking_rounds = models.PositiveSmallIntegerField("aantal rondes", null=True, blank=True)
    speaking_time_fractie = models.PositiveSmallIntegerField(
        "spreektijd per fractie (minuten)", null=True, blank=True
    )
    speaking_time_college = models.PositiveSmallIntegerField(
        "spreektijd college (minuten)", null=True, blank=True
    )

    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.CONCEPT)
    # The published version readers see (the latest); None until the memo is first published.
    # While the memo is a concept again, readers keep seeing this version.
    current_version = models.ForeignKey(
        "memos.MemoVersion",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name="gepubliceerde versie",
    )
    # Confidentiality (openbaar, vertrouwelijk, geheim) from ConfidentialModel; who, besides the
    # griffie, may read a geheim memo:
    secret_readers = secret_readers_field()
    # Raised on every save; an edit based on an older revision is refused, not merged.
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        null=True,
        verbose_name="aangemaakt door",
    )
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        null=True,
        verbose_name="gewijzigd door",
    )
    updated_at = models.DateTimeField("gewijzigd op", auto_now=True)

    objects = MemoQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=[*HISTORY_EXCLUDED, "updated_by"])

    class Meta:
        ordering = ["-datum", "-created_at"]
        verbose_name = "voorbereidingsmemo"
        verbose_name_plural = "voorbereidingsmemo's"
        indexes = [
            models.Index(fields=["-datum", "-created_at"]),
            # The overzicht's recently changed memos: the newest few, not a sort of every memo.
            models.Index(fields=["-updated_at"], name="memo_updated_at"),
        ]

    @classmethod
    def published_for_q(cls, user, prefix: str = "") -> models.Q:
        """MemoQuerySet.published_for as a condition, also through a relation (prefix "memo__"):
        joined, so that a list in another order (memo versions by publication) reads its index."""
        from raadsmemo.meetings.models import AgendaItem

        meeting = {f"{prefix}agenda_item__meeting__is_published": True}
        if not sees_closed_meetings(user):
            meeting[f"{prefix}agenda_item__meeting__is_public"] = True
        return models.Q(
            cls.confidentiality_q(user, prefix=prefix),
            AgendaItem.confidentiality_q(user, prefix=f"{prefix}agenda_item__"),
            **{f"{prefix}current_version__isnull": False},
            **meeting,
        )

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("memos:detail", args=[self.pk])

    @property
    def agenda_item_or_none(self):
        """The agenda item this memo prepares, or None while it is on no agenda."""
        try:
            return self.agenda_item
        except ObjectDoesNotExist:
            return None

    @property
    def is_publicly_readable(self) -> bool:
        """MemoQuerySet.publicly_readable for one memo whose agenda item and meeting are loaded."""
        return self.is_readable_by(AnonymousUser())

    def is_readable_by(self, user) -> bool:
        """MemoQuerySet.readable_by for one memo whose agenda item and meeting are loaded."""
        if can_read_concepts(user):
            return self.allows(user)
        item = self.agenda_item_or_none
        return bool(
            self.current_version_id is not None
            and item is not None
            and item.meeting.is_published
            and (item.meeting.is_public or sees_closed_meetings(user))
            and item.allows(user)
            and self.allows(user)
        )

    @property
    def is_concept(self) -> bool:
        """Not what readers see: anything but a published memo is marked as a concept."""
        return self.status != Status.GEPUBLICEERD

    @property
    def is_editable(self) -> bool:
        """Only a concept is edited; a memo further on goes back to concept first (with a reason)."""
        return self.status == Status.CONCEPT

    @property
    def is_deletable(self) -> bool:
        """A concept that was never published; a published version is never removed."""
        return self.status == Status.CONCEPT and self.current_version_id is None

    @property
    def pdf_filename(self) -> str:
        """E.g. 2022-01-12-voorbereidingsmemo-voortgang-stapelings-en-doorbraakproject.pdf."""
        return f"{self.datum:%Y-%m-%d}-voorbereidingsmemo-{slugify(self.title)[:80]}.pdf"

    # Which sections apply; a section that does not apply is left out of the rendered memo,
    # but its data is kept so that switching purpose back loses nothing.
    @property
    def shows_programme(self) -> bool:
        return self.purpose == Purpose.BEELDVORMEND

    @property
    def shows_advice(self) -> bool:
        return self.purpose == Purpose.MENINGSVORMEND

    @property
    def shows_speaking_times(self) -> bool:
        return self.purpose == Purpose.MENINGSVORMEND

    @property
    def betreft_labels(self) -> list[str]:
        """The ticked Betreft boxes in the fixed order of the form, "anders" with its text."""
        labels = []
        for choice in Betreft:
            if choice.value not in self.betreft:
                continue
            if choice == Betreft.OTHER:
                labels.append(self.betreft_other or "Anders")
            else:
                labels.append(choice.label)
        return labels

    @property
    def samenvatting_html(self) -> str:
        return render_formatted_text(self.samenvatting)

    @property
    def voorgeschiedenis_html(self) -> str:
        return render_formatted_text(self.voorgeschiedenis)

    @property
    def advice_display(self) -> str:
        if self.advice == Advice.OTHER:
            return self.advice_text or "Anders"
        return self.get_advice_display() if self.advice else ""

    @property
    def effective_treatment_text(self) -> str:
        return self.treatment_text or STANDARD_TREATMENT_TEXT.get(self.purpose, "")

    @property
    def treatment_paragraphs(self) -> list[str]:
        return [p.strip() for p in self.effective_treatment_text.split("\n\n") if p.strip()]

    @property
    def speaking_times_sentence(self) -> str:
        """E.g. "Bespreking in één ronde. In geval van spreektijden, maximaal 3 minuten per
        fractie, college maximaal 12 minuten." Empty when nothing is set."""
        sentences = []
        if self.speaking_rounds:
            rounds = NUMBER_WORDS.get(self.speaking_rounds, str(self.speaking_rounds))
            noun = "ronde" if self.speaking_rounds == 1 else "rondes"
            sentences.append(f"Bespreking in {rounds} {noun}.")
        limits = []
        if self.speaking_time_fractie:
            limits.append(f"maximaal {self.speaking_time_fractie} minuten per fractie")
        if self.speaking_time_college:
            limits.append(f"college maximaal {self.speaking_time_college} minuten")
        if limits:
            sentences.append("In geval van spreektijden, " + ", ".join(limits) + ".")
        return " ".join(sentences)

    def stuk_links(self):
        return [link for link in self.links.all() if link.section == LinkSection.STUK]

    def nadere_informatie_links(self):
        return [link for link in self.links.all() if link.section == LinkSection.NADERE_INFORMATIE]


class MemoContact(models.Model):
    """A contact on a memo, in the order the griffie put them."""

    memo = models.ForeignKey(Memo, models.CASCADE, related_name="memo_contacts")
    contact = models.ForeignKey("people.Contact", models.PROTECT, related_name="memo_contacts")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["memo", "contact"], name="memo_contact_once"),
        ]

    def __str__(self) -> str:
        return f"{self.contact} bij {self.memo}"


class ProgrammeSlot(models.Model):
    """One time slot of a beeldvormende sessie's programme: "10:30 – 10:35 introductie door ..."."""

    memo = models.ForeignKey(Memo, models.CASCADE, related_name="programme_slots")
    start = models.TimeField("begintijd")
    end = models.TimeField("eindtijd")
    activity = models.CharField("onderdeel", max_length=500)
    presenter = models.CharField("door", max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="slot_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start:%H:%M} – {self.end:%H:%M} {self.activity}"


class MemoLink(models.Model):
    """A labelled link under "Titel en datum van het stuk" or "Nadere informatie"."""

    memo = models.ForeignKey(Memo, models.CASCADE, related_name="links")
    section = models.CharField(max_length=30, choices=LinkSection.choices)
    label = models.CharField("omschrijving", max_length=300)
    url = models.URLField("webadres", max_length=1000)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["section", "position", "pk"]

    def __str__(self) -> str:
        return self.label


class MemoDraftQuerySet(models.QuerySet):
    def of(self, user, memo: Memo | None):
        """The user's draft of this memo (memo=None: of a new memo that was never stored)."""
        return self.filter(author=user, memo=memo) if memo else self.filter(author=user, memo__isnull=True)

    def find(self, user, memo: Memo | None) -> "MemoDraft | None":
        return self.of(user, memo).first()


class MemoDraft(Draft):
    """What a user typed in the memo editor that is not (validly) in the memo yet (raadsmemo/drafts.py)."""

    memo = models.ForeignKey(Memo, models.CASCADE, null=True, blank=True, related_name="drafts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="memo_drafts")

    objects = MemoDraftQuerySet.as_manager()

    class Meta:
        verbose_name = "concept van een memo"
        verbose_name_plural = "concepten van memo's"
        constraints = [
            models.UniqueConstraint(fields=["author", "memo"], name="one_draft_per_author_and_memo"),
        ]


class MemoTransition(Transition):
    """One step of a memo's workflow: who took it, when, from which status to which, and why."""

    memo = models.ForeignKey(Memo, models.CASCADE, related_name="transitions")

    class Meta(Transition.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.memo}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class MemoVersion(FrozenVersion):
    """A published version of a memo, frozen (raadsmemo/versions.py); database triggers
    (migration memos 0006) refuse UPDATE and DELETE on the table."""

    memo = models.ForeignKey(Memo, models.PROTECT, related_name="versions")

    class Meta(FrozenVersion.Meta):
        ordering = ["memo", "number"]
        # The API's informatieobjecten in the order of publication: a page reads the first rows
        # of this index, not a sort of every version (api/fetch.py, informatieobject_page).
        indexes = [models.Index(fields=["published_at", "id"], name="memo_version_published")]
        constraints = [
            models.UniqueConstraint(fields=["memo", "number"], name="one_version_number_per_memo"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="version_number_from_one"),
        ]

    def get_absolute_url(self) -> str:
        return reverse("memos:version", args=[self.memo_id, self.number])

    def get_pdf_url(self) -> str:
        return reverse("memos:version_pdf", args=[self.memo_id, self.number])
