"""Programme times that stay right in every feed when a file names no zone, or names one its offsets contradict:
a real pretalx export (tests/data/formats) with its zone name taken out or changed."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from core.agenda.formats import read_programme, to_frab_json, to_ical

DATA = Path(__file__).resolve().parent / "data" / "formats"
PRETALX = json.loads((DATA / "pretalx-democon.json").read_text())


def _pretalx(dates: list[str] | None = None, zone: str | None = None) -> bytes:
    payload = json.loads(json.dumps(PRETALX))
    conference = payload["schedule"]["conference"]
    conference.pop("time_zone_name", None)
    if zone:
        conference["time_zone_name"] = zone
    events = [e for d in conference["days"] for r in d["rooms"].values() for e in r]
    for event, date in zip(events, dates or []):
        event["date"] = date
    return json.dumps(payload).encode(), events


def test_offsets_without_a_zone_name_keep_every_instant():
    data, events = _pretalx()
    agenda = read_programme(data, "schedule.json")
    first = events[0]["date"]  # "2020-12-14T09:00:00+01:00": 09:00 on the programme's clock
    assert first.endswith("+01:00") and agenda.timezone == "UTC+01:00"
    row = agenda.sessions.iloc[0]
    assert row.start == pd.Timestamp(first[:19])
    assert any("offset +01:00" in n for n in agenda.notes)
    ics = to_ical(agenda, title="Demo").decode()
    assert "DTSTART:20201214T080000Z" in ics  # 09:00+01:00 is 08:00 UTC, not 09:00 UTC
    back = to_frab_json(agenda, "Demo")["schedule"]["conference"]
    assert back["time_zone_name"] == "Etc/GMT-1"
    again = read_programme(json.dumps({"schedule": {"version": "1", "conference": back}}).encode(), "s.json")
    assert again.sessions.iloc[0].start == row.start


def test_offsets_that_change_at_a_daylight_saving_switch_are_shown_in_utc():
    dates = ["2026-10-24T10:00:00+02:00", "2026-10-25T10:00:00+01:00"]
    data, _ = _pretalx(dates)
    agenda = read_programme(data, "schedule.json")
    starts = set(agenda.sessions["start"].dropna())
    assert agenda.timezone == "UTC" and pd.Timestamp("2026-10-24 08:00") in starts  # 10:00+02:00
    assert pd.Timestamp("2026-10-25 09:00") in starts and pd.Timestamp("2020-12-14 08:00") in starts  # +01:00
    assert any("different offsets" in n for n in agenda.notes)


def test_a_zone_name_that_contradicts_the_offsets_keeps_the_instants_and_says_so():
    data, _ = _pretalx(["2026-06-11T11:30:00+00:00"], zone="Europe/Berlin")
    agenda = read_programme(data, "schedule.json")
    assert agenda.timezone == "Europe/Berlin" and pd.Timestamp("2026-06-11 13:30") in set(agenda.sessions["start"])
    assert any("does not have on that date" in n for n in agenda.notes)
