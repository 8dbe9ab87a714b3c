"""Programme formats: a 2,000-event pretalx schedule JSON read into an Agenda, against pandas reading the same
sessions from a CSV file; and the other readers and writers on the same programme.

    .venv/bin/python bench/formats.py [--events 2000] [--repeats 5]

The programme: the demo event's sessions repeated over five days and twelve rooms, with speakers' bios, written
as c3voc schedule JSON (the format pretalx exports) by the app's own exporter, and as CSV with the same
columns. The JSON side does everything an upload does: detect the format, parse, convert every time into the
conference's zone, normalise (titles, ids, times, notes). The CSV side parses and reads the times.

The last two lines: the JSON read against the app's own CSV upload of the same sessions (read, columns guessed,
normalised), and against pandas alone reading the CSV and its times (pretalx_json_vs_csv, goal ≤ 2.0).
"""
from __future__ import annotations

import argparse
import io
import json

from common import machine, median_time

import numpy as np
import pandas as pd

from core.agenda.formats import detect, read_programme, to_frab_json, to_frab_xml, to_ical
from core.agenda.sessions import Agenda, bios_json, from_event_agenda, guess_mapping, normalise
from core.store.demo import load_demo_event
from core.readers.frames import read_table


def programme(events: int) -> Agenda:
    demo = from_event_agenda(load_demo_event().agenda).sessions
    rng = np.random.default_rng(0)
    rows = demo.sample(events, replace=True, random_state=1).reset_index(drop=True)
    starts = (pd.Timestamp("2026-06-11 09:00") + pd.to_timedelta(rng.integers(0, 5, events), unit="D")
              + pd.to_timedelta(rng.integers(0, 16, events) * 30, unit="min"))
    rows["session_id"] = [f"P{i:05d}" for i in range(events)]
    rows["title"] = rows["title"] + [f" ({i})" for i in range(events)]
    rows["room"] = [f"Room {i % 12}" for i in range(events)]
    rows["start"], rows["end"] = starts, starts + pd.Timedelta(minutes=45)
    rows["bios"] = [bios_json({s.split(" (")[0]: "Leads data work at a festival company."}) for s in rows.speakers]
    return Agenda(rows, timezone="Europe/Berlin", capacity={f"Room {i}": 100 + 20 * i for i in range(12)})


def csv_upload(csv: bytes) -> Agenda:
    """What the page did with a CSV before: read the upload, guess the columns, normalise."""
    table = read_table(csv, "programme.csv")
    return normalise(table.frame, guess_mapping(list(table.frame.columns)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(machine())
    agenda = programme(args.events)
    data = json.dumps(to_frab_json(agenda, "Bench Summit 2026")).encode()
    csv = agenda.sessions.drop(columns=["bios", "kind"]).to_csv(index=False).encode()
    xml, ics = to_frab_xml(agenda, "Bench Summit 2026"), to_ical(agenda, title="Bench Summit 2026")
    assert detect(data, "schedule.json") == "pretalx/frab JSON"
    assert len(read_programme(data, "schedule.json").sessions) == args.events

    def read_csv() -> None:
        frame = pd.read_csv(io.BytesIO(csv), dtype=str, keep_default_na=False)
        frame["start"], frame["end"] = pd.to_datetime(frame["start"]), pd.to_datetime(frame["end"])

    results = {
        "pandas reads the CSV": median_time(read_csv, args.repeats),
        "CSV upload -> Agenda (mapped)": median_time(lambda: csv_upload(csv), args.repeats),
        "pretalx/frab JSON -> Agenda": median_time(lambda: read_programme(data, "schedule.json"), args.repeats),
        "frab XML -> Agenda": median_time(lambda: read_programme(xml, "schedule.xml"), args.repeats),
        "iCalendar -> Agenda": median_time(lambda: read_programme(ics, "schedule.ics"), args.repeats),
        "Agenda -> frab JSON": median_time(lambda: to_frab_json(agenda, "Bench"), args.repeats),
        "Agenda -> frab XML": median_time(lambda: to_frab_xml(agenda, "Bench"), args.repeats),
        "Agenda -> iCalendar": median_time(lambda: to_ical(agenda, title="Bench"), args.repeats),
    }
    print(f"{args.events:,} events; files: JSON {len(data) / 1e6:.1f} MB, XML {len(xml) / 1e6:.1f} MB, "
          f"iCalendar {len(ics) / 1e6:.1f} MB, CSV {len(csv) / 1e6:.1f} MB")
    for name, seconds in results.items():
        print(f"  {name:32} {seconds:7.3f} s")
    json_seconds = results["pretalx/frab JSON -> Agenda"]
    print(f"pretalx_json_vs_csv_upload: {json_seconds / results['CSV upload -> Agenda (mapped)']:.2f}")
    print(f"pretalx_json_vs_csv: {json_seconds / results['pandas reads the CSV']:.2f}")


if __name__ == "__main__":
    main()
