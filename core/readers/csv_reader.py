"""CSV (and TSV) uploads, read one record at a time."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from core.readers.caps import UPLOAD_CAPS, Format, NOT_TEXT, CapNotes, UploadCaps, Rows, count, rows_note

FORMAT = Format("CSV", ("csv", "tsv"))


def decode(data: bytes) -> tuple[str | None, str | None]:
    """Bytes to text, naming the encoding used. Example: "Café".encode("cp1252") -> ("Café", "cp1252").

    A file that is UTF-8 except for a few lines (two exports pasted together) is decoded line by line, so the
    UTF-8 lines are not turned into mojibake by a whole-file fallback; the encoding is then "mixed".
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None, None
    if b"\x00" in data[:4096]:
        return None, None  # binary (or UTF-16 without a BOM, which nobody exports)
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    lines = data.splitlines(keepends=True)
    utf8 = 0
    out = []
    for line in lines:
        try:
            out.append(line.decode("utf-8"))
            utf8 += line.isascii() is False
        except UnicodeDecodeError:
            out.append(line.decode("cp1252", errors="replace"))
    text = "".join(out).lstrip("\ufeff")
    if "\ufffd" in text and "\ufffd".encode() not in data:  # bytes cp1252 leaves undefined, e.g. 0x81
        text = b"".join(lines).decode("latin-1")
        return text, "latin-1"
    return text, ("mixed" if utf8 else "cp1252")


RUNAWAY_LINES = 200  # a real comment has a few line breaks; hundreds mean a quote that swallowed the file


def _sniff(text: str) -> str:
    try:
        # a small sample: the sniffer's regular expressions get slow on long lines
        return csv.Sniffer().sniff(text[:8_000], delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def read_csv(data: bytes, caps: UploadCaps = UPLOAD_CAPS) -> Rows | str:
    text, encoding = decode(data)
    if text is None:
        return NOT_TEXT
    notes = []
    if encoding == "mixed":
        notes.append("The file mixes encodings: lines that were not UTF-8 were read as Windows-1252.")
    elif encoding != "utf-8":
        notes.append(f"The file was not UTF-8; it was read as {encoding}.")
    if not text or text.isspace():
        return "The file is empty."
    cut = CapNotes(caps)
    # The csv module reads one record at a time, so rows past the cap are never parsed, and its field-size
    # guard stops a giant cell as soon as it passes the limit, before it is held in memory (a 30 MB cell would
    # otherwise cost ~300 MB while being parsed). The guard is process-wide; it is only ever raised.
    csv.field_size_limit(max(caps.cell_chars, csv.field_size_limit()))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff(text))
    read, header = _Read(), None
    try:
        header = next(reader, None)
        while header is not None and not any(c.strip() for c in header):
            header = next(reader, None)  # blank lines before the header
        if header is None:
            return "The file is empty."
        if len(header) > caps.columns:
            return (f"The header row has {len(header):,} columns; the limit is {caps.columns:,}. Export only the "
                    "columns you need.")
        _read_records(reader, header, read, cut, notes, text)
    except csv.Error as exc:
        stopped = _stopped(exc, header, read.rows, read.skipped)
        if not isinstance(stopped, list):
            return stopped
        notes += stopped
    return Rows(header, read.rows, notes + _row_notes(read.rows, read.skipped) + cut.notes())


@dataclass
class _Read:
    """What has been read so far: kept when a later row stops the reading."""

    rows: list[list[str]] = field(default_factory=list)
    skipped: int = 0  # rows with more cells than the header


def _read_records(reader, header: list[str], read: _Read, cut: CapNotes, notes: list[str], text: str) -> None:
    """Rows up to the cap, padded to the header; rows with extra cells are skipped and counted."""
    for record in reader:
        if len(read.rows) == cut.caps.rows:
            notes.append(rows_note(cut.caps, f" (about {text.count(chr(10)):,} lines)"))
            return
        if len(record) > len(header):
            if any(c.strip() for c in record[len(header):]):
                read.skipped += 1
                continue
            record = record[: len(header)]  # trailing separators only
        if not any(c.strip() for c in record):
            continue
        read.rows.append([cut.cell(c) for c in record] + [""] * (len(header) - len(record)))


def _stopped(exc: csv.Error, header: list[str] | None, rows: list, skipped: int) -> str | list[str]:
    """Why reading stopped: a message instead of a table, or notes when the rows before it are kept."""
    if "field larger than field limit" not in str(exc):
        return f"The CSV could not be parsed ({exc}). Check that it has one header row and consistent columns."
    where = f"row {len(rows) + skipped + 2}" if header else "the first row"
    stop = (f"A cell in {where} is longer than {csv.field_size_limit():,} characters (the limit per cell), often a "
            "quote mark that is never closed")
    if not header:
        return (f"{stop}, so this is not a table with a header row. Upload a table whose first row names its "
                "columns.")
    if not rows:
        return f"{stop}; reading stopped there, before any row could be used. Check that row."
    return [f"{stop}; reading stopped there. The {count(len(rows), 'row')} before it "
            f"{'was' if len(rows) == 1 else 'were'} kept."]


def _row_notes(rows: list, skipped: int) -> list[str]:
    notes = []
    if skipped:
        notes.append(f"{count(skipped, 'row')} with more cells than the header {'was' if skipped == 1 else 'were'} "
                     "skipped.")
    runaway = next((n for n, r in enumerate(rows, 2) if any(c.count("\n") > RUNAWAY_LINES for c in r)), None)
    if runaway:
        notes.append(f"A cell in row {runaway} runs over more than {RUNAWAY_LINES} lines: a quote mark there is "
                     "probably never closed, so the lines after it were read as one cell. Check that row.")
    return notes
