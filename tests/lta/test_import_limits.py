"""Files that would tie up a worker are refused fast: by size while they stream in, by the zip's
declared sizes, and by counting a sheet's rows only up to the limit."""

import io
import time
import tracemalloc
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.test.client import BOUNDARY, MULTIPART_CONTENT
from django.urls import reverse

from raadsmemo.lta.models import LtaImport

URL = reverse("lta:import")
PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook'
    '.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
    'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml'
    '.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="LTA" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
    'org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def xlsx(sheet_rows, *, extra: dict | None = None) -> bytes:
    """A minimal workbook whose one sheet holds a header and then `sheet_rows` (XML strings)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>nummer</t></is>'
                b"</c></row>"
            )
            for chunk in sheet_rows:
                sheet.write(chunk.encode())
            sheet.write(b"</sheetData></worksheet>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.fixture(scope="module")
def million_rows() -> bytes:
    """A million rows without cells, as a spreadsheet that was formatted to its last row saves them."""
    data = xlsx("<row/>" * 10_000 for _ in range(100))
    assert len(data) < 426 * 1024
    return data


def upload(client, data: bytes, name: str):
    return client.post(URL, {"file": SimpleUploadedFile(name, data)})


@pytest.mark.django_db
def test_an_xlsx_of_a_million_rows_is_refused_within_a_second(griffie_client, million_rows):
    started = time.perf_counter()
    response = upload(griffie_client, million_rows, "leeg.xlsx")
    elapsed = time.perf_counter() - started
    assert "Het werkblad heeft meer dan 10.000 rijen (lege rijen tellen mee)." in response.content.decode()
    assert elapsed < 1, elapsed
    assert not LtaImport.objects.exists()


@pytest.mark.django_db
def test_a_zip_bomb_is_refused_by_its_declared_size_within_a_second(griffie_client):
    bomb = xlsx([], extra={"xl/media/image1.bin": b"\0" * (50 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    started = time.perf_counter()
    response = upload(griffie_client, bomb, "bom.xlsx")
    elapsed = time.perf_counter() - started
    assert "Dit Excel-bestand pakt uit tot meer dan 40 MB." in response.content.decode()
    assert elapsed < 1, elapsed


@pytest.mark.django_db
def test_a_sheet_of_too_many_cells_is_refused(griffie_client):
    wide = "<row>" + '<c t="inlineStr"><is><t>x</t></is></c>' * 1000 + "</row>"
    response = upload(griffie_client, xlsx([wide] * 300), "breed.xlsx")
    assert (
        "Het werkblad heeft meer cellen dan een lijst van 5.000 rijen nodig heeft."
        in response.content.decode()
    )


class StreamedUpload:
    """A multipart body of `size` bytes made while it is read, as a browser's upload arrives."""

    def __init__(self, name: str, size: int):
        self.head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: text/csv\r\n\r\nnummer;soort;titel\n"
        ).encode()
        self.tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.left = size
        self.length = len(self.head) + size + len(self.tail)

    def read(self, n: int = -1) -> bytes:
        n = 64 * 1024 if n is None or n < 0 else n
        if self.head:
            part, self.head = self.head[:n], self.head[n:]
            return part
        if self.left:
            part = min(n, self.left)
            self.left -= part
            return b"x" * part
        part, self.tail = self.tail[:n], self.tail[n:]
        return part

    readline = read  # Django's LimitedStream asks for it; the multipart parser reads in chunks


@pytest.mark.django_db
def test_a_60_mb_upload_is_refused_without_being_read_whole(griffie_client, monkeypatch):
    stored = []  # what reaches the handler that writes uploads to a temporary file
    keep = TemporaryFileUploadHandler.receive_data_chunk
    monkeypatch.setattr(
        TemporaryFileUploadHandler,
        "receive_data_chunk",
        lambda self, data, start: stored.append(len(data)) or keep(self, data, start),
    )
    body = StreamedUpload("groot.csv", 60 * 1024 * 1024)
    tracemalloc.start()
    try:
        response = griffie_client.generic(
            "POST",
            URL,
            CONTENT_LENGTH=str(body.length),
            CONTENT_TYPE=MULTIPART_CONTENT,
            **{"wsgi.input": body},
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert body.left == 0  # the whole request went by
    assert "Het bestand is groter dan 5 MB. Splits de lijst in delen." in response.content.decode()
    assert peak < 10 * 1024 * 1024, peak  # in chunks: none of it was kept in memory
    assert sum(stored) <= settings.FILE_UPLOAD_MAX_SIZE  # nor written to disk past the limit
    assert not LtaImport.objects.exists()


@pytest.mark.django_db
def test_a_60_mb_form_post_without_files_is_refused_before_it_is_read(griffie_client):
    body = StreamedUpload("x.csv", 60 * 1024 * 1024)
    response = griffie_client.generic(
        "POST",
        URL,
        CONTENT_LENGTH=str(body.length),
        CONTENT_TYPE="application/x-www-form-urlencoded",
        **{"wsgi.input": body},
    )
    assert response.status_code == 400
    assert body.left > 59 * 1024 * 1024  # refused on its declared length, hardly read


@pytest.mark.django_db
def test_an_xlsx_with_an_entity_expansion_is_refused(griffie_client):
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    sheet = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]><worksheet xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&i;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    started = time.perf_counter()
    response = upload(griffie_client, out.getvalue(), "lol.xlsx")
    assert "Dit Excel-bestand kunnen we niet openen." in response.content.decode()
    assert time.perf_counter() - started < 1
