"""Import and export of the LTA register as CSV or Excel (.xlsx).

The export and the import share one set of columns, so an exported file imports again and
changes nothing. Import is two steps: `plan_import` reads and checks every row against the
register and says per row what would happen (nothing is written); `lta_import` applies a plan
without errors in one transaction. Rows are matched on their number, so importing the same
file twice changes nothing the second time.

The "vergadering" column holds text. On import, text that is exactly the title of a meeting on the
row's "datum vergadering" links the item to that meeting; on export a linked item gets its
meeting's title and date (when the one exporting may see that meeting).

The "stand van zaken" column holds the updates as the griffie's lists do (seed 003):
"Update 18-01-2022: ..." per update, newest first. On import each update that the item does
not have yet (same date and text) is appended; nothing already there is touched.
"""

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

import openpyxl
from django.db import transaction

from raadsmemo.lta.forms import parse_month
from raadsmemo.lta.models import OVERSCHREDEN, Kind, LtaItem, Status, StatusUpdate, UpdateKind, today
from raadsmemo.lta.numbering import normalise_number, number_error
from raadsmemo.lta.services import set_indieners
from raadsmemo.meetings.models import Meeting
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
    "maand": "geplande maand",
    "planning": "geplande maand",
    "uiterste datum": "deadline",
    "stand van zaken": "stand van zaken",
}
LABELS = {attr: header for header, attr in COLUMNS} | {"made_in_meeting_id": "vergadering"}
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
DATE_FORMATS = ["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"]
UPDATE_MARK = re.compile(r"(?im)^\s*update:?\s*(\d{1,2}-\d{1,2}-\d{4})\s*:?\s*")
NOT_CSV = (
    "Dit bestand is geen CSV- of Excel-bestand (.xlsx) dat wij kunnen lezen. Sla de lijst op als "
    "CSV (UTF-8) of als Excel-werkmap (.xlsx) en probeer het opnieuw."
)
BINARY_SIGNATURES = {
    b"%PDF": "Dit is een PDF-bestand.",
    b"\x89PNG": "Dit is een afbeelding.",
    b"\xff\xd8\xff": "Dit is een afbeelding.",
    b"GIF8": "Dit is een afbeelding.",
    b"\xd0\xcf\x11\xe0": "Dit is een oud Excel- of Word-bestand (.xls, .doc).",
}


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is Dutch."""


@dataclass
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    message: str


@dataclass
class ImportRow:
    row: int
    values: dict  # attribute -> cleaned value
    updates: list[tuple[dt.date | None, str]]
    item: LtaItem | None = None
    action: str = "ongewijzigd"  # nieuw, gewijzigd, ongewijzigd
    changes: list[str] = field(default_factory=list)  # Dutch column names
    new_updates: list[tuple[dt.date | None, str]] = field(default_factory=list)


@dataclass
class ImportPlan:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {a: self.count(a) for a in ("nieuw", "gewijzigd", "ongewijzigd")}


# Reading files ------------------------------------------------------------------------------


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value:%d-%m-%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(data: bytes) -> list[list[str]]:
    """The rows of a CSV or XLSX file as text (dates as dd-mm-jjjj); raises ImportFileError."""
    if not data.strip():
        raise ImportFileError("Het bestand is leeg.")
    if len(data) > MAX_BYTES:
        raise ImportFileError("Het bestand is groter dan 5 MB. Splits de lijst in delen.")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    for signature, what in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise ImportFileError(f"{what} {NOT_CSV}")
    return _read_csv(data)


def _read_xlsx(data: bytes) -> list[list[str]]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
    except Exception as error:  # a damaged or foreign zip: openpyxl raises many kinds
        raise ImportFileError(
            "Dit Excel-bestand kunnen we niet openen. Is het beschadigd of met een wachtwoord "
            "beveiligd? Sla het opnieuw op als .xlsx of als CSV."
        ) from error
    return rows


def _read_csv(data: bytes) -> list[list[str]]:
    if b"\x00" in data[:8192]:
        raise ImportFileError(NOT_CSV)
    for encoding in ("utf-8-sig", "cp1252"):  # Excel on Windows saves CSV as cp1252
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(NOT_CSV)
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\r\n")
    if controls > 2:
        raise ImportFileError(NOT_CSV)
    first_line = text.lstrip().split("\n", 1)[0]
    delimiter = max([";", ",", "\t"], key=first_line.count)
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as error:
        raise ImportFileError(f"{NOT_CSV} ({error})") from error


# Checking rows ------------------------------------------------------------------------------


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


class _Lookups:
    """Fracties, bestuurders and the items the file names: read once per import."""

    def __init__(self, numbers: list[str], meeting_titles: list[str]):
        self.fracties = {}
        for fractie in Fractie.objects.all():
            self.fracties[fractie.name.lower()] = fractie
            if fractie.full_name:
                self.fracties[fractie.full_name.lower()] = fractie
        self.bestuurders = {}
        for bestuurder in Bestuurder.objects.all():
            self.bestuurders[bestuurder.name.lower()] = bestuurder
            self.bestuurders[str(bestuurder).lower()] = bestuurder
            self.bestuurders.setdefault(bestuurder.name.split()[-1].lower(), bestuurder)
        # (title, date) -> meeting; a title held by two meetings on one day links neither.
        self.meetings: dict[tuple[str, dt.date], Meeting | None] = {}
        for meeting in Meeting.objects.filter(title__in={t for t in meeting_titles if t}):
            key = (meeting.title, meeting.date)
            self.meetings[key] = None if key in self.meetings else meeting
        self.items = {
            item.number: item
            for item in LtaItem.objects.filter(number__in=numbers).prefetch_related(
                "indieningen__fractie", "updates"
            )
        }


KINDS = {**{k.value: k.value for k in Kind}, **{k.label.lower(): k.value for k in Kind}}
STATUSES = {
    **{s.value: s.value for s in Status},
    **{s.label.lower(): s.value for s in Status},
    OVERSCHREDEN: Status.OPEN.value,  # derived on screen; stored as open
}


def _clean_row(row_number: int, cells: dict[str, str], lookups: _Lookups, errors: list[RowError]):
    """The cleaned values of one row, or None when it has errors (added to `errors`)."""
    found: list[RowError] = []

    def error(column, message):
        found.append(RowError(row_number, column, message))

    values: dict = {}
    kind_text = cells.get("soort", "").lower().replace("_", " ")
    kind = KINDS.get(kind_text) or KINDS.get(kind_text.replace(" ", "_"))
    if not kind_text:
        error("soort", "Vul de soort in: toezegging, motie, initiatiefvoorstel of verwacht stuk.")
    elif kind is None:
        error(
            "soort",
            f"Onbekende soort '{cells['soort']}'. Kies uit: toezegging, motie, initiatiefvoorstel, verwacht stuk.",
        )
    values["kind"] = kind
    number = normalise_number(cells.get("nummer", ""))
    if not number:
        error("nummer", "Vul het nummer in, zoals 2019-300 of M-31.")
    elif kind and (problem := number_error(kind, number)):
        error("nummer", f"'{number}': {problem}")
    values["number"] = number
    title = cells.get("titel", "")
    if not title:
        error("titel", "Vul de titel in.")
    elif len(title) > 300:
        error("titel", f"De titel is {len(title)} tekens lang; het mogen er hoogstens 300 zijn.")
    values["title"] = title
    values["text"] = cells.get("tekst", "")
    made_in = cells.get("vergadering", "")
    if len(made_in) > 200:
        error("vergadering", "Hoogstens 200 tekens.")
    values["made_in"] = made_in

    indieners = []
    for name in re.split(r"\s*[,;/]\s*|\s+en\s+", cells.get("indieners", "")):
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
    values["indieners"] = indieners

    name = cells.get("portefeuillehouder", "")
    values["portefeuillehouder"] = None
    if name:
        values["portefeuillehouder"] = lookups.bestuurders.get(name.lower())
        if values["portefeuillehouder"] is None:
            error(
                "portefeuillehouder",
                f"Onbekende portefeuillehouder '{name}'. Voeg die eerst toe onder Bestuurders.",
            )

    for column, attr in (("datum vergadering", "made_on"), ("deadline", "deadline")):
        text = cells.get(column, "")
        values[attr] = None
        if text and not (attr == "deadline" and text.lower() == "onbekend"):
            try:
                values[attr] = _parse_date(text)
            except ValueError as problem:
                error(column, str(problem))
    meeting = lookups.meetings.get((made_in, values["made_on"])) if made_in and values["made_on"] else None
    values["made_in_meeting_id"] = meeting.pk if meeting else None
    if meeting:  # linked: the meeting is the record, as when the griffie picks it in the form
        values["made_in"] = ""
    month = cells.get("geplande maand", "")
    values["planned_month"] = None
    if month:
        values["planned_month"] = parse_month(month) or _month_of_date(month)
        if values["planned_month"] is None:
            error("geplande maand", f"'{month}' is geen maand. Schrijf een maand als 2022-03 of maart 2022.")
    status_text = cells.get("status", "").lower()
    values["status"] = STATUSES.get(status_text) if status_text else None
    if status_text and values["status"] is None:
        error(
            "status",
            f"Onbekende status '{cells['status']}'. Kies uit: open, aangehouden, afgedaan, vervallen.",
        )
    try:
        updates = split_updates(cells.get("stand van zaken", ""))
    except ValueError as problem:
        error("stand van zaken", str(problem))
        updates = []
    errors.extend(found)
    return None if found else (values, updates)


def _month_of_date(text: str) -> dt.date | None:
    try:
        return _parse_date(text).replace(day=1)
    except ValueError:
        return None


def _plan_row(row: ImportRow) -> None:
    """Compare with the register: new, changed (which columns) or unchanged."""
    item, values = row.item, row.values
    existing_updates = list(item.updates.all()) if item else []
    row.new_updates = [
        (date, text)
        for date, text in row.updates
        if not any(_same_text(u.text, text) and (date is None or u.date == date) for u in existing_updates)
    ]
    if item is None:
        row.action = "nieuw"
        return
    if (
        values["made_in_meeting_id"] is None
        and not values["made_in"]
        and item.made_in_meeting_id
        and values["made_on"] == item.made_on
    ):
        # A file exported by someone who may not see the meeting names no meeting: keep the link.
        values["made_in_meeting_id"] = item.made_in_meeting_id
    for attr in (
        "kind",
        "title",
        "text",
        "portefeuillehouder",
        "made_in_meeting_id",
        "made_in",
        "made_on",
        "planned_month",
        "deadline",
    ):
        if getattr(item, attr) != values[attr] and LABELS[attr] not in row.changes:
            row.changes.append(LABELS[attr])
    if [f.pk for f in item.fracties()] != [f.pk for f in values["indieners"]]:
        row.changes.append(LABELS["indieners"])
    if values["status"] and values["status"] != item.status:
        row.changes.append(LABELS["status"])
    if row.new_updates:
        row.changes.append(LABELS["updates"])
    row.action = "gewijzigd" if row.changes else "ongewijzigd"


def plan_import(table: list[list[str]]) -> ImportPlan:
    """Check every row of the file and say what importing it would do. Writes nothing."""
    plan = ImportPlan()
    rows = [r for r in table if any(cell.strip() for cell in r)]
    if not rows:
        plan.errors.append(RowError(1, "", "Het bestand is leeg."))
        return plan
    header = [_header_key(cell) for cell in rows[0]]
    known = {name for name, _ in COLUMNS}
    for name in REQUIRED:
        if name not in header:
            plan.errors.append(
                RowError(
                    1,
                    name,
                    f"De kolom '{name}' ontbreekt in de kopregel. Verplicht zijn: {', '.join(REQUIRED)}.",
                )
            )
    for name in {h for h in header if h in known and header.count(h) > 1}:
        plan.errors.append(RowError(1, name, f"De kolom '{name}' staat twee keer in de kopregel."))
    plan.ignored_columns = [
        cell for cell, key in zip(rows[0], header, strict=True) if key and key not in known
    ]
    if plan.errors:
        return plan
    # Row numbers as in the spreadsheet: blank lines count.
    numbered = [(i, r) for i, r in enumerate(table, start=1) if any(cell.strip() for cell in r)][1:]
    if not numbered:
        plan.errors.append(RowError(1, "", "Het bestand heeft alleen een kopregel en geen items."))
        return plan
    if len(numbered) > MAX_ROWS:
        plan.errors.append(
            RowError(1, "", f"Het bestand heeft meer dan {MAX_ROWS} rijen. Splits het in delen.")
        )
        return plan
    columns = {name: header.index(name) for name in known if name in header}
    records = [
        (n, {name: (r[i].strip() if i < len(r) else "") for name, i in columns.items()}) for n, r in numbered
    ]
    lookups = _Lookups(
        [normalise_number(cells.get("nummer", "")) for _, cells in records],
        [cells.get("vergadering", "") for _, cells in records],
    )
    first_row_of: dict[str, int] = {}
    for row_number, cells in records:
        cleaned = _clean_row(row_number, cells, lookups, plan.errors)
        number = normalise_number(cells.get("nummer", ""))
        if number in first_row_of:
            plan.errors.append(
                RowError(row_number, "nummer", f"Nummer {number} staat ook al in rij {first_row_of[number]}.")
            )
            continue
        if number:
            first_row_of[number] = row_number
        if cleaned is None:
            continue
        values, updates = cleaned
        row = ImportRow(row_number, values, updates, item=lookups.items.get(values["number"]))
        _plan_row(row)
        plan.rows.append(row)
    if plan.errors:
        plan.rows = []
    return plan


# Writing ------------------------------------------------------------------------------------


@transaction.atomic
def lta_import(*, table: list[list[str]], by) -> ImportPlan:
    """Import the file: all rows or, when any row has an error, none. Returns what was done."""
    plan = plan_import(table)
    if plan.errors:
        return plan
    on = today()
    for row in plan.rows:
        if row.action == "ongewijzigd":
            continue
        values = {k: v for k, v in row.values.items() if k != "indieners"}
        if row.item is None:
            values["status"] = values["status"] or Status.OPEN
            item = LtaItem(**values, created_by=by)
            item.save()
            set_indieners(item, row.values["indieners"])
        else:
            item = row.item
            fields = []
            for attr, value in values.items():
                if attr == "status" and (not value or value == item.status):
                    continue
                if attr == "status":
                    StatusUpdate.objects.create(
                        item=item,
                        kind=UpdateKind.STATUS,
                        date=on,
                        text=f"Status gewijzigd van {item.get_status_display().lower()} naar "
                        f"{Status(value).label.lower()} (import).",
                        author=by,
                    )
                if getattr(item, attr) != value:
                    setattr(item, attr, value)
                    fields.append(attr)
            item.save(update_fields=[*fields, "updated_at"])
            if LABELS["indieners"] in row.changes:
                set_indieners(item, row.values["indieners"])
        # The file lists updates newest first; append oldest first, so the log grows in order.
        for date, text in reversed(row.new_updates):
            StatusUpdate.objects.create(item=item, date=date or on, text=text, author=by)
    return plan


def export_rows(items) -> list[list]:
    """The header and one row per item (dates as dates), for CSV or XLSX.

    Pass items with made_in_meeting prefetched as the exporting user may see it
    (meeting_links.visible_meetings_prefetch): a hidden meeting is exported as its date only.
    """
    rows: list[list] = [[header for header, _ in COLUMNS]]
    for item in items:
        updates = "\n".join(f"Update {u.date:%d-%m-%Y}: {u.text}" for u in item.updates.all())
        rows.append(
            [
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
        )
    return rows


def export_csv(items) -> bytes:
    """Semicolon-separated UTF-8 with a byte order mark: what Dutch Excel opens correctly."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in export_rows(items):
        writer.writerow(
            _cell_text(v) if isinstance(v, dt.date) else (v if v is not None else "") for v in row
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_xlsx(items) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "LTA"
    for row in export_rows(items):
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD-MM-YYYY"  # shown as 18-01-2022 in Excel
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
