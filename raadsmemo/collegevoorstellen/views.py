from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from raadsmemo.accounts.access import require_concept_reader, require_griffie
from raadsmemo.accounts.roles import is_griffie
from raadsmemo.collegevoorstellen.access import get_collegevoorstel_for_editor, get_collegevoorstel_for_reader
from raadsmemo.collegevoorstellen.forms import CollegevoorstelForm
from raadsmemo.collegevoorstellen.models import Collegevoorstel
from raadsmemo.collegevoorstellen.rendering import render_collegevoorstel_pdf
from raadsmemo.collegevoorstellen.services import collegevoorstel_update
from raadsmemo.concurrency import EditConflict
from raadsmemo.history import history_of
from raadsmemo.memos.models import Memo


@require_safe
def collegevoorstel_list(request: HttpRequest) -> HttpResponse:
    require_concept_reader(request)
    voorstellen = Collegevoorstel.objects.visible_to(request.user).only(
        "pk", "onderwerp", "zaak", "datum", "status", "team"
    )
    return render(
        request,
        "collegevoorstellen/collegevoorstel_list.html",
        {"voorstellen": voorstellen, "can_edit": is_griffie(request.user)},
    )


@require_safe
def collegevoorstel_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cv = get_collegevoorstel_for_reader(request, pk)
    # Memos whose "Titel en datum van het stuk" points here (a link to this page's address).
    url = request.build_absolute_uri(cv.get_absolute_url())
    linking = (
        Memo.objects.readable_by(request.user).filter(links__url__in=[url, cv.get_absolute_url()]).distinct()
    )
    griffie = is_griffie(request.user)
    context = {
        "cv": cv,
        "linking_memos": list(linking.only("pk", "title")),
        "history": history_of(cv) if griffie else None,
        "can_edit": griffie,
    }
    return render(request, "collegevoorstellen/collegevoorstel_detail.html", context)


@require_safe
def collegevoorstel_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    cv = get_collegevoorstel_for_reader(request, pk)
    response = HttpResponse(render_collegevoorstel_pdf(cv), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="collegevoorstel-{cv.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def collegevoorstel_create(request: HttpRequest) -> HttpResponse:
    require_griffie(request)
    return _form(request, Collegevoorstel())


@require_http_methods(["GET", "POST"])
def collegevoorstel_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form(request, get_collegevoorstel_for_editor(request, pk))


def _form(request: HttpRequest, cv: Collegevoorstel) -> HttpResponse:
    form = CollegevoorstelForm(request.POST or None, instance=cv)
    context = {"form": form, "object": cv}
    if request.method == "POST" and form.is_valid():
        if cv.pk is None:
            form.save()
        else:
            try:
                collegevoorstel_update(
                    collegevoorstel=form.instance,
                    fields=form.changed_data,
                    based_on_revision=form.based_on_revision,
                )
            except EditConflict as conflict:
                context.update(conflict=conflict.current, conflict_rows=form.conflict_with(conflict.current))
                return render(request, "collegevoorstellen/collegevoorstel_form.html", context, status=409)
        for warning in form.warnings:
            messages.warning(request, warning)
        messages.success(request, f"Collegevoorstel {cv.onderwerp} is opgeslagen.")
        return redirect(cv)
    return render(request, "collegevoorstellen/collegevoorstel_form.html", context)
