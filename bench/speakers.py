"""Speakers in the loop at scale: a 2,000-session programme, every session's abstract sent for approval, on SQLite.

    .venv/bin/python bench/speakers.py [--sessions 2000] [--repeats 5] [--messages 200]

Measured in one run, each against its baseline:
- a speaker's page: what the link opens (`desk_for`: the token, the programme with the timetable in use, the
  drafts, their sessions) against reading the programme alone (`load_programme`, what every page already does);
- the roster's first read (every name of the programme added, each with a link) and a later one;
- sending every abstract for approval in one change, against writing one draft;
- the schedule JSON with every abstract and its status, against the same file without copy;
- e-mail: messages per second to a real SMTP server on loopback (aiosmtpd), one connection.

The last line: speaker_page_vs_programme_read (the speaker's page costs this many programme reads).
"""
from __future__ import annotations

import socket
import tempfile
import time
from pathlib import Path

from common import machine, median_time, options

from formats import programme

from core.agenda.formats import to_frab_json
from core.speakers import SmtpSettings, message_for, send_messages
from core.store import drafts, speakers
from core.store.db import connect, prepare, writing
from core.store.programme import load as load_programme
from core.store.programme import save as save_programme
from core.store.workspaces import create


def _draft(conn, ws_id: str, sid: str, title: str, speakers_field: str) -> None:
    drafts.save_written(conn, ws_id, sid, "abstract", {"title": title, "speakers": speakers_field},
                        [{"text": f"{speakers_field} on {title}: what it is and why it matters.", "seed": 1,
                          "reasons": [], "removed": []}], [], {}, 1, "llama.cpp", "SmolLM2", who="bench")


def smtp_rate(n: int) -> float:
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings = SmtpSettings("127.0.0.1", port, "events@example.org", security="none")
        messages = [message_for(f"Speaker {i}", f"s{i}@example.org", "Bench Con", f"http://x/?s={i}",
                                ["the abstract of “A talk”"]) for i in range(n)]
        started = time.perf_counter()
        failed = send_messages(settings, messages)
        seconds = time.perf_counter() - started
    finally:
        controller.stop()
    assert not failed, failed
    return n / seconds


def main() -> None:
    args = options(sessions=2000, repeats=5, messages=200)
    print(machine())
    with tempfile.TemporaryDirectory() as folder:
        engine = connect(f"sqlite:///{Path(folder) / 'bench.db'}")
        prepare(engine)
        ws = create(engine, "Bench Con", who="bench")
        agenda = programme(args.sessions)
        with writing(engine) as conn:
            save_programme(conn, ws.id, agenda, "bench.json", "bench")
        started = time.perf_counter()
        people = speakers.roster(engine, ws.id)
        first_roster = time.perf_counter() - started
        later_roster = median_time(lambda: speakers.roster(engine, ws.id), args.repeats)
        s = agenda.sessions
        one_draft = median_time(lambda: _write_one(engine, ws.id, s), args.repeats)
        with writing(engine) as conn:
            for row in s.itertuples():
                _draft(conn, ws.id, row.session_id, row.title, row.speakers)
        ids = [d.id for d in drafts.load(engine, ws.id).values()]
        started = time.perf_counter()
        with writing(engine) as conn:
            speakers.send(conn, ws.id, ids, "bench")
        send_all = time.perf_counter() - started
        busiest = max(people, key=lambda p: sum(p.speaks_in(x) for x in s["speakers"]))
        desk = median_time(lambda: speakers.desk_for(engine, busiest.token), args.repeats)
        read = median_time(lambda: load_programme(engine, ws.id), args.repeats)
        found = drafts.load(engine, ws.id)
        copy = drafts.descriptions(found)
        plain = median_time(lambda: to_frab_json(agenda, "Bench Con"), args.repeats)
        with_copy = median_time(lambda: to_frab_json(agenda, "Bench Con", copy), args.repeats)
        opened = speakers.desk_for(engine, busiest.token)
    rate = smtp_rate(args.messages)
    print(f"{args.sessions:,} sessions, {len(people):,} speakers; the busiest speaks in {len(opened.sessions)} "
          f"sessions and has {len(opened.drafts)} pieces waiting")
    print(f"roster, first read (adds {len(people):,} speakers with links): {first_roster:.3f} s; "
          f"later: {later_roster:.3f} s")
    print(f"send {len(ids):,} abstracts for approval, one change: {send_all:.3f} s "
          f"({send_all / one_draft:.1f}× writing one draft, {one_draft * 1000:.1f} ms)")
    print(f"speaker's page (desk_for): {desk * 1000:.1f} ms; programme read alone: {read * 1000:.1f} ms")
    print(f"schedule JSON with {len(copy):,} abstracts and their status: {with_copy * 1000:.1f} ms vs "
          f"{plain * 1000:.1f} ms without ({with_copy / plain:.2f}×)")
    print(f"e-mail to a loopback SMTP server: {rate:.0f} messages/s ({args.messages} messages, one connection)")
    print(f"speaker_page_vs_programme_read: {desk / read:.2f}")


def _write_one(engine, ws_id: str, s) -> None:
    with writing(engine) as conn:
        _draft(conn, ws_id, "bench-one", "One", "Nobody")


if __name__ == "__main__":
    main()
