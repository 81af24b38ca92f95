"""Spreadsheets in and out: reading an uploaded CSV or XLSX safely, writing one safely.

Reading refuses, before it parses anything large, what would tie up a worker: a file over the
size limit (checked on the upload's size, so it is never read whole), a zip whose members claim
to unpack to more than we accept (a zip bomb), a sheet with more rows than the limit (a 426 KB
XLSX can hold a million rows; we stop reading at the limit).

Writing neutralises formula injection as OWASP describes it
(https://owasp.org/www-community/attacks/CSV_Injection): a text cell that starts with = + - @,
a tab or a carriage return would run as a formula in Excel or LibreOffice. In CSV such a cell
gets a leading apostrophe; in XLSX every text cell is written as a string, never as a formula.
`unneutralise` takes the apostrophe off again, so our own import reads an export back unchanged.
"""

import csv
import datetime as dt
import io
import re
import zipfile

import openpyxl
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

MAX_BYTES = 5 * 1024 * 1024
# Rows as the sheet numbers them, blank rows included; the import plans at most MAX_ROWS items.
MAX_SHEET_ROWS = 10_000
MAX_COLUMNS = 60
MAX_SHEET_CELLS = 250_000  # 5,000 rows of 50 cells
# An .xlsx is a zip: what its members say they unpack to, together, and how many there are.
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_ZIP_MEMBERS = 200

NOT_A_TABLE = (
    "Dit bestand is geen CSV- of Excel-bestand (.xlsx) dat wij kunnen lezen. Sla de lijst op als "
    "CSV (UTF-8) of als Excel-werkmap (.xlsx) en probeer het opnieuw."
)
BAD_XLSX = (
    "Dit Excel-bestand kunnen we niet openen. Is het beschadigd of met een wachtwoord "
    "beveiligd? Sla het opnieuw op als .xlsx of als CSV."
)
TOO_MANY_ROWS = (
    f"Het werkblad heeft meer dan {MAX_SHEET_ROWS:,} rijen (lege rijen tellen mee). ".replace(",", ".")
    + "Verwijder de lege rijen onderaan of splits de lijst in delen."
)
TOO_MANY_CELLS = (
    "Het werkblad heeft meer cellen dan een lijst van 5.000 rijen nodig heeft. Sla alleen de kolommen "
    "en rijen van de lijst op, als .xlsx of als CSV."
)
BINARY_SIGNATURES = {
    b"%PDF": "Dit is een PDF-bestand.",
    b"\x89PNG": "Dit is een afbeelding.",
    b"\xff\xd8\xff": "Dit is een afbeelding.",
    b"GIF8": "Dit is een afbeelding.",
    b"\xd0\xcf\x11\xe0": "Dit is een oud Excel- of Word-bestand (.xls, .doc).",
}
# OWASP: cells starting with these are read as formulas by spreadsheet programs.
FORMULA_START = "=+-@\t\r"
_NEUTRALISED = re.compile(rf"'+[{re.escape(FORMULA_START)}]")


class TableFileError(Exception):
    """The file as a whole cannot be read; the message is Dutch."""


def size_error(size: int) -> str:
    """The Dutch refusal for a file over MAX_BYTES, or ""."""
    if size > MAX_BYTES:
        return f"Het bestand is groter dan {MAX_BYTES // (1024 * 1024)} MB. Splits de lijst in delen."
    return ""


def read_table(upload) -> list[list[str]]:
    """The rows of an uploaded CSV or XLSX as text (dates as dd-mm-jjjj); raises TableFileError.

    `upload` is a file object with a `size` (Django's UploadedFile); it is read only after the
    size has been checked, and an XLSX only after its zip directory has been checked.
    """
    if problem := size_error(upload.size):
        raise TableFileError(problem)
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"PK\x03\x04"):
        return _read_xlsx(upload)
    for signature, what in BINARY_SIGNATURES.items():
        if head.startswith(signature):
            raise TableFileError(f"{what} {NOT_A_TABLE}")
    data = upload.read(MAX_BYTES + 1)
    if not data.strip():
        raise TableFileError("Het bestand is leeg.")
    return _read_csv(data)


def cell_text(value) -> str:
    """A cell as the import reads it: text, dates as dd-mm-jjjj, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value:%d-%m-%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _check_zip(upload) -> None:
    """Refuse a zip that promises more than we unpack, or a sheet with too many rows or cells.

    Only the zip's directory is read for the first check. zipfile stops a member at the size
    its directory declares (and fails on the checksum), so a member that lies about its size
    cannot unpack to more than it declared. The sheets are then counted as a stream, stopping at
    the limit: openpyxl would otherwise walk every row of every sheet while opening the file
    (to size it, even in read-only mode), and a 426 KB file can hold a million rows.
    """
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
                raise TableFileError(
                    "Dit Excel-bestand pakt uit tot meer dan "
                    f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB. Zo groot is een lijst niet: sla alleen "
                    "het werkblad met de lijst op, als .xlsx of als CSV."
                )
            for member in members:
                if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                    with archive.open(member) as sheet:
                        _count_sheet(sheet)
    except (
        zipfile.BadZipFile,
        ElementTree.ParseError,
        DefusedXmlException,
        OSError,
        ValueError,
        EOFError,
    ) as error:
        raise TableFileError(BAD_XLSX) from error
    upload.seek(0)


def _count_sheet(sheet) -> None:
    rows = cells = 0
    for _, element in ElementTree.iterparse(sheet, events=("end",)):
        tag = element.tag.rpartition("}")[2]
        if tag == "c":
            cells += 1
        elif tag == "row":
            rows += 1
            element.clear()  # keep memory flat while counting
        if rows > MAX_SHEET_ROWS or cells > MAX_SHEET_CELLS:
            raise TableFileError(TOO_MANY_ROWS if rows > MAX_SHEET_ROWS else TOO_MANY_CELLS)


def _read_xlsx(upload) -> list[list[str]]:
    _check_zip(upload)
    try:
        workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # a damaged or foreign zip: openpyxl raises many kinds
        raise TableFileError(BAD_XLSX) from error
    try:
        sheet = workbook.worksheets[0]
        # The dimension the sheet declares is a cheap first check; it may be missing or wrong,
        # so the loop below counts as well.
        if (sheet.max_row or 0) > MAX_SHEET_ROWS:
            raise TableFileError(TOO_MANY_ROWS)
        rows = []
        for row in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
            if len(rows) == MAX_SHEET_ROWS:
                raise TableFileError(TOO_MANY_ROWS)
            rows.append([cell_text(v) for v in row])
    except TableFileError:
        raise
    except Exception as error:
        raise TableFileError(BAD_XLSX) from error
    finally:
        workbook.close()
    return rows


def _read_csv(data: bytes) -> list[list[str]]:
    if b"\x00" in data[:8192]:
        raise TableFileError(NOT_A_TABLE)
    for encoding in ("utf-8-sig", "cp1252"):  # Excel on Windows saves CSV as cp1252
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TableFileError(NOT_A_TABLE)
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\r\n")
    if controls > 2:
        raise TableFileError(NOT_A_TABLE)
    first_line = text.lstrip().split("\n", 1)[0]
    delimiter = max([";", ",", "\t"], key=first_line.count)
    rows = []
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            if len(rows) == MAX_SHEET_ROWS:
                raise TableFileError(TOO_MANY_ROWS)
            rows.append([unneutralise(cell.strip()) for cell in row[:MAX_COLUMNS]])
    except csv.Error as error:
        raise TableFileError(f"{NOT_A_TABLE} ({error})") from error
    return rows


# Writing ------------------------------------------------------------------------------------


def neutralise(text: str) -> str:
    """A text cell that a spreadsheet will not run as a formula (OWASP: a leading apostrophe).

    Text that already starts with apostrophes before such a character gets one more, so that
    `unneutralise` can always take exactly one off.
    """
    return f"'{text}" if _NEUTRALISED.match(f"'{text}") else text


def unneutralise(text: str) -> str:
    """Undo `neutralise`: "'=1+1" -> "=1+1"; "'s-Hertogenbosch" stays as it is."""
    return text[1:] if _NEUTRALISED.match(text) else text


def _printable(text: str) -> str:
    # XML 1.0 cannot hold most control characters; openpyxl refuses them instead of writing them.
    return ILLEGAL_CHARACTERS_RE.sub("", text)


class _Line:
    """A file for csv.writer that hands back what it is given: one line at a time, never the file."""

    def write(self, text: str) -> str:
        return text


def csv_cells(row) -> list[str]:
    """A row as CSV cells: dates as dd-mm-jjjj, text with formulas neutralised."""
    return ["" if v is None else cell_text(v) if isinstance(v, dt.date) else neutralise(str(v)) for v in row]


def csv_lines(rows):
    """Semicolon-separated UTF-8 with a byte order mark (what Dutch Excel opens), formulas
    neutralised: the encoded lines one by one, so a long export is never held whole."""
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff".encode()
    for row in rows:
        yield writer.writerow(csv_cells(row)).encode("utf-8")


def write_csv(rows) -> bytes:
    """The whole CSV of `csv_lines` at once."""
    return b"".join(csv_lines(rows))


def write_xlsx(rows, *, title: str, to=None) -> bytes | None:
    """One sheet with a frozen header row; text always as string cells, dates as dates.

    Written in openpyxl's write-only mode: each row goes to disk as it comes, so the size of the
    sheet does not weigh on memory. With `to` (a file opened for binary writing) the workbook is
    written there and nothing is returned; else its bytes are returned.
    """
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v) for v in row])
    if to is not None:
        workbook.save(to)
        return None
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_cell(sheet, value):
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=_printable(value))
        # openpyxl makes any text that starts with "=" a formula (<f>); this keeps it text.
        # quotePrefix keeps it text in Excel even after someone edits the cell.
        cell.data_type = "s"
        if cell.value[:1] in FORMULA_START:
            cell.quotePrefix = True
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD-MM-YYYY"  # shown as 18-01-2022 in Excel
        return cell
    return value
