"""The collegevoorstel's workflow, in one table (the memo's machinery: raadsmemo/workflow.py).

    concept ──aanbieden──▶ ter vaststelling ──vaststellen──▶ vastgesteld ──publiceren──▶ gepubliceerd
       ▲                         │                               │                           │
       └──────────── terug naar concept (with a reason) ─────────┴───────────────────────────┘

The college, not the raad, decides on a collegevoorstel; raadsmemo keeps the record. The griffie
offers it to the college (aanbieden), records the college's decision (vaststellen) and publishes
it for the raad and the public (publiceren): a frozen version, as for a memo. A geheim
collegevoorstel is never published: it stays with the griffie and the people named on it.
"""

from raadsmemo.accounts.roles import GRIFFIE
from raadsmemo.collegevoorstellen.models import Collegevoorstel, Status
from raadsmemo.workflow import Step, step_allowed

AANBIEDEN = Step(
    "aanbieden",
    "Aan het college aanbieden",
    (Status.CONCEPT,),
    Status.TER_VASTSTELLING,
    frozenset({GRIFFIE}),
    done="Het collegevoorstel is aan het college aangeboden.",
)
VASTSTELLEN = Step(
    "vaststellen",
    "Vastgesteld door het college",
    (Status.TER_VASTSTELLING,),
    Status.VASTGESTELD,
    frozenset({GRIFFIE}),
    done="Het besluit van het college is vastgelegd. U kunt het voorstel nu publiceren.",
)
PUBLICEREN = Step(
    "publiceren",
    "Publiceren",
    (Status.VASTGESTELD,),
    Status.GEPUBLICEERD,
    frozenset({GRIFFIE}),
    done="Het collegevoorstel is gepubliceerd: raadsleden en inwoners lezen deze versie.",
)
TERUG_NAAR_CONCEPT = Step(
    "terug_naar_concept",
    "Terug naar concept",
    (Status.TER_VASTSTELLING, Status.VASTGESTELD, Status.GEPUBLICEERD),
    Status.CONCEPT,
    frozenset({GRIFFIE}),
    needs_reason=True,
    done="Het collegevoorstel is weer een concept.",
)

STEPS = {step.name: step for step in (AANBIEDEN, VASTSTELLEN, PUBLICEREN, TERUG_NAAR_CONCEPT)}


def allowed_steps(cv: Collegevoorstel, user) -> list[Step]:
    """The steps this user may take now, in workflow order. Publishing is not offered for a
    geheim one (the page says why)."""
    return [
        step
        for step in STEPS.values()
        if step_allowed(step, cv, user) and not (step is PUBLICEREN and cv.is_geheim)
    ]


def refusal(step: Step, cv: Collegevoorstel) -> str | None:
    """Why the step cannot be taken now, in Dutch (None: it can)."""
    if cv.status not in step.sources:
        if step is PUBLICEREN:
            return "Alleen een vastgesteld collegevoorstel kan worden gepubliceerd."
        if step is VASTSTELLEN:
            return "Alleen een collegevoorstel dat aan het college is aangeboden kan worden vastgesteld."
        if step is AANBIEDEN:
            return "Alleen een concept kan aan het college worden aangeboden."
        return "Dit collegevoorstel is al een concept."
    if step is PUBLICEREN and cv.is_geheim:
        return (
            "Een geheim collegevoorstel wordt niet gepubliceerd. Pas als de geheimhouding is "
            "opgeheven en het voorstel openbaar is, kan het worden gepubliceerd."
        )
    return None
