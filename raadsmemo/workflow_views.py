"""Taking a workflow step from a button (a memo, a collegevoorstel): the form every step posts, and
the one way a step's POST is answered."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from raadsmemo.forms import StyledFormMixin
from raadsmemo.versions import WorkflowStatus
from raadsmemo.workflow import Step, StepConflict, StepRefused, role_may_take

REASON_MAX = 2000


class StepForm(StyledFormMixin, forms.Form):
    """A workflow button: the revision of the document the page showed, and a reason where one is asked."""

    reason = forms.CharField(
        label="Reden",
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": f"Houd de reden korter dan {REASON_MAX} tekens."},
    )
    revision = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        error_messages={
            key: "Deze knop hoort bij een pagina die niet klopt. Laad de pagina opnieuw."
            for key in ("invalid", "min_value", "max_value")
        },
    )


def run_step(
    request: HttpRequest,
    document,
    step: Step,
    *,
    take: Callable[..., object],
    refused_page: Callable[[str, str, int], HttpResponse],
    changed: str,
) -> HttpResponse:
    """403 for a role that may not take the step; the document's page again with the message
    (400 for a broken form, 409 for a step that cannot be taken now or a document that changed,
    `changed` says so); else the step is taken (`take(reason=, based_on_revision=)`) and the
    document's page follows with the step's message."""
    if not role_may_take(step, request.user):
        raise PermissionDenied(f"U mag de stap ‘{step.label}’ niet zetten.")
    form = StepForm(request.POST)
    reason = request.POST.get("reason", "")
    if not form.is_valid():
        return refused_page(" ".join(e for errors in form.errors.values() for e in errors), reason, 400)
    try:
        take(reason=form.cleaned_data["reason"], based_on_revision=form.cleaned_data["revision"])
    except StepConflict:
        return refused_page(changed, reason, 409)
    except StepRefused as refused:
        return refused_page(str(refused), reason, 409)
    messages.success(request, step.done)
    return redirect(document)


def workflow_context(
    document, steps: list[Step], *, last_reason: Callable[[], str], errors: dict | None, typed: dict | None
) -> dict:
    """The steps the user may take now (`steps`, with a reason field where one is asked: for a
    new version, prefilled with `last_reason()`), the steps taken so far and the published versions."""
    errors, typed = errors or {}, typed or {}
    entries = []
    for step in steps:
        needs_reason = step.reason_required(document)
        reason = typed.get(step.name)
        if reason is None and needs_reason and step.target == WorkflowStatus.GEPUBLICEERD:
            reason = last_reason()
        entries.append(
            {
                "step": step,
                "needs_reason": needs_reason,
                "reason": reason or "",
                "error": errors.get(step.name, ""),
            }
        )
    return {
        "steps": entries,
        "transitions": list(document.transitions.select_related("by")),
        "versions": list(document.versions.select_related("published_by").order_by("-number")),
    }
