"""The seed's "status" (openbaar/geheim) becomes `confidentiality`; `status` is the workflow now."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("collegevoorstellen", "0001_initial"),
    ]

    operations = [
        migrations.RenameField("collegevoorstel", "status", "confidentiality"),
        migrations.RenameField("historicalcollegevoorstel", "status", "confidentiality"),
    ]
