"""Meeting pages: what council members and the public read, and the griffie's agenda builder."""

import datetime as dt
import itertools

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from raadsmemo.accounts.access import require_griffie
from raadsmemo.accounts.audit import audit
from raadsmemo.accounts.roles import can_read_concepts
from raadsmemo.concurrency import EditConflict
from raadsmemo.converters import parse_id
from raadsmemo.history import history_for, history_of
from raadsmemo.htmx import render_partial_response
from raadsmemo.meetings import services
from raadsmemo.meetings.access import (
    get_agenda_item_for_user,
    get_item_memo_for_user,
    get_item_version_for_user,
    get_meeting_for_user,
)
from raadsmemo.meetings.forms import AgendaItemForm, MeetingForm, MoveMeetingForm, StukFormSet
from raadsmemo.meetings.models import Meeting, plan_agenda
from raadsmemo.memos.publication import read_html
from raadsmemo.memos.rendering import memo_context_from_memo, render_memo_pdf
from raadsmemo.publishing.caching import public_page
from raadsmemo.publishing.serving import stored_file_response

ARCHIVE_PAGE_SIZE = 20


def _with_plans(meetings):
    """Plan every item (so the times are right) and keep those the reader may see."""
    for meeting in meetings:
        meeting.agenda = [p for p in plan_agenda(meeting, meeting.agenda_items) if p.item.is_visible]
    return meetings


def _week(meetings: list[Meeting]) -> dict:
    """A week of meetings, named after its Politieke Woensdag when it has one."""
    year, number = meetings[0].week_key
    wednesday = next((m.date for m in meetings if m.date.weekday() == 2), None)
    return {"id": f"week-{year}-{number}", "number": number, "wednesday": wednesday, "meetings": meetings}


# The coming weeks the page shows (then a link to show more): a page that does not grow with
# everything ever planned.
UPCOMING_WEEKS = 8
UPCOMING_WEEKS_MAX = 52


@require_safe
@public_page
def meeting_upcoming(request: HttpRequest) -> HttpResponse:
    """Komende vergaderingen, grouped by week (the Politieke Woensdag), each with its agenda: the
    coming UPCOMING_WEEKS weeks, or more with ?weken= (up to a year)."""
    weeks_shown = parse_id(request.GET.get("weken", "")) or UPCOMING_WEEKS
    weeks_shown = max(1, min(weeks_shown, UPCOMING_WEEKS_MAX))
    today = timezone.localdate()
    until = today + dt.timedelta(weeks=weeks_shown)
    visible = Meeting.objects.visible_to(request.user)
    meetings = _with_plans(visible.upcoming(today).filter(date__lt=until).with_agenda(request.user))
    weeks = [_week(list(group)) for _, group in itertools.groupby(meetings, key=lambda m: m.week_key)]
    years = visible.archive_years(today)
    later = visible.filter(date__gte=until).exists() if weeks_shown < UPCOMING_WEEKS_MAX else False
    context = {
        "weeks": weeks,
        "archive_years": years,
        "until": until,
        "more_weeks": min(weeks_shown + UPCOMING_WEEKS, UPCOMING_WEEKS_MAX) if later else None,
    }
    return render(request, "meetings/meeting_upcoming.html", context)


@require_safe
def meeting_archive(request: HttpRequest, year: int | None = None) -> HttpResponse:
    visible = Meeting.objects.visible_to(request.user)
    years = visible.archive_years()
    if year is None:
        year = years[0] if years else timezone.localdate().year
    meetings = visible.past().filter(date__year=year)
    page = Paginator(meetings, ARCHIVE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "meetings/meeting_archive.html", {"page": page, "year": year, "years": years})


@require_safe
@public_page
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _with_plans([get_meeting_for_user(request, pk, with_agenda=True)])[0]
    context = {"meeting": meeting, "history": history_for(request.user, meeting)}
    return render(request, "meetings/meeting_detail.html", context)


@require_safe
@public_page
def item_memo(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """The memo of an agenda item: opened in place on the meeting page (htmx), or as a page.

    The griffie and the agendacommissie read the memo as it is now (marked as a concept unless
    published); everyone else the stored HTML of the published version.
    """
    item = get_agenda_item_for_user(request, pk, item_pk)
    context = {"item": item, "meeting": item.meeting}
    if can_read_concepts(request.user):
        context.update(memo_context_from_memo(get_item_memo_for_user(request, item)))
    else:
        version = get_item_version_for_user(request, item)
        context.update(version=version, memo_html=read_html(version))
    return render_partial_response(request, "meetings/item_memo.html", context, partial="memo")


@require_safe
def item_memo_pdf(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """The memo PDF of an item: for a reader the stored PDF of the published version (the same
    bytes every time); for the griffie and the agendacommissie the memo as it is now."""
    item = get_agenda_item_for_user(request, pk, item_pk)
    if not can_read_concepts(request.user):
        version = get_item_version_for_user(request, item)
        return stored_file_response(
            request,
            version.pdf_name,
            checksum=version.pdf_sha256,
            filename=version.pdf_filename,
            content_type="application/pdf",
            # Cached for anyone only when anyone may read it (a raadslid's vertrouwelijk memo: private).
            public=item.memo.is_publicly_readable,
            immutable=False,  # this address shows the next version once it is published
        )
    memo = get_item_memo_for_user(request, item)
    if not item.memo_is_public:
        audit("export", request=request, kind="memo_pdf", memo=memo.pk, public=False)
    response = HttpResponse(render_memo_pdf(memo_context_from_memo(memo)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{memo.pdf_filename}"'
    return response


# --- The agenda builder (griffie) -----------------------------------------------------------


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    require_griffie(request)
    form = MeetingForm(request.POST or None, initial={"location": "Raadzaal", "is_public": True})
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_save(meeting=form.save(commit=False))
        messages.success(request, "De vergadering is aangemaakt. Stel nu de agenda op.")
        return redirect("meetings:edit", meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form})


BUILDER = "meetings/meeting_builder.html"


def _render_builder(request, meeting, *, meeting_form=None, item_form=None, status=200, **extra):
    """The builder page; an htmx request that targets the agenda gets only the agenda."""
    context = _builder_context(
        request,
        meeting,
        meeting_form or MeetingForm(instance=meeting),
        item_form or AgendaItemForm(meeting=meeting, prefix="item"),
    )
    context.update(extra)
    if not request.htmx:  # the agenda alone (htmx) does not show the history
        context["history"] = history_of(meeting)
    return render_partial_response(request, BUILDER, context, target="agenda-builder", status=status)


def _back_to_builder(request, meeting) -> HttpResponse:
    """After a write: htmx gets the agenda again, a plain form post goes back to the page."""
    if request.htmx:
        return _render_builder(request, meeting)
    return redirect("meetings:edit", meeting.pk)


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The agenda builder page, and the form with the meeting's details on it."""
    meeting = get_meeting_for_user(request, pk, write=True)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                meeting=form.save(commit=False),
                changed=form.changed_data,
                based_on_revision=form.based_on_revision,
            )
        except EditConflict as conflict:
            rows = form.conflict_with(conflict.current)
            return _render_builder(
                request, meeting, meeting_form=form, conflict=conflict.current, conflict_rows=rows, status=409
            )
        messages.success(request, "De gegevens van de vergadering zijn opgeslagen.")
        return redirect("meetings:edit", meeting.pk)
    return _render_builder(request, meeting, meeting_form=form)


@require_POST
def meeting_publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk, write=True)
    services.meeting_publish(meeting=meeting, by=request.user)
    messages.success(request, "De agenda is gepubliceerd: raadsleden en inwoners kunnen hem lezen.")
    return redirect("meetings:edit", meeting.pk)


@require_POST
def meeting_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk, write=True)
    services.meeting_publish(meeting=meeting, publish=False, by=request.user)
    messages.success(request, "De agenda is niet langer openbaar zichtbaar.")
    return redirect("meetings:edit", meeting.pk)


@require_POST
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk, write=True)
    services.meeting_cancel(meeting=meeting, by=request.user)
    messages.success(request, "De vergadering is geannuleerd. Ze blijft zichtbaar als geannuleerd.")
    return redirect("meetings:edit", meeting.pk)


@require_POST
def agenda_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk, write=True)
    form = AgendaItemForm(request.POST, meeting=meeting, prefix="item")
    if not form.is_valid():
        return _render_builder(request, meeting, item_form=form)
    services.agenda_item_add(
        meeting=meeting, item=form.save(commit=False), secret_readers=form.cleaned_data["secret_readers"]
    )
    messages.success(request, "Het agendapunt is toegevoegd.")
    return _back_to_builder(request, meeting)


@require_POST
def agenda_reorder(request: HttpRequest, pk: int) -> HttpResponse:
    """The order after a drag and drop: every item's id, comma-separated, in the new order."""
    meeting = get_meeting_for_user(request, pk, write=True)
    ids = [parse_id(x.strip()) for x in request.POST.get("order", "").split(",") if x.strip()]
    try:
        if None in ids:
            raise ValueError
        services.agenda_reorder(meeting=meeting, ordered_ids=ids)
    except ValueError:
        return HttpResponse("De volgorde klopt niet; laad de pagina opnieuw.", status=400)
    if not request.htmx:
        return _back_to_builder(request, meeting)
    return trigger_client_event(
        _render_builder(request, meeting), "agenda-changed", {"announce": "De nieuwe volgorde is opgeslagen."}
    )


@require_POST
def agenda_item_move(request: HttpRequest, pk: int, item_pk: int, *, offset: int) -> HttpResponse:
    """One place up (offset -1) or down (+1): the keyboard's and no-JavaScript way to reorder."""
    item = get_agenda_item_for_user(request, pk, item_pk, write=True)
    place, count = services.agenda_item_move(item=item, offset=offset)
    if not request.htmx:
        # The page opens at the moved item: its place is where the keyboard goes on from.
        return redirect(reverse("meetings:edit", args=[item.meeting_id]) + f"#punt-{item.pk}")
    # The agenda is swapped; the focus returns to the button just used (or to the item, when
    # that button is gone at the top or bottom), and the new order is announced.
    direction = "down" if offset > 0 else "up"
    return trigger_client_event(
        _render_builder(request, item.meeting),
        "agenda-changed",
        {
            "announce": f"‘{item.title}’ is nu punt {place} van {count}.",
            "focus": f"#{direction}-{item.pk}",
            "fallback": f"#punt-{item.pk}",
        },
        after="settle",
    )


@require_POST
def agenda_item_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = get_agenda_item_for_user(request, pk, item_pk, write=True)
    services.agenda_item_remove(item=item)
    messages.success(request, f"‘{item.title}’ staat niet meer op de agenda.")
    return _back_to_builder(request, item.meeting)


@require_POST
def agenda_item_memo_create(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Open the item's memo in the editor, writing a new one from the item when it has none."""
    item = get_agenda_item_for_user(request, pk, item_pk, write=True)
    memo = item.memo or services.memo_create_for_item(item=item, by=request.user)
    url = reverse("memos:edit", args=[memo.pk])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _builder_context(request, meeting, meeting_form, item_form) -> dict:
    plan = meeting.builder_plan()
    return {
        "meeting": meeting,
        "meeting_form": meeting_form,
        "item_form": item_form,
        "agenda": plan.agenda,
        "planned_end": plan.planned_end,
        "overrun_minutes": plan.overrun_minutes,
    }


@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Edit one agenda item and its stukken."""
    item = get_agenda_item_for_user(request, pk, item_pk, write=True)
    initial = [
        {f: getattr(s, f) for f in ("label", "url", "confidentiality", "grondslag", "secret_until")}
        for s in item.stukken.all()
    ]
    form = AgendaItemForm(request.POST or None, instance=item, meeting=item.meeting)
    stukken = StukFormSet(request.POST or None, initial=initial, prefix="stukken")
    context = {
        "form": form,
        "stukken": stukken,
        "item": item,
        "meeting": item.meeting,
        "history": history_of(item),
    }
    if request.method == "POST" and form.is_valid() and stukken.is_valid():
        try:
            services.agenda_item_save_with_stukken(
                item=form.save(commit=False),
                changed=form.changed_data,
                stukken=[f.cleaned_data for f in stukken.filled_forms()],
                based_on_revision=form.based_on_revision,
                secret_readers=form.cleaned_data["secret_readers"],
            )
        except EditConflict as conflict:
            context.update(conflict=conflict.current, conflict_rows=form.conflict_with(conflict.current))
            return render(request, "meetings/item_form.html", context, status=409)
        messages.success(request, "Het agendapunt is opgeslagen.")
        return redirect("meetings:edit", pk)
    return render(request, "meetings/item_form.html", context)


@require_http_methods(["GET", "POST"])
def meeting_move(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk, write=True)
    form = MoveMeetingForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        services.meeting_move(meeting=meeting, by=request.user, **form.cleaned_data)
        messages.success(request, f"De vergadering is verplaatst naar {meeting.date:%d-%m-%Y}.")
        return redirect("meetings:edit", meeting.pk)
    return render(request, "meetings/meeting_move.html", {"form": form, "meeting": meeting})
