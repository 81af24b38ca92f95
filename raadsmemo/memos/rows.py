"""Add, remove and move rows of a formset inside the submitted form data.

The editor's row buttons (add a slot, remove a link, move a contact up) submit the whole form
with `action=<verb>:<formset>[:<index>]`. The server applies the change to the submitted data
and renders the form again, unsaved, with everything the user typed. Without JavaScript the
browser shows the whole page again; with htmx only the changed section is swapped. One code
path for both, and no row logic in JavaScript.
"""

from dataclasses import dataclass

from django.http import QueryDict

from raadsmemo.converters import parse_id

VERBS = {"add", "remove", "up", "down"}


@dataclass(frozen=True)
class RowAction:
    verb: str
    prefix: str
    index: int | None = None

    @classmethod
    def parse(cls, action: str, prefixes: set[str]) -> "RowAction | None":
        """`add:slots`, `remove:links-stuk:2`, ... or None when it is no row action."""
        parts = action.split(":")
        if len(parts) not in (2, 3) or parts[0] not in VERBS or parts[1] not in prefixes:
            return None
        index = None
        if len(parts) == 3:
            index = parse_id(parts[2])
            if index is None:
                return None
        if parts[0] != "add" and index is None:
            return None
        return cls(parts[0], parts[1], index)


def read_rows(data: QueryDict, prefix: str, fields: list[str]) -> list[dict[str, str]]:
    total = min(parse_id(data.get(f"{prefix}-TOTAL_FORMS", "0")) or 0, 50)
    return [{f: data.get(f"{prefix}-{i}-{f}", "") for f in fields} for i in range(total)]


def write_rows(data: QueryDict, prefix: str, fields: list[str], rows: list[dict[str, str]]) -> None:
    for key in [k for k in data if k.startswith(f"{prefix}-")]:
        del data[key]
    data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
    data[f"{prefix}-INITIAL_FORMS"] = "0"
    for i, row in enumerate(rows):
        for f in fields:
            data[f"{prefix}-{i}-{f}"] = row.get(f, "")


def apply_row_action(
    data: QueryDict, action: RowAction, fields: list[str], new_row: dict[str, str] | None = None
) -> tuple[QueryDict, int | None]:
    """A copy of data with the action applied, and the index of the row to focus next."""
    data = data.copy()
    rows = read_rows(data, action.prefix, fields)
    focus = None
    i = action.index
    if action.verb == "add":
        rows.append(new_row or dict.fromkeys(fields, ""))
        focus = len(rows) - 1
    elif i is not None and 0 <= i < len(rows):
        if action.verb == "remove":
            rows.pop(i)
            focus = min(i, len(rows) - 1) if rows else None
        elif action.verb == "up" and i > 0:
            rows[i - 1], rows[i] = rows[i], rows[i - 1]
            focus = i - 1
        elif action.verb == "down" and i < len(rows) - 1:
            rows[i + 1], rows[i] = rows[i], rows[i + 1]
            focus = i + 1
        else:
            focus = i
    write_rows(data, action.prefix, fields, rows)
    return data, focus
