"""What every published, frozen document shares (a memo, a collegevoorstel): its workflow steps
and its versions.

- `WorkflowStatus`: concept → ter vaststelling → vastgesteld → gepubliceerd.
- `Transition`: one step taken, by whom, when and why.
- `FrozenVersion`: a published version whose HTML, PDF and JSON snapshot are stored files
  (Django's storage API), written once and never changed, each with its SHA-256. The model refuses
  to save a stored version again or to delete one; database triggers (raadsmemo/append_only.py)
  refuse UPDATE and DELETE for every other path.
- `store_file`, `sha256`: writing those files.

Each concrete model adds the foreign key to its document and its own Meta.
"""

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models


class WorkflowStatus(models.TextChoices):
    CONCEPT = "concept", "Concept"
    TER_VASTSTELLING = "ter_vaststelling", "Ter vaststelling"
    VASTGESTELD = "vastgesteld", "Vastgesteld"
    GEPUBLICEERD = "gepubliceerd", "Gepubliceerd"


class Transition(models.Model):
    """One workflow step: who took it, when, from which status to which, and why."""

    name = models.CharField("stap", max_length=30)
    from_status = models.CharField("van", max_length=20, choices=WorkflowStatus.choices)
    to_status = models.CharField("naar", max_length=20, choices=WorkflowStatus.choices)
    reason = models.TextField("reden", blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", verbose_name="door"
    )
    at = models.DateTimeField("op")

    class Meta:
        abstract = True
        ordering = ["at", "pk"]
        verbose_name = "stap in de workflow"
        verbose_name_plural = "stappen in de workflow"

    @property
    def by_name(self) -> str:
        if self.by is None:
            return ""
        return self.by.get_full_name() or self.by.username


class FrozenVersionError(Exception):
    """A published version is never changed or removed; publish a new version instead."""


FROZEN_MESSAGE = "Een gepubliceerde versie wordt nooit gewijzigd of verwijderd; publiceer een nieuwe versie."


class FrozenVersionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise FrozenVersionError(FROZEN_MESSAGE)

    def delete(self):
        raise FrozenVersionError(FROZEN_MESSAGE)


class FrozenVersion(models.Model):
    number = models.PositiveIntegerField("versie")
    # Why this version replaces the previous one (required from version 2 on).
    reason = models.TextField("reden van de wijziging", blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="gepubliceerd door",
    )
    published_at = models.DateTimeField("gepubliceerd op")
    title = models.CharField("titel", max_length=300)
    pdf_filename = models.CharField(max_length=200)
    html_name = models.CharField(max_length=300)
    html_sha256 = models.CharField(max_length=64)
    pdf_name = models.CharField(max_length=300)
    pdf_sha256 = models.CharField(max_length=64)
    pdf_size = models.PositiveIntegerField()
    json_name = models.CharField(max_length=300)
    json_sha256 = models.CharField(max_length=64)

    objects = FrozenVersionQuerySet.as_manager()

    class Meta:
        abstract = True
        verbose_name = "gepubliceerde versie"
        verbose_name_plural = "gepubliceerde versies"

    def __str__(self) -> str:
        return f"{self.title}, versie {self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise FrozenVersionError(FROZEN_MESSAGE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenVersionError(FROZEN_MESSAGE)

    @property
    def is_change(self) -> bool:
        return self.number > 1

    @property
    def published_by_name(self) -> str:
        if self.published_by is None:
            return ""
        return self.published_by.get_full_name() or self.published_by.username

    def store_files(self, folder: str, *, snapshot: bytes, html: bytes, html_name: str, pdf: bytes) -> None:
        """Write the version's three files under `folder` and note their names and checksums."""
        self.json_name, self.json_sha256 = store_file(f"{folder}/snapshot.json", snapshot), sha256(snapshot)
        self.html_name, self.html_sha256 = store_file(f"{folder}/{html_name}", html), sha256(html)
        self.pdf_name, self.pdf_sha256 = store_file(f"{folder}/{self.pdf_filename}", pdf), sha256(pdf)
        self.pdf_size = len(pdf)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store_file(name: str, data: bytes) -> str:
    """Write a new file; never overwrite one (the storage picks a free name if this one is taken)."""
    return default_storage.save(name, ContentFile(data))
