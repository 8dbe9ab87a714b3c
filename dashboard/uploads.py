"""The upload-and-map-columns step shared by every page that takes a user's table. The accepted file types and
the formats named in labels come from the readers' one list (`core.readers.frames.READERS`)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from core.fingerprint import content_key
from core.readers import TableResult, formats_phrase, read_table, suffixes
from dashboard.widgets import md_escape

NOT_MAPPED = "— none —"


@st.cache_data(max_entries=8, show_spinner=False)
def _read(data: bytes, name: str, digest: str) -> TableResult:  # digest keeps cache keys cheap to compare
    return read_table(data, name)


def upload_table(key: str, what: str, with_name: bool = False):
    """A file uploader that returns the table it read, or shows why it could not and returns None (with the
    file's name too when `with_name`: `(frame, name)`, `(None, "")`).

    Example: upload_table("feedback", "Feedback export") labels itself "Feedback export (CSV, XLSX or JSON)"."""
    upload = st.file_uploader(f"{what} ({formats_phrase()})", type=suffixes(), key=f"{key}_file")
    frame = read_uploaded(upload.getvalue(), upload.name) if upload is not None else None
    if with_name:
        return frame, (upload.name if frame is not None else "")
    return frame


def read_uploaded(data: bytes, name: str) -> pd.DataFrame | None:
    """The table in an uploaded file, with a note for every cap applied; None, with the reason shown, if none."""
    result = _read(data, name, content_key(data))
    for note in result.notes:
        st.info(note, icon=":material/info:")
    if not result.ok:
        st.error(f"**{md_escape(name)}**: {result.error}", icon=":material/error:")
        return None
    return result.frame


def map_columns(key: str, columns: list[str], fields: dict[str, str], guessed: dict[str, str | None],
                required: tuple[str, ...]) -> dict[str, str | None]:
    """One select box per field, pre-filled with our guess. Returns field -> chosen column (or None)."""
    options = [NOT_MAPPED, *columns]
    mapping = {}
    cols = st.columns(4)
    for n, (name, label) in enumerate(fields.items()):
        guess = guessed.get(name)
        choice = cols[n % 4].selectbox(
            label + (" *" if name in required else ""), options, index=options.index(guess) if guess else 0,
            key=f"{key}_map_{name}")
        mapping[name] = None if choice == NOT_MAPPED else choice
    missing = [fields[f] for f in required if not mapping.get(f)]
    if missing:
        st.warning(f"Choose a column for: {', '.join(missing)}.", icon=":material/warning:")
    return mapping
