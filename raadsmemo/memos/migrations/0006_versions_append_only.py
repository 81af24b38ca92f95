"""Published versions are never changed or deleted: triggers on PostgreSQL and SQLite
(raadsmemo/append_only.py). Existing memos stay concepts."""

from django.db import migrations

from raadsmemo.append_only import triggers_operation

KNOWN = ["concept", "ter_vaststelling", "vastgesteld", "gepubliceerd"]


def keep_concepts(apps, schema_editor):
    Memo = apps.get_model("memos", "Memo")
    Memo.objects.exclude(status__in=KNOWN).update(status="concept")


class Migration(migrations.Migration):
    dependencies = [("memos", "0005_workflow_versions")]

    operations = [
        migrations.RunPython(keep_concepts, migrations.RunPython.noop),
        triggers_operation("memos_memoversion", "memos_memo", "memo_id"),
    ]
