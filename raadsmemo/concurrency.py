"""Optimistic concurrency: an edit form carries the revision it was loaded from, and its save
raises the stored revision by compare-and-set. A second save based on the same revision is
refused with both versions shown, instead of silently reverting the first.

One UPDATE ... WHERE revision = <loaded> does the check and the increment, so two saves at the
same moment cannot both win, on SQLite as on PostgreSQL. A missing revision is no way around
the check: it is a conflict like any other.
"""

import datetime as dt

from django import forms
from django.db.models import F, Model
from django.utils import formats

# Writes that are no edit of a loaded form (an import, a service calling a service) raise the
# revision, so an open form sees them, but do not check it. A form never sends this: its field
# accepts revisions from 1 up.
ANY_REVISION = 0


class EditConflict(Exception):
    """Someone saved the object after this form loaded it; nothing was written."""

    def __init__(self, current: Model):
        self.current = current
        super().__init__(f"{type(current).__name__} {current.pk} changed since it was loaded")


def claim_revision(instance: Model, based_on: int | None) -> None:
    """Raise the stored revision by one if it still is `based_on`; else raise EditConflict.

    Call it first inside the service's transaction, before anything is written.
    """
    manager = type(instance)._default_manager
    if based_on == ANY_REVISION:
        manager.filter(pk=instance.pk).update(revision=F("revision") + 1)
        instance.refresh_from_db(fields=["revision"])
        return
    unchanged = manager.filter(pk=instance.pk, revision=based_on) if based_on is not None else manager.none()
    if not unchanged.update(revision=F("revision") + 1):
        raise EditConflict(manager.get(pk=instance.pk))
    instance.revision = based_on + 1


class RevisionFormMixin:
    """A hidden `revision` field: the version of the object this form was loaded from."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revision"] = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
        if self.instance.pk:
            self.fields["revision"].initial = self.instance.revision

    @property
    def based_on_revision(self) -> int | None:
        return self.cleaned_data.get("revision")

    def conflict_with(self, current: Model) -> list[dict]:
        """After a conflict: the fields where the stored version and this form differ.

        The form now carries the stored revision, so saving again (having seen both versions)
        keeps the user's version.
        """
        self.data = self.data.copy()
        self.data[self.add_prefix("revision")] = str(current.revision)
        stored = type(self)(instance=current, **getattr(self, "conflict_form_kwargs", {}))
        rows = []
        for name, field in self.fields.items():
            if name == "revision" or isinstance(field.widget, forms.HiddenInput):
                continue
            theirs = shown(field, stored[name].initial)
            mine = shown(field, self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None)
            if theirs != mine:
                rows.append({"label": self[name].label, "theirs": theirs, "mine": mine})
        return rows


def shown(field: forms.Field, value) -> str:
    """A field's value as a person reads it, for comparing two versions side by side."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        items = list(value or [])
        if items and not hasattr(items[0], "pk"):
            items = list(field.queryset.filter(pk__in=items))
        return ", ".join(sorted(str(item) for item in items)) or "—"
    if isinstance(field, forms.ModelChoiceField):
        if value in (None, ""):
            return "—"
        if not hasattr(value, "pk"):
            value = field.queryset.filter(pk=value).first()
        return str(value) if value is not None else "—"
    if isinstance(field, forms.BooleanField):
        return "ja" if value else "nee"
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value or "—"))
    if isinstance(value, dt.datetime | dt.date):
        return formats.date_format(value, "j F Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(value).strip() if value not in (None, "") else "—"
