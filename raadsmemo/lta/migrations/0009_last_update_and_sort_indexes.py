"""The register without a join on the updates: each item keeps the date of its newest update
(filled here from the updates), and the columns the register sorts by get indexes."""

from django.conf import settings
from django.db import migrations, models

from raadsmemo.append_only import add_triggers, drop_triggers

# The register's sorts (lta/models.py SORTS) place NULLs explicitly; PostgreSQL uses an index
# for such an ORDER BY ... LIMIT only when the index has the same NULLS FIRST/LAST. SQLite takes
# no NULLS in an index (and sorts a small register quickly), so these are PostgreSQL's only.
# "nummer" descending is the first index read backwards.
SORT_INDEXES = {
    "lta_item_nummer_sort": '("year" ASC NULLS FIRST, "sequence")',
    "lta_item_deadline_sort": '("deadline" ASC NULLS LAST, "year" ASC NULLS FIRST, "sequence")',
    "lta_item_deadline_desc_sort": '("deadline" DESC NULLS LAST, "year" ASC NULLS FIRST, "sequence")',
    "lta_item_maand_sort": '("planned_month" ASC NULLS LAST, "year" ASC NULLS FIRST, "sequence")',
}


def fill_last_update(apps, schema_editor):
    LtaItem = apps.get_model("lta", "LtaItem")
    StatusUpdate = apps.get_model("lta", "StatusUpdate")
    newest = StatusUpdate.objects.filter(item=models.OuterRef("pk")).order_by("-date").values("date")[:1]
    LtaItem.objects.update(last_update_on=models.Subquery(newest))


def add_sort_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, columns in SORT_INDEXES.items():
            schema_editor.execute(f"CREATE INDEX {name} ON lta_ltaitem {columns}")


def drop_sort_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in SORT_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("lta", "0008_confidentiality"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # Should SQLite rebuild lta_ltaitem, the append-only triggers on the updates that name it
    # would break: they are dropped first and added again at the end (raadsmemo/append_only.py).
    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: drop_triggers(schema_editor, "lta_statusupdate"),
            lambda apps, schema_editor: add_triggers(schema_editor, "lta_statusupdate", "lta_ltaitem", "item_id"),
        ),
        migrations.AddField(
            model_name="ltaitem",
            name="last_update_on",
            field=models.DateField(editable=False, null=True, verbose_name="laatste update"),
        ),
        migrations.RunPython(fill_last_update, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="ltaitem",
            index=models.Index(fields=["updated_at"], name="lta_ltaitem_updated_c5aa0a_idx"),
        ),
        migrations.AddIndex(
            model_name="ltaitem",
            index=models.Index(fields=["title"], name="lta_ltaitem_title_f5c22e_idx"),
        ),
        migrations.RunPython(add_sort_indexes, drop_sort_indexes, elidable=False),
        migrations.RunPython(
            lambda apps, schema_editor: add_triggers(schema_editor, "lta_statusupdate", "lta_ltaitem", "item_id"),
            lambda apps, schema_editor: drop_triggers(schema_editor, "lta_statusupdate"),
        ),
    ]
