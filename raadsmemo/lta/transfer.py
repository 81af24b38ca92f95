"""The LTA register as a spreadsheet: the columns, the plan of an import, the rows of an export.

The export and the import share one set of columns, so an exported file imports again and
changes nothing. This module reads and plans; it never writes. `plan_import` checks every row
against the register and says per row what would happen: a new item, which columns change,
which values would be erased, which updates are appended, or what is wrong with the row.
`services.lta_import` applies the rows without errors, through the same services as the forms.

The rules the plan keeps:
- a column the file lacks leaves that field alone on existing items;
- an empty cell in a column the file has erases the value, and the preview lists each erasure;
- the status follows the workflow: an import cannot reopen an afgedaan item, nor afdoen one
  (that takes the raad's decision on a proposal); such a row gets an error;
- a row with an error is skipped and listed; the other rows can still be imported. Only a
  problem with the file as a whole (no header, a missing required column) stops everything.

The "vergadering" column holds text. On import, text that is exactly the title of a meeting on the
row's "datum vergadering" links the item to that meeting; on export a linked item gets its
meeting's title and date (when the one exporting may see that meeting).

The "stand van zaken" column holds the updates as the griffie's lists do (seed 003):
"Update 18-01-2022: ..." per update, newest first. On import each update that the item does
not have yet (same date and text) is appended; nothing already there is touched or erased.
"""

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field

from django.db.models import QuerySet

from raadsmemo.lta.forms import parse_month
from raadsmemo.lta.models import NEXT_STATUSES, OVERSCHREDEN, Kind, LtaItem, Status
from raadsmemo.lta.numbering import normalise_number, number_error
from raadsmemo.lta.tables import csv_lines, write_csv, write_xlsx
from raadsmemo.meetings.models import Meeting
from raadsmemo.people.matching import BestuurderMatcher
from raadsmemo.people.models import Bestuurder, Fractie

# (column header, LtaItem attribute or pseudo-attribute), in export order.
COLUMNS = [
    ("nummer", "number"),
    ("soort", "kind"),
    ("titel", "title"),
    ("tekst", "text"),
    ("indieners", "indieners"),
    ("portefeuillehouder", "portefeuillehouder"),
    ("vergadering", "made_in"),
    ("datum vergadering", "made_on"),
    ("geplande maand", "planned_month"),
    ("deadline", "deadline"),
    ("status", "status"),
    ("stand van zaken", "updates"),
]
REQUIRED = ["nummer", "soort", "titel"]
# Headers the griffie's own lists use for the same columns.
ALIASES = {
    "nr": "nummer",
    "nr.": "nummer",
    "itemnummer": "nummer",
    "item nr": "nummer",
    "type": "soort",
    "onderwerp": "titel",
    "dictum": "tekst",
    "omschrijving": "tekst",
    "indiener": "indieners",
    "indiener(s)": "indieners",
    "wethouder": "portefeuillehouder",
    "bestuurder": "portefeuillehouder",
    "maand": "geplande maand",
    "planning": "geplande maand",
    "uiterste datum": "deadline",
    "stand van zaken": "stand van zaken",
}
LABELS = {attr: header for header, attr in COLUMNS} | {"made_in_meeting_id": "vergadering"}
# Fields an import may set, in the order the preview names them.
FIELDS = [
    "kind",
    "title",
    "text",
    "indieners",
    "portefeuillehouder",
    "made_in_meeting_id",
    "made_in",
    "made_on",
    "planned_month",
    "deadline",
]
MAX_ROWS = 5000
DATE_FORMATS = ["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"]
UPDATE_MARK = re.compile(r"(?im)^\s*update:?\s*(\d{1,2}-\d{1,2}-\d{4})\s*:?\s*")
KINDS = {**{k.value: k.value for k in Kind}, **{k.label.lower(): k.value for k in Kind}}
STATUSES = {
    **{s.value: s.value for s in Status},
    **{s.label.lower(): s.value for s in Status},
    OVERSCHREDEN: Status.OPEN.value,  # derived on screen; stored as open
}


@dataclass
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    message: str


@dataclass
class ImportRow:
    """One row of the file and what importing it would do."""

    row: int
    number: str = ""
    title: str = ""
    item: LtaItem | None = None
    values: dict = field(default_factory=dict)  # attribute -> new value, for the columns the file has
    status: str = ""  # the status to move to, or "" to leave it
    updates: list[tuple[dt.date | None, str]] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # Dutch column names
    erasures: list[tuple[str, str]] = field(default_factory=list)  # (column, the value that goes)
    new_updates: list[tuple[dt.date | None, str]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def action(self) -> str:
        if self.errors:
            return "fout"
        if self.item is None:
            return "nieuw"
        return "gewijzigd" if self.changes else "ongewijzigd"

    @property
    def changed_fields(self) -> list[str]:
        """The LtaItem fields to save (indieners and status go through their own services)."""
        return [a for a in FIELDS if a != "indieners" and LABELS[a] in self.changes and a in self.values]


@dataclass
class ImportPlan:
    rows: list[ImportRow] = field(default_factory=list)
    file_errors: list[RowError] = field(default_factory=list)  # the file as a whole: nothing imports
    ignored_columns: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # the known columns the file has

    @property
    def errors(self) -> list[RowError]:
        return self.file_errors + [e for r in self.rows for e in r.errors]

    @property
    def importable(self) -> list[ImportRow]:
        return [r for r in self.rows if not r.errors] if not self.file_errors else []

    @property
    def erasures(self) -> int:
        return sum(len(r.erasures) for r in self.importable)

    @property
    def counts(self) -> dict[str, int]:
        actions = [r.action for r in self.rows]
        return {a: actions.count(a) for a in ("nieuw", "gewijzigd", "ongewijzigd", "fout")}

    @property
    def digest(self) -> str:
        """A fingerprint of what importing would do, to see that it is still what the preview showed."""
        summary = [
            (
                r.row,
                r.number,
                r.action,
                r.changes,
                r.erasures,
                r.status,
                [(str(d), t) for d, t in r.new_updates],
            )
            for r in self.importable
        ]
        return hashlib.sha256(json.dumps(summary, default=str).encode()).hexdigest()[:32]


# Checking cells -----------------------------------------------------------------------------


def _header_key(text: str) -> str:
    key = " ".join(text.lower().replace("_", " ").split()).rstrip(":")
    return ALIASES.get(key, key)


def _parse_date(text: str) -> dt.date:
    """A date as the griffie types it; ValueError with a Dutch message otherwise."""
    for fmt in DATE_FORMATS:
        shape = re.fullmatch(
            fmt.replace("%d", r"\d{1,2}")
            .replace("%m", r"\d{1,2}")
            .replace("%Y", r"\d{4}")
            .replace(".", r"\."),
            text,
        )
        if shape:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                raise ValueError(
                    f"De datum '{text}' bestaat niet. Schrijf een echte datum, zoals 18-01-2022."
                ) from None
    raise ValueError(f"'{text}' is geen datum. Schrijf een datum als 18-01-2022.")


def split_updates(text: str) -> list[tuple[dt.date | None, str]]:
    """ "Update 18-01-2022: ... Update 10-11-2021: ..." -> [(date, text), ...], in file order."""
    text = text.strip()
    if not text:
        return []
    marks = list(UPDATE_MARK.finditer(text))
    if not marks:
        return [(None, text)]
    updates = []
    if text[: marks[0].start()].strip():
        updates.append((None, text[: marks[0].start()].strip()))
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        body = text[mark.end() : following.start() if following else len(text)].strip()
        updates.append((_parse_date(mark[1]), body))
    return updates


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def _month_of_date(text: str) -> dt.date | None:
    try:
        return _parse_date(text).replace(day=1)
    except ValueError:
        return None


def status_step_error(item: LtaItem, status: str) -> str:
    """Why an import may not move `item` to `status` (Dutch), or "" when the workflow allows it."""
    if status == item.status or status in NEXT_STATUSES[Status(item.status)]:
        return ""
    if item.status == Status.AFGEDAAN:
        return (
            f"{item.number} is door de raad afgedaan; een import kan het niet op "
            f"{Status(status).label.lower()} zetten. Laat de status leeg of zet er afgedaan."
        )
    if status == Status.AFGEDAAN:
        return (
            "Afdoen gaat alleen met een besluit van de raad: stel de afdoening voor op de pagina "
            f"van {item.number} en leg daar het besluit vast. Laat de status leeg of zet er "
            f"{item.get_status_display().lower()}."
        )
    return (
        f"Een item dat {item.get_status_display().lower()} is, kan niet op "
        f"{Status(status).label.lower()} worden gezet."
    )


def _new_item_status_error(status: str) -> str:
    if status == Status.AFGEDAAN:
        return (
            "Een nieuw item kan niet meteen afgedaan zijn: afdoen gaat met een besluit van de raad. "
            "Importeer het als open en leg het besluit vast op de pagina van het item."
        )
    return ""


class _Lookups:
    """Fracties, bestuurders, meetings and the items the file names: read once per import."""

    def __init__(self, numbers: list[str], meeting_titles: list[str]):
        self.fracties = {}
        for fractie in Fractie.objects.all():
            self.fracties[fractie.name.lower()] = fractie
            if fractie.full_name:
                self.fracties[fractie.full_name.lower()] = fractie
        self.bestuurders = BestuurderMatcher(Bestuurder.objects.all())
        # (title, date) -> meeting; a title held by two meetings on one day links neither.
        self.meetings: dict[tuple[str, dt.date], Meeting | None] = {}
        for meeting in Meeting.objects.filter(title__in={t for t in meeting_titles if t}):
            key = (meeting.title, meeting.date)
            self.meetings[key] = None if key in self.meetings else meeting
        self.items = {
            item.number: item
            for item in LtaItem.objects.filter(number__in=numbers)
            .select_related("portefeuillehouder", "made_in_meeting")
            .prefetch_related("indieningen__fractie", "updates")
        }


def _read_row(row: ImportRow, cells: dict[str, str], lookups: _Lookups) -> None:
    """Fill row.values with the cleaned value of every column the file has; errors on the row."""

    def error(column, message):
        row.errors.append(RowError(row.row, column, message))

    values = row.values
    kind_text = cells["soort"].lower().replace("_", " ")
    kind = KINDS.get(kind_text) or KINDS.get(kind_text.replace(" ", "_"))
    if not kind_text:
        error("soort", "Vul de soort in: toezegging, motie, initiatiefvoorstel of verwacht stuk.")
    elif kind is None:
        error(
            "soort",
            f"Onbekende soort '{cells['soort']}'. Kies uit: toezegging, motie, initiatiefvoorstel, verwacht stuk.",
        )
    values["kind"] = kind
    row.number = normalise_number(cells["nummer"])
    if not row.number:
        error("nummer", "Vul het nummer in, zoals 2019-300 of M-31.")
    elif kind and (problem := number_error(kind, row.number)):
        error("nummer", f"'{row.number}': {problem}")
    row.title = values["title"] = cells["titel"]
    if not row.title:
        error("titel", "Vul de titel in.")
    elif len(row.title) > 300:
        error("titel", f"De titel is {len(row.title)} tekens lang; het mogen er hoogstens 300 zijn.")
    if "tekst" in cells:
        values["text"] = cells["tekst"]
    if "indieners" in cells:
        values["indieners"] = _indieners(cells["indieners"], lookups, error)
    if "portefeuillehouder" in cells:
        values["portefeuillehouder"] = None
        if cells["portefeuillehouder"]:
            values["portefeuillehouder"], problem = lookups.bestuurders.match(cells["portefeuillehouder"])
            if problem:
                error("portefeuillehouder", problem)
    for column, attr in (("datum vergadering", "made_on"), ("deadline", "deadline")):
        if column in cells:
            text = cells[column]
            values[attr] = None
            if text and not (attr == "deadline" and text.lower() == "onbekend"):
                try:
                    values[attr] = _parse_date(text)
                except ValueError as problem:
                    error(column, str(problem))
    if "vergadering" in cells:
        _read_meeting(row, cells["vergadering"], lookups, error)
    if "geplande maand" in cells:
        month = cells["geplande maand"]
        values["planned_month"] = None
        if month:
            values["planned_month"] = parse_month(month) or _month_of_date(month)
            if values["planned_month"] is None:
                error(
                    "geplande maand", f"'{month}' is geen maand. Schrijf een maand als 2022-03 of maart 2022."
                )
    status_text = cells.get("status", "").lower()
    if status_text:
        row.status = STATUSES.get(status_text, "")
        if not row.status:
            error(
                "status",
                f"Onbekende status '{cells['status']}'. Kies uit: open, aangehouden, afgedaan, vervallen.",
            )
    try:
        row.updates = split_updates(cells.get("stand van zaken", ""))
    except ValueError as problem:
        error("stand van zaken", str(problem))


def _indieners(text: str, lookups: _Lookups, error) -> list:
    """The fracties of an "indieners" cell: "PvdA, GroenLinks en D66", "PvdA/SP", one per line.

    A part that is a fractie's name is taken whole, so "Student en Stad" stays one fractie;
    only a part that is not is split further on " en " and "/".
    """
    indieners = []
    for part in re.split(r"\s*[,;\n]\s*", text.strip()):
        names = [part] if part.lower() in lookups.fracties else re.split(r"\s*/\s*|\s+en\s+", part)
        for name in names:
            if not name:
                continue
            fractie = lookups.fracties.get(name.lower())
            if fractie is None:
                error(
                    "indieners",
                    f"Onbekende fractie '{name}'. Voeg de fractie eerst toe onder Fracties, "
                    "of schrijf de naam zoals daar (bijvoorbeeld PvdA, GroenLinks).",
                )
            elif fractie not in indieners:
                indieners.append(fractie)
    return indieners


def _read_meeting(row: ImportRow, text: str, lookups: _Lookups, error) -> None:
    """The "vergadering" cell: a link to the meeting of that title on that day, or the text."""
    if len(text) > 200:
        error("vergadering", "Hoogstens 200 tekens.")
    item = lookups.items.get(row.number)
    on = row.values.get("made_on", item.made_on if item else None)
    meeting = lookups.meetings.get((text, on)) if text and on else None
    if meeting:  # linked: the meeting is the record, as when the griffie picks it in the form
        row.values["made_in_meeting_id"], row.values["made_in"] = meeting.pk, ""
    elif not text and item and item.made_in_meeting_id and on == item.made_on:
        # A file exported by someone who may not see the meeting names no meeting: keep the link.
        row.values["made_in_meeting_id"], row.values["made_in"] = item.made_in_meeting_id, ""
    else:
        row.values["made_in_meeting_id"], row.values["made_in"] = None, text


# Comparing with the register ----------------------------------------------------------------


def _shown(item: LtaItem, attr: str) -> str:
    """The current value of a field as the preview names what an import would erase."""
    value = getattr(item, attr) if attr != "indieners" else item.indieners_full
    if attr == "made_in_meeting_id":
        value = item.made_in_meeting.title if item.made_in_meeting else ""
    if isinstance(value, dt.date):
        return f"{value:%m-%Y}" if attr == "planned_month" else f"{value:%d-%m-%Y}"
    text = " ".join(str(value or "").split())
    return text if len(text) <= 80 else text[:79] + "…"


def _plan_row(row: ImportRow) -> None:
    """Compare with the register: what changes, what is erased, which updates are new."""
    item, values = row.item, row.values
    existing = list(item.updates.all()) if item else []
    row.new_updates = [
        (date, text)
        for date, text in row.updates
        if not any(_same_text(u.text, text) and (date is None or u.date == date) for u in existing)
    ]
    if item is None:
        if problem := _new_item_status_error(row.status):
            row.errors.append(RowError(row.row, "status", problem))
        return
    for attr in FIELDS:
        if attr not in values:
            continue  # the file lacks the column: the field stays as it is
        if attr == "indieners":
            current, new = [f.pk for f in item.fracties()], [f.pk for f in values[attr]]
        elif attr == "made_in_meeting_id":  # the meeting is a link or a text: one column
            current, new = (item.made_in_meeting_id, item.made_in), (values[attr], values["made_in"])
        elif attr == "made_in":
            continue
        else:
            current, new = getattr(item, attr), values[attr]
        if current == new:
            continue
        row.changes.append(LABELS[attr])
        if not any(new) if isinstance(new, tuple) else new in (None, "", []):
            row.erasures.append((LABELS[attr], _shown(item, attr) or _shown(item, "made_in")))
    if row.status and row.status != item.status:
        if problem := status_step_error(item, row.status):
            row.errors.append(RowError(row.row, "status", problem))
        row.changes.append(LABELS["status"])
    if row.new_updates:
        row.changes.append(LABELS["updates"])


def _file_errors(header: list[str], first_row: list[str]) -> list[RowError]:
    known = {name for name, _ in COLUMNS}
    errors = [
        RowError(
            1, name, f"De kolom '{name}' ontbreekt in de kopregel. Verplicht zijn: {', '.join(REQUIRED)}."
        )
        for name in REQUIRED
        if name not in header
    ]
    errors += [
        RowError(1, name, f"De kolom '{name}' staat twee keer in de kopregel.")
        for name in sorted({h for h in header if h in known and header.count(h) > 1})
    ]
    return errors


def check_layout(table: list[list[str]]) -> tuple[ImportPlan, list[tuple[int, dict[str, str]]]]:
    """Check the file as a whole (header, required columns, number of rows): cheap, no queries.

    Returns a plan that holds only file errors (if any) and the rows as {column: text}, each
    with its row number as the spreadsheet shows it (blank rows count).
    """
    plan = ImportPlan()
    numbered = [(i, r) for i, r in enumerate(table, start=1) if any(cell.strip() for cell in r)]
    if not numbered:
        plan.file_errors.append(RowError(1, "", "Het bestand is leeg."))
        return plan, []
    (_, first), numbered = numbered[0], numbered[1:]
    header = [_header_key(cell) for cell in first]
    known = [name for name, _ in COLUMNS]
    plan.file_errors = _file_errors(header, first)
    plan.ignored_columns = [cell for cell, key in zip(first, header, strict=True) if key and key not in known]
    plan.columns = [name for name in known if name in header]
    if not plan.file_errors and not numbered:
        plan.file_errors.append(RowError(1, "", "Het bestand heeft alleen een kopregel en geen items."))
    if not plan.file_errors and len(numbered) > MAX_ROWS:
        plan.file_errors.append(
            RowError(1, "", f"Het bestand heeft meer dan {MAX_ROWS} rijen. Splits het in delen.")
        )
    if plan.file_errors:
        return plan, []
    columns = {name: header.index(name) for name in plan.columns}
    records = [
        (n, {name: (r[i].strip() if i < len(r) else "") for name, i in columns.items()}) for n, r in numbered
    ]
    return plan, records


def plan_import(table: list[list[str]]) -> ImportPlan:
    """Check every row of the file and say what importing it would do. Writes nothing."""
    plan, records = check_layout(table)
    if plan.file_errors:
        return plan
    lookups = _Lookups(
        [normalise_number(cells["nummer"]) for _, cells in records],
        [cells.get("vergadering", "") for _, cells in records],
    )
    rows_of: dict[str, list[ImportRow]] = {}
    for row_number, cells in records:
        row = ImportRow(row_number)
        _read_row(row, cells, lookups)
        row.item = lookups.items.get(row.number)
        if not row.errors:
            _plan_row(row)
        plan.rows.append(row)
        if row.number:
            rows_of.setdefault(row.number, []).append(row)
    for number, rows in rows_of.items():  # which of two rows is meant? neither is imported
        for row in rows if len(rows) > 1 else []:
            others = ", ".join(str(r.row) for r in rows if r is not row)
            row.errors.append(RowError(row.row, "nummer", f"Nummer {number} staat ook in rij {others}."))
    return plan


# Export -------------------------------------------------------------------------------------


EXPORT_CHUNK = 500  # items read (and prefetched) per query while exporting


def export_header() -> list[str]:
    return [header for header, _ in COLUMNS]


def export_row(item: LtaItem) -> list:
    """One item as a row of the export (dates as dates)."""
    updates = "\n".join(f"Update {u.date:%d-%m-%Y}: {u.text}" for u in item.updates.all())
    return [
        item.number,
        item.get_kind_display(),
        item.title,
        item.text,
        ", ".join(str(f) for f in item.fracties()),
        item.portefeuillehouder.name if item.portefeuillehouder else "",
        item.made_in_meeting.title if item.made_in_meeting else item.made_in,
        item.made_in_meeting.date if item.made_in_meeting else item.made_on,
        f"{item.planned_month:%Y-%m}" if item.planned_month else "",
        item.deadline,
        item.get_status_display(),
        updates,
    ]


def export_rows(items):
    """The header and one row per item, for CSV or XLSX, as they are read.

    Pass items with made_in_meeting prefetched as the exporting user may see it
    (LtaItemQuerySet.for_export): a hidden meeting is exported as its date only. A QuerySet is
    read EXPORT_CHUNK items at a time, its prefetches once per chunk, so the number of queries
    does not grow with the number of items and the items are never all in memory.
    """
    yield export_header()
    if isinstance(items, QuerySet):
        items = items.iterator(chunk_size=EXPORT_CHUNK)
    for item in items:
        yield export_row(item)


def export_items_for(user, item_ids: list[int]):
    """The items of these ids that `user` may see (now), in the order of the ids, as the export
    reads them: EXPORT_CHUNK at a time, each chunk in a fixed number of queries."""
    for start in range(0, len(item_ids), EXPORT_CHUNK):
        chunk = item_ids[start : start + EXPORT_CHUNK]
        found = {
            item.pk: item for item in LtaItem.objects.visible_to(user).filter(pk__in=chunk).for_export(user)
        }
        yield from (found[pk] for pk in chunk if pk in found)


def export_csv(items) -> bytes:
    """The register as CSV for Dutch Excel; formula-like cells neutralised (tables.write_csv)."""
    return write_csv(export_rows(items))


def export_csv_lines(items):
    """The same CSV as `export_csv`, line by line, for a streaming response."""
    return csv_lines(export_rows(items))


def export_xlsx(items, *, to=None) -> bytes | None:
    """The register as one Excel sheet; text never becomes a formula (tables.write_xlsx)."""
    return write_xlsx(export_rows(items), title="LTA", to=to)
