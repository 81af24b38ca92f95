"""Meetings (sessies, vergaderingen) and their agenda items."""

import datetime as dt
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import connections, models
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from raadsmemo.accounts.roles import can_read_concepts, sees_closed_meetings
from raadsmemo.confidentiality import ConfidentialModel, secret_readers_field
from raadsmemo.history import HISTORY_EXCLUDED
from raadsmemo.memos.models import Purpose


class MeetingKind(models.TextChoices):
    BEELDVORMEND = "beeldvormend", "Beeldvormende sessie"
    MENINGSVORMEND = "meningsvormend", "Meningsvormende sessie"
    RAADSVERGADERING = "raadsvergadering", "Raadsvergadering"
    AGENDACOMMISSIE = "agendacommissie", "Agendacommissie"
    WERKSESSIE = "werksessie", "Werksessie"


# The memo purpose each kind of meeting expects; a memo of another purpose is flagged.
EXPECTED_PURPOSE = {
    MeetingKind.BEELDVORMEND: Purpose.BEELDVORMEND,
    MeetingKind.MENINGSVORMEND: Purpose.MENINGSVORMEND,
    MeetingKind.RAADSVERGADERING: Purpose.BESLUITVORMEND,
}


class MeetingStatus(models.TextChoices):
    GEPLAND = "gepland", "Gepland"
    GEHOUDEN = "gehouden", "Gehouden"
    GEANNULEERD = "geannuleerd", "Geannuleerd"


class Treatment(models.TextChoices):
    BESPREEKSTUK = "bespreekstuk", "Bespreekstuk"
    HAMERSTUK = "hamerstuk", "Hamerstuk"


DIGITAAL = "digitaal"


class MeetingQuerySet(models.QuerySet):
    def public(self):
        """What anyone may see: published, public meetings (cancelled ones stay visible)."""
        return self.filter(is_published=True, is_public=True)

    def visible_to(self, user):
        """Staff see every meeting; raadsleden every published one (besloten ones too, which they
        attend); everyone else the published, public ones."""
        if can_read_concepts(user):
            return self
        if sees_closed_meetings(user):
            return self.filter(is_published=True)
        return self.public()

    def upcoming(self, today: dt.date | None = None):
        return self.filter(date__gte=today or timezone.localdate()).order_by("date", "start_time")

    def past(self, today: dt.date | None = None):
        return self.filter(date__lt=today or timezone.localdate()).order_by("-date", "-start_time")

    def archive_years(self, today: dt.date | None = None) -> list[int]:
        """The years with a past meeting in this queryset, newest first.

        On PostgreSQL a loose index scan: a recursive query asks for the latest meeting before
        1 January of the year found last, one probe of the date index per year, so the cost
        follows the number of years, not of meetings. Elsewhere (SQLite, the tests) a plain
        DISTINCT over the past meetings."""
        past = self.filter(date__lt=today or timezone.localdate())
        connection = connections[self.db]
        if connection.vendor != "postgresql":
            return [d.year for d in past.dates("date", "year", order="DESC")]
        # The same filters as this queryset, the bound being the start of the year found last.
        earlier = self.filter(date__lt=RawSQL("make_date(extract(year FROM latest.day)::integer, 1, 1)", ()))
        first_sql, first_params = past.order_by("-date").values("date")[:1].query.sql_with_params()
        next_sql, next_params = earlier.order_by("-date").values("date")[:1].query.sql_with_params()
        sql = (
            f"WITH RECURSIVE latest(day) AS (({first_sql}) UNION ALL "
            f"SELECT ({next_sql}) FROM latest WHERE latest.day IS NOT NULL) "
            "SELECT extract(year FROM day)::integer FROM latest WHERE day IS NOT NULL"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, (*first_params, *next_params))
            return [year for (year,) in cursor.fetchall()]

    def with_preparation_counts(self):
        """The overzicht's counts per meeting: items, items without a memo, concept memos."""
        return self.annotate(
            item_count=models.Count("items"),
            items_without_memo=models.Count("items", filter=models.Q(items__memo__isnull=True)),
            concept_memos=models.Count("items", filter=models.Q(items__memo__status="concept")),
        )

    def with_agenda(self, user):
        """Meetings with all their agenda items, each marked `is_visible` for this user (planned
        times count every item, a reader sees only theirs), in a fixed number of queries."""
        return self.prefetch_related(
            models.Prefetch(
                "items",
                AgendaItem.objects.with_visibility(user)
                .select_related("memo__current_version")
                .prefetch_related(models.Prefetch("stukken", AgendaStuk.objects.visible_to(user)))
                # Within a meeting the default order; without the join to every meeting that
                # ordering by "meeting" (its date) would need.
                .order_by("position", "pk"),
                to_attr="agenda_items",
            )
        )


class Meeting(models.Model):
    """A sessie or vergadering of the raad, the agendacommissie or a werksessie."""

    kind = models.CharField("soort", max_length=20, choices=MeetingKind.choices)
    title = models.CharField("titel", max_length=200)
    date = models.DateField("datum")
    start_time = models.TimeField("begintijd")
    end_time = models.TimeField("eindtijd")
    location = models.CharField("locatie", max_length=200, help_text='Een zaal, of "digitaal".')
    chair = models.CharField("voorzitter", max_length=200, blank=True)
    is_public = models.BooleanField("openbaar", default=True)
    livestream = models.BooleanField("livestream", default=False)
    status = models.CharField(
        "status", max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.GEPLAND
    )
    is_published = models.BooleanField("gepubliceerd", default=False)
    published_at = models.DateTimeField("gepubliceerd op", null=True, blank=True)
    # iCalendar: a stable UID, and a SEQUENCE that goes up with every change calendars must see.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised by every edit through a form; a save based on an older revision is refused.
    revision = models.PositiveIntegerField(default=1, editable=False)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=[*HISTORY_EXCLUDED, "sequence"])

    class Meta:
        ordering = ["date", "start_time"]
        verbose_name = "vergadering"
        verbose_name_plural = "vergaderingen"
        indexes = [
            models.Index(fields=["is_published", "is_public", "date"]),
            # The coming meetings and the archive read the meetings in this order (or backwards).
            models.Index(fields=["date", "start_time"], name="meeting_date_start"),
            # The Atom feed: the most recently published first.
            models.Index(fields=["-published_at", "-id"], name="meeting_published"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")), name="meeting_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d-%m-%Y})"

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])

    @property
    def starts_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.date, self.start_time))

    @property
    def ends_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.date, self.end_time))

    @property
    def has_ended(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    def builder_plan(self) -> "AgendaPlan":
        """Every item planned one after the other, and how far the agenda runs over the meeting."""
        agenda = plan_agenda(self, self.items.for_builder())
        planned_end = agenda[-1].end if agenda else self.starts_at
        overrun = int((planned_end - self.ends_at).total_seconds() // 60)
        return AgendaPlan(agenda=agenda, planned_end=planned_end, overrun_minutes=max(overrun, 0))

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.GEANNULEERD

    @property
    def is_digital(self) -> bool:
        return self.location.strip().lower() == DIGITAAL

    @property
    def expected_purpose(self) -> str | None:
        return EXPECTED_PURPOSE.get(self.kind)

    @property
    def week_key(self) -> tuple[int, int]:
        year, week, _ = self.date.isocalendar()
        return (year, week)


class AgendaItemQuerySet(models.QuerySet):
    def for_builder(self):
        """The items in agenda order with what the builder shows: memo, its programme, stukken."""
        return (
            self.select_related("memo")
            .prefetch_related("stukken", "memo__programme_slots")
            .order_by("position", "pk")
        )

    def with_visibility(self, user):
        """Every item, annotated `is_visible`: may this user see it for its confidentiality."""
        allowed = AgendaItem.confidentiality_q(user)
        if not allowed:
            return self.annotate(is_visible=models.Value(True))
        return self.annotate(is_visible=models.ExpressionWrapper(allowed, output_field=models.BooleanField()))

    def visible_to(self, user):
        """The items of the meetings the user sees, as far as their confidentiality allows."""
        if not can_read_concepts(user):
            meeting = {"meeting__is_published": True}
            if not sees_closed_meetings(user):
                meeting["meeting__is_public"] = True
            self = self.filter(**meeting)
        return self.filter(AgendaItem.confidentiality_q(user))


class AgendaItem(ConfidentialModel):
    """One agendapunt. Its number and planned times follow from its place in the agenda."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField("titel", max_length=300)
    duration_minutes = models.PositiveSmallIntegerField("duur (minuten)", default=30)
    treatment = models.CharField(
        "behandeling", max_length=20, choices=Treatment.choices, default=Treatment.BESPREEKSTUK
    )
    # Vertrouwelijk is what was "besloten": raadsleden and staff only. Geheim: see secret_readers.
    secret_readers = secret_readers_field()
    memo = models.OneToOneField(
        "memos.Memo", models.SET_NULL, null=True, blank=True, related_name="agenda_item", verbose_name="memo"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Raised by every edit through a form; a save based on an older revision is refused.
    revision = models.PositiveIntegerField(default=1, editable=False)

    objects = AgendaItemQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = "agendapunt"
        verbose_name_plural = "agendapunten"
        indexes = [
            # The iCalendar feed's validators: the latest change among a meeting's items, read
            # from the index alone.
            models.Index(fields=["meeting", "updated_at"], name="agenda_item_meeting_updated"),
        ]

    def __str__(self) -> str:
        return self.title

    def memo_visible_to(self, user) -> bool:
        """The griffie and the agendacommissie read every memo (the concept) their confidentiality
        allows. Everyone else reads a published version, as far as the memo's confidentiality
        allows (the item's is checked where the item is looked up; the same rule as
        Memo.objects.readable_by)."""
        if self.memo_id is None:
            return False
        if can_read_concepts(user):
            return self.memo.allows(user)
        return self.memo.current_version_id is not None and self.memo.allows(user)

    @property
    def memo_is_public(self) -> bool:
        """The memo may be read by anyone once published: an openbaar item and memo."""
        return self.memo_id is not None and self.is_openbaar and self.memo.is_openbaar

    def memo_follows_for(self, user) -> bool:
        """The agenda says "memo volgt": a memo this reader may read once it is published, is not yet."""
        return (
            not can_read_concepts(user)
            and self.memo_id is not None
            and self.memo.current_version_id is None
            and self.memo.allows(user)
        )

    @property
    def purpose_mismatch(self) -> bool:
        expected = self.meeting.expected_purpose
        return bool(self.memo_id and expected and self.memo.purpose != expected)


class AgendaStukQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(AgendaStuk.confidentiality_q(user))


class AgendaStuk(ConfidentialModel):
    """A document an agenda item discusses: a link to the RIS, a letter, a proposal.

    A geheim stuk is for the griffie and the people named on its agenda item."""

    readers_path = "item"

    item = models.ForeignKey(AgendaItem, models.CASCADE, related_name="stukken")
    label = models.CharField("omschrijving", max_length=300)
    url = models.URLField("webadres", max_length=1000)
    position = models.PositiveSmallIntegerField(default=0)

    objects = AgendaStukQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "stuk"
        verbose_name_plural = "stukken"

    def __str__(self) -> str:
        return self.label


class PlannedItem:
    """An agenda item with its number and planned times, computed from the meeting's start."""

    def __init__(self, item: AgendaItem, number: int, start: dt.datetime, meeting: Meeting):
        self.item = item
        self.number = number
        self.start = start
        self.end = start + dt.timedelta(minutes=item.duration_minutes)
        self.runs_late = self.end > meeting.ends_at

    @cached_property
    def slots_outside(self) -> list:
        """Programme slots of the item's memo that fall outside the item's planned time (the
        builder shows them; asked only there, so the reader's pages need not load the slots)."""
        memo = self.item.memo
        if memo is None:
            return []
        start, end = self.start.time(), self.end.time()
        return [s for s in memo.programme_slots.all() if s.start < start or s.end > end]

    def __getattr__(self, name):
        return getattr(self.item, name)


@dataclass(frozen=True)
class AgendaPlan:
    agenda: list[PlannedItem]
    planned_end: dt.datetime
    overrun_minutes: int


def plan_agenda(meeting: Meeting, items) -> list[PlannedItem]:
    """Number the items and give each its planned start and end, one after the other."""
    planned, start = [], meeting.starts_at
    for number, item in enumerate(items, start=1):
        entry = PlannedItem(item, number, timezone.localtime(start), meeting)
        planned.append(entry)
        start = entry.end
    return planned


def agenda_package_upload_to(package: "AgendaPackage", filename: str) -> str:
    """agendapakketten/<meeting>/<filename>; the storage adds a suffix rather than overwrite a file."""
    return f"agendapakketten/{package.meeting_id}/{filename}"


class AgendaPackage(models.Model):
    """The agenda package PDF of one state of a meeting, built by the task worker.

    The PDF is a stored file (Django's storage API: `file`, with its SHA-256 and size); the row
    says which state of the meeting it shows (`fingerprint`) and how far its build is. A row
    that is being built again keeps its previous file until the new one is stored.
    """

    class Audience(models.TextChoices):
        PUBLIC = "public", "Openbaar"
        INTERNAL = "internal", "Intern"

    class State(models.TextChoices):
        QUEUED = "queued", "In de wachtrij"
        RUNNING = "running", "Wordt gemaakt"
        DONE = "done", "Klaar"
        FAILED = "failed", "Mislukt"

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="packages")
    audience = models.CharField(max_length=10, choices=Audience.choices)
    fingerprint = models.CharField(max_length=64)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    file = models.FileField(upload_to=agenda_package_upload_to, max_length=200, blank=True, editable=False)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(null=True)
    page_count = models.PositiveSmallIntegerField(null=True)
    # The memos the PDF shows in full (ids); None when not known (packages from before storage).
    shown_memos = models.JSONField(null=True, editable=False)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "audience", "fingerprint"], name="one_package_per_state_of_meeting"
            ),
        ]

    def __str__(self) -> str:
        return f"Agendapakket {self.meeting} ({self.get_audience_display()}, {self.get_state_display()})"

    @property
    def is_stored(self) -> bool:
        """A PDF of this package is in storage (also while the package is being built again)."""
        return bool(self.sha256)

    @property
    def in_progress(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)
