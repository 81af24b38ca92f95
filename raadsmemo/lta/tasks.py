"""Background tasks of the LTA (Django's tasks framework; the worker is `manage.py db_worker`)."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string

from raadsmemo.accounts.roles import GRIFFIE
from raadsmemo.lta.models import LtaItem, today

REMINDER_DAYS = 14


def griffie_addresses() -> list[str]:
    users = get_user_model().objects.filter(is_active=True, groups__name=GRIFFIE).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


@task
def send_lta_reminders(on: str | None = None) -> dict:
    """E-mail the griffie the open items due within 14 days and those overdue; nothing when none.

    `on` (an ISO date) is the day to remind for; the task's arguments must be JSON.
    """
    day = dt.date.fromisoformat(on) if on else today()
    items = LtaItem.objects.select_related("portefeuillehouder").order_by("deadline", "year", "sequence")
    overdue = list(items.overdue(day))
    due = list(items.due_within(REMINDER_DAYS, day))
    recipients = griffie_addresses()
    result = {"day": day.isoformat(), "overdue": len(overdue), "due": len(due), "sent_to": 0}
    if not (overdue or due) or not recipients:
        return result
    context = {"day": day, "overdue": overdue, "due": due, "days": REMINDER_DAYS}
    subject = f"LTA: {len(overdue)} overschreden, {len(due)} binnen {REMINDER_DAYS} dagen ({day:%d-%m-%Y})"
    body = render_to_string("lta/reminder_email.txt", context)
    EmailMessage(subject, body, to=recipients).send()
    result["sent_to"] = len(recipients)
    return result
