"""Views of the LTA: the register, an item with its stand van zaken, import, export, the lijst."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import trigger_client_event

from raadsmemo.accounts.access import LoginRequired, require_griffie
from raadsmemo.accounts.audit import audit
from raadsmemo.accounts.roles import can_read_concepts
from raadsmemo.concurrency import EditConflict
from raadsmemo.converters import parse_id
from raadsmemo.history import history_for
from raadsmemo.htmx import render_partial_response
from raadsmemo.lta.access import (
    find_lta_item_for_user,
    get_lta_export_for_user,
    get_lta_item_for_user,
    get_pending_import_for_user,
)
from raadsmemo.lta.forms import (
    AfdoeningDecisionForm,
    AfdoeningProposalForm,
    ImportConfirmForm,
    ImportForm,
    LijstForm,
    LtaFilterForm,
    LtaItemForm,
    StatusChangeForm,
    StatusUpdateForm,
)
from raadsmemo.lta.meeting_links import treated_in, visible_meetings_prefetch
from raadsmemo.lta.models import DISPLAY_STATUSES, Kind, LtaImport, LtaItem, today
from raadsmemo.lta.numbering import propose_number
from raadsmemo.lta.rendering import lijst_context, lijst_filename, render_lijst_pdf
from raadsmemo.lta.services import (
    ExportLimitReached,
    LtaWorkflowError,
    lta_export_create,
    lta_import,
    lta_item_afdoen,
    lta_item_create,
    lta_item_propose_afdoening,
    lta_item_set_status,
    lta_item_update,
    status_update_add,
)
from raadsmemo.lta.tables import TableFileError, read_table
from raadsmemo.lta.transfer import check_layout, export_csv_lines, export_xlsx, plan_import
from raadsmemo.meetings.access import get_meeting_for_user
from raadsmemo.publishing.caching import public_page

PAGE_SIZE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Up to this many items an XLSX is made in the request; a larger one by the task worker.
XLSX_IN_REQUEST_MAX = 1000


@require_safe
@public_page
def lta_register(request: HttpRequest) -> HttpResponse:
    """The register: filtered, sorted, counted per status, paginated. Public."""
    on = today()
    filters = LtaFilterForm(request.GET or None)
    criteria = filters.criteria
    readable = LtaItem.objects.visible_to(request.user)
    items = readable.matching(on=on, **criteria).for_register().sorted_by(criteria.get("sort", ""))
    counts = readable.matching(on=on, **criteria, with_status=False).status_counts(on)
    paginator = Paginator(items, PAGE_SIZE)
    # The counts per status already say how many the page lists: one scan of the items, not two.
    paginator.count = LtaItem.objects.listed_count(counts, **criteria)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "page": page,
        "today": on,
        "status_counts": [
            {
                "value": value,
                "label": label,
                "count": counts[value],
                "current": request.GET.get("status") == value,
            }
            for value, label in DISPLAY_STATUSES
        ],
        "total": sum(counts.values()),
        "kinds": Kind,
        # A larger XLSX answers with a page (lta_export), which a download link would save as a file.
        "xlsx_in_request_max": XLSX_IN_REQUEST_MAX,
    }
    return render_partial_response(
        request, "lta/register.html", context, target="lta-results", partial="results"
    )


def _export_params(data) -> dict[str, str]:
    """The register's filters from a query string or a form: the parameters the filter form has."""
    return {name: data[name] for name in LtaFilterForm.base_fields if data.get(name)}


def _exported_items(request: HttpRequest, criteria: dict):
    """The register as the user may read it, filtered and sorted as the register page shows it."""
    return (
        LtaItem.objects.visible_to(request.user)
        .matching(on=today(), **criteria)
        .sorted_by(criteria.get("sort", ""))
    )


def _audit_export(request: HttpRequest, fmt: str) -> None:
    if can_read_concepts(request.user):
        # The griffie's export names meetings that are not public (yet): a non-public export.
        audit("export", request=request, kind="lta", format=fmt, public=False)


def _render_export_request(request, context: dict, status: int = 200) -> HttpResponse:
    context.setdefault("params", {})
    context["query"] = urlencode(context["params"])
    return render(request, "lta/export_request.html", context, status=status)


@require_safe
def lta_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered register as CSV (streamed) or XLSX, in the columns the import reads.

    An XLSX of more than XLSX_IN_REQUEST_MAX items is not made here: the page that answers
    offers to have the task worker make it (lta_export_request).
    """
    if fmt not in ("csv", "xlsx"):
        return _render_export_request(request, {"unknown_format": True}, status=404)
    on = today()
    criteria = LtaFilterForm(request.GET or None).criteria
    items = _exported_items(request, criteria)
    if fmt == "csv":
        # Row by row from the database to the reader: a long register is never held whole.
        response = StreamingHttpResponse(
            export_csv_lines(items.for_export(request.user)), content_type="text/csv; charset=utf-8"
        )
    else:
        count = items.count()
        if count > XLSX_IN_REQUEST_MAX:
            context = {"count": count, "params": _export_params(request.GET)}
            return _render_export_request(request, context)
        response = HttpResponse(export_xlsx(items.for_export(request.user)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="lta-{on:%Y-%m-%d}.{fmt}"'
    _audit_export(request, fmt)
    return response


@require_POST
def lta_export_request(request: HttpRequest) -> HttpResponse:
    """Have the task worker make an XLSX of the filtered register; on to its status page."""
    if not request.user.is_authenticated:
        raise LoginRequired
    params = _export_params(request.POST)
    filters = LtaFilterForm(params or None)
    if filters.is_bound and not filters.is_valid():
        context = {
            "params": params,
            "error": "Deze filters kunnen we niet lezen. Kies ze opnieuw in het register.",
        }
        return _render_export_request(request, context, status=400)
    items = _exported_items(request, filters.criteria)
    try:
        export = lta_export_create(items=items, criteria=params, by=request.user)
    except ExportLimitReached as error:
        context = {"count": items.count(), "params": params, "error": str(error)}
        return _render_export_request(request, context, status=429)
    return redirect(export)


@require_safe
def lta_export_status(request: HttpRequest, pk: int) -> HttpResponse:
    """How the requester's export goes; htmx asks again every two seconds until it is done."""
    export = get_lta_export_for_user(request, pk)
    if request.htmx and request.GET.get("gemeld") == export.status:
        # Nothing new: htmx swaps nothing, so the live region does not read the same text again.
        return HttpResponse(status=204)
    context = {"export": export}
    return render_partial_response(
        request, "lta/export_status.html", context, target="export-status", partial="status"
    )


@require_safe
def lta_export_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The finished XLSX, for its requester only."""
    export = get_lta_export_for_user(request, pk)
    if not export.is_ready:
        raise Http404("Deze export is nog niet klaar.")
    try:
        stored = default_storage.open(export.file.name, "rb")
    except OSError:  # gone from the store (removed by hand, or expired in between)
        raise Http404("Het bestand van deze export is er niet meer.") from None
    response = FileResponse(stored, as_attachment=True, filename=export.filename, content_type=XLSX)
    _audit_export(request, "xlsx")
    return response


def _detail_forms(item, **bound) -> dict:
    """The four forms of the item page, fresh unless one of them comes back bound."""
    return {
        "update_form": StatusUpdateForm(prefix="update"),
        "status_form": StatusChangeForm(prefix="status", item=item),
        "proposal_form": AfdoeningProposalForm(prefix="afdoening"),
        "decision_form": AfdoeningDecisionForm(prefix="besluit", item=item),
        **bound,
    }


@require_safe
def lta_detail(request: HttpRequest, number: str) -> HttpResponse:
    """An item with its text and timeline. Anyone reads it; the griffie adds updates and decides."""
    item = get_lta_item_for_user(request, number)
    return _render_detail(request, item, _detail_forms(item))


def _workflow_step(request, item, form_name: str, form, step) -> HttpResponse:
    """Run one workflow step of the item page: done, back to the item; refused, the page with errors."""
    if form.is_valid():
        try:
            message = step(form.cleaned_data)
        except LtaWorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, message)
            return redirect(item)
    return _render_detail(request, item, _detail_forms(item, **{form_name: form}))


@require_POST
def lta_update_add(request: HttpRequest, number: str) -> HttpResponse:
    """Add a dated line to the stand van zaken; with htmx only that section comes back."""
    item = get_lta_item_for_user(request, number, write=True)
    form = StatusUpdateForm(request.POST, prefix="update")
    if not request.htmx:
        return _workflow_step(
            request, item, "update_form", form, lambda data: _add_update(request, item, data)
        )
    saved = ""
    if form.is_valid():
        saved = _add_update(request, item, form.cleaned_data)
        form = StatusUpdateForm(prefix="update")
    else:
        # The swapped section takes the focus to the first field to correct.
        first = next((name for name in form.errors if name in form.fields), "text")
        form.fields[first].widget.attrs["autofocus"] = True
    return _render_detail(request, item, _detail_forms(item, update_form=form), saved=saved)


@require_POST
def lta_status_set(request: HttpRequest, number: str) -> HttpResponse:
    item = get_lta_item_for_user(request, number, write=True)
    form = StatusChangeForm(request.POST, prefix="status", item=item)

    def step(data):
        changed = lta_item_set_status(
            item=item, status=data["status"], reason=data["reason"], by=request.user
        )
        return f"{changed.number} is nu {changed.get_status_display().lower()}."

    return _workflow_step(request, item, "status_form", form, step)


@require_POST
def lta_afdoening_propose(request: HttpRequest, number: str) -> HttpResponse:
    item = get_lta_item_for_user(request, number, write=True)
    form = AfdoeningProposalForm(request.POST, prefix="afdoening")

    def step(data):
        lta_item_propose_afdoening(item=item, reason=data["reason"], by=request.user)
        return (
            f"Het voorstel om {item.number} af te doen is vastgelegd. "
            "Leg het besluit van de raad vast zodra dat er is."
        )

    return _workflow_step(request, item, "proposal_form", form, step)


@require_POST
def lta_afdoen(request: HttpRequest, number: str) -> HttpResponse:
    """The raad's decision on a proposal to afdoen: afgedaan, or the item stays."""
    item = get_lta_item_for_user(request, number, write=True)
    form = AfdoeningDecisionForm(request.POST, prefix="besluit", item=item)

    def step(data):
        decided = lta_item_afdoen(
            item=item,
            decided_on=data["decided_on"],
            meeting=data["vergadering"] or data["meeting"],
            afgedaan=data["afgedaan"],
            by=request.user,
        )
        return f"{decided.number} is afgedaan." if data["afgedaan"] else f"{decided.number} blijft staan."

    return _workflow_step(request, item, "decision_form", form, step)


def _add_update(request, item, data) -> str:
    status_update_add(item=item, date=data["date"], text=data["text"], by=request.user)
    return f"De update van {data['date']:%d-%m-%Y} staat bovenaan de stand van zaken."


def _render_detail(request, item, forms, *, saved: str = ""):
    item = (
        LtaItem.objects.for_register()
        .prefetch_related(*visible_meetings_prefetch(request.user))
        .get(pk=item.pk)
    )
    context = {
        "item": item,
        "treated_in": treated_in(item, request.user),
        "updates": list(item.updates.select_related("author")),
        "memos": list(item.memos.readable_by(request.user).order_by("-datum")),
        "saved": saved,
        # The stand van zaken alone (htmx) does not show the history.
        "history": None if request.htmx else history_for(request.user, item),
        "has_errors": any(f.is_bound and f.errors for f in forms.values()),
        # Workflow errors (a step that no longer fits, from a stale page) show on top of the page.
        "workflow_errors": [e for f in forms.values() if f.is_bound for e in f.non_field_errors()],
        **forms,
    }
    return render_partial_response(request, "lta/item_detail.html", context, target="stand-van-zaken")


@require_http_methods(["GET", "POST"])
def lta_create(request: HttpRequest) -> HttpResponse:
    require_griffie(request)
    kind = request.GET.get("soort", "") if request.method == "GET" else ""
    kind = kind if kind in Kind.values else Kind.TOEZEGGING
    form = LtaItemForm(
        request.POST or None,
        instance=LtaItem(),
        initial={"kind": kind, "number": propose_number(kind, year=today().year)},
    )
    if request.method == "POST" and form.is_valid():
        item = lta_item_create(
            item=form.instance,
            indieners=form.indieners(),
            by=request.user,
            secret_readers=form.cleaned_data["secret_readers"],
        )
        messages.success(request, f"{item.number} staat in het register.")
        return redirect(item)
    return render_partial_response(
        request, "lta/item_form.html", {"form": form, "item": None}, target="number-field"
    )


@require_http_methods(["GET", "POST"])
def lta_edit(request: HttpRequest, number: str) -> HttpResponse:
    item = get_lta_item_for_user(request, number, write=True)
    form = LtaItemForm(request.POST or None, instance=item)
    context = {"form": form, "item": item}
    if request.method == "POST" and form.is_valid():
        try:
            lta_item_update(
                item=form.instance,
                fields=list(form.Meta.fields),
                indieners=form.indieners(),
                based_on_revision=form.based_on_revision,
                secret_readers=form.cleaned_data["secret_readers"],
            )
        except EditConflict as conflict:
            context.update(conflict=conflict.current, conflict_rows=form.conflict_with(conflict.current))
            return render(request, "lta/item_form.html", context, status=409)
        messages.success(request, f"{item.number} is opgeslagen.")
        return redirect(item)
    return render(request, "lta/item_form.html", context)


@require_http_methods(["GET", "POST"])
def lta_import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a list: read it once, keep it server-side, and show its preview."""
    require_griffie(request)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    context = {"form": form, "plan": None}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_table(upload)
        except TableFileError as error:
            form.add_error("file", str(error))
        else:
            plan, _ = check_layout(table)  # the rows are planned on the preview page
            if not plan.file_errors:
                LtaImport.objects.expired().delete()
                pending = LtaImport.objects.create(
                    filename=upload.name[:255], table=table, created_by=request.user
                )
                return redirect(pending)
            context.update(plan=plan, filename=upload.name)
    return render(request, "lta/import.html", context)


def _import_gone(request: HttpRequest) -> HttpResponse:
    context = {"form": ImportForm(), "plan": None, "gone": True}
    return render(request, "lta/import.html", context, status=404)


def _render_preview(request, pending, plan, form, status: int = 200) -> HttpResponse:
    context = {"pending": pending, "plan": plan, "confirm_form": form, "filename": pending.filename}
    return render(request, "lta/import_preview.html", context, status=status)


@require_safe
def lta_import_preview(request: HttpRequest, token: str) -> HttpResponse:
    """What the import would do, per row: new, changed, erased, or what is wrong. Writes nothing."""
    pending = get_pending_import_for_user(request, token)
    if pending is None:
        return _import_gone(request)
    plan = plan_import(pending.table)
    return _render_preview(request, pending, plan, ImportConfirmForm(plan=plan))


@require_POST
def lta_import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Import the rows without errors, if the plan is still the one the preview showed."""
    pending = get_pending_import_for_user(request, token)
    if pending is None:
        return _import_gone(request)
    plan = plan_import(pending.table)
    form = ImportConfirmForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            counts = lta_import(plan=plan, filename=pending.filename, by=request.user)
        except LtaWorkflowError as error:  # the register changed between planning and writing
            form.add_error(None, f"{error} Er is niets geïmporteerd; bekijk de voorvertoning opnieuw.")
        else:
            pending.delete()
            skipped = plan.counts["fout"]
            messages.success(
                request,
                f"Import klaar: {counts['nieuw']} nieuw, {counts['gewijzigd']} gewijzigd, "
                f"{counts['ongewijzigd']} ongewijzigd"
                + (
                    f", {skipped} rij{'en' if skipped != 1 else ''} met fouten overgeslagen."
                    if skipped
                    else "."
                ),
            )
            return redirect("lta:register")
    return _render_preview(request, pending, plan, form, status=409 if form.non_field_errors() else 200)


def _lijst_for(request):
    """The lijst's form, day and meeting: from ?vergadering=<pk> (a hidden one is a 404) or ?datum=."""
    meeting = None
    if "vergadering" in request.GET:
        pk = parse_id(request.GET["vergadering"])
        if pk is None:
            raise Http404("Deze vergadering bestaat niet of is (nog) niet openbaar.")
        meeting = get_meeting_for_user(request, pk)
        form = LijstForm({"datum": meeting.date.isoformat()})
        form.is_valid()
        return form, meeting.date, meeting
    form = LijstForm(request.GET or {"datum": today().isoformat()})
    return form, (form.cleaned_data["datum"] if form.is_valid() else None), None


@require_safe
def lta_lijst(request: HttpRequest) -> HttpResponse:
    """The "Lijst van toezeggingen en moties" for a meeting (or a meeting date), to add to the agenda."""
    form, on, meeting = _lijst_for(request)
    context = {
        "form": form,
        **(lijst_context(on, meeting, user=request.user) if on else {"datum": None, "items": []}),
    }
    return render(request, "lta/lijst.html", context)


@require_safe
def lta_lijst_pdf(request: HttpRequest) -> HttpResponse:
    form, on, meeting = _lijst_for(request)
    if on is None:
        messages.error(request, "Kies eerst een geldige datum van de vergadering.")
        return redirect(f"{reverse('lta:lijst')}?{request.GET.urlencode()}")
    response = HttpResponse(
        render_lijst_pdf(lijst_context(on, meeting, user=request.user)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{lijst_filename(on, meeting)}"'
    return response


class LtaPickForm(forms.Form):
    """Renders the memo form's lta_number input again, with the picked number filled in."""

    lta_number = forms.CharField(label="Itemnummer op de LTA", required=False)


@require_safe
def lta_pick(request: HttpRequest) -> HttpResponse:
    """The memo form's "Vermeld op LTA?" picker (htmx): search results, or the picker with a choice."""
    require_griffie(request)
    if "kies" in request.GET:
        item = find_lta_item_for_user(request, request.GET["kies"])
        form = LtaPickForm(initial={"lta_number": item.number if item else ""})
        response = render(request, "lta/_lta_picker.html", {"field": form["lta_number"], "item": item})
        # The memo's live preview and autosave listen for this (the input changed without typing).
        return trigger_client_event(response, "rows-changed")
    query = request.GET.get("lta_number", "").strip()
    results = list(LtaItem.objects.search(query).order_by("-year", "-sequence")[:10]) if query else None
    # Only the results list: this address exists for the picker's search-as-you-type.
    return render(request, "lta/_lta_picker.html#lta-results", {"results": results, "query": query})
