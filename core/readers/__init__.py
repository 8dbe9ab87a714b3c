"""Uploads, read safely: one streaming reader per format (`csv_reader`, `json_reader`, `xlsx_reader`), the caps they
share (`caps`), and `frames.read_table`, which picks the reader from the one list of formats and turns what it
read into a frame with plain-language notes.

    from core.readers import read_table
    result = read_table(data, "agenda.csv")     # result.frame, result.notes, result.error
"""
from core.lazy import offer

__getattr__, __dir__, __all__ = offer(__name__, {
    "caps": "UPLOAD_CAPS Format UploadCaps",
    "csv_reader": "decode",
    "frames": ("MAX_FILE_BYTES TableResult clip_text formats_phrase guess_column read_table suffixes "
               "to_csv_bytes"),
})
