"""What a user typed in a form that is not (validly) saved yet, kept apart from the object: stored
by autosave and by a refused save, even when it does not validate, offered back when the form
opens again, removed by a valid save. Nothing anyone typed is lost.

Each document (a memo, a collegevoorstel) has its own draft model on `Draft`, with the foreign
keys to its document and to the author.
"""

from django.db import models
from django.http import QueryDict


class Draft(models.Model):
    # The submitted form as {name: [values]}, the way a QueryDict holds it.
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField("bewaard op", auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"Concept van {self.author} ({self.updated_at:%d-%m-%Y %H:%M})"

    def as_querydict(self) -> QueryDict:
        data = QueryDict(mutable=True)
        for key, values in self.data.items():
            data.setlist(key, values)
        return data


def typed_data(data: QueryDict, *, left_out: set[str]) -> dict[str, list[str]]:
    """The posted form as a draft keeps it. NUL is never typed, and PostgreSQL refuses it in JSON:
    it is the one thing left out (besides the names in `left_out`)."""
    return {
        key.replace("\x00", ""): [value.replace("\x00", "") for value in data.getlist(key)]
        for key in data
        if key not in left_out
    }
