"""Every hostile upload in tests/hostile_files.py gets the right plain message, and rows still come through
where the file holds any. Their time at full size is measured by bench/uploads.py, not here."""
import pytest

from core.readers.frames import read_table
from tests.hostile_files import CASES, workbook, row

BUILT = {}


def built(case):
    if case.name not in BUILT:
        BUILT[case.name] = case.build(False)
    return BUILT[case.name]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_upload_gets_the_right_message(case):
    data, name = built(case)
    result = read_table(data, name)
    said = " ".join([result.error or "", *result.notes])
    assert case.expect in said, said
    if case.readable:
        assert result.ok, result.error
        assert len(result.frame) >= 1
    else:
        assert not result.ok and result.frame.empty


def test_there_are_at_least_forty_cases():
    assert len(CASES) >= 40 and len({c.name for c in CASES}) == len(CASES)


def value(case_name: str, column: str) -> str:
    case = next(c for c in CASES if c.name == case_name)
    return read_table(*built(case)).frame[column].tolist()


def test_values_survive_the_awkward_files():
    assert value("csv: UTF-8 and Windows-1252 lines mixed", "title") == ["Café talk", "Crème talk"]
    assert value("json: duplicate keys", "title") == ["Second"]
    assert value("xlsx: formulas with saved results", "sum") == ["2"]  # the saved result, not "=1+1"
    assert value("xlsx: a link to another workbook", "ref") == ["7"]  # the saved value; the link is never followed
    assert value("xlsx: Excel dates", "start") == ["2026-06-11 09:30"]
    assert value("csv: NUL bytes after the first 4 KB", "title")[-1] == "BadTalk"
    assert value("absurd: HTML and script in every cell", "title") == ["<script>alert(1)</script>"]  # pages escape it
    assert value("json: JSON Lines", "title") == ["A", "B"]
    assert value("csv: a spreadsheet renamed .csv", "title") == ["A"]
    assert value("json: a field nested 500 deep", "meta.a.a").__len__() == 1


def test_rows_before_a_cap_are_kept_in_order():
    rows = value("csv: 2,000,000 rows", "text")
    assert len(rows) == 20_000 and rows[0] == "comment 0" and rows[-1] == "comment 19999"
    assert value("xlsx: 2,000,000 rows", "title")[:2] == ["Talk 2", "Talk 3"]
    swallowed = value("csv: a quote that swallows 500 lines", "title")
    assert swallowed == ["Opening,Hall\n" + "Talk,Room\n" * 500]
    assert value("csv: a long comment after good rows", "comment") == ["Good talk"]


def test_a_wide_sheet_keeps_its_first_columns():
    assert value("xlsx: a cell in the last column, XFD", "title") == ["A", "B"]
    result = read_table(workbook([row(1, [f"c{i}" for i in range(400)]), row(2, list(range(400)))]), "w.xlsx")
    assert list(result.frame.columns) == [f"c{i}" for i in range(300)] and result.frame.c299[0] == "299"
