"""The parts of a document's workflow that do not depend on the document (a memo, a collegevoorstel):
a step, the roles a user acts in, and whether a user may take a step.

Each document has its own table of steps (memos/workflow.py, collegevoorstellen/workflow.py),
like OpenSlides' State.next_states: the table is the only place that knows the steps; views,
templates and services ask it.
"""

from dataclasses import dataclass

from raadsmemo.accounts.roles import AGENDACOMMISSIE, GRIFFIE, has_role, is_griffie
from raadsmemo.concurrency import ANY_REVISION
from raadsmemo.versions import WorkflowStatus


@dataclass(frozen=True)
class Step:
    name: str  # also the URL name: <app>:<name>
    label: str  # the button
    sources: tuple[str, ...]
    target: str
    roles: frozenset[str]
    needs_reason: bool = False
    done: str = ""  # the message after the step

    def reason_required(self, document) -> bool:
        """Back to concept always; publishing from the second version on (readers see why)."""
        return self.needs_reason or (
            self.target == WorkflowStatus.GEPUBLICEERD and document.current_version_id is not None
        )


def workflow_roles(user) -> set[str]:
    """The roles the user acts in. A superuser acts as both griffie and agendacommissie."""
    if not user.is_authenticated:
        return set()
    roles = set()
    if is_griffie(user):
        roles.add(GRIFFIE)
    if user.is_superuser or has_role(user, AGENDACOMMISSIE):
        roles.add(AGENDACOMMISSIE)
    return roles


def step_allowed(step: Step, document, user) -> bool:
    return document.status in step.sources and bool(step.roles & workflow_roles(user))


def role_may_take(step: Step, user) -> bool:
    """Whether the user's role may take this step at all (from some status): else 403."""
    return bool(step.roles & workflow_roles(user))


class StepRefused(Exception):
    """The step cannot be taken now (wrong status, no reason); the message says why, in Dutch."""


class StepConflict(Exception):
    """The document changed since the page with the button was loaded; nothing was done."""


def check_step(
    step: Step, current, *, why_not: str | None, reason: str, based_on_revision: int | None
) -> str:
    """Refuse the step for the document as it is stored now (locked by the caller), or return the
    reason, stripped. `why_not`: the document's own refusal (its status, its confidentiality)."""
    if why_not:
        raise StepRefused(why_not)
    reason = (reason or "").strip()
    if step.reason_required(current) and not reason:
        if step.target == WorkflowStatus.GEPUBLICEERD:
            raise StepRefused("Geef aan wat er is gewijzigd: lezers zien die reden bij de nieuwe versie.")
        raise StepRefused("Geef een reden op.")
    if based_on_revision != ANY_REVISION and based_on_revision != current.revision:
        raise StepConflict(current)
    return reason
