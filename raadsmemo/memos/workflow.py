"""The memo's workflow in one place: which step leads from which status to which, and who may take it.

    concept ──aanbieden──▶ ter vaststelling ──vaststellen──▶ vastgesteld ──publiceren──▶ gepubliceerd
       ▲                         │                               │                           │
       └──────────── terug naar concept (with a reason) ─────────┴───────────────────────────┘

- The griffie writes the memo and offers it to the agendacommissie (aanbieden).
- The agendacommissie sets it (vaststellen); the griffie does not set its own memos.
- The griffie publishes; only a vastgesteld memo can be published. Publishing a meeting publishes
  its vastgestelde memos with it (meetings/services.py).
- Both send a memo back to concept, always with a reason: the agendacommissie when it does not
  agree, the griffie to change a memo (a published one too: readers keep the published version
  until the next one is published, and that reason is offered as the new version's reason).

Like OpenSlides' State.next_states: the table below is the only place that knows the steps;
views, templates and services ask it (`allowed_steps`, `step_allowed`).
"""

from raadsmemo.accounts.roles import AGENDACOMMISSIE, GRIFFIE
from raadsmemo.memos.models import Memo, Status
from raadsmemo.workflow import Step, role_may_take, step_allowed, workflow_roles

__all__ = ["STEPS", "Step", "allowed_steps", "refusal", "role_may_take", "step_allowed", "workflow_roles"]


AANBIEDEN = Step(
    "aanbieden",
    "Ter vaststelling aanbieden",
    (Status.CONCEPT,),
    Status.TER_VASTSTELLING,
    frozenset({GRIFFIE}),
    done="De memo is ter vaststelling aangeboden aan de agendacommissie.",
)
VASTSTELLEN = Step(
    "vaststellen",
    "Vaststellen",
    (Status.TER_VASTSTELLING,),
    Status.VASTGESTELD,
    frozenset({AGENDACOMMISSIE}),
    done="De memo is vastgesteld. De griffie kan hem nu publiceren.",
)
PUBLICEREN = Step(
    "publiceren",
    "Publiceren",
    (Status.VASTGESTELD,),
    Status.GEPUBLICEERD,
    frozenset({GRIFFIE}),
    done="De memo is gepubliceerd: raadsleden en inwoners lezen deze versie.",
)
TERUG_NAAR_CONCEPT = Step(
    "terug_naar_concept",
    "Terug naar concept",
    (Status.TER_VASTSTELLING, Status.VASTGESTELD, Status.GEPUBLICEERD),
    Status.CONCEPT,
    frozenset({GRIFFIE, AGENDACOMMISSIE}),
    needs_reason=True,
    done="De memo is weer een concept.",
)

STEPS = {step.name: step for step in (AANBIEDEN, VASTSTELLEN, PUBLICEREN, TERUG_NAAR_CONCEPT)}


def allowed_steps(memo: Memo, user) -> list[Step]:
    """The steps this user may take now, in workflow order: the buttons on the memo page."""
    return [step for step in STEPS.values() if step_allowed(step, memo, user)]


def refusal(step: Step, memo: Memo) -> str:
    """Why the step cannot be taken from the memo's status, in Dutch."""
    if step.target == Status.GEPUBLICEERD:
        return "Alleen een vastgestelde memo kan worden gepubliceerd."
    if step.target == Status.VASTGESTELD:
        return "Alleen een memo die ter vaststelling is aangeboden kan worden vastgesteld."
    if step.target == Status.TER_VASTSTELLING:
        return "Alleen een concept kan ter vaststelling worden aangeboden."
    return "Deze memo is al een concept."
