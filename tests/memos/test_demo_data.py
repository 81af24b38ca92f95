"""The demo data: the seed memos complete, and loading twice changes nothing."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from raadsmemo.accounts.roles import AGENDACOMMISSIE, ensure_role_groups
from raadsmemo.lta.models import LtaItem
from raadsmemo.meetings.models import Meeting
from raadsmemo.memos.demo import DEMO_WORKFLOW
from raadsmemo.memos.models import Memo, MemoContact, MemoLink, MemoVersion, ProgrammeSlot
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
def test_load_demo_is_idempotent_and_prints_the_login(capsys, settings):
    settings.DEBUG = True  # load_demo is for development only
    call_command("load_demo")
    first = counts()
    out = capsys.readouterr().out
    assert "gebruikersnaam griffie" in out and "wachtwoord raadsmemo-demo" in out
    versions = list(MemoVersion.objects.values_list("memo__title", "number"))
    call_command("load_demo")
    assert counts() == first
    assert list(MemoVersion.objects.values_list("memo__title", "number")) == versions
    # The demo shows the workflow: published seed memos, one vastgesteld, one concept.
    assert dict(Memo.objects.filter(title__in=DEMO_WORKFLOW).values_list("title", "status")) == DEMO_WORKFLOW
    assert sorted(versions) == [
        ("Kansen in kaart (KIK) – een nieuwe fase", 1),
        ("Voortgang stapelings- en doorbraakproject", 1),
    ]
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


@pytest.mark.django_db
def test_load_demo_refuses_with_debug_off_and_changes_nothing(settings):
    settings.DEBUG = False
    before = counts()
    with pytest.raises(CommandError, match="DEBUG staat uit: er is niets veranderd"):
        call_command("load_demo")
    assert counts() == before == (0, 0, 0, 0, 0, 0)


def test_manage_py_load_demo_exits_non_zero_with_debug_off(tmp_path):
    """Through manage.py, as an operator would run it by mistake on the production server."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "x" * 50,
        "DATABASE_URL": f"sqlite:///{tmp_path}/prod.sqlite3",
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "load_demo"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "DEBUG staat uit" in result.stderr
    assert not (tmp_path / "prod.sqlite3").exists() or (tmp_path / "prod.sqlite3").stat().st_size == 0


@pytest.mark.django_db
def test_load_demo_never_changes_an_existing_users_password_or_roles(settings):
    settings.DEBUG = True
    real = get_user_model().objects.create_user("griffie", "griffie@gemeente.nl", "het-echte-wachtwoord")
    real.groups.add(ensure_role_groups()[AGENDACOMMISSIE])
    call_command("load_demo")
    real.refresh_from_db()
    assert real.check_password("het-echte-wachtwoord")
    assert not real.check_password("raadsmemo-demo")
    assert list(real.groups.values_list("name", flat=True)) == [AGENDACOMMISSIE]
    assert real.email == "griffie@gemeente.nl"


@pytest.mark.django_db
def test_the_demos_history_names_its_griffie(settings):
    """The Geschiedenis of the demo's memos, meetings and LTA items says who: the demo's griffie."""
    settings.DEBUG = True
    call_command("load_demo")
    griffie = get_user_model().objects.get(username="griffie")
    for model in (Memo, Meeting, LtaItem):
        users = set(model.history.values_list("history_user", flat=True))
        assert users == {griffie.pk}, model
