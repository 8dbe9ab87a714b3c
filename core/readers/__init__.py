"""Uploads, read safely: one streaming reader per format (`csv_reader`, `json_reader`, `xlsx_reader`), the caps they
share (`caps`), and `table.read_table`, which picks the reader from the one list of formats and turns what it
read into a frame with plain-language notes.

    from core.readers.table import read_table
    result = read_table(data, "agenda.csv")     # result.frame, result.notes, result.error
"""
