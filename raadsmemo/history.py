"""Who changed what and when: django-simple-history keeps a historical row per save of a memo,
meeting, agenda item, LTA item and contact; this module turns those rows into the griffie's
"Geschiedenis" table (field names, old → new, in Dutch).

The request's user is put on each row by simple-history's HistoryRequestMiddleware; a service
that knows better (a task, a command) sets `instance._history_user`. Fields that change on
every save without meaning anything to a reader stay out of the history tables.
"""

import datetime as dt
import itertools
from contextlib import contextmanager
from dataclasses import dataclass
from types import SimpleNamespace

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from simple_history.models import HistoricalRecords

from raadsmemo.accounts.roles import is_griffie

# Left out of every history table: they change on each save and say nothing to a reader.
HISTORY_EXCLUDED = ["revision", "updated_at"]
# The table shows the newest changes; older ones stay in the database (and the admin).
HISTORY_LIMIT = 50
EMPTY = "(leeg)"
ACTIONS = {"+": "aangemaakt", "~": "gewijzigd", "-": "verwijderd"}


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: dt.datetime
    who: str
    action: str
    changes: list[Change]


@contextmanager
def history_by(user):
    """Record every change made in this block (a management command such as load_demo) as this
    user's, as the middleware does for a request."""
    HistoricalRecords.context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        del HistoricalRecords.context.request


def record_by(instance, user):
    """Name the user on the history row of the instance's next save. Requests get this from the
    middleware; services that are told `by` say it themselves, so tasks and imports record it too."""
    if user is not None:
        instance._history_user = user
    return instance


def history_for(user, obj) -> list[HistoryEntry] | None:
    """The object's history for the griffie; None (nothing shown) for anyone else."""
    return history_of(obj) if is_griffie(user) else None


def history_of(obj, *, limit: int = HISTORY_LIMIT) -> list[HistoryEntry]:
    """The newest `limit` changes of obj, newest first, in one query: the linked objects a change
    names (the memo's LTA item, say) come with the records (select_related over the optional
    links; a required link, which an INNER JOIN would need, or one gone since, costs one query
    per model to name it). Saves that changed no tracked field are left out."""
    links = _optional_links(obj.history.model)
    records = list(
        obj.history.select_related("history_user", *links).order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    # Each record against the one before it; the record past the limit is only a base to compare.
    pairs = [
        (newer, older, _changes(newer, older))
        for newer, older in list(itertools.pairwise([*records, None]))[:limit]
    ]
    known = {
        (type(linked), linked.pk): str(linked)
        for record in records
        for link in links
        if (linked := getattr(record, link)) is not None
    }
    changes = [change for _, _, changes in pairs for change in changes]
    names = known | _related_names(obj._meta, changes, known=known)
    entries = []
    for newer, _older, changes in pairs:
        if newer.history_type == "~" and not changes:
            continue
        entries.append(
            HistoryEntry(
                when=newer.history_date,
                who=_user_name(newer.history_user),
                action=ACTIONS.get(newer.history_type, "gewijzigd"),
                changes=[_display(obj._meta, change, names) for change in changes],
            )
        )
    return entries


def _changes(newer, older) -> list:
    if older is None or newer.history_type != "~":
        return []
    return newer.diff_against(older).changes


def _user_name(user) -> str:
    if user is None:
        return "onbekend"
    return user.get_full_name() or user.username


def _optional_links(history_model) -> list[str]:
    """The historical model's nullable foreign keys to tracked objects (a LEFT JOIN each)."""
    return [
        field.name
        for field in history_model._meta.fields
        if isinstance(field, models.ForeignKey) and field.null and field.name != "history_user"
    ]


def _related_names(opts, changes, *, known: dict) -> dict:
    """{(model, pk): str} for every linked object named in the changes and not `known`: one query
    per model."""
    wanted: dict[type, set] = {}
    for change in changes:
        field = opts.get_field(change.field)
        if isinstance(field, models.ForeignKey):
            pks = {v for v in (change.old, change.new) if v and (field.related_model, v) not in known}
            if pks:
                wanted.setdefault(field.related_model, set()).update(pks)
    names = {}
    for model, pks in wanted.items():
        for pk, obj in model._base_manager.in_bulk(pks).items():
            names[model, pk] = str(obj)
    return names


def _display(opts, change, names) -> Change:
    field = opts.get_field(change.field)
    return Change(
        label=str(field.verbose_name),
        old=_value(field, change.old, names),
        new=_value(field, change.new, names),
    )


def _value(field, value, names) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(field, models.ForeignKey):
        return names.get((field.related_model, value), f"nr. {value} (verwijderd)")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value), "j F Y H:i")
    if isinstance(value, dt.date):
        return date_format(value, "j F Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or EMPTY
    return Truncator(str(value)).chars(120)
