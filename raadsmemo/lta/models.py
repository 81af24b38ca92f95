"""The LTA register: toezeggingen, moties, initiatiefvoorstellen and verwachte stukken, each with
an append-only log of dated updates (the "stand van zaken")."""

import datetime as dt
import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, Max, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from raadsmemo.confidentiality import ConfidentialModel, secret_readers_field
from raadsmemo.history import HISTORY_EXCLUDED
from raadsmemo.lta.numbering import number_parts


def today() -> dt.date:
    """Today in Amsterdam; views use it, and queries take it as an argument so tests can fix it."""
    return timezone.localdate()


class Kind(models.TextChoices):
    TOEZEGGING = "toezegging", "Toezegging"
    MOTIE = "motie", "Motie"
    INITIATIEFVOORSTEL = "initiatiefvoorstel", "Initiatiefvoorstel"
    VERWACHT_STUK = "verwacht_stuk", "Verwacht stuk"


class Status(models.TextChoices):
    OPEN = "open", "Open"
    AANGEHOUDEN = "aangehouden", "Aangehouden"
    AFGEDAAN = "afgedaan", "Afgedaan"
    VERVALLEN = "vervallen", "Vervallen"


MADE_VERBS = {
    Kind.TOEZEGGING: "toegezegd",
    Kind.MOTIE: "aangenomen",
    Kind.INITIATIEFVOORSTEL: "ingediend",
    Kind.VERWACHT_STUK: "aangekondigd",
}

# Derived, never stored: open with its deadline passed.
OVERSCHREDEN = "overschreden"
DISPLAY_STATUSES = [
    (Status.OPEN.value, "Open"),
    (OVERSCHREDEN, "Overschreden"),
    (Status.AANGEHOUDEN.value, "Aangehouden"),
    (Status.AFGEDAAN.value, "Afgedaan"),
    (Status.VERVALLEN.value, "Vervallen"),
]
DISPLAY_STATUS_LABELS = dict(DISPLAY_STATUSES)

# The statuses the griffie may set by hand, per current status: the workflow in one place.
# Afgedaan is only reached by the raad's decision on an afdoening proposal, and is final.
NEXT_STATUSES = {
    Status.OPEN: (Status.AANGEHOUDEN, Status.VERVALLEN),
    Status.AANGEHOUDEN: (Status.OPEN, Status.VERVALLEN),
    Status.VERVALLEN: (Status.OPEN,),
    Status.AFGEDAAN: (),
}


class AppendOnlyError(Exception):
    """The LTA keeps its history: items are never deleted, updates never changed or deleted."""


def overdue_q(on: dt.date) -> Q:
    return Q(status=Status.OPEN, deadline__lt=on)


SORTS = {
    "deadline": ("Deadline (eerst)", ["deadline", "year", "sequence"]),
    "-deadline": ("Deadline (laatst)", ["-deadline", "year", "sequence"]),
    "nummer": ("Nummer (oplopend)", ["year", "sequence"]),
    "-nummer": ("Nummer (aflopend)", ["-year", "-sequence"]),
    "maand": ("Geplande maand", ["planned_month", "year", "sequence"]),
    "titel": ("Titel", ["title"]),
    "gewijzigd": ("Laatst gewijzigd", ["-updated_at"]),
}


def _order_by(name: str):
    """NULLs placed explicitly: SQLite and PostgreSQL put them at opposite ends by default.

    Items without a deadline or month ("onbekend") come last whichever way one sorts; moties,
    whose numbers have no year, come before the numbered years (and after them, descending).
    """
    field, descending = name.lstrip("-"), name.startswith("-")
    if field in ("deadline", "planned_month"):
        return models.F(field).desc(nulls_last=True) if descending else models.F(field).asc(nulls_last=True)
    if field == "year":
        return models.F(field).desc(nulls_last=True) if descending else models.F(field).asc(nulls_first=True)
    return name


class LtaItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The register as this user may read it: vertrouwelijk items for raadsleden and staff,
        geheim ones for the griffie and those named."""
        return self.filter(LtaItem.confidentiality_q(user))

    def delete(self):
        raise AppendOnlyError("LTA-items worden nooit verwijderd; zet een item op vervallen.")

    def matching(
        self,
        *,
        on: dt.date,
        q: str = "",
        kind: str = "",
        status: str = "",
        portefeuillehouder=None,
        fractie=None,
        maand: dt.date | None = None,
        overdue: bool = False,
        with_status: bool = True,
        **_ignored,
    ):
        """The register's filters; with_status=False leaves status out (for the counts per status)."""
        queryset = self.search(q)
        if kind:
            queryset = queryset.filter(kind=kind)
        if portefeuillehouder:
            queryset = queryset.filter(portefeuillehouder=portefeuillehouder)
        if fractie:
            queryset = queryset.filter(indieningen__fractie=fractie)
        if maand:
            queryset = queryset.filter(planned_month=maand)
        if with_status:
            if status == OVERSCHREDEN or overdue:
                queryset = queryset.overdue(on)
            if status == Status.OPEN:
                queryset = queryset.filter(status=Status.OPEN).exclude(deadline__lt=on)
            elif status and status != OVERSCHREDEN:
                queryset = queryset.filter(status=status)
        return queryset

    def for_export(self, user):
        """Everything the export's columns read, in a fixed number of queries; hidden meetings as None."""
        from raadsmemo.meetings.models import Meeting

        return self.select_related("portefeuillehouder").prefetch_related(
            Prefetch("indieningen", Indiening.objects.select_related("fractie")),
            Prefetch("updates", StatusUpdate.objects.all()),
            Prefetch("made_in_meeting", Meeting.objects.visible_to(user)),
        )

    def sorted_by(self, sort: str = ""):
        """One of SORTS (default: deadline first), with NULLs where a reader expects them."""
        return self.order_by(
            *(_order_by(name) for name in SORTS.get(sort or "deadline", SORTS["deadline"])[1])
        )

    def overdue(self, on: dt.date | None = None):
        """Open items whose deadline has passed (the deadline day itself is not overdue)."""
        return self.filter(overdue_q(on or today()))

    def due_within(self, days: int, on: dt.date | None = None):
        """Open items due from today up to and including `days` days from today."""
        on = on or today()
        return self.filter(status=Status.OPEN, deadline__gte=on, deadline__lte=on + dt.timedelta(days=days))

    def for_register(self):
        """Everything a row of the register shows, in a fixed number of queries."""
        return self.select_related("portefeuillehouder").prefetch_related(
            Prefetch("indieningen", Indiening.objects.select_related("fractie"))
        )

    def search(self, text: str):
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(number__iexact=text) | Q(number__icontains=text) | Q(title__icontains=text))

    def resolve(self, text: str) -> tuple["LtaItem | None", str]:
        """The one item a typed number or title means, or None and the Dutch reason why not."""
        from raadsmemo.lta.numbering import normalise_number

        text = " ".join(text.split())
        first_word = normalise_number(text.split(" ", 1)[0]) if text else ""
        for number in dict.fromkeys([normalise_number(text), first_word]):
            if number and (item := self.filter(number=number).first()):
                return item, ""
        candidates = list(self.filter(title__icontains=text)[:6]) if text else []
        if len(candidates) == 1:
            return candidates[0], ""
        if candidates:
            names = "; ".join(f"{c.number} {c.title}" for c in candidates[:5])
            return None, f"Meerdere items passen bij '{text}': {names}. Vul het nummer in."
        return None, (
            f"Er staat geen item '{text}' op de LTA. Vul een nummer in zoals 2019-300 of M-31, "
            "of voeg het item eerst toe aan het register."
        )

    def status_counts(self, on: dt.date | None = None) -> dict[str, int]:
        """How many items per display status, in one query."""
        on = on or today()
        open_in_time = Q(status=Status.OPEN) & (Q(deadline__isnull=True) | Q(deadline__gte=on))
        return self.aggregate(
            **{
                Status.OPEN.value: Count("pk", filter=open_in_time),
                OVERSCHREDEN: Count("pk", filter=overdue_q(on)),
                **{s.value: Count("pk", filter=Q(status=s)) for s in Status if s != Status.OPEN},
            }
        )

    @staticmethod
    def listed_count(counts: dict[str, int], *, status: str = "", overdue: bool = False, **_ignored) -> int:
        """How many items matching(status=..., overdue=...) lists, from the status_counts() of the
        same filters without the status: the register's paginator need not count them again."""
        if overdue or status == OVERSCHREDEN:
            return counts[OVERSCHREDEN] if status in ("", OVERSCHREDEN) else 0
        if status:
            return counts.get(status, 0)
        return sum(counts.values())

    def on_lijst(self, on: dt.date):
        """The "Lijst van toezeggingen en moties" for a meeting: open, due on or before that day."""
        return (
            self.filter(kind__in=[Kind.TOEZEGGING, Kind.MOTIE], status=Status.OPEN, deadline__lte=on)
            .select_related("portefeuillehouder")
            .prefetch_related(
                Prefetch("indieningen", Indiening.objects.select_related("fractie")),
                Prefetch("updates", StatusUpdate.objects.select_related("author")),
            )
            .order_by("deadline", "year", "sequence")
        )

    def refresh_last_update(self) -> int:
        """Set last_update_on from the updates themselves, in one UPDATE (after a bulk insert)."""
        newest = StatusUpdate.objects.filter(item=models.OuterRef("pk")).order_by("-date").values("date")[:1]
        return self.update(last_update_on=models.Subquery(newest))

    def aggregate_max_sequence(self) -> int | None:
        return self.aggregate(m=Max("sequence"))["m"]


class LtaItem(ConfidentialModel):
    """One entry of the LTA: a toezegging, motie, initiatiefvoorstel or verwacht stuk."""

    number = models.CharField("nummer", max_length=20, unique=True)
    kind = models.CharField("soort", max_length=20, choices=Kind.choices)
    title = models.CharField("titel", max_length=300)
    text = models.TextField("tekst", blank=True, help_text="Bij een motie: het dictum.")
    indieners = models.ManyToManyField(
        "people.Fractie", through="Indiening", related_name="lta_items", blank=True
    )
    portefeuillehouder = models.ForeignKey(
        "people.Bestuurder",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="lta_items",
        verbose_name="portefeuillehouder",
    )
    # Where the toezegging was made or the motie adopted: the meeting, or for meetings from before
    # raadsmemo the text the griffie typed. A page shows the meeting when there is one.
    made_in_meeting = models.ForeignKey(
        "meetings.Meeting",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="lta_items_made",
        verbose_name="vergadering",
    )
    made_in = models.CharField("vergadering (tekst)", max_length=200, blank=True)
    made_on = models.DateField("datum vergadering", null=True, blank=True)
    planned_month = models.DateField("geplande maand", null=True, blank=True)  # first day of the month
    deadline = models.DateField("deadline", null=True, blank=True)  # empty: "onbekend"
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.OPEN)

    # Afdoening: the griffie proposes, the raad decides.
    afdoening_proposed_on = models.DateField("afdoening voorgesteld op", null=True, blank=True)
    afdoening_reason = models.TextField("reden voor afdoening", blank=True)
    afgedaan_on = models.DateField("afgedaan op", null=True, blank=True)
    afgedaan_in_meeting = models.ForeignKey(
        "meetings.Meeting",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="lta_items_afgedaan",
        verbose_name="afgedaan in vergadering",
    )
    afgedaan_in = models.CharField("afgedaan in (tekst)", max_length=200, blank=True)

    # Confidentiality from ConfidentialModel; who, besides the griffie, sees a geheim item:
    secret_readers = secret_readers_field()

    # Sort keys derived from the number ("2019-300" -> 2019, 300; "M-31" -> None, 31).
    year = models.PositiveSmallIntegerField(null=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True, editable=False
    )
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    updated_at = models.DateTimeField("gewijzigd op", auto_now=True)
    # Raised by every edit through a form; a save based on an older revision is refused.
    revision = models.PositiveIntegerField(default=1, editable=False)
    # The newest date in the stand van zaken (any kind of update), kept by StatusUpdate.save()
    # and status_updates_add(): the register shows it per row without reading the updates.
    last_update_on = models.DateField("laatste update", null=True, editable=False)

    objects = LtaItemQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=[*HISTORY_EXCLUDED, "year", "sequence", "last_update_on"])

    class Meta:
        # Items without a year (moties numbered "M-31") come first on every database:
        # PostgreSQL would otherwise put NULLs last and SQLite first.
        ordering = [models.F("year").asc(nulls_first=True), "sequence", "number"]
        verbose_name = "LTA-item"
        verbose_name_plural = "LTA-items"
        # What the register sorts and filters by (lta/views.py, SORTS). The sorts that place NULLs
        # need an index with the same NULLS FIRST/LAST; SQLite takes none, so those are made on
        # PostgreSQL only (migration 0009).
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["year", "sequence"]),
            # Also the API's informatieobjecten in the order of change, ties by id (an import
            # writes many items at one moment): a page reads the first rows (api/fetch.py).
            models.Index(fields=["updated_at", "id"], name="lta_item_updated"),
            models.Index(fields=["title"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        self.set_sort_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "number" in update_fields:
            kwargs["update_fields"] = {*update_fields, "year", "sequence"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("lta:detail", args=[self.number])

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("LTA-items worden nooit verwijderd; zet een item op vervallen.")

    def set_sort_keys(self) -> None:
        """Derive year and sequence from the number (save() does it; bulk_create does not)."""
        parts = number_parts(self.number)
        self.year, self.sequence = parts if parts else (None, 0)

    def display_status_on(self, on: dt.date) -> str:
        if self.status == Status.OPEN and self.deadline and self.deadline < on:
            return OVERSCHREDEN
        return self.status

    @property
    def display_status(self) -> str:
        """The status a reader sees: the stored one, or "overschreden" (derived)."""
        return self.display_status_on(today())

    @property
    def display_status_label(self) -> str:
        return DISPLAY_STATUS_LABELS[self.display_status]

    @property
    def is_overdue(self) -> bool:
        return self.display_status == OVERSCHREDEN

    @property
    def made_verb(self) -> str:
        """What happened in the meeting where the item was made: "toegezegd", "aangenomen", ..."""
        return MADE_VERBS[Kind(self.kind)]

    @property
    def next_statuses(self) -> list[Status]:
        return list(NEXT_STATUSES[Status(self.status)])

    @property
    def afdoening_pending(self) -> bool:
        return self.afdoening_proposed_on is not None and self.status != Status.AFGEDAAN

    @property
    def can_propose_afdoening(self) -> bool:
        return self.status in (Status.OPEN, Status.AANGEHOUDEN) and not self.afdoening_pending

    def fracties(self) -> list:
        """The indieners in the order they signed (from the prefetch when there is one)."""
        return [i.fractie for i in self.indieningen.all()]

    @property
    def indieners_short(self) -> str:
        """ "PvdA e.a.": the first indiener, "e.a." when there are more."""
        fracties = self.fracties()
        if not fracties:
            return ""
        return f"{fracties[0]} e.a." if len(fracties) > 1 else str(fracties[0])

    @property
    def indieners_full(self) -> str:
        names = [str(f) for f in self.fracties()]
        return " en ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


class Indiening(models.Model):
    """A fractie that filed (or co-signed) a motie, in signing order."""

    item = models.ForeignKey(LtaItem, models.CASCADE, related_name="indieningen")
    fractie = models.ForeignKey("people.Fractie", models.PROTECT, related_name="indieningen")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["item", "fractie"], name="indiening_once")]

    def __str__(self) -> str:
        return f"{self.fractie} bij {self.item.number}"


class UpdateKind(models.TextChoices):
    STAND_VAN_ZAKEN = "stand_van_zaken", "Stand van zaken"
    STATUS = "status", "Statuswijziging"
    AFDOENING = "afdoening", "Afdoening"


class StatusUpdateQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Een update wordt nooit gewijzigd; voeg een nieuwe update toe.")

    def delete(self):
        raise AppendOnlyError("Een update wordt nooit verwijderd; voeg een nieuwe update toe.")


class StatusUpdate(models.Model):
    """One dated entry of an item's stand van zaken. Append-only: a correction is a new update."""

    item = models.ForeignKey(LtaItem, models.PROTECT, related_name="updates")
    kind = models.CharField(max_length=20, choices=UpdateKind.choices, default=UpdateKind.STAND_VAN_ZAKEN)
    date = models.DateField("datum")
    text = models.TextField("tekst")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True, verbose_name="auteur"
    )
    created_at = models.DateTimeField("toegevoegd op", auto_now_add=True)

    objects = StatusUpdateQuerySet.as_manager()

    class Meta:
        # Newest first, as the seed lists them; on one day, the last added first.
        ordering = ["-date", "-created_at", "-pk"]
        verbose_name = "update"
        verbose_name_plural = "stand van zaken"

    def __str__(self) -> str:
        return f"Update {self.date:%d-%m-%Y}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        """Append the update and raise its item's last_update_on when this one is newer."""
        if not self._state.adding:
            raise AppendOnlyError("Een update wordt nooit gewijzigd; voeg een nieuwe update toe.")
        with transaction.atomic():
            super().save(*args, **kwargs)
            LtaItem.objects.filter(pk=self.item_id).filter(
                Q(last_update_on__isnull=True) | Q(last_update_on__lt=self.date)
            ).update(last_update_on=self.date)
        item = self.item if StatusUpdate.item.is_cached(self) else None
        if item is not None and isinstance(self.date, dt.date):
            item.last_update_on = max(filter(None, [item.last_update_on, self.date]))

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Een update wordt nooit verwijderd; voeg een nieuwe update toe.")

    @property
    def author_name(self) -> str:
        if self.author is None:
            return ""
        return self.author.get_full_name() or self.author.username


IMPORT_MAX_AGE = dt.timedelta(hours=1)


def _import_token() -> str:
    return secrets.token_urlsafe(24)


class LtaImportQuerySet(models.QuerySet):
    def fresh(self):
        """Uploads younger than IMPORT_MAX_AGE: their preview may still be imported."""
        return self.filter(created_at__gte=timezone.now() - IMPORT_MAX_AGE)

    def expired(self):
        return self.filter(created_at__lt=timezone.now() - IMPORT_MAX_AGE)

    def pending(self, *, user, token: str) -> "LtaImport | None":
        """The user's own fresh upload with this token; None when it expired or is someone else's."""
        return self.fresh().filter(created_by=user, token=token).first()


class LtaImport(models.Model):
    """An uploaded list, read once and kept between its preview and its import, for an hour.

    The confirm step refers to it by its token, so the file is sent only once.
    """

    token = models.CharField(max_length=64, unique=True, default=_import_token, editable=False)
    filename = models.CharField("bestand", max_length=255)
    table = models.JSONField("rijen")  # the cells as text, as read from the file
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    created_at = models.DateTimeField("geüpload op", auto_now_add=True)

    objects = LtaImportQuerySet.as_manager()

    class Meta:
        verbose_name = "LTA-import"
        verbose_name_plural = "LTA-imports"

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("lta:import_preview", args=[self.token])


EXPORT_MAX_AGE = dt.timedelta(days=1)
EXPORTS_WAITING_MAX = 3  # exports a user may have waiting (or being made) at one time


class LtaExportQuerySet(models.QuerySet):
    def waiting(self):
        """Exports the worker has still to make or is making."""
        return self.filter(status__in=[LtaExport.Status.WACHTEND, LtaExport.Status.BEZIG])

    def expired(self, now=None):
        """Exports older than EXPORT_MAX_AGE: their file is gone or about to go."""
        return self.filter(created_at__lt=(now or timezone.now()) - EXPORT_MAX_AGE)


class LtaExport(models.Model):
    """A large XLSX export of the register, made by the task worker and kept for a day.

    The items are fixed when the export is asked for: those the requester could see then,
    matching the filters then, in the order the register showed (`item_ids`). The worker exports
    of those only what the requester may still see, as the requester sees it.
    """

    class Status(models.TextChoices):
        WACHTEND = "wachtend", "In de wachtrij"
        BEZIG = "bezig", "Wordt gemaakt"
        KLAAR = "klaar", "Klaar"
        MISLUKT = "mislukt", "Mislukt"

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name="aangevraagd door"
    )
    criteria = models.JSONField("filters", default=dict)  # the register's query parameters
    item_ids = models.JSONField("items", default=list)
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.WACHTEND)
    file = models.FileField("bestand", upload_to="lta-exports/", blank=True)
    created_at = models.DateTimeField("aangevraagd op", auto_now_add=True)
    finished_at = models.DateTimeField("klaar op", null=True, blank=True)

    objects = LtaExportQuerySet.as_manager()

    class Meta:
        verbose_name = "LTA-export"
        verbose_name_plural = "LTA-exports"
        indexes = [models.Index(fields=["requester", "status"]), models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"LTA-export {self.pk} ({self.get_status_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("lta:export_status", args=[self.pk])

    @property
    def item_count(self) -> int:
        return len(self.item_ids)

    @property
    def is_waiting(self) -> bool:
        return self.status in (self.Status.WACHTEND, self.Status.BEZIG)

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.KLAAR and bool(self.file)

    @property
    def expires_at(self):
        return self.created_at + EXPORT_MAX_AGE

    @property
    def query(self) -> str:
        """The register's filters as a query string, to go back to the register as it was."""
        return urlencode(self.criteria)

    @property
    def filename(self) -> str:
        return f"lta-{timezone.localtime(self.created_at):%Y-%m-%d}.xlsx"
