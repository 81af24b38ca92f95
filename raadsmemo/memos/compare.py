"""Two published versions side by side, field by field: what was removed (<del>) and added (<ins>).

Works on the versions' JSON snapshots (memos/publication.py), so it compares exactly what readers
read, contact details included.
"""

import datetime as dt
import difflib
import re
from dataclasses import dataclass

from django.utils.dateparse import parse_date, parse_time
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from raadsmemo.memos.models import Advice, Betreft, LinkSection, Memo, Purpose

FIELDS = [
    "purpose", "aan", "van", "datum", "betreft", "title", "stuk_date", "samenvatting", "on_lta",
    "lta_number", "has_deadline", "deadline", "advice", "voorgeschiedenis", "treatment_text",
    "speaking_rounds", "speaking_time_fractie", "speaking_time_college", "confidentiality", "grondslag",
    "secret_until",
]  # fmt: skip


@dataclass
class FieldChange:
    label: str
    old: SafeString
    new: SafeString
    changed: bool


def _date(value) -> str:
    parsed = parse_date(value) if value else None
    return f"{parsed:%d-%m-%Y}" if isinstance(parsed, dt.date) else ""


def _text(name: str, fields: dict) -> str:
    value = fields.get(name)
    if name == "purpose":
        return Purpose(value).label if value in Purpose.values else ""
    if name == "betreft":
        labels = [
            (fields.get("betreft_other") or "Anders") if choice == Betreft.OTHER else choice.label
            for choice in Betreft
            if choice.value in (value or [])
        ]
        return ", ".join(labels)
    if name == "advice":
        label = Advice(value).label if value in Advice.values else ""
        return "\n".join(p for p in (label, fields.get("advice_text", "")) if p)
    if name in ("datum", "stuk_date", "deadline", "secret_until"):
        return _date(value)
    if name in ("confidentiality", "grondslag"):
        return dict(Memo._meta.get_field(name).flatchoices).get(value, value or "")
    if isinstance(value, bool):
        return "Ja" if value else "Nee"
    return "" if value is None else str(value)


def _time(value: str) -> str:
    parsed = parse_time(value or "")
    return f"{parsed:%H:%M}" if parsed else ""


def rows_of(snapshot: dict) -> list[tuple[str, str]]:
    """The snapshot as (label, text) pairs in the order of the memo."""
    fields = snapshot["fields"]
    rows = [
        (str(Memo._meta.get_field(name).verbose_name).capitalize(), _text(name, fields)) for name in FIELDS
    ]
    contacts = [
        " / ".join(
            p
            for p in (
                f"{c['name']} ({c['function']})" if c["function"] else c["name"],
                c["phone"],
                c["email"],
            )
            if p
        )
        for c in snapshot["contacts"]
    ]
    slots = [
        f"{_time(s['start'])} – {_time(s['end'])} {s['activity']}"
        + (f" door {s['presenter']}" if s["presenter"] else "")
        for s in snapshot["slots"]
    ]
    links = {
        section: [
            f"{link['label']} ({link['url']})" for link in snapshot["links"] if link["section"] == section
        ]
        for section in LinkSection.values
    }
    rows.insert(7, ("Links bij het stuk", "\n".join(links[LinkSection.STUK])))
    rows.insert(8, ("Ambtelijke contactgegevens", "\n".join(contacts)))
    rows.append(("Programma", "\n".join(slots)))
    rows.append(("Nadere informatie", "\n".join(links[LinkSection.NADERE_INFORMATIE])))
    return rows


TOKEN = re.compile(r"\s+|[^\s]+")


def _marked(tokens: list[str], tag: str) -> str:
    text = escape("".join(tokens))
    return f"<{tag}>{text}</{tag}>" if text.strip() else text


def _opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes, with a run of whitespace between two changes taken into the change, so
    that a changed phrase is one <del> and one <ins>, not one per word."""
    merged: list[list] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        merged.append([op, i1, i2, j1, j2])
    result: list[list] = []
    for index, code in enumerate(merged):
        op, i1, i2, j1, j2 = code
        between_changes = 0 < index < len(merged) - 1 and not "".join(a[i1:i2]).strip()
        if op != "equal" or between_changes:
            if result and result[-1][0] == "replace":
                result[-1][2], result[-1][4] = i2, j2
            else:
                result.append(["replace", i1, i2, j1, j2])
        else:
            result.append(code)
    return [tuple(code) for code in result]


def mark_changes(old: str, new: str) -> tuple[SafeString, SafeString]:
    """Word by word: the old text with what went <del>, the new text with what came <ins>."""
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    left, right = [], []
    for op, i1, i2, j1, j2 in _opcodes(a, b):
        if op == "equal":
            left.append(escape("".join(a[i1:i2])))
            right.append(escape("".join(b[j1:j2])))
            continue
        if i2 > i1:
            left.append(_marked(a[i1:i2], "del"))
        if j2 > j1:
            right.append(_marked(b[j1:j2], "ins"))
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308 - every piece is escaped


def compare_snapshots(old: dict, new: dict) -> list[FieldChange]:
    changes = []
    for (label, before), (_, after) in zip(rows_of(old), rows_of(new), strict=True):
        if not before and not after:
            continue
        marked_old, marked_new = mark_changes(before, after)
        changes.append(FieldChange(label, marked_old, marked_new, before != after))
    return changes
