"""Reading the tables organisers upload, with a plain-language note for every problem, and the one list of
upload formats (`READERS`) that the uploader, its labels and every message read from.

`read_table` never raises on bad input: it returns an empty frame and a reason instead, so a page can show
the reason and carry on.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from typing import Callable

import pandas as pd

from core.readers import csv_reader, json_reader, xlsx_reader
from core.readers.caps import UPLOAD_CAPS, NOT_TEXT, UploadCaps, Format, Rows

log = logging.getLogger(__name__)
MAX_FILE_BYTES = 50 * 2**20  # the same as maxUploadSize in .streamlit/config.toml, for scripts that skip the page
MAX_ROWS = UPLOAD_CAPS.rows
MAX_CELL_CHARS = 5_000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# Every format an upload may be in, in the order the uploader names them. A file whose suffix is not listed is
# read as CSV, the format most tools fall back to.
READERS: tuple[tuple[Format, Callable[[bytes, UploadCaps], Rows | str]], ...] = (
    (csv_reader.FORMAT, csv_reader.read_csv),
    (xlsx_reader.FORMAT, xlsx_reader.read_xlsx),
    (json_reader.FORMAT, json_reader.read_json),
)


def suffixes() -> list[str]:
    """Every file suffix an upload may have. Example: ["csv", "tsv", "xlsx", "json", "jsonl", "ndjson"]"""
    return [suffix for fmt, _ in READERS for suffix in fmt.suffixes]


def formats_phrase() -> str:
    """The formats in words, for labels and messages. Example: "CSV, XLSX or JSON" """
    labels = [fmt.label for fmt, _ in READERS]
    return ", ".join(labels[:-1]) + f" or {labels[-1]}" if len(labels) > 1 else labels[0]


def _reader(suffix: str) -> Callable[[bytes, UploadCaps], Rows | str]:
    return next((read for fmt, read in READERS if suffix in fmt.suffixes), csv_reader.read_csv)


@dataclass
class TableResult:
    frame: pd.DataFrame
    notes: list[str] = field(default_factory=list)  # things we fixed or dropped, worth telling the user
    error: str | None = None  # set when nothing usable was read

    @property
    def ok(self) -> bool:
        return self.error is None


def read_table(data: bytes, filename: str, max_rows: int = MAX_ROWS) -> TableResult:
    """Read an uploaded file into a frame of strings, stopping early at every cap in `core.readers.caps.UploadCaps`.

    Example: read_table(b"title\\nKeynote\\n", "agenda.csv").frame -> one row, column "title".
    """
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else "csv"
    if not data or data.isspace():
        return TableResult(pd.DataFrame(), error="The file is empty.")
    if len(data) > MAX_FILE_BYTES:
        return TableResult(pd.DataFrame(), error=f"The file is {len(data) / 2**20:,.0f} MB; the limit is "
                                                 f"{MAX_FILE_BYTES // 2**20} MB. Upload a smaller export.")
    if suffix == "xls":
        return TableResult(pd.DataFrame(), error="Old Excel .xls files are not supported. Save it as .xlsx or CSV.")
    if data.startswith(b"PK\x03\x04"):
        suffix = "xlsx"  # a workbook saved with the wrong name; zipped CSV or JSON exports do not exist
    caps = UPLOAD_CAPS if max_rows == UPLOAD_CAPS.rows else replace(UPLOAD_CAPS, rows=max_rows)
    try:
        rows = _reader(suffix)(data, caps)
    except MemoryError:
        return TableResult(pd.DataFrame(), error="The file is too large to read on this server. Upload a smaller "
                                                 "export.")
    except Exception as exc:  # a reader bug must still reach the page as a message, never a traceback
        log.exception("reading %s failed", filename)
        return TableResult(pd.DataFrame(), error=f"The file could not be read ({type(exc).__name__}). Save it as "
                                                 "CSV (UTF-8) and upload it again.")
    if rows == NOT_TEXT:
        return TableResult(pd.DataFrame(), error=f"{NOT_TEXT} Upload a {formats_phrase()} export.")
    if isinstance(rows, str):
        return TableResult(pd.DataFrame(), error=rows)
    frame = pd.DataFrame(rows.rows, columns=_unique_columns([c.strip() for c in rows.header]), dtype=object)
    if frame.empty:
        return TableResult(frame, rows.notes, error="The file has a header row but no data rows.")
    return TableResult(frame, rows.notes)


def _unique_columns(names: list[str]) -> list[str]:
    """Example: ["a", "a", ""] -> ["a", "a (2)", "column 3"]"""
    seen: dict[str, int] = {}
    out = []
    for i, name in enumerate(names, 1):
        name = name or f"column {i}"
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def clip_text(series: pd.Series, limit: int = MAX_CELL_CHARS) -> tuple[pd.Series, int]:
    """Cut overlong cells; return the clipped series and how many were cut."""
    text = series.fillna("").astype(str)
    too_long = text.str.len() > limit
    cut = int(too_long.sum())
    return (text.where(~too_long, text.str.slice(0, limit)) if cut else text), cut


def safe_for_spreadsheet(frame: pd.DataFrame) -> pd.DataFrame:
    """Neutralise cells a spreadsheet would run as formulas (CSV injection), e.g. '=HYPERLINK(...)'."""
    def fix(value):
        return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value
    return frame.map(fix)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    return safe_for_spreadsheet(frame).to_csv(index=False).encode("utf-8")


def guess_column(columns: list[str], candidates: tuple[str, ...]) -> str | None:
    """Pick the column whose name best matches one of the candidates.

    Example: guess_column(["Session Title", "Room"], ("title", "name")) -> "Session Title"
    """
    lowered = {c: c.lower().replace("_", " ").strip() for c in columns}
    for candidate in candidates:
        for column, name in lowered.items():
            if name == candidate:
                return column
    for candidate in candidates:
        for column, name in lowered.items():
            if candidate in name.split() or name.endswith(candidate):
                return column
    return None
