"""Views of the memo editor, list, read page and PDF."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import replace_url, trigger_client_event

from raadsmemo.accounts.access import require_concept_reader, require_griffie
from raadsmemo.accounts.audit import audit
from raadsmemo.converters import parse_id
from raadsmemo.history import history_for
from raadsmemo.htmx import render_partial_response
from raadsmemo.memos.access import get_memo_for_user, get_reader_version
from raadsmemo.memos.editor import SECTIONS, MemoEditor
from raadsmemo.memos.forms import MemoFilterForm, NewContactForm
from raadsmemo.memos.models import STANDARD_TREATMENT_TEXT, Betreft, Memo, MemoDraft, Purpose
from raadsmemo.memos.rendering import (
    memo_context_from_editor,
    memo_context_from_memo,
    render_memo_pdf,
)
from raadsmemo.memos.rows import RowAction, apply_row_action
from raadsmemo.memos.services import (
    NOT_EDITABLE,
    ConcurrentEditError,
    MemoNotEditable,
    memo_draft_store,
    memo_update,
)
from raadsmemo.memos.services import memo_create as memo_create_service
from raadsmemo.memos.services import memo_delete as memo_delete_service
from raadsmemo.memos.services import memo_draft_discard as memo_draft_discard_service
from raadsmemo.memos.workflow_views import workflow_context
from raadsmemo.people.models import Contact
from raadsmemo.people.services import contact_create
from raadsmemo.verzoeken.models import agendaverzoeken_from, answered_agendaverzoeken

FORM_TEMPLATE = "memos/memo_form.html"
PAGE_SIZE = 20


@require_safe
def memo_list(request: HttpRequest) -> HttpResponse:
    """The griffie's list of memos: newest first, filtered, searchable, paginated."""
    require_concept_reader(request)
    filters = MemoFilterForm(request.GET or None)
    memos = (
        Memo.objects.readable_by(request.user).matching(**filters.criteria).order_by("-datum", "-created_at")
    )
    page = Paginator(memos, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filters": filters, "page": page, "purposes": Purpose}
    return render_partial_response(
        request, "memos/memo_list.html", context, target="memo-results", partial="results"
    )


@require_safe
def memo_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The memo as it is now, for the griffie and the agendacommissie, with its workflow steps and
    versions. A reader (raadslid, resident) is sent to the published version."""
    version = get_reader_version(request, pk)
    if version is not None:
        return redirect(version)
    memo = get_memo_for_user(request, pk, with_rows=True, answered_verzoeken=answered_agendaverzoeken())
    context = {
        **memo_context_from_memo(memo),
        "agenda_item": memo.agenda_item_or_none,
        "history": history_for(request.user, memo),
        # The residents' requests this memo answers (names and addresses stay in the request).
        "agendaverzoeken": agendaverzoeken_from(memo.answered_verzoeken)
        if Betreft.AGENDAVERZOEK in memo.betreft
        else [],
        **workflow_context(memo, request.user),
    }
    return render(request, "memos/memo_detail.html", context)


@require_safe
def memo_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The memo as it is now, rendered (marked as a concept); a reader gets the published version."""
    version = get_reader_version(request, pk)
    if version is not None:
        return redirect(version.get_pdf_url())
    memo = get_memo_for_user(request, pk, with_rows=True)
    audit("export", request=request, kind="memo_pdf", memo=memo.pk, public=False)
    response = HttpResponse(render_memo_pdf(memo_context_from_memo(memo)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{memo.pdf_filename}"'
    return response


@require_POST
def memo_preview(request: HttpRequest) -> HttpResponse:
    """The rendered memo for the form as typed so far; invalid fields are simply left out."""
    require_griffie(request)
    editor = MemoEditor.bound(request.POST, None)
    editor.is_valid()
    return render(request, "memos/_memo_body.html", memo_context_from_editor(editor))


def _memo_of_editor(request: HttpRequest, pk: int | None) -> Memo | None:
    """The memo an editor works on: from the URL, or the new one autosave stored already.

    A new memo's page keeps its address after the first autosave; the form then carries the
    stored memo's pk (memo_pk), and every later post continues with that memo.
    """
    if pk is None and request.method == "POST":
        pk = parse_id(request.POST.get("memo_pk", ""))
    if pk is None:
        return None
    return get_memo_for_user(request, pk, write=True, with_rows=True)


@require_http_methods(["GET", "POST"])
def memo_create(request: HttpRequest) -> HttpResponse:
    """A new memo: the editor (GET), or saving it (POST)."""
    require_griffie(request)
    memo = _memo_of_editor(request, None)
    if request.method == "GET":
        return _open_editor(request, None, purpose=request.GET.get("doel", ""))
    return _save(request, memo)


@require_http_methods(["GET", "POST"])
def memo_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor of a stored memo (GET), or saving it (POST)."""
    memo = get_memo_for_user(request, pk, write=True, with_rows=True)
    if request.method == "GET":
        if not memo.is_editable:
            messages.error(request, NOT_EDITABLE.format(status=memo.get_status_display().lower()))
            return redirect(memo)
        return _open_editor(request, memo)
    return _save(request, memo)


def _open_editor(request: HttpRequest, memo: Memo | None, *, purpose: str = "") -> HttpResponse:
    """The editor as it opens; with ?concept=terugzetten, filled with the user's unsaved draft."""
    draft = MemoDraft.objects.find(request.user, memo)
    if draft and request.GET.get("concept") == "terugzetten":
        return _render_editor(request, MemoEditor.unvalidated(draft.as_querydict(), memo), restored=draft)
    return _render_editor(request, MemoEditor.for_memo(memo, purpose=purpose), draft=draft)


@require_POST
def memo_draft_discard(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Throw away the unsaved draft the editor offered back."""
    require_griffie(request)
    memo = get_memo_for_user(request, pk, write=True) if pk else None
    memo_draft_discard_service(memo=memo, by=request.user)
    messages.success(request, "Het niet-opgeslagen concept is weggegooid.")
    return redirect(reverse("memos:edit", args=[memo.pk]) if memo else reverse("memos:create"))


@require_http_methods(["GET", "POST"])
def memo_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a concept that nobody wants, after a confirmation page."""
    memo = get_memo_for_user(request, pk, write=True)
    if not memo.is_deletable:
        messages.error(
            request, "Alleen een concept dat nooit is gepubliceerd kan worden verwijderd; deze memo niet."
        )
        return redirect(memo)
    if request.method == "POST":
        memo_delete_service(memo=memo)
        messages.success(request, f"De conceptmemo ‘{memo.title}’ is verwijderd.")
        return redirect("memos:list")
    return render(request, "memos/memo_delete.html", {"memo": memo, "agenda_item": memo.agenda_item_or_none})


@require_POST
def memo_rows(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Change the form without saving: add, move or remove a row, search or pick a contact.

    These are form state, not writes, so they share one URL and say what to do in `action`.
    """
    require_griffie(request)
    memo = _memo_of_editor(request, pk)
    action = request.POST.get("action", "")
    row_action = RowAction.parse(action, set(SECTIONS))
    if row_action:
        data, focus = apply_row_action(request.POST, row_action, SECTIONS[row_action.prefix].fields)
        return _render_rows(request, data, memo, row_action.prefix, focus)
    if action == "search-contacts":
        return _render_editor(request, MemoEditor.unvalidated(request.POST, memo), partial="contact-results")
    if action.startswith("pick-contact:"):
        contact_id = action.split(":", 1)[1]
        if not Contact.objects.filter(pk=parse_id(contact_id) or 0).exists():
            return _render_rows(request, request.POST, memo, "contacts", None)
        data, focus = apply_row_action(
            request.POST, RowAction("add", "contacts"), ["contact"], new_row={"contact": contact_id}
        )
        return _render_rows(request, data, memo, "contacts", focus)
    # An action we do not know (a stale page, a tampered form): show the form as typed, save nothing.
    return _render_editor(request, MemoEditor.unvalidated(request.POST, memo), status=400)


def _store(editor: MemoEditor, memo: Memo | None, *, by) -> Memo:
    """Create or update the memo from a valid editor; raises ConcurrentEditError."""
    if memo is None:
        return memo_create_service(memo=editor.form.instance, rows=editor.rows(), by=by)
    return memo_update(
        memo=editor.form.instance,
        fields=list(editor.form.Meta.fields),
        rows=editor.rows(),
        by=by,
        based_on_revision=editor.form.cleaned_data.get("revision"),
    )


def _save(request: HttpRequest, memo: Memo | None) -> HttpResponse:
    """Save the memo; refused (invalid, or a conflict), what was typed is kept as a draft too."""
    editor = MemoEditor.bound(request.POST, memo)
    if not editor.is_valid():
        draft = memo_draft_store(memo=memo, by=request.user, data=request.POST)
        return _render_editor(request, editor, kept=draft)
    try:
        memo = _store(editor, memo, by=request.user)
    except ConcurrentEditError as conflict:
        draft = memo_draft_store(memo=memo, by=request.user, data=request.POST)
        return _render_editor(request, editor, conflict=conflict.memo, kept=draft, status=409)
    except MemoNotEditable as refused:
        draft = memo_draft_store(memo=memo, by=request.user, data=request.POST)
        messages.error(request, str(refused))
        return _render_editor(request, editor, kept=draft, status=409)
    messages.success(request, "De memo is opgeslagen.")
    return redirect(memo)


@require_POST
def memo_autosave(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Save while the user types (htmx, debounced); answer with a status line.

    Valid input is saved in the memo; the new revision goes back to the form, so the next save
    is no conflict. Input that does not validate yet (the user is still typing), or that
    conflicts with someone else's save, is kept as the user's draft, apart from the memo: the
    editor offers it back later. Errors are not shown yet; the status line says how many.
    """
    require_griffie(request)
    memo = _memo_of_editor(request, pk)
    editor = MemoEditor.bound(request.POST, memo)
    context = {"memo": memo, "autosave": "invalid", "error_count": 0}
    if not editor.is_valid():
        context.update(
            error_count=editor.error_count,
            draft=memo_draft_store(memo=memo, by=request.user, data=request.POST),
        )
    else:
        try:
            memo = _store(editor, memo, by=request.user)
            context.update(memo=memo, autosave="saved")
        except ConcurrentEditError as conflict:
            draft = memo_draft_store(memo=memo, by=request.user, data=request.POST)
            context.update(autosave="conflict", conflict=conflict.memo, draft=draft)
        except MemoNotEditable:
            draft = memo_draft_store(memo=memo, by=request.user, data=request.POST)
            context.update(autosave="locked", draft=draft)
    # Only the status line, with or without htmx: there is no page to fall back to.
    response = render(request, f"{FORM_TEMPLATE}#autosave-status", context)
    if context["autosave"] == "saved" and request.htmx:
        # The address bar now points at the stored draft: a reload finds it.
        response = replace_url(response, reverse("memos:edit", args=[memo.pk]))
    return response


@require_POST
def memo_contact_create(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """ "Aanmaken en toevoegen": a new contact, added as the memo's next contact row."""
    require_griffie(request)
    memo = _memo_of_editor(request, pk)
    contact_form = NewContactForm(request.POST, prefix="newcontact")
    if not contact_form.is_valid():
        editor = MemoEditor.unvalidated(request.POST, memo)
        return _render_editor(request, editor, partial="contact-section", contact_form=contact_form)
    contact = contact_create(contact=contact_form.save(commit=False))
    data, focus = apply_row_action(
        request.POST,
        RowAction("add", "contacts"),
        ["contact"],
        new_row={"contact": str(contact.pk)},
    )
    for name in contact_form.fields:  # the on-the-spot form starts empty again
        data.pop(f"newcontact-{name}", None)
    return _render_rows(request, data, memo, "contacts", focus, also_picker=True)


def _render_rows(request, data, memo, prefix, focus, *, also_picker=False) -> HttpResponse:
    editor = MemoEditor.unvalidated(data, memo)
    if focus is not None:
        editor.set_focus(prefix, focus)
    partial = f"rows-{prefix}"
    # A pick from the "already in the list" warning replaces the whole section, warning included.
    if also_picker or (request.htmx and request.htmx.target == "contact-section"):
        partial = "contact-section"
    response = _render_editor(request, editor, partial=partial)
    # Tells the live preview and autosave to refresh: rows changed without an input event.
    return trigger_client_event(response, "rows-changed")


def _render_editor(
    request,
    editor: MemoEditor,
    *,
    partial: str = "",
    conflict=None,
    contact_form=None,
    status=200,
    **drafts,
) -> HttpResponse:
    """The editor page or one of its partials. drafts: draft (offered back), restored or kept."""
    memo = editor.memo
    context = {
        **drafts,
        "editor": editor,
        "form": editor.form,
        "sections": editor.sections(),
        "memo": memo,
        "urls": _editor_urls(memo),
        "conflict": conflict,
        "contact_form": contact_form or NewContactForm(prefix="newcontact"),
        "contact_query": request.POST.get("contact_query", "") if request.method == "POST" else "",
        "contact_results": _contact_results(request),
        "preview": memo_context_from_editor(editor),
        "purposes": Purpose,
        "standard_texts": {str(k): v for k, v in STANDARD_TREATMENT_TEXT.items()},
    }
    return render_partial_response(request, FORM_TEMPLATE, context, partial=partial, status=status)


def _editor_urls(memo: Memo | None) -> dict[str, str]:
    """Where the editor's form posts each of its actions (a new memo: the nieuw/ addresses)."""
    args = [memo.pk] if memo else []
    suffix = "" if memo else "_new"
    return {
        "save": reverse("memos:edit", args=args) if memo else reverse("memos:create"),
        "autosave": reverse(f"memos:autosave{suffix}", args=args),
        "rows": reverse(f"memos:rows{suffix}", args=args),
        "contact_create": reverse(f"memos:contact_create{suffix}", args=args),
        "draft_discard": reverse(f"memos:draft_discard{suffix}", args=args),
    }


def _contact_results(request):
    if request.method != "POST" or request.POST.get("action") != "search-contacts":
        return None
    return list(Contact.objects.search(request.POST.get("contact_query", ""))[:10])
