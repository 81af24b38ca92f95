"""Background tasks of the requests (Django's tasks framework; the worker is `manage.py db_worker`):
the e-mails to the requester, and the removal of personal data after the retention period."""

from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

SUBJECTS = {
    ("agendaverzoek", "ontvangen"): "Wij hebben uw agendaverzoek ontvangen",
    ("agendaverzoek", "toegekend"): "Uw agendaverzoek is toegekend",
    ("agendaverzoek", "afgewezen"): "Uw agendaverzoek is afgewezen",
    ("inspreekverzoek", "ontvangen"): "Wij hebben uw verzoek om in te spreken ontvangen",
    ("inspreekverzoek", "bevestigd"): "U kunt inspreken",
    ("inspreekverzoek", "afgewezen"): "Uw verzoek om in te spreken is afgewezen",
}


@task
def send_requester_email(kind: str, pk: int, step: str) -> bool:
    """E-mail the requester about one step (received, decided); False when there is no one to tell.

    The arguments are JSON (the task may run in the worker): the kind of request, its id and the step.
    """
    from raadsmemo.verzoeken.models import Agendaverzoek, Inspreekverzoek

    model = {"agendaverzoek": Agendaverzoek, "inspreekverzoek": Inspreekverzoek}[kind]
    verzoek = model.objects.filter(pk=pk).first()
    if verzoek is None or not verzoek.email or verzoek.anonymised_at:
        return False
    body = render_to_string(f"verzoeken/email/{kind}_{step}.txt", {"verzoek": verzoek})
    EmailMessage(SUBJECTS[kind, step], body, to=[verzoek.email]).send()
    return True


@task
def remove_expired_personal_data() -> dict:
    """Remove the personal data of requests past VERZOEKEN_BEWAARTERMIJN_DAGEN (services.py)."""
    from raadsmemo.verzoeken.services import remove_expired_personal_data as remove

    return remove(now=timezone.now())
