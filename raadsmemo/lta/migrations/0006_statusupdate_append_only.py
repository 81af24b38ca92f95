"""A stand-van-zaken update is never changed or deleted: triggers on PostgreSQL and SQLite
(raadsmemo/append_only.py). An update may only go with its LTA item, which is never deleted."""

from django.db import migrations

from raadsmemo.append_only import triggers_operation


class Migration(migrations.Migration):
    dependencies = [("lta", "0005_ordering_nulls_first")]

    operations = [triggers_operation("lta_statusupdate", "lta_ltaitem", "item_id")]
