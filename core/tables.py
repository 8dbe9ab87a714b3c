"""Reading the tables organisers upload (CSV, XLSX, JSON), with a plain-language note for every problem.

`read_table` never raises on bad input: it returns an empty frame and a reason instead, so a page can show
the reason and carry on.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

import pandas as pd

MAX_ROWS = 20_000
MAX_CELL_CHARS = 5_000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class TableResult:
    frame: pd.DataFrame
    notes: list[str] = field(default_factory=list)  # things we fixed or dropped, worth telling the user
    error: str | None = None  # set when nothing usable was read

    @property
    def ok(self) -> bool:
        return self.error is None


def _decode(data: bytes) -> tuple[str | None, str | None]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        return None, None  # binary (or UTF-16 without a BOM, which nobody exports)
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None, None


def _read_csv(data: bytes, notes: list[str]) -> pd.DataFrame | str:
    text, encoding = _decode(data)
    if text is None:
        return "This file is not readable text. Upload a CSV, XLSX or JSON export."
    if encoding not in ("utf-8-sig", None):
        notes.append(f"The file was not UTF-8; it was read as {encoding}.")
    if not text.strip():
        return "The file is empty."
    try:
        dialect = csv.Sniffer().sniff(text[:20_000], delimiters=",;\t|")
        sep = dialect.delimiter
    except csv.Error:
        sep = ","
    skipped: list[list[str]] = []
    try:
        # header=None: we name the columns ourselves, so duplicates and blanks get readable names
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, header=None,
                            on_bad_lines=lambda bad: skipped.append(bad) and None, engine="python")
    except (pd.errors.ParserError, ValueError) as exc:
        return f"The CSV could not be parsed ({exc}). Check that it has one header row and consistent columns."
    if skipped:
        notes.append(f"{len(skipped)} rows had more cells than the header and were skipped.")
    if frame.empty:
        return "The file is empty."
    frame.columns = [str(c) for c in frame.iloc[0]]
    return frame.iloc[1:].reset_index(drop=True)


def _read_xlsx(data: bytes, notes: list[str]) -> pd.DataFrame | str:
    try:
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, dtype=str)
    except Exception:  # openpyxl raises many kinds of errors for corrupt files
        return "This spreadsheet could not be opened. Save it as .xlsx or CSV and try again."
    sheets = {name: df for name, df in sheets.items() if not df.dropna(how="all").empty}
    if not sheets:
        return "The spreadsheet has no data."
    name, frame = next(iter(sheets.items()))
    if len(sheets) > 1:
        notes.append(f"The workbook has {len(sheets)} sheets with data; using the first, “{name}”.")
    return frame.fillna("")


TOO_DEEP = ("The JSON is nested far more deeply than any agenda or feedback export. Export a flat list of "
            "records, one object per session or comment.")


def _read_json(data: bytes, notes: list[str]) -> pd.DataFrame | str:
    text, _ = _decode(data)
    try:
        payload = json.loads(text or "")
    except json.JSONDecodeError as exc:
        return f"The JSON could not be parsed (line {exc.lineno}: {exc.msg})."
    except RecursionError:  # e.g. [[[[…]]]] thousands deep: no export of records nests like that
        return TOO_DEEP
    if isinstance(payload, dict):  # agenda tools nest the list, e.g. {"sessions": [...]}
        lists = [v for v in payload.values() if isinstance(v, list)]
        if not lists:
            return "The JSON holds no list of records."
        payload = max(lists, key=len)
    if not isinstance(payload, list) or not all(isinstance(r, dict) for r in payload):
        return "The JSON must be a list of records (objects)."
    try:
        frame = pd.json_normalize(payload)
    except RecursionError:
        return TOO_DEEP
    return frame.map(lambda v: ", ".join(map(str, v)) if isinstance(v, list) else ("" if v is None else str(v)))


def read_table(data: bytes, filename: str, max_rows: int = MAX_ROWS) -> TableResult:
    """Read an uploaded file into a frame of strings.

    Example: read_table(b"title\\nKeynote\\n", "agenda.csv").frame -> one row, column "title".
    """
    notes: list[str] = []
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else "csv"
    if not data:
        return TableResult(pd.DataFrame(), error="The file is empty.")
    reader = {"xlsx": _read_xlsx, "xls": _read_xlsx, "json": _read_json}.get(suffix, _read_csv)
    frame = reader(data, notes)
    if isinstance(frame, str):
        return TableResult(pd.DataFrame(), error=frame)
    frame.columns = _unique_columns([str(c).strip() for c in frame.columns])
    if frame.empty:
        return TableResult(frame, notes, error="The file has a header row but no data rows.")
    if len(frame) > max_rows:
        notes.append(f"The file has {len(frame):,} rows; only the first {max_rows:,} are used.")
        frame = frame.head(max_rows)
    return TableResult(frame.reset_index(drop=True), notes)


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
    return text.where(~too_long, text.str.slice(0, limit)), int(too_long.sum())


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
