"""A published version and a stand-van-zaken update cannot be changed or deleted through any
path: the model refuses, and where the model is bypassed the database triggers refuse
(raadsmemo/append_only.py). Runs on SQLite and, with DATABASE_URL, on PostgreSQL."""

import pytest
from django.db import IntegrityError, connection, transaction

from raadsmemo.lta.models import AppendOnlyError, StatusUpdate
from raadsmemo.memos.models import MemoVersion
from raadsmemo.versions import FrozenVersionError
from tests.conftest import publish_memo


@pytest.fixture
def version(stapeling_memo, gerda):
    return publish_memo(stapeling_memo, by=gerda).current_version


def refused_by_the_database(write):
    """The write fails in the database; the surrounding test transaction stays usable."""
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        write()


def stored(version):
    return MemoVersion.objects.filter(pk=version.pk).values_list("reason", "pdf_sha256", "number").get()


@pytest.mark.django_db
def test_the_model_refuses_to_change_or_delete_a_version(version):
    before = stored(version)
    version.reason = "Achteraf anders"
    with pytest.raises(FrozenVersionError):
        version.save()
    with pytest.raises(FrozenVersionError):
        version.delete()
    with pytest.raises(FrozenVersionError):
        MemoVersion.objects.filter(pk=version.pk).update(reason="Toch anders")
    with pytest.raises(FrozenVersionError):
        MemoVersion.objects.filter(pk=version.pk).delete()
    assert stored(version) == before


@pytest.mark.django_db
def test_the_database_refuses_every_path_around_the_model(version):
    before = stored(version)
    base = MemoVersion._base_manager.filter(pk=version.pk)
    refused_by_the_database(lambda: base.update(reason="Via de base manager"))
    refused_by_the_database(lambda: base._raw_delete(base.db))
    twin = MemoVersion(**{f.attname: getattr(version, f.attname) for f in MemoVersion._meta.concrete_fields})
    twin.pk, twin.reason = None, "Via een upsert"
    refused_by_the_database(
        lambda: MemoVersion.objects.bulk_create(
            [twin], update_conflicts=True, unique_fields=["memo", "number"], update_fields=["reason"]
        )
    )
    table = MemoVersion._meta.db_table

    def raw(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql, [version.pk])

    refused_by_the_database(lambda: raw(f"UPDATE {table} SET reason = 'Met de hand' WHERE id = %s"))
    refused_by_the_database(lambda: raw(f"DELETE FROM {table} WHERE id = %s"))
    assert stored(version) == before


@pytest.mark.django_db
def test_a_version_only_goes_together_with_its_memo(version):
    """The one way out, for flush and restore: the parent row goes first, in the same transaction."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE memos_memo SET current_version_id = NULL WHERE id = %s", [version.memo_id])
        for table in ("memos_memotransition", "memos_memocontact", "memos_programmeslot", "memos_memolink"):
            cursor.execute(f"DELETE FROM {table} WHERE memo_id = %s", [version.memo_id])
        cursor.execute("DELETE FROM memos_memo WHERE id = %s", [version.memo_id])
        cursor.execute("DELETE FROM memos_memoversion WHERE memo_id = %s", [version.memo_id])
    assert not MemoVersion.objects.exists()


@pytest.mark.django_db
def test_a_stand_van_zaken_update_cannot_be_changed_or_deleted_either(m31):
    update = m31.updates.first()
    before = StatusUpdate.objects.filter(pk=update.pk).values_list("text", "date").get()
    with pytest.raises(AppendOnlyError):
        StatusUpdate.objects.filter(pk=update.pk).update(text="Anders")
    base = StatusUpdate._base_manager.filter(pk=update.pk)
    refused_by_the_database(lambda: base.update(text="Via de base manager"))
    refused_by_the_database(lambda: base._raw_delete(base.db))
    twin = StatusUpdate(item=m31, date=update.date, text="Via een upsert", author=update.author)
    twin.pk = update.pk
    refused_by_the_database(
        lambda: StatusUpdate.objects.bulk_create(
            [twin], update_conflicts=True, unique_fields=["id"], update_fields=["text"]
        )
    )
    with (
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM lta_statusupdate WHERE item_id = %s", [m31.pk])
    assert StatusUpdate.objects.filter(pk=update.pk).values_list("text", "date").get() == before
    assert m31.updates.count() == 4
