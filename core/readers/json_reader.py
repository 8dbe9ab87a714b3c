"""JSON and JSON Lines uploads: a list of records, possibly nested in an object, flattened to columns."""
from __future__ import annotations

import json
from itertools import islice

from core.readers.caps import UPLOAD_CAPS, Format, NOT_TEXT, CapNotes, UploadCaps, Rows, rows_note
from core.readers.csv_reader import decode

FORMAT = Format("JSON", ("json", "jsonl", "ndjson"))


TOO_DEEP = ("The JSON is nested far more deeply than any agenda or feedback export. Export a flat list of "
            "records, one object per session or comment.")



def _flatten(record: dict, caps: UploadCaps, prefix: str = "", level: int = 1) -> dict[str, str]:
    """Example: {"room": {"name": "Hall"}, "tags": ["a", "b"]} -> {"room.name": "Hall", "tags": "a, b"}"""
    out: dict[str, str] = {}
    for key, value in islice(record.items(), caps.columns + 1):
        name = f"{prefix}{key}"
        if isinstance(value, dict) and level < caps.json_depth:
            out.update(_flatten(value, caps, f"{name}.", level + 1))
        elif isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
            out[name] = ", ".join("" if v is None else str(v) for v in value)
        elif isinstance(value, (dict, list)):
            out[name] = json.dumps(value, ensure_ascii=False)[: caps.cell_chars + 1]
        else:
            out[name] = "" if value is None else str(value)
    return out


def _loads(text: str, hook):
    """One JSON document, or JSON Lines (one record per line), which many tools export."""
    try:
        return json.loads(text, object_pairs_hook=hook)
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data":
            raise
        lines = [line for line in text.splitlines() if line.strip()]
        return [json.loads(line, object_pairs_hook=hook) for line in lines]


def read_json(data: bytes, caps: UploadCaps = UPLOAD_CAPS) -> Rows | str:
    text, _ = decode(data)
    if text is None:
        return NOT_TEXT
    duplicates: list[str] = []

    def keep_last(pairs):
        record = dict(pairs)
        if len(record) < len(pairs) and len(duplicates) < 5:
            seen = set()
            duplicates.extend(k for k, _ in pairs if k in seen or seen.add(k))
        return record

    try:
        payload = _loads(text, keep_last)
    except json.JSONDecodeError as exc:
        return f"The JSON could not be parsed (line {exc.lineno}: {exc.msg})."
    except ValueError:  # Python refuses to convert integers of more than 4,300 digits
        return "The JSON holds a number that is too long to read (thousands of digits). Check the export."
    except RecursionError:  # e.g. [[[[…]]]] thousands deep: no export of records nests like that
        return TOO_DEEP
    if isinstance(payload, dict):  # agenda tools nest the list, e.g. {"sessions": [...]}
        lists = [v for v in payload.values() if isinstance(v, list)]
        if not lists:
            return "The JSON holds no list of records."
        payload = max(lists, key=len)
    if not isinstance(payload, list) or not payload or not all(isinstance(r, dict) for r in payload):
        return "The JSON must be a list of records (objects), e.g. [{\"title\": \"…\"}]."
    notes = []
    if duplicates:
        shown = ", ".join(f"“{k}”" for k in dict.fromkeys(duplicates))
        notes.append(f"Some records repeat a key ({shown}); the last value of each was kept.")
    if len(payload) > caps.rows:
        notes.append(rows_note(caps, f" ({len(payload):,} records)"))
        payload = payload[: caps.rows]
    cut = CapNotes(caps)
    try:
        flat = [_flatten(r, caps) for r in payload]
    except RecursionError:
        return TOO_DEEP
    header = list(dict.fromkeys(k for r in flat for k in r))
    if len(header) > caps.columns:
        notes.append(f"The records have {len(header):,} different fields; only the first {caps.columns:,} are "
                     "used (the column limit).")
        header = header[: caps.columns]
    rows = [[cut.cell(r.get(k, "")) for k in header] for r in flat]
    return Rows(header, rows, notes + cut.notes())
