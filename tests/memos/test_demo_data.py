"""The demo data: the seed memos complete, and loading twice changes nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from raadsmemo.memos.models import Memo, MemoContact, MemoLink, ProgrammeSlot
from raadsmemo.people.models import Contact


def counts():
    return (
        Memo.objects.count(),
        MemoContact.objects.count(),
        ProgrammeSlot.objects.count(),
        MemoLink.objects.count(),
        Contact.objects.count(),
        get_user_model().objects.count(),
    )


@pytest.mark.django_db
def test_load_demo_is_idempotent_and_prints_the_login(capsys):
    call_command("load_demo")
    first = counts()
    out = capsys.readouterr().out
    assert "gebruikersnaam griffie" in out and "wachtwoord raadsmemo-demo" in out
    call_command("load_demo")
    assert counts() == first
    stapeling = Memo.objects.get(title="Voortgang stapelings- en doorbraakproject")
    assert stapeling.programme_slots.count() == 5
    assert [mc.contact.name for mc in stapeling.memo_contacts.all()] == ["Annet Visser", "Hessel Luxen"]
    kik = Memo.objects.get(title="Kansen in kaart (KIK) – een nieuwe fase")
    assert kik.lta_number == "2019-300"
    assert [lk.label for lk in kik.stuk_links()] == [
        "Kansen in kaart (KIK) een nieuwe fase",
        "Bijlage - rapport Kansen in kaart",
    ]
    assert get_user_model().objects.get(username="griffie").check_password("raadsmemo-demo")
