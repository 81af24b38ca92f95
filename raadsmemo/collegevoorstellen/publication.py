"""Taking a step of the collegevoorstel's workflow, and publishing: freezing it as a stored version.

As for a memo (memos/publication.py): a version is a JSON snapshot of every field (with the
portefeuillehouder's name copied in), the HTML of the body and the PDF, written once through
Django's storage API under `collegevoorstellen/<id>/versie-<n>/`, each with its SHA-256. The HTML
and the PDF are rendered from the snapshot, so the three always agree.
"""

import datetime as dt
import json

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from raadsmemo.collegevoorstellen.models import (
    Collegevoorstel,
    CollegevoorstelTransition,
    CollegevoorstelVersion,
    Status,
)
from raadsmemo.collegevoorstellen.rendering import render_collegevoorstel_pdf
from raadsmemo.collegevoorstellen.workflow import PUBLICEREN, TERUG_NAAR_CONCEPT, refusal
from raadsmemo.people.models import Bestuurder
from raadsmemo.search.indexing import Kind, search_index_update
from raadsmemo.workflow import Step, check_step

SNAPSHOT_SCHEMA = 1
# Not in a snapshot: the workflow, the bookkeeping, and the relations (the portefeuillehouder is
# copied in by name; who may read a geheim one is not part of what was published).
NOT_SNAPSHOTTED = {"id", "status", "current_version", "revision", "updated_at", "portefeuillehouder"}


def snapshot_fields() -> list[str]:
    return [f.name for f in Collegevoorstel._meta.concrete_fields if f.name not in NOT_SNAPSHOTTED]


def collegevoorstel_snapshot(cv: Collegevoorstel, *, number: int, published_at: dt.datetime) -> dict:
    data = {
        "schema": SNAPSHOT_SCHEMA,
        "collegevoorstel": cv.pk,
        "version": number,
        "published_at": published_at,
        "fields": {name: getattr(cv, name) for name in snapshot_fields()},
        "portefeuillehouder": cv.portefeuillehouder.name if cv.portefeuillehouder else "",
    }
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def collegevoorstel_from_snapshot(snapshot: dict) -> Collegevoorstel:
    """An unsaved collegevoorstel as it was published, to render (never to save)."""
    fields = {
        name: Collegevoorstel._meta.get_field(name).to_python(value)
        for name, value in snapshot["fields"].items()
    }
    cv = Collegevoorstel(pk=snapshot["collegevoorstel"], status=Status.GEPUBLICEERD, **fields)
    if snapshot["portefeuillehouder"]:
        cv.portefeuillehouder = Bestuurder(name=snapshot["portefeuillehouder"])
    return cv


def read_html(version: CollegevoorstelVersion) -> str:
    with default_storage.open(version.html_name, "rb") as f:
        return f.read().decode()


def freeze_version(
    cv: Collegevoorstel, *, by, reason: str, published_at: dt.datetime
) -> CollegevoorstelVersion:
    last = cv.versions.order_by("-number").values_list("number", flat=True).first()
    number = (last or 0) + 1
    snapshot = collegevoorstel_snapshot(cv, number=number, published_at=published_at)
    data = json.dumps(snapshot, ensure_ascii=False, indent=1, sort_keys=True).encode()
    frozen = collegevoorstel_from_snapshot(snapshot)
    version = CollegevoorstelVersion(
        collegevoorstel=cv,
        number=number,
        reason=reason,
        published_by=by,
        published_at=published_at,
        title=cv.onderwerp[:300],
        pdf_filename=cv.pdf_filename,
    )
    # Dutch dates ("30 maart 2021") also outside a request (load_demo, a management command).
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("collegevoorstellen/_body.html", {"cv": frozen, "concept": False}).encode()
        pdf = render_collegevoorstel_pdf(frozen, version=version)
    folder = f"collegevoorstellen/{cv.pk}/versie-{number}"
    version.store_files(folder, snapshot=data, html=html, html_name="collegevoorstel.html", pdf=pdf)
    version.save()
    return version


def last_reason_for_change(cv: Collegevoorstel) -> str:
    """The reason it last went back to concept: offered as the next version's reason."""
    transition = cv.transitions.filter(name=TERUG_NAAR_CONCEPT.name).order_by("-at", "-pk").first()
    return transition.reason if transition else ""


@transaction.atomic
def collegevoorstel_take_step(
    *, collegevoorstel: Collegevoorstel, step: Step, by, reason: str = "", based_on_revision: int | None
) -> Collegevoorstel:
    """Take one workflow step (the caller checked the role); publishing freezes a version.

    Refused (StepRefused) from a status the step does not start from, for publishing a geheim
    one, or without a required reason; refused (StepConflict) when it changed since the page
    was loaded.
    """
    current = (
        Collegevoorstel.objects.select_for_update(of=("self",))
        .select_related("portefeuillehouder")
        .get(pk=collegevoorstel.pk)
    )
    reason = check_step(
        step, current, why_not=refusal(step, current), reason=reason, based_on_revision=based_on_revision
    )
    now = timezone.now()
    changes = {"status": step.target, "revision": F("revision") + 1}
    if step is PUBLICEREN:
        changes["current_version"] = freeze_version(current, by=by, reason=reason, published_at=now)
    Collegevoorstel.objects.filter(pk=current.pk).update(**changes)
    CollegevoorstelTransition.objects.create(
        collegevoorstel=current,
        name=step.name,
        from_status=current.status,
        to_status=step.target,
        reason=reason,
        by=by,
        at=now,
    )
    search_index_update(Kind.COLLEGEVOORSTEL, [current.pk])
    collegevoorstel.refresh_from_db()
    return collegevoorstel
