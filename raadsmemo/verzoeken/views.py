"""The public forms (agendaverzoek, inspreekverzoek, the privacy statement) and the pages where the
griffie and the agendacommissie handle the requests. One URL per write action."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from raadsmemo.accounts.access import require_concept_reader, require_griffie
from raadsmemo.accounts.roles import AGENDACOMMISSIE, has_role, is_griffie
from raadsmemo.concurrency import EditConflict
from raadsmemo.htmx import render_partial_response
from raadsmemo.publishing.serving import stored_file_response
from raadsmemo.verzoeken import services
from raadsmemo.verzoeken.access import (
    DECIDE,
    INTAKE,
    get_agendaverzoek_for_user,
    get_inspreekverzoek_for_user,
    get_public_item_for_inspreken,
)
from raadsmemo.verzoeken.forms import (
    AfwijzenForm,
    AgendaverzoekFilterForm,
    AgendaverzoekForm,
    InspreekAfwijzenForm,
    InspreekBevestigenForm,
    InspreekverzoekForm,
    IntakeForm,
    MemoLinkForm,
    ToekennenForm,
)
from raadsmemo.verzoeken.models import MIN_SIGNATURES, Agendaverzoek, Inspreekverzoek
from raadsmemo.verzoeken.ratelimit import count_submission, over_limit, too_many_response
from raadsmemo.verzoeken.rules import inspreken_closes_at, inspreken_open

INTAKE_PAGE_SIZE = 25


# --- Public -----------------------------------------------------------------------------------


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    context = {
        "days": settings.VERZOEKEN_BEWAARTERMIJN_DAGEN,
        "limit": settings.VERZOEKEN_RATE_LIMIT,
        "closes_hours": settings.INSPREKEN_CLOSES_HOURS,
    }
    return render(request, "verzoeken/privacy.html", context)


@require_http_methods(["GET", "POST"])
def agendaverzoek_create(request: HttpRequest) -> HttpResponse:
    """The public form. A filled honeypot is quietly treated as sent; nothing is stored."""
    if request.method == "POST":
        if over_limit(request):
            return too_many_response(request)
        form = AgendaverzoekForm(request.POST, request.FILES)
        if form.is_spam:
            count_submission(request)
            return redirect("verzoeken:agendaverzoek_sent")
        if form.is_valid():
            count_submission(request)
            upload = form.cleaned_data.get("signature_list")
            services.agendaverzoek_submit(
                verzoek=form.save(commit=False),
                upload=upload,
                upload_kind=getattr(form, "signature_kind", ""),
            )
            return redirect("verzoeken:agendaverzoek_sent")
    else:
        form = AgendaverzoekForm()
    return render(
        request, "verzoeken/agendaverzoek_form.html", {"form": form, "min_signatures": MIN_SIGNATURES}
    )


@require_safe
def agendaverzoek_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "verzoeken/agendaverzoek_sent.html")


@require_http_methods(["GET", "POST"])
def inspreekverzoek_create(request: HttpRequest, item_pk: int) -> HttpResponse:
    item = get_public_item_for_inspreken(item_pk)
    context = {
        "item": item,
        "meeting": item.meeting,
        "closes_at": inspreken_closes_at(item.meeting),
        "closes_hours": settings.INSPREKEN_CLOSES_HOURS,
    }
    if not inspreken_open(item):
        # Closed: the page says so, and a late post stores nothing.
        return render(
            request,
            "verzoeken/inspreekverzoek_closed.html",
            context,
            status=410 if request.method == "POST" else 200,
        )
    if request.method == "POST":
        if over_limit(request):
            return too_many_response(request)
        form = InspreekverzoekForm(request.POST)
        if form.is_spam:
            count_submission(request)
            return redirect("verzoeken:inspreekverzoek_sent")
        if form.is_valid():
            count_submission(request)
            services.inspreekverzoek_submit(verzoek=form.save(commit=False), item=item)
            return redirect("verzoeken:inspreekverzoek_sent")
    else:
        form = InspreekverzoekForm()
    context["form"] = form
    return render(request, "verzoeken/inspreekverzoek_form.html", context)


@require_safe
def inspreekverzoek_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "verzoeken/inspreekverzoek_sent.html")


# --- Agendaverzoeken: intake and decision ------------------------------------------------------


@require_safe
def agendaverzoek_list(request: HttpRequest) -> HttpResponse:
    require_concept_reader(request)
    form = AgendaverzoekFilterForm(request.GET or None)
    verzoeken = Agendaverzoek.objects.filter(**form.criteria).for_intake()
    page = Paginator(verzoeken, INTAKE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render_partial_response(
        request,
        "verzoeken/agendaverzoek_list.html",
        {"filters": form, "page": page},
        target="verzoek-results",
        partial="results",
    )


def _detail_context(request, verzoek: Agendaverzoek, **forms) -> dict:
    user = request.user
    decides = user.is_superuser or has_role(user, AGENDACOMMISSIE)
    context = {"verzoek": verzoek, "user_decides": decides, "user_intakes": is_griffie(user)}
    if verzoek.status == "ontvangen" and context["user_intakes"]:
        context["intake_form"] = forms.get("intake_form") or IntakeForm(instance=verzoek)
    if verzoek.status == "in_behandeling" and decides:
        context["toekennen_form"] = forms.get("toekennen_form") or ToekennenForm(instance=verzoek)
        context["afwijzen_form"] = forms.get("afwijzen_form") or AfwijzenForm(instance=verzoek)
    if context["user_intakes"]:
        context["memo_form"] = forms.get("memo_form") or MemoLinkForm(instance=verzoek)
    context.update({k: v for k, v in forms.items() if k.startswith("conflict")})
    return context


def _detail(request, verzoek, status=200, **forms) -> HttpResponse:
    return render(
        request,
        "verzoeken/agendaverzoek_detail.html",
        _detail_context(request, verzoek, **forms),
        status=status,
    )


@require_safe
def agendaverzoek_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_agendaverzoek_for_user(request, pk))


@require_safe
def signature_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The uploaded list of signatures, for the griffie and the agendacommissie only."""
    verzoek = get_agendaverzoek_for_user(request, pk)
    if not verzoek.signature_file:
        raise Http404("Bij dit verzoek is geen lijst met handtekeningen (meer).")
    return stored_file_response(
        request,
        verzoek.signature_file,
        checksum=verzoek.signature_checksum,
        filename=verzoek.signature_filename,
        content_type=verzoek.signature_content_type,
        public=False,
        as_attachment=True,
    )


def _decide(request, pk: int, *, action: str, form_class, form_key: str, service, success: str, **fields):
    """Run one decision: the form, the service, a conflict (409) or a workflow error (message)."""
    verzoek = get_agendaverzoek_for_user(request, pk, action=action)
    form = form_class(request.POST, instance=verzoek)
    if not form.is_valid():
        return _detail(request, verzoek, status=400, **{form_key: form})
    try:
        service(
            verzoek=verzoek,
            based_on_revision=form.based_on_revision,
            **{f: form.cleaned_data[f] for f in fields},
        )
    except EditConflict as conflict:
        rows = form.conflict_with(conflict.current)
        current = get_agendaverzoek_for_user(request, pk, action=action)
        return _detail(
            request, current, status=409, conflict=conflict.current, conflict_rows=rows, **{form_key: form}
        )
    except services.VerzoekWorkflowError as error:
        messages.error(request, str(error))
        return redirect(verzoek)
    messages.success(request, success)
    return redirect(verzoek)


@require_POST
def agendaverzoek_take_in(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(
        request,
        pk,
        action=INTAKE,
        form_class=IntakeForm,
        form_key="intake_form",
        service=services.agendaverzoek_take_in,
        success="Het verzoek ligt nu bij de agendacommissie.",
    )


@require_POST
def agendaverzoek_grant(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(
        request,
        pk,
        action=DECIDE,
        form_class=ToekennenForm,
        form_key="toekennen_form",
        service=services.agendaverzoek_grant,
        success="Het verzoek is toegekend en ingepland; de aanvrager krijgt een e-mail.",
        meeting=True,
        memo=True,
    )


@require_POST
def agendaverzoek_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(
        request,
        pk,
        action=DECIDE,
        form_class=AfwijzenForm,
        form_key="afwijzen_form",
        service=services.agendaverzoek_reject,
        success="Het verzoek is afgewezen; de aanvrager krijgt de reden per e-mail.",
        reason=True,
    )


@require_POST
def agendaverzoek_link_memo(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(
        request,
        pk,
        action=INTAKE,
        form_class=MemoLinkForm,
        form_key="memo_form",
        service=services.agendaverzoek_link_memo,
        success="De memo is gekoppeld.",
        memo=True,
    )


# --- Inspreekverzoeken ---------------------------------------------------------------------


def _inspreek_list(request, status=200, **extra) -> HttpResponse:
    verzoeken = Inspreekverzoek.objects.for_intake().filter(
        meeting_starts_at__gte=timezone.now() - dt.timedelta(days=1)
    )
    # A refused decline shows the page it was sent from (its form carries the page number).
    number = request.GET.get("page") or request.POST.get("page")
    page = Paginator(verzoeken, INTAKE_PAGE_SIZE).get_page(number)
    context = {"page": page, **extra}
    return render(request, "verzoeken/inspreekverzoek_list.html", context, status=status)


@require_safe
def inspreekverzoek_list(request: HttpRequest) -> HttpResponse:
    require_griffie(request)
    return _inspreek_list(request)


def _inspreek_decide(request, pk, *, form_class, service, success, **fields):
    verzoek = get_inspreekverzoek_for_user(request, pk)
    form = form_class(request.POST, instance=verzoek)
    if not form.is_valid():
        if "reason" in form.errors:
            return _inspreek_list(request, status=400, failed=verzoek, failed_reason=form["reason"])
        # Only the hidden revision can be wrong here: as good as a conflict.
        messages.error(request, "Niet opgeslagen: laad de lijst opnieuw en probeer het nog eens.")
        return redirect("verzoeken:inspreekverzoek_list")
    try:
        service(
            verzoek=verzoek,
            based_on_revision=form.based_on_revision,
            **{f: form.cleaned_data[f] for f in fields},
        )
    except EditConflict:
        messages.error(
            request, "Iemand anders heeft dit verzoek intussen behandeld; bekijk de lijst opnieuw."
        )
    except services.VerzoekWorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect("verzoeken:inspreekverzoek_list")


@require_POST
def inspreekverzoek_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _inspreek_decide(
        request,
        pk,
        form_class=InspreekBevestigenForm,
        service=services.inspreekverzoek_confirm,
        success="Bevestigd; de inspreker krijgt een e-mail.",
    )


@require_POST
def inspreekverzoek_decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _inspreek_decide(
        request,
        pk,
        form_class=InspreekAfwijzenForm,
        service=services.inspreekverzoek_decline,
        success="Afgewezen; de aanvrager krijgt de reden per e-mail.",
        reason=True,
    )
