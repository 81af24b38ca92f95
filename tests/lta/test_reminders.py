"""The daily reminder: items due within 14 days and overdue ones, e-mailed to the griffie."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from raadsmemo.lta.models import Status
from raadsmemo.lta.tasks import send_lta_reminders
from tests.conftest import make_item, make_user

ON = dt.date(2022, 3, 1)


@pytest.fixture
def due_items(diks):
    make_item("2022-1", deadline=ON - dt.timedelta(days=1), title="Te laat", portefeuillehouder=diks)
    make_item("2022-2", deadline=ON + dt.timedelta(days=14), title="Net op tijd")
    make_item("2022-3", deadline=ON + dt.timedelta(days=15), title="Later")
    make_item("2022-4", deadline=ON - dt.timedelta(days=30), title="Aangehouden", status=Status.AANGEHOUDEN)


@pytest.mark.django_db
def test_reminder_mails_the_griffie_the_due_and_overdue_items(gerda, rik, due_items):
    make_user("gerrit", "griffie")
    result = send_lta_reminders.enqueue(ON.isoformat())
    assert result.return_value == {"day": "2022-03-01", "overdue": 1, "due": 1, "sent_to": 2}
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["gerda@example.org", "gerrit@example.org"]  # not rik, the raadslid
    assert message.subject == "LTA: 1 overschreden, 1 binnen 14 dagen (01-03-2022)"
    assert "- 2022-1 Te laat (deadline 28-02-2022, wethouder Isabelle Diks)" in message.body
    assert "- 2022-2 Net op tijd (deadline 15-03-2022)" in message.body
    assert "Later" not in message.body and "Aangehouden" not in message.body


@pytest.mark.django_db
def test_no_mail_when_nothing_is_due(gerda):
    make_item("2022-9", deadline=ON + dt.timedelta(days=60))
    assert send_lta_reminders.enqueue(ON.isoformat()).return_value["sent_to"] == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_command_enqueues_the_task(gerda, due_items, capsys):
    call_command("send_lta_reminders", datum=ON.isoformat())
    assert "LTA-herinnering in de wachtrij gezet" in capsys.readouterr().out
    assert len(mail.outbox) == 1  # the immediate backend under pytest runs it at once
    with pytest.raises(CommandError, match="geen datum"):
        call_command("send_lta_reminders", datum="31-02-2022")
