from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from raadsmemo.accounts.access import require_concept_reader, require_griffie
from raadsmemo.accounts.audit import audit
from raadsmemo.accounts.roles import is_griffie
from raadsmemo.collegevoorstellen.access import (
    find_current,
    get_collegevoorstel_for_editor,
    get_collegevoorstel_for_reader,
    get_published_version,
    get_version_for_user,
    refuse,
)
from raadsmemo.collegevoorstellen.forms import CollegevoorstelForm
from raadsmemo.collegevoorstellen.models import Collegevoorstel, CollegevoorstelDraft
from raadsmemo.collegevoorstellen.publication import (
    collegevoorstel_take_step,
    last_reason_for_change,
    read_html,
)
from raadsmemo.collegevoorstellen.rendering import render_collegevoorstel_pdf
from raadsmemo.collegevoorstellen.services import (
    NotEditable,
    collegevoorstel_add,
    collegevoorstel_draft_discard,
    collegevoorstel_draft_store,
    collegevoorstel_update,
)
from raadsmemo.collegevoorstellen.workflow import STEPS, allowed_steps
from raadsmemo.concurrency import EditConflict
from raadsmemo.history import history_for
from raadsmemo.memos.models import Memo
from raadsmemo.publishing.serving import stored_file_response
from raadsmemo.workflow import Step
from raadsmemo.workflow_views import run_step, workflow_context

PAGE_SIZE = 25
NOT_EDITABLE = (
    "Dit collegevoorstel is {status} en wordt daarom niet bewerkt. Zet het eerst terug naar concept "
    "(met een reden); lezers houden de gepubliceerde versie tot de volgende."
)


@require_safe
def collegevoorstel_list(request: HttpRequest) -> HttpResponse:
    """The collegevoorstellen this user reads, newest first, a page at a time."""
    require_concept_reader(request)
    voorstellen = Collegevoorstel.objects.visible_to(request.user).only(
        "pk", "onderwerp", "zaak", "datum", "confidentiality", "status", "team"
    )
    page = Paginator(voorstellen, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "collegevoorstellen/collegevoorstel_list.html",
        {"page": page, "can_edit": is_griffie(request.user)},
    )


@require_safe
def collegevoorstel_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The collegevoorstel as it is now, for who reads it so; anyone else is sent to the
    published version (of an openbaar one), or refused."""
    cv = find_current(request, pk)
    if cv is None:
        version = get_published_version(pk)
        if version is not None:
            return redirect(version)
        refuse(request)
    return render(request, "collegevoorstellen/collegevoorstel_detail.html", _detail_context(request, cv))


def _detail_context(request: HttpRequest, cv: Collegevoorstel, *, errors=None, typed=None) -> dict:
    # Memos whose "Titel en datum van het stuk" points here (a link to this page's address).
    url = request.build_absolute_uri(cv.get_absolute_url())
    linking = (
        Memo.objects.readable_by(request.user).filter(links__url__in=[url, cv.get_absolute_url()]).distinct()
    )
    return {
        "cv": cv,
        "concept": cv.is_concept,
        "linking_memos": list(linking.only("pk", "title")),
        "history": history_for(request.user, cv),
        "can_edit": is_griffie(request.user) and cv.is_editable,
        "readers": list(cv.secret_readers.order_by("username")) if cv.is_geheim else [],
        "publish_blocked": cv.is_geheim and cv.status == "vastgesteld",
        **workflow_context(
            cv,
            allowed_steps(cv, request.user),
            last_reason=lambda: last_reason_for_change(cv),
            errors=errors,
            typed=typed,
        ),
    }


@require_safe
def collegevoorstel_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF as it is now (marked as a concept); a reader gets the published version."""
    cv = find_current(request, pk)
    if cv is None:
        version = get_published_version(pk)
        if version is not None:
            return redirect(version.get_pdf_url())
        refuse(request)
    audit("export", request=request, kind="collegevoorstel_pdf", collegevoorstel=cv.pk, public=False)
    response = HttpResponse(render_collegevoorstel_pdf(cv), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{cv.pdf_filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def collegevoorstel_preview(request: HttpRequest) -> HttpResponse:
    """The body for the form as typed so far (the live preview); invalid fields are left out."""
    require_griffie(request)
    form = CollegevoorstelForm(request.POST, instance=Collegevoorstel())
    form.is_valid()
    return render(request, "collegevoorstellen/_body.html", {"cv": form.instance, "concept": True})


@require_http_methods(["GET", "POST"])
def collegevoorstel_create(request: HttpRequest) -> HttpResponse:
    require_griffie(request)
    return _form(request, Collegevoorstel())


@require_http_methods(["GET", "POST"])
def collegevoorstel_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cv = get_collegevoorstel_for_editor(request, pk)
    if not cv.is_editable:
        messages.error(request, NOT_EDITABLE.format(status=cv.get_status_display().lower()))
        return redirect(cv)
    return _form(request, cv)


def _form(request: HttpRequest, cv: Collegevoorstel) -> HttpResponse:
    stored = cv if cv.pk else None
    draft = CollegevoorstelDraft.objects.of(request.user, stored).first()
    if request.method == "GET":
        # An earlier try that was never (validly) saved: offered back, never forced on the user.
        restoring = draft is not None and request.GET.get("concept") == "terugzetten"
        form = CollegevoorstelForm(draft.as_querydict() if restoring else None, instance=cv)
        context = {"form": form, "object": cv, "preview": form.instance if restoring else stored}
        context.update(restored=draft if restoring else None, draft=None if restoring else draft)
        return render(request, "collegevoorstellen/collegevoorstel_form.html", context)
    form = CollegevoorstelForm(request.POST, instance=cv)
    context = {"form": form, "object": cv}
    if not form.is_valid():
        # Nothing typed is lost: the refused input is kept as a draft, too.
        collegevoorstel_draft_store(collegevoorstel=stored, by=request.user, data=request.POST)
        context["preview"] = form.instance
        return render(request, "collegevoorstellen/collegevoorstel_form.html", context)
    readers = form.cleaned_data.get("secret_readers")
    if stored is None:
        collegevoorstel_add(collegevoorstel=form.instance, secret_readers=readers)
    else:
        try:
            collegevoorstel_update(
                collegevoorstel=form.instance,
                fields=form.changed_data,
                based_on_revision=form.based_on_revision,
                secret_readers=readers,
            )
        except (EditConflict, NotEditable) as refused:
            collegevoorstel_draft_store(collegevoorstel=stored, by=request.user, data=request.POST)
            context["preview"] = form.instance
            if isinstance(refused, EditConflict):
                context.update(conflict=refused.current, conflict_rows=form.conflict_with(refused.current))
            else:
                messages.error(request, NOT_EDITABLE.format(status="niet meer een concept"))
            return render(request, "collegevoorstellen/collegevoorstel_form.html", context, status=409)
    collegevoorstel_draft_discard(collegevoorstel=stored, by=request.user)
    for warning in form.warnings:
        messages.warning(request, warning)
    messages.success(request, f"Collegevoorstel {cv.onderwerp} is opgeslagen.")
    return redirect(cv)


@require_POST
def collegevoorstel_draft_save(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Autosave while typing: what the form holds now, kept as the user's draft (valid or not).
    The collegevoorstel itself changes only with Opslaan."""
    require_griffie(request)
    cv = get_collegevoorstel_for_editor(request, pk) if pk is not None else None
    draft = collegevoorstel_draft_store(collegevoorstel=cv, by=request.user, data=request.POST)
    return render(
        request,
        "collegevoorstellen/collegevoorstel_form.html#draft-status",
        {"saved_draft": draft, "object": cv or Collegevoorstel()},
    )


@require_POST
def collegevoorstel_draft_discard_view(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Throw the user's unsaved draft away and open the form as it is stored."""
    require_griffie(request)
    cv = get_collegevoorstel_for_editor(request, pk) if pk is not None else None
    collegevoorstel_draft_discard(collegevoorstel=cv, by=request.user)
    messages.success(request, "Het niet-opgeslagen concept is weggegooid.")
    if cv is None:
        return redirect("collegevoorstellen:create")
    return redirect("collegevoorstellen:edit", pk=cv.pk)


# -- The workflow: one URL per step --------------------------------------------------------------


def take_step(request: HttpRequest, pk: int, *, step_name: str) -> HttpResponse:
    """One workflow step (the URL names the step): raadsmemo/workflow_views.py answers it."""
    step: Step = STEPS[step_name]
    cv = get_collegevoorstel_for_reader(request, pk)
    return run_step(
        request,
        cv,
        step,
        take=lambda **typed: collegevoorstel_take_step(
            collegevoorstel=cv, step=step, by=request.user, **typed
        ),
        refused_page=lambda error, reason, status: _step_refused(
            request, cv, step, error, reason, status=status
        ),
        changed="Het collegevoorstel is intussen gewijzigd. Bekijk het zoals het nu is en kies opnieuw.",
    )


def _step_refused(request, cv: Collegevoorstel, step: Step, error: str, reason: str, *, status: int):
    cv = get_collegevoorstel_for_reader(request, cv.pk)
    messages.error(request, error)
    context = _detail_context(request, cv, errors={step.name: error}, typed={step.name: reason})
    return render(request, "collegevoorstellen/collegevoorstel_detail.html", context, status=status)


aanbieden = require_POST(lambda request, pk: take_step(request, pk, step_name="aanbieden"))
vaststellen = require_POST(lambda request, pk: take_step(request, pk, step_name="vaststellen"))
publiceren = require_POST(lambda request, pk: take_step(request, pk, step_name="publiceren"))
terug_naar_concept = require_POST(lambda request, pk: take_step(request, pk, step_name="terug_naar_concept"))


# -- Published versions -------------------------------------------------------------------------


@require_safe
def collegevoorstel_version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = get_version_for_user(request, pk, number)
    cv = version.collegevoorstel
    context = {
        "version": version,
        "body_html": read_html(version),
        "others": list(cv.versions.order_by("-number").values_list("number", "published_at")),
        "is_current": version.pk == cv.current_version_id,
        "reads_current": find_current(request, pk) is not None,
    }
    return render(request, "collegevoorstellen/collegevoorstel_version.html", context)


@require_safe
def collegevoorstel_version_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The stored PDF: the same bytes on every download, cached for good when anyone may read it."""
    version = get_version_for_user(request, pk, number)
    return stored_file_response(
        request,
        version.pdf_name,
        checksum=version.pdf_sha256,
        filename=version.pdf_filename,
        content_type="application/pdf",
        public=get_published_version(pk) is not None,
    )
