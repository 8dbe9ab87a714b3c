"""Hostile, broken and absurd uploads, shared by tests/test_hostile_uploads.py (messages) and bench/uploads.py
(time). Each case builds its file at two sizes: `full` is what an attacker or an unlucky export would send, the
small one still crosses the same cap so the test suite stays quick.
"""
from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from typing import Callable, Iterable

import pandas as pd

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[bool], tuple[bytes, str]]  # full size? -> (file bytes, file name)
    expect: str  # words the user must see, in the error or in a note
    readable: bool  # True when rows must still come through


def column(n: int) -> str:
    """Example: 1 -> "A", 28 -> "AB", 16384 -> "XFD"."""
    name = ""
    while n:
        n, rest = divmod(n - 1, 26)
        name = chr(65 + rest) + name
    return name


def cell(ref: str, value) -> str:
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def row(r: int, values: list, start: int = 1) -> str:
    return f'<row r="{r}">' + "".join(cell(f"{column(start + i)}{r}", v) for i, v in enumerate(values)) + "</row>"


def workbook(rows: Iterable[str], shared_strings: Iterable[str] | None = None, external_link: bool = False,
             level: int = 6) -> bytes:
    """A minimal .xlsx written part by part, so a sheet of millions of rows never sits in memory as XML."""
    buf = io.BytesIO()
    overrides = ('<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                 'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
                 '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
    rels = f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    if shared_strings is not None:
        overrides += ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                      'officedocument.spreadsheetml.sharedStrings+xml"/>')
        rels += f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    links = ""
    if external_link:
        rels += f'<Relationship Id="rId3" Type="{REL}/externalLink" Target="externalLinks/externalLink1.xml"/>'
        links = '<externalReferences><externalReference r:id="rId3"/></externalReferences>'
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
                   'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/'
                   f'xml"/>{overrides}</Types>')
        z.writestr("_rels/.rels", f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" '
                   'Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="Sessions" '
                   f'sheetId="1" r:id="rId1"/></sheets>{links}</workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{PKG}">{rels}</Relationships>')
        if external_link:
            z.writestr("xl/externalLinks/externalLink1.xml", f'<externalLink xmlns="{MAIN}" xmlns:r="{REL}">'
                       '<externalBook r:id="rId1"/></externalLink>')
            z.writestr("xl/externalLinks/_rels/externalLink1.xml.rels", f'<Relationships xmlns="{PKG}"><Relationship '
                       f'Id="rId1" Type="{REL}/externalLinkPath" Target="http://attacker.invalid/book.xlsx" '
                       'TargetMode="External"/></Relationships>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<worksheet xmlns="{MAIN}"><sheetData>'.encode())
            for chunk in _batched(rows):
                sheet.write(chunk.encode())
            sheet.write(b"</sheetData></worksheet>")
        if shared_strings is not None:
            with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
                part.write(f'<sst xmlns="{MAIN}">'.encode())
                for chunk in _batched(f"<si><t>{s}</t></si>" for s in shared_strings):
                    part.write(chunk.encode())
                part.write(b"</sst>")
    return buf.getvalue()


def _batched(pieces: Iterable[str], size: int = 1 << 20) -> Iterable[str]:
    batch, length = [], 0
    for piece in pieces:
        batch.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(batch)
            batch, length = [], 0
    if batch:
        yield "".join(batch)


def pandas_xlsx(sheets: dict[str, pd.DataFrame]) -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf) as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
    return buf.getvalue()


def _sessions(n: int) -> Iterable[str]:
    yield row(1, ["title", "room"])
    for i in range(2, n + 2):
        yield row(i, [f"Talk {i}", "Hall"])


def _lines(header: str, n: int, line: str) -> bytes:
    return (header + "\n" + "".join(line.format(i=i) + "\n" for i in range(n))).encode()


def _size(full: bool, big: int, small: int) -> int:
    return big if full else small


MB = 1 << 20
CASES = [
    # -- CSV: size and shape
    Case("csv: one 30 MB field and nothing else", lambda f: (b"x" * _size(f, 30 * MB, 3 * MB), "notes.csv"),
         "not a table with a header row", False),
    Case("csv: a 30 MB comment under a header", lambda f: (b"comment\n" + b"x" * _size(f, 30 * MB, 3 * MB) + b"\n",
                                                          "feedback.csv"), "before any row could be used", False),
    Case("csv: 2,000,000 rows", lambda f: (_lines("text", _size(f, 2_000_000, 200_000), "comment {i}"), "big.csv"),
         "more than 20,000 rows", True),
    Case("csv: a million columns in the header", lambda f: (b",".join(b"c%d" % i for i in range(_size(
        f, 1_000_000, 100_000))) + b"\n1\n", "wide.csv"), "the limit is 300", False),
    Case("csv: one data row of 3,000,000 cells", lambda f: (b"title,room\nA,B\n" + b"x," * _size(f, 3_000_000,
                                                           300_000) + b"\nC,D\n", "ragged.csv"), "skipped", True),
    Case("csv: a million blank lines after the header", lambda f: (b"title\n" + b"\n" * _size(f, 1_000_000, 100_000),
                                                                  "blank.csv"), "no data rows", False),
    Case("csv: only separators", lambda f: (b",,,,\n,,,,\n" * 1000, "commas.csv"), "empty", False),
    Case("csv: a quote that never closes", lambda f: (b'title,room\n"Opening,Hall\n' + b"Talk,Room\n" * _size(
        f, 200_000, 20_000), "quote.csv"), "never closed", False),
    Case("csv: a long comment after good rows", lambda f: (b"comment\nGood talk\n" + b"y" * _size(f, 30 * MB, MB) +
                                                          b"\nLater\n", "late.csv"), "The 1 row before it was kept",
         True),
    Case("csv: a quote that swallows 500 lines", lambda f: (b'title,room\n"Opening,Hall\n' + b"Talk,Room\n" * 500,
                                                           "quote2.csv"), "probably never closed", True),
    Case("csv: NUL bytes after the first 4 KB", lambda f: (b"title\n" + b"Talk\n" * 2000 + b"Bad\x00Talk\n",
                                                          "nul.csv"), "", True),
    Case("csv: file over the 50 MB limit", lambda f: (b"title\n" + b"x" * (51 * MB), "huge.csv"), "limit is 50 MB",
         False),
    # -- CSV: encodings
    Case("csv: UTF-8 and Windows-1252 lines mixed", lambda f: ("title\nCafé talk\n".encode() + "Crème talk\n".encode(
        "cp1252"), "mixed.csv"), "mixes encodings", True),
    Case("csv: Windows-1252 throughout", lambda f: ("title\nCrème talk\n".encode("cp1252"), "win.csv"), "cp1252",
         True),
    Case("csv: UTF-16 without a byte-order mark", lambda f: ("title\nTalk\n".encode("utf-16-le"), "u16.csv"),
         "not readable text", False),
    Case("csv: UTF-16 mark then broken bytes", lambda f: (b"\xff\xfe" + b"t\x00i\x00\x00\xd8", "u16bad.csv"),
         "not readable text", False),
    Case("csv: a spreadsheet renamed .csv", lambda f: (pandas_xlsx({"S": pd.DataFrame({"title": ["A"]})}), "x.csv"),
         "", True),
    Case("csv: an old binary Excel file renamed .csv", lambda f: (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
                                                                  "x.csv"), "not readable text", False),
    # -- JSON
    Case("json: arrays nested 100,000 deep", lambda f: (b"[" * 100_000 + b"]" * 100_000, "deep.json"),
         "nested far more deeply", False),
    Case("json: records nested 5,000 deep", lambda f: (b'[{"a": ' * 5000 + b"1" + b"}]" * 5000, "deep.json"),
         "nested far more deeply", False),
    Case("json: a field nested 500 deep", lambda f: (json.dumps([{"title": "A", "meta": _nest(500)}]).encode(),
                                                    "n.json"), "", True),
    Case("json: duplicate keys", lambda f: (b'[{"title": "First", "title": "Second"}]', "dup.json"),
         "repeat a key", True),
    Case("json: 1,000,000 records", lambda f: (json.dumps([{"title": f"T{i}"} for i in range(_size(
        f, 1_000_000, 100_000))]).encode(), "many.json"), "more than 20,000 rows", True),
    Case("json: a record with 100,000 keys", lambda f: (json.dumps([{f"k{i}": i for i in range(_size(
        f, 100_000, 20_000))}]).encode(), "keys.json"), "column limit", True),
    Case("json: a 30 MB string", lambda f: (json.dumps([{"comment": "x" * _size(f, 30 * MB, 3 * MB)}]).encode(),
                                           "s.json"), "cut.", True),
    Case("json: a number 5,000 digits long", lambda f: (b'[{"n": 1' + b"0" * 5000 + b"}]", "n.json"),
         "too long", False),
    Case("json: NaN and Infinity", lambda f: (b'[{"title": "A", "score": NaN, "max": Infinity}]', "nan.json"), "",
         True),
    Case("json: JSON Lines", lambda f: (b'{"title": "A"}\n{"title": "B"}\n', "x.jsonl"), "", True),
    Case("json: broken", lambda f: (b'{"sessions": [', "x.json"), "could not be parsed", False),
    Case("json: a lone string", lambda f: (b'"hello"', "x.json"), "list of records", False),
    Case("json: an empty list", lambda f: (b"[]", "x.json"), "list of records", False),
    # -- XLSX
    Case("xlsx: zip bomb, 1 GB of rows unzipped", lambda f: (workbook(_bomb_rows(_size(f, 1024, 310)), level=9),
                                                             "bomb.xlsx"), "unzips to", False),
    Case("xlsx: shared-strings bomb", lambda f: (workbook([row(1, ["title"])], ("x" * 1000 for _ in range(_size(
        f, 200_000, 45_000))), level=9), "sst.xlsx"), "text takes", False),
    Case("xlsx: 2,000,000 rows", lambda f: (workbook(_sessions(_size(f, 2_000_000, 100_000)), level=1), "big.xlsx"),
         "more than 20,000 rows", True),
    Case("xlsx: a cell in the last column, XFD", lambda f: (workbook([row(1, ["title"]), row(2, ["A"]), '<row r="3">'
                                                                 + cell("A3", "B") + cell("XFD3", "x") + "</row>"]),
                                                        "xfd.xlsx"), "", True),
    Case("xlsx: rows wider than the header", lambda f: (workbook([row(1, ["title"]), row(2, ["A", "extra"])]),
                                                        "wider.xlsx"), "beyond the header", True),
    Case("xlsx: one cell a million rows down", lambda f: (workbook([row(1, ["title"]), row(2, ["A"]), row(1_048_576,
                                                                   ["x"])]), "far.xlsx"), "empty rows", True),
    Case("xlsx: formulas with saved results", lambda f: (workbook([row(1, ["title", "sum"]), '<row r="2"><c r="A2" '
                                                                   't="inlineStr"><is><t>A</t></is></c><c r="B2"><f>1+1'
                                                                   '</f><v>2</v></c></row>']), "f.xlsx"), "", True),
    Case("xlsx: a link to another workbook", lambda f: (workbook([row(1, ["title", "ref"]), '<row r="2"><c r="A2" '
                                                                  't="inlineStr"><is><t>A</t></is></c><c r="B2"><f>[1]'
                                                                  'Sheet1!A1</f><v>7</v></c></row>'],
                                                                 external_link=True),
                                                        "link.xlsx"), "", True),
    Case("xlsx: Excel dates", lambda f: (pandas_xlsx({"S": pd.DataFrame({"title": ["A"], "start": [pd.Timestamp(
        "2026-06-11 09:30")]})}), "dates.xlsx"), "", True),
    Case("xlsx: a 200,000-character cell", lambda f: (workbook([row(1, ["comment"]), row(2, ["y" * 200_000])]),
                                                      "cell.xlsx"), "cut.", True),
    Case("xlsx: first sheet empty", lambda f: (pandas_xlsx({"Cover": pd.DataFrame(), "Sessions": pd.DataFrame(
        {"title": ["A"]})}), "two.xlsx"), "using the first with data", True),
    Case("xlsx: empty workbook", lambda f: (pandas_xlsx({"S": pd.DataFrame()}), "e.xlsx"), "no data", False),
    Case("xlsx: not a zip at all", lambda f: (b"PK\x03\x04 not really a zip", "x.xlsx"), "could not be opened", False),
    Case("xlsx: a CSV renamed .xlsx", lambda f: (b"title\nA\n", "x.xlsx"), "could not be opened", False),
    Case("xlsx: a password-protected or .xls file", lambda f: (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
                                                               "x.xlsx"), "password", False),
    Case("xls: old Excel format", lambda f: (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "x.xls"),
         "not supported", False),
    # -- valid but absurd
    Case("absurd: 20,000 copies of one session", lambda f: (_lines("title,room", 20_000, "Same talk,Hall"),
                                                            "same.csv"), "", True),
    Case("absurd: HTML and script in every cell", lambda f: (b"title,abstract\n<script>alert(1)</script>,<b>x</b>\n",
                                                             "html.csv"), "", True),
]


def _nest(depth: int):
    value: dict = {"leaf": 1}
    for _ in range(depth):
        value = {"a": value}
    return value


def _bomb_rows(mb: int) -> Iterable[str]:
    yield row(1, ["title"])
    line = row(2, ["x" * 1000])
    for _ in range(mb * MB // len(line)):
        yield line
