"""Calendars and feeds: an iCalendar feed of the public meetings (all, or one kind) and an Atom feed
of newly published agendas. Both show only what an anonymous visitor may see: published, public
meetings, and of a besloten agenda item its title, never its memo; of a memo only that it follows
or that a new version was published (with the reason). Publishing a new memo version on a
published agenda raises the meeting's SEQUENCE and updated time (memos/publication.py), so
calendars and feed readers see a changed agenda. See docs/calendar.md.
"""

import datetime as dt
import hashlib
import uuid
from zoneinfo import ZoneInfo

import icalendar
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.db.models import Count, Max, OuterRef, Prefetch, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import parse_http_date_safe
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_safe

from raadsmemo.meetings.models import AgendaItem, Meeting, MeetingKind, Treatment, plan_agenda
from raadsmemo.publishing.caching import cached, keep, shared_key

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# Past meetings stay in the calendar feed for about a year; every future meeting is in it.
ICAL_PAST_DAYS = 366
ICAL_FUTURE_DAYS = 5 * 366
FEED_MAX_AGE = 15 * 60  # seconds a proxy or browser may reuse a feed without asking again
ATOM_ENTRIES = 30
PRODID = "-//raadsmemo//Vergaderkalender gemeenteraad//NL"

KIND_PLURAL = {
    MeetingKind.BEELDVORMEND: "beeldvormende sessies",
    MeetingKind.MENINGSVORMEND: "meningsvormende sessies",
    MeetingKind.RAADSVERGADERING: "raadsvergaderingen",
    MeetingKind.AGENDACOMMISSIE: "vergaderingen van de agendacommissie",
    MeetingKind.WERKSESSIE: "werksessies",
}


def _public_meetings(kind: str | None = None):
    """Published, public meetings (cancelled ones included), optionally of one kind; 404 if unknown."""
    meetings = Meeting.objects.public()
    if kind is not None:
        if kind not in MeetingKind.values:
            raise Http404("Deze soort vergadering bestaat niet.")
        meetings = meetings.filter(kind=kind)
    return meetings


def _with_items(meetings):
    # Planned over every item (the times stay right); the feed lists only the openbaar ones. In
    # agenda order within each meeting, without the join to every meeting that the default
    # ordering (by meeting date) would add.
    items = AgendaItem.objects.with_visibility(AnonymousUser()).order_by("position", "pk")
    return meetings.prefetch_related(Prefetch("items", items, to_attr="feed_items"))


def _item_label(item) -> str:
    """The title of an (openbaar) agenda item with its treatment."""
    return f"{item.title} (hamerstuk)" if item.treatment == Treatment.HAMERSTUK else item.title


def _memo_note(item) -> str:
    """What the Atom entry says of an item's memo: that it follows, or that a new version changed it."""
    if item.memo_follows_for(AnonymousUser()):
        return " — voorbereidingsmemo volgt"
    if item.memo_visible_to(AnonymousUser()) and item.memo.current_version.is_change:
        version = item.memo.current_version
        with translation.override("nl"):
            day = date_format(timezone.localtime(version.published_at), "j F Y")
        return f" — voorbereidingsmemo gewijzigd op {day}: {version.reason}"
    return ""


def _location(meeting: Meeting) -> str:
    return "Digitaal" if meeting.is_digital else meeting.location


# -- iCalendar ----------------------------------------------------------------------------------


def _today() -> dt.date:
    return timezone.localdate()


def _ical_meetings(kind: str | None):
    """The window a calendar subscribes to: a year back, five years ahead (a feed that does not grow
    with the archive, nor with meetings planned far ahead)."""
    today = _today()
    since = today - dt.timedelta(days=ICAL_PAST_DAYS)
    until = today + dt.timedelta(days=ICAL_FUTURE_DAYS)
    return _public_meetings(kind).filter(date__gte=since, date__lte=until)


def _ical_state(request: HttpRequest, kind: str | None = None) -> dict:
    """What the feed's validators depend on, read once per request (the etag and last-modified
    functions of @condition both ask for it)."""
    if not hasattr(request, "_ical_state"):
        # Agenda services touch the meeting, but an item saved another way still counts. The
        # latest item change per meeting is one probe of an index (meeting, updated_at), so only
        # the items of the window's meetings are read.
        latest_item = AgendaItem.objects.filter(meeting=OuterRef("pk")).order_by("-updated_at")
        state = _ical_meetings(kind).aggregate(
            count=Count("pk"),
            meetings=Max("updated_at"),
            items=Max(Subquery(latest_item.values("updated_at")[:1])),
        )
        # The body depends on the day too (the window, the time zone's range): a new day is a
        # change, from its first moment.
        day_start = timezone.make_aware(dt.datetime.combine(_today(), dt.time.min))
        stamps = [s for s in (state["meetings"], state["items"]) if s is not None]
        state["latest"] = max([*stamps, day_start])
        request._ical_state = state
    return request._ical_state


def _ical_etag(request: HttpRequest, kind: str | None = None) -> str:
    state = _ical_state(request, kind)
    # The count catches a meeting that was deleted or left the window; the host the absolute URLs.
    key = f"{kind}|{state['count']}|{state['latest'].isoformat()}|{_today()}|{request.get_host()}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _ical_last_modified(request: HttpRequest, kind: str | None = None) -> dt.datetime:
    return _ical_state(request, kind)["latest"]


def _event_description(meeting: Meeting, url: str) -> str:
    lines = []
    if meeting.is_cancelled:
        lines += ["Deze vergadering is geannuleerd.", ""]
    lines.append(meeting.get_kind_display())
    lines.append("")
    agenda = [p for p in plan_agenda(meeting, meeting.feed_items) if p.item.is_visible]
    if agenda:
        lines.append("Agenda:")
        lines += [f"{p.number}. {p.start:%H:%M}–{p.end:%H:%M} {_item_label(p.item)}" for p in agenda]
    else:
        lines.append("De agenda volgt.")
    lines.append("")
    if meeting.livestream:
        lines.append("Deze vergadering is live te volgen via de livestream.")
    lines.append(f"Agenda, memo's en stukken: {url}")
    return "\n".join(lines)


def _event(meeting: Meeting, url: str) -> icalendar.Event:
    start = dt.datetime.combine(meeting.date, meeting.start_time, tzinfo=AMSTERDAM)
    end = dt.datetime.combine(meeting.date, meeting.end_time, tzinfo=AMSTERDAM)
    # Outlook shows a cancelled event of a subscribed calendar as if nothing happened, so say it.
    summary = f"GEANNULEERD: {meeting.title}" if meeting.is_cancelled else meeting.title
    event = icalendar.Event.new(
        uid=f"{meeting.uid}@raadsmemo",
        sequence=meeting.sequence,
        # DTSTAMP is the time of the meeting's last change, not of the request: the same state of
        # the data always gives the same bytes, so the ETag is honest.
        stamp=meeting.updated_at,
        last_modified=meeting.updated_at,
        created=meeting.created_at,
        start=start,
        end=end,
        summary=summary,
        location=_location(meeting),
        status="CANCELLED" if meeting.is_cancelled else "CONFIRMED",
        description=_event_description(meeting, url),
        url=url,
        categories=[meeting.get_kind_display()],
        transparency="OPAQUE",
    )
    return event


def _calendar_name(kind: str | None) -> str:
    if kind is None:
        return "Gemeenteraad — alle openbare vergaderingen"
    return f"Gemeenteraad — {KIND_PLURAL[kind]}"


@require_safe
@cache_control(public=True, max_age=FEED_MAX_AGE)
@condition(etag_func=_ical_etag, last_modified_func=_ical_last_modified)
def ical_feed(request: HttpRequest, kind: str | None = None) -> HttpResponse:
    """The public meetings as an iCalendar feed to subscribe to (Outlook, Google, Apple).

    Building the events is most of its time (icalendar's encoding), the same for every
    subscriber: with the shared page cache the body is kept under its ETag and the content
    version, so it is built once per change (and per day), not once per calendar app."""
    key = shared_key("ical", _ical_etag(request, kind))
    body = cached(key)
    if body is None:
        body = _ical_body(request, kind)
        keep(key, body, FEED_MAX_AGE)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{kind or "agenda"}.ics"'
    return response


def _ical_body(request: HttpRequest, kind: str | None) -> bytes:
    meetings = list(_with_items(_ical_meetings(kind)).order_by("date", "start_time", "pk"))
    today = _today()
    calendar = icalendar.Calendar.new(
        # A fixed UID (icalendar would make a random one): same data, same bytes, same ETag.
        uid=uuid.uuid5(uuid.NAMESPACE_URL, f"raadsmemo:agenda:{kind or 'alle'}"),
        prodid=PRODID,
        method="PUBLISH",
        name=_calendar_name(kind),
        description="Openbare vergaderingen van de gemeenteraad, met de agenda.",
        refresh_interval=dt.timedelta(hours=1),
    )
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"  # required by RFC 7986
    calendar.add("X-WR-TIMEZONE", "Europe/Amsterdam")
    calendar.add("X-PUBLISHED-TTL", icalendar.vDuration(dt.timedelta(hours=1)))
    # One VTIMEZONE, always (also in an empty feed, which RFC 5545 would otherwise not allow),
    # covering every date in the feed.
    first = min([today - dt.timedelta(days=ICAL_PAST_DAYS), *(m.date for m in meetings)])
    last = max([today, *(m.date for m in meetings)]) + dt.timedelta(days=366)
    calendar.add_component(icalendar.Timezone.from_tzid("Europe/Amsterdam", first_date=first, last_date=last))
    for meeting in meetings:
        calendar.add_component(_event(meeting, request.build_absolute_uri(meeting.get_absolute_url())))
    return calendar.to_ical()


# -- Atom ---------------------------------------------------------------------------------------


class LatestAgendasFeed(Feed):
    """Nieuw gepubliceerde agenda's: the latest published, public meetings, newest first."""

    feed_type = Atom1Feed
    title = "Nieuw gepubliceerde agenda's"
    subtitle = "Agenda's van openbare vergaderingen van de gemeenteraad, zodra ze gepubliceerd zijn."
    language = "nl"

    @method_decorator(require_safe)
    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # As ConditionalGetMiddleware would: an ETag from the body, then 304 if the reader has it.
        patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
        set_response_etag(response)
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        return get_conditional_response(
            request, etag=response.get("ETag"), last_modified=last_modified, response=response
        )

    def link(self) -> str:
        return reverse("meetings:upcoming")

    def feed_url(self) -> str:
        return reverse("meetings:atom")

    def items(self):
        meetings = Meeting.objects.public().filter(published_at__isnull=False)
        # The feed is public: openbaar items only (feeds are read without logging in).
        items = AgendaItem.objects.visible_to(AnonymousUser()).select_related("memo__current_version")
        meetings = meetings.prefetch_related(Prefetch("items", items, to_attr="feed_items"))
        return meetings.order_by("-published_at", "-pk")[:ATOM_ENTRIES]

    def item_title(self, meeting: Meeting) -> str:
        with translation.override("nl"):
            day = date_format(meeting.date, "j F Y")
        cancelled = " (geannuleerd)" if meeting.is_cancelled else ""
        return f"Agenda {meeting.get_kind_display()} {day}: {meeting.title}{cancelled}"

    def item_description(self, meeting: Meeting) -> str:
        with translation.override("nl"):
            when = date_format(meeting.date, "l j F Y")
        heading = format_html(
            "<p>{} {}–{}, {}</p>",
            when,
            meeting.start_time.strftime("%H:%M"),
            meeting.end_time.strftime("%H:%M"),
            _location(meeting),
        )
        if not meeting.feed_items:
            return heading + format_html("<p>{}</p>", "De agenda volgt.")
        rows = format_html_join(
            "", "<li>{}{}</li>", ((_item_label(item), _memo_note(item)) for item in meeting.feed_items)
        )
        return heading + format_html("<ol>{}</ol>", rows)

    def item_link(self, meeting: Meeting) -> str:
        return meeting.get_absolute_url()

    def item_guid(self, meeting: Meeting) -> str:
        return meeting.uid.urn  # urn:uuid:..., the same for the life of the meeting

    item_guid_is_permalink = False

    def item_pubdate(self, meeting: Meeting) -> dt.datetime:
        return meeting.published_at

    def item_updateddate(self, meeting: Meeting) -> dt.datetime:
        return meeting.updated_at

    def item_categories(self, meeting: Meeting) -> list[str]:
        return [meeting.get_kind_display()]
