"""The start page (the griffie's overview of what needs doing; everyone else the meetings) and the
site's fixed pages linked from the footer."""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from raadsmemo.accounts.roles import can_read_concepts
from raadsmemo.lta.models import LtaItem
from raadsmemo.meetings.models import Meeting
from raadsmemo.memos.models import Memo

DASHBOARD_DAYS = 21


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Griffie and agendacommissie see their overview; everyone else the coming meetings."""
    if not can_read_concepts(request.user):
        return redirect("meetings:upcoming")
    today = timezone.localdate()
    meetings = (
        Meeting.objects.upcoming(today)
        .filter(date__lte=today + dt.timedelta(days=DASHBOARD_DAYS))
        .with_preparation_counts()
    )
    context = {
        "meetings": meetings,
        "days": DASHBOARD_DAYS,
        "recent_memos": Memo.objects.readable_by(request.user).order_by("-updated_at")[:6],
        "overdue": LtaItem.objects.visible_to(request.user).overdue(today).order_by("deadline")[:8],
        "due_soon": LtaItem.objects.visible_to(request.user).due_within(14, today).order_by("deadline")[:8],
    }
    return render(request, "dashboard.html", context)


@require_safe
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """The toegankelijkheidsverklaring, after the Dutch model."""
    return render(request, "pages/toegankelijkheid.html")


@require_safe
def colofon(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/colofon.html")
