"""XLSX uploads, streamed with openpyxl's read-only mode after the zip's declared sizes are checked."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

from core.readers.caps import UPLOAD_CAPS, Format, CapNotes, UploadCaps, Rows, rows_note

FORMAT = Format("XLSX", ("xlsx",))


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes") if value.second == 0 else value.isoformat(sep=" ")
    return str(value)


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .xls files and of password-protected .xlsx


def _check_zip(data: bytes, caps: UploadCaps) -> str | None:
    if data.startswith(OLE):
        return ("It is password-protected or an old .xls file. Remove the password, or save it as .xlsx or CSV, "
                "and upload it again.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return "It could not be opened as a spreadsheet. Save it as .xlsx or CSV and try again."
    # zipfile never unpacks more than a part's declared size, so the declared sizes are a real bound
    total = sum(p.file_size for p in parts) / 2**20
    if total > caps.xlsx_unzipped_mb:
        return (f"The workbook unzips to {total:,.0f} MB; the limit is {caps.xlsx_unzipped_mb} MB. Save the sheet "
                "you need as CSV and upload that.")
    strings = sum(p.file_size for p in parts if p.filename.lower().endswith("sharedstrings.xml")) / 2**20
    if strings > caps.xlsx_strings_mb:
        return (f"The workbook's text takes {strings:,.0f} MB unzipped; the limit is {caps.xlsx_strings_mb} MB. "
                "Save the sheet you need as CSV and upload that.")
    return None


def _openpyxl():
    """openpyxl, with its read-only sheets told not to size themselves on opening.

    On a sheet without a <dimension> tag, openpyxl's read-only mode parses the whole sheet just to size it,
    before the first row is returned: 2,000,000 rows cost ~25 s there, whatever cap we apply. We never use the
    declared size (it can lie), so that pass is skipped. Only the read-only class used by `load_workbook` is
    swapped; writing workbooks is untouched.
    """
    import openpyxl  # heavy: only a workbook upload pays for it (imports below too)
    from openpyxl.reader import excel  # heavy: as above
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet  # heavy: as above

    if not getattr(excel.ReadOnlyWorksheet, "unsized", False):
        class UnsizedSheet(ReadOnlyWorksheet):
            unsized = True

            def _get_size(self):
                pass  # _min/_max_row/_column stay at the class defaults: unknown

        excel.ReadOnlyWorksheet = UnsizedSheet
    return openpyxl


def read_xlsx(data: bytes, caps: UploadCaps = UPLOAD_CAPS) -> Rows | str:
    problem = _check_zip(data, caps)
    if problem:
        return problem
    openpyxl = _openpyxl()  # only spreadsheet uploads pay for the import
    try:
        # read_only streams rows; data_only gives the values Excel saved rather than formula text; keep_links
        # False never follows links to other workbooks
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception:  # openpyxl raises many kinds of errors for corrupt or foreign files
        return "It could not be opened as a spreadsheet. Save it as .xlsx or CSV and try again."
    try:
        for sheet in book.worksheets:
            rows = _sheet_rows(sheet, caps)
            if isinstance(rows, str) or rows.header:
                if len(book.sheetnames) > 1 and not isinstance(rows, str):
                    rows.notes.insert(0, f"The workbook has {len(book.sheetnames)} sheets; using the first with "
                                         f"data, “{sheet.title}”.")
                return rows
        return "The spreadsheet has no data."
    except Exception:
        return "The spreadsheet is damaged and could not be read. Save it as .xlsx or CSV and try again."
    finally:
        book.close()


def _filled(values: tuple) -> int:
    """How many leading cells matter: the index after the last non-empty one. Example: ("a", None, "b", None) -> 3"""
    n = len(values)
    while n and values[n - 1] in (None, ""):
        n -= 1
    return n


def _sheet_rows(sheet, caps: UploadCaps) -> Rows | str:
    cut = CapNotes(caps)
    header: list[str] = []
    rows: list[list[str]] = []
    notes: list[str] = []
    blank_run = 0
    # max_col bounds every row, even one whose last cell sits in column XFD; openpyxl pads rows to it
    for values in sheet.iter_rows(values_only=True, max_col=caps.columns + 1):
        if values.count(None) == len(values):
            blank_run += 1
            if blank_run > caps.rows:  # a lone cell a million rows down must not cost a million empty rows
                notes.append(f"Reading stopped after {caps.rows:,} empty rows in a row.")
                break
            continue
        blank_run = 0
        if not header:
            width = min(_filled(values), caps.columns)
            header = [cut.cell(_cell_text(v)) for v in values[:width]]
            cut.wide_rows += len(values) > caps.columns and values[caps.columns] is not None
            continue
        if len(rows) == caps.rows:
            notes.append(rows_note(caps))
            break
        beyond = values[len(header):]
        if beyond.count(None) != len(beyond):  # cells right of the header: counted, not read
            cut.wide_rows += 1
        rows.append([cut.cell(_cell_text(v)) for v in values[: len(header)]])
    if not header:
        return Rows([], [])
    return Rows(header, rows, notes + cut.notes())
