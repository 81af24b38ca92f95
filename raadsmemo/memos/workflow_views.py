"""The memo's workflow steps (one URL each), its published versions and the compare page."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST, require_safe

from raadsmemo.accounts.access import require_concept_reader
from raadsmemo.accounts.roles import can_read_concepts
from raadsmemo.forms import StyledFormMixin
from raadsmemo.memos.access import get_memo_for_user, get_version_for_user
from raadsmemo.memos.compare import compare_snapshots
from raadsmemo.memos.models import Memo
from raadsmemo.memos.publication import (
    last_reason_for_change,
    memo_take_step,
    read_html,
    read_snapshot,
)
from raadsmemo.memos.rendering import memo_context_from_memo
from raadsmemo.memos.workflow import STEPS, Step, allowed_steps
from raadsmemo.publishing.serving import stored_file_response
from raadsmemo.workflow_views import run_step
from raadsmemo.workflow_views import workflow_context as shared_workflow_context


def workflow_context(memo: Memo, user, *, errors: dict | None = None, typed: dict | None = None) -> dict:
    """The memo's steps, versions and transitions for its side panel (raadsmemo/workflow_views.py)."""
    return shared_workflow_context(
        memo,
        allowed_steps(memo, user),
        last_reason=lambda: last_reason_for_change(memo),
        errors=errors,
        typed=typed,
    )


def take_step(request: HttpRequest, pk: int, *, step_name: str) -> HttpResponse:
    """One workflow step (the URL names the step): raadsmemo/workflow_views.py answers it."""
    step: Step = STEPS[step_name]
    memo = get_memo_for_user(request, pk)
    return run_step(
        request,
        memo,
        step,
        take=lambda **typed: memo_take_step(memo=memo, step=step, by=request.user, **typed),
        refused_page=lambda error, reason, status: _memo_page(
            request, memo, step, error, reason, status=status
        ),
        changed="De memo is intussen gewijzigd. Bekijk de memo zoals hij nu is en kies opnieuw.",
    )


def _memo_page(request, memo: Memo, step: Step, error: str, reason: str, *, status: int) -> HttpResponse:
    memo = get_memo_for_user(request, memo.pk, with_rows=True)
    messages.error(request, error)
    context = {
        **memo_context_from_memo(memo),
        "agenda_item": memo.agenda_item_or_none,
        **workflow_context(memo, request.user, errors={step.name: error}, typed={step.name: reason}),
    }
    return render(request, "memos/memo_detail.html", context, status=status)


aanbieden = require_POST(lambda request, pk: take_step(request, pk, step_name="aanbieden"))
vaststellen = require_POST(lambda request, pk: take_step(request, pk, step_name="vaststellen"))
publiceren = require_POST(lambda request, pk: take_step(request, pk, step_name="publiceren"))
terug_naar_concept = require_POST(lambda request, pk: take_step(request, pk, step_name="terug_naar_concept"))


# -- Published versions -------------------------------------------------------------------------


@require_safe
def memo_version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """A published version as readers see it: the stored HTML, and which version it is."""
    version = get_version_for_user(request, pk, number)
    others = list(version.memo.versions.order_by("-number").values_list("number", "published_at"))
    context = {
        "version": version,
        "memo_html": read_html(version),
        "others": others,
        "is_current": version.pk == version.memo.current_version_id,
        "reads_concepts": can_read_concepts(request.user),
    }
    return render(request, "memos/memo_version.html", context)


@require_safe
def memo_version_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The stored PDF of a version: the same bytes on every download; its address never changes
    content, so a public one is cached for good."""
    version = get_version_for_user(request, pk, number, download=True)
    return stored_file_response(
        request,
        version.pdf_name,
        checksum=version.pdf_sha256,
        filename=version.pdf_filename,
        content_type="application/pdf",
        # Cached for anyone only when anyone may read it (never a vertrouwelijk or geheim memo).
        public=version.memo.is_publicly_readable,
    )


class CompareForm(StyledFormMixin, forms.Form):
    van = forms.TypedChoiceField(label="Versie", coerce=int)
    naar = forms.TypedChoiceField(label="vergelijken met versie", coerce=int)

    def __init__(self, *args, numbers: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(n, f"versie {n}") for n in numbers]
        self.fields["van"].choices = choices
        self.fields["naar"].choices = choices


@require_safe
def memo_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Two versions side by side, field by field, changes marked. Default: the last two."""
    version = None
    if not can_read_concepts(request.user):
        memo = Memo.objects.readable_by(request.user).filter(pk=pk).first()
        if memo is None:
            require_concept_reader(request)  # login or 403, as for the concept
    else:
        memo = get_memo_for_user(request, pk)
    versions = {v.number: v for v in memo.versions.order_by("number")}
    numbers = sorted(versions)
    initial = {"van": numbers[-2] if len(numbers) > 1 else None, "naar": numbers[-1] if numbers else None}
    form = CompareForm(request.GET or initial, numbers=numbers)
    changes, old, new, status = [], None, None, 200
    if len(numbers) < 2:
        status = 200
    elif form.is_valid():
        old, new = versions[form.cleaned_data["van"]], versions[form.cleaned_data["naar"]]
        changes = compare_snapshots(read_snapshot(old), read_snapshot(new))
    else:
        status = 400
    context = {"memo": memo, "form": form, "changes": changes, "old": old, "new": new, "version": version}
    return render(request, "memos/memo_compare.html", context, status=status)
