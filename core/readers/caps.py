"""What every upload reader shares: the caps it stops at, the rows it returns, and how it declares its format.

The app is one shared server, so a reader must stop as soon as a file passes a cap (rows, columns, cell size,
nesting depth, unzipped size) rather than parse everything first: one hostile upload must not stall every other
visitor. Each reader returns `Rows` (header + data rows as strings) or a plain-language error string, and adds
a note naming every cap it applied. Each reader module declares its `FORMAT` (a label and the file suffixes it
reads); `core.readers.frames` collects them into the one list the uploader and every message read from.
"""
from __future__ import annotations

from dataclasses import dataclass, field


NOT_TEXT = "It is not readable text."  # the reader's answer; the table layer adds which formats it does read


@dataclass(frozen=True)
class Format:
    """One upload format. Example: Format("JSON", ("json", "jsonl", "ndjson"))"""

    label: str
    suffixes: tuple[str, ...]


@dataclass(frozen=True)
class UploadCaps:
    rows: int = 20_000  # data rows kept; the pages cap what they analyse well below this anyway
    columns: int = 300  # no agenda or feedback export comes near this
    cell_chars: int = 131_072  # per cell while reading (the csv module's default); pages cut text shorter still
    json_depth: int = 3  # levels of nested objects flattened into "a.b.c" columns; deeper values stay as text
    xlsx_unzipped_mb: int = 300  # all parts of a workbook, unzipped: stops zip bombs before any XML is parsed
    xlsx_strings_mb: int = 40  # openpyxl reads the shared-strings part whole, even in read-only mode


UPLOAD_CAPS = UploadCaps()


@dataclass
class Rows:
    header: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)


class CapNotes:
    """Counts what each cap cut, so one note per cap reaches the user instead of one per cell."""

    def __init__(self, caps: UploadCaps):
        self.caps = caps
        self.cut_cells = 0
        self.wide_rows = 0

    def cell(self, value: str) -> str:
        if "\x00" in value:  # NUL breaks spreadsheets and terminals downstream; it is never meaningful text
            value = value.replace("\x00", "")
        if len(value) > self.caps.cell_chars:
            self.cut_cells += 1
            return value[: self.caps.cell_chars]
        return value

    def notes(self) -> list[str]:
        out = []
        if self.cut_cells:
            out.append(f"{count(self.cut_cells, 'cell')} over {self.caps.cell_chars:,} characters (the limit per "
                       f"cell) {'was' if self.cut_cells == 1 else 'were'} cut.")
        if self.wide_rows:
            out.append(f"{count(self.wide_rows, 'row')} with cells beyond the header's columns or past the column "
                       "limit "
                       f"({self.caps.columns:,}): only the cells under the header were read.")
        return out


def count(n: int, thing: str) -> str:
    """Example: count(1, "row") -> "1 row", count(2_000, "row") -> "2,000 rows"."""
    return f"{n:,} {thing}" + ("" if n == 1 else "s")


def rows_note(caps: UploadCaps, more: str = "") -> str:
    return f"The file has more than {caps.rows:,} rows{more}; only the first {caps.rows:,} are used (the row limit)."


