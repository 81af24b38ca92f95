"""What residents ask of the raad: an agendaverzoek (put a subject on the agenda) and an
inspreekverzoek (speak at a coming agenda item). Both hold personal data that is kept no longer
than settings.VERZOEKEN_BEWAARTERMIJN_DAGEN after the decision or the meeting (tasks.py)."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, StringAgg, Subquery, Value
from django.db.models.functions import Cast, Concat, Replace
from django.urls import reverse
from django.utils import timezone


class Requester(models.TextChoices):
    RAADSLID = "raadslid", "Raadslid of fractie"
    INWONER = "inwoner", "Inwoner(s)"
    ORGANISATIE = "organisatie", "Organisatie"
    COLLEGE = "college", "College van B&W"


class AgendaverzoekStatus(models.TextChoices):
    ONTVANGEN = "ontvangen", "Ontvangen"
    IN_BEHANDELING = "in_behandeling", "Bij de agendacommissie"
    TOEGEKEND = "toegekend", "Toegekend"
    AFGEWEZEN = "afgewezen", "Afgewezen"


class InspreekStatus(models.TextChoices):
    ONTVANGEN = "ontvangen", "Ontvangen"
    BEVESTIGD = "bevestigd", "Bevestigd"
    AFGEWEZEN = "afgewezen", "Afgewezen"


# An inwoner's agendaverzoek needs this many signatures of inhabitants.
MIN_SIGNATURES = 50


def intake_order() -> models.Case:
    """What waits first: received, then being handled, then decided. The intake list sorts on it,
    and an index on the same expression gives that list a page without sorting every request."""
    return models.Case(
        models.When(status=AgendaverzoekStatus.ONTVANGEN, then=0),
        models.When(status=AgendaverzoekStatus.IN_BEHANDELING, then=1),
        default=2,
    )


class AgendaverzoekQuerySet(models.QuerySet):
    def for_intake(self):
        """The intake list: what waits first, then the newest; with the planned meeting."""
        return self.select_related("meeting").order_by(intake_order(), "-received_at", "-pk")

    def expired(self, now: dt.datetime):
        """Decided longer ago than the retention period and not yet made anonymous."""
        limit = now - dt.timedelta(days=settings.VERZOEKEN_BEWAARTERMIJN_DAGEN)
        return self.filter(decided_at__lt=limit, anonymised_at__isnull=True)


class Agendaverzoek(models.Model):
    """A request to put a subject on the raad's agenda; the agendacommissie decides."""

    requester = models.CharField("wie vraagt", max_length=20, choices=Requester.choices)
    subject = models.CharField("onderwerp", max_length=200)
    # Long texts are limited in the forms (raadsmemo.forms.limit_text), not here.
    explanation = models.TextField("toelichting")
    name = models.CharField("naam", max_length=200)
    organisation = models.CharField("namens (fractie of organisatie)", max_length=200, blank=True)
    email = models.EmailField("e-mailadres", max_length=254)
    phone = models.CharField("telefoonnummer", max_length=30, blank=True)
    signature_count = models.PositiveIntegerField("aantal handtekeningen", null=True, blank=True)
    # The list of signatures, in default_storage under a random name; never at a public address.
    signature_file = models.CharField(max_length=255, blank=True)
    signature_filename = models.CharField("bestandsnaam handtekeningenlijst", max_length=255, blank=True)
    signature_checksum = models.CharField(max_length=64, blank=True)
    signature_content_type = models.CharField(max_length=100, blank=True)

    status = models.CharField(
        "status", max_length=20, choices=AgendaverzoekStatus.choices, default=AgendaverzoekStatus.ONTVANGEN
    )
    reason = models.TextField("reden van afwijzing", blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="agendaverzoeken",
        verbose_name="vergadering",
    )
    # The memo that prepares the subject (its Betreft is "Agendaverzoek").
    memo = models.ForeignKey(
        "memos.Memo",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="agendaverzoeken",
        verbose_name="memo",
    )
    received_at = models.DateTimeField("ontvangen op", default=timezone.now)
    taken_in_at = models.DateTimeField("in behandeling genomen op", null=True, blank=True)
    decided_at = models.DateTimeField("besloten op", null=True, blank=True)
    anonymised_at = models.DateTimeField("persoonsgegevens verwijderd op", null=True, blank=True)
    revision = models.PositiveIntegerField(default=1, editable=False)

    objects = AgendaverzoekQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = "agendaverzoek"
        verbose_name_plural = "agendaverzoeken"
        indexes = [
            models.Index(fields=["status", "received_at"]),
            models.Index(
                intake_order(),
                models.F("received_at").desc(),
                models.F("id").desc(),
                name="agendaverzoek_intake",
            ),
        ]

    def __str__(self) -> str:
        return f"Agendaverzoek {self.pk}: {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("verzoeken:agendaverzoek_detail", args=[self.pk])

    @property
    def is_decided(self) -> bool:
        return self.status in (AgendaverzoekStatus.TOEGEKEND, AgendaverzoekStatus.AFGEWEZEN)

    @property
    def reference(self) -> str:
        return f"AV-{self.received_at:%Y}-{self.pk}"


class InspreekverzoekQuerySet(models.QuerySet):
    def for_intake(self):
        order = models.Case(models.When(status=InspreekStatus.ONTVANGEN, then=0), default=1)
        return self.select_related("agenda_item__meeting").order_by(order, "meeting_starts_at", "received_at")

    def confirmed_for(self, meeting):
        return self.filter(agenda_item__meeting=meeting, status=InspreekStatus.BEVESTIGD).order_by(
            "decided_at", "pk"
        )

    def expired(self, now: dt.datetime):
        """Meeting longer ago than the retention period (or decided, when that was later)."""
        limit = now - dt.timedelta(days=settings.VERZOEKEN_BEWAARTERMIJN_DAGEN)
        return self.filter(meeting_starts_at__lt=limit, anonymised_at__isnull=True).exclude(
            decided_at__gte=limit
        )


class Inspreekverzoek(models.Model):
    """A request to speak at a coming public agenda item; the griffie confirms or declines it."""

    # The item may leave the agenda; the request stays, with its title and time as asked.
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        models.SET_NULL,
        null=True,
        related_name="inspreekverzoeken",
        verbose_name="agendapunt",
    )
    item_title = models.CharField("agendapunt", max_length=300)
    meeting_title = models.CharField("vergadering", max_length=200)
    meeting_starts_at = models.DateTimeField("begin van de vergadering")
    name = models.CharField("naam", max_length=200)
    email = models.EmailField("e-mailadres", max_length=254)
    on_behalf_of = models.CharField("namens", max_length=200, blank=True)
    text = models.TextField("waarover u wilt inspreken")
    show_name = models.BooleanField("naam op de openbare agenda", default=False)

    status = models.CharField(
        "status", max_length=20, choices=InspreekStatus.choices, default=InspreekStatus.ONTVANGEN
    )
    reason = models.TextField("reden van afwijzing", blank=True)
    received_at = models.DateTimeField("ontvangen op", default=timezone.now)
    decided_at = models.DateTimeField("besloten op", null=True, blank=True)
    anonymised_at = models.DateTimeField("persoonsgegevens verwijderd op", null=True, blank=True)
    revision = models.PositiveIntegerField(default=1, editable=False)

    objects = InspreekverzoekQuerySet.as_manager()

    class Meta:
        ordering = ["meeting_starts_at", "received_at", "pk"]
        verbose_name = "inspreekverzoek"
        verbose_name_plural = "inspreekverzoeken"
        indexes = [
            models.Index(fields=["status", "meeting_starts_at"]),
            # The griffie's list: the requests for coming meetings, not every one of the past.
            models.Index(fields=["meeting_starts_at"], name="inspreekverzoek_starts_at"),
        ]

    def __str__(self) -> str:
        return f"Inspreekverzoek {self.pk}: {self.item_title}"

    @property
    def is_decided(self) -> bool:
        return self.status != InspreekStatus.ONTVANGEN


class SubmissionAttempt(models.Model):
    """One submission of a public form, for the rate limit per address.

    The address is kept as a keyed hash (salted_hmac), never as such, and only for the window of
    the limit: older rows are removed at the next check.
    """

    address_hash = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "inzending"
        verbose_name_plural = "inzendingen"

    def __str__(self) -> str:
        return f"Inzending {self.at:%Y-%m-%d %H:%M}"


# The requests a memo answers, read in the memo's own query (the memo page stays within its
# queries): one row per request, its id, status and subject, separated by control characters that
# are taken out of the subject first.
_ROW, _FIELD = "\x1e", "\x1f"


def answered_agendaverzoeken():
    """A subquery for Memo.annotate(): the requests that memo answers."""
    subject = Replace(Replace("subject", Value(_ROW), Value("")), Value(_FIELD), Value(""))
    row = Concat(Cast("pk", models.CharField()), Value(_FIELD), "status", Value(_FIELD), subject)
    rows = (
        Agendaverzoek.objects.filter(memo=OuterRef("pk"))
        .order_by()
        .values("memo")
        .annotate(rows=StringAgg(row, delimiter=Value(_ROW)))  # ordered below (SQLite cannot here)
        .values("rows")
    )
    return Subquery(rows, output_field=models.TextField())


def agendaverzoeken_from(rows: str | None) -> list[Agendaverzoek]:
    """The requests of answered_agendaverzoeken(), oldest first, as (unsaved) objects with id,
    status and subject."""
    found = []
    for row in filter(None, (rows or "").split(_ROW)):
        pk, status, subject = row.split(_FIELD, 2)
        found.append(Agendaverzoek(pk=int(pk), status=status, subject=subject))
    return sorted(found, key=lambda verzoek: verzoek.pk)
