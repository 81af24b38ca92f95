"""Agenda packages move from a binary column to stored files (Django's storage API).

Every package that has a PDF gets it written to storage, with its SHA-256 and size; then the
column goes. Going back reads the files into the column again (and leaves them in storage).
"""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations, models

import raadsmemo.meetings.models


def pdfs_to_storage(apps, schema_editor):
    AgendaPackage = apps.get_model("meetings", "AgendaPackage")
    packages = AgendaPackage.objects.exclude(pdf=None).only("pk", "meeting_id", "audience", "pdf")
    for package in packages.iterator(chunk_size=20):
        data = bytes(package.pdf)
        checksum = hashlib.sha256(data).hexdigest()
        name = default_storage.save(
            f"agendapakketten/{package.meeting_id}/{package.audience}-{package.pk}-{checksum[:12]}.pdf",
            ContentFile(data),
        )
        AgendaPackage.objects.filter(pk=package.pk).update(file=name, sha256=checksum, size=len(data))


def storage_to_pdfs(apps, schema_editor):
    AgendaPackage = apps.get_model("meetings", "AgendaPackage")
    for package in AgendaPackage.objects.exclude(sha256="").only("pk", "file").iterator(chunk_size=20):
        with default_storage.open(package.file.name, "rb") as stored:
            AgendaPackage.objects.filter(pk=package.pk).update(pdf=stored.read())


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_revision"),
    ]

    operations = [
        migrations.AddField(
            model_name="agendapackage",
            name="file",
            field=models.FileField(
                blank=True,
                editable=False,
                max_length=200,
                upload_to=raadsmemo.meetings.models.agenda_package_upload_to,
            ),
        ),
        migrations.AddField(
            model_name="agendapackage",
            name="sha256",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="agendapackage",
            name="size",
            field=models.PositiveBigIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="agendapackage",
            name="shown_memos",
            field=models.JSONField(editable=False, null=True),
        ),
        migrations.RunPython(pdfs_to_storage, storage_to_pdfs),
        migrations.RemoveField(
            model_name="agendapackage",
            name="pdf",
        ),
    ]
