"""A workspace's programme (the rows as uploaded, the column mapping, the normalised sessions), the sessions the
organiser pinned, and every timetable repair they found or used.

"Use this timetable" and "Back to the original" switch `workspaces.timetable_id` between stored timetables;
nothing is recomputed, so a reload, a restart or another member sees the same timetable.

    with writing(engine) as conn:
        programme_id = save(conn, ws.id, agenda, "agenda.csv", who="Ana")
    load(engine, ws.id).agenda.sessions   # the same sessions, times and rooms
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, Engine, delete, insert, select, update

from core.agenda import COLUMNS, Agenda, Repair, Score, apply_repair, moves_of
from core.store.db import count, frame, latest, reading
from core.store.schema import pins as pins_table, programmes, sessions, slots, source_rows, timetables, workspaces
from core.store.workspaces import WORKSPACE_CAPS, CapExceeded, now, touch

TIME_COLUMNS = {"start": "starts_at", "end": "ends_at"}


@dataclass
class Programme:
    id: int
    filename: str
    agenda: Agenda  # as uploaded and normalised: its own times
    created_at: object
    created_by: str


@dataclass
class Timetable:
    id: int
    repair: Repair  # the solver's answer, rebuilt from its rows
    pins: list[str]
    threshold: float
    max_moves: int | None
    created_at: object
    created_by: str
    used_at: object


def _records(frame: pd.DataFrame) -> list[dict]:
    """DataFrame rows as dicts of plain Python values; missing times become NULL."""
    out = frame.astype(object).where(frame.notna(), None)
    return out.to_dict("records")


def save(conn: Connection, ws_id: str, agenda: Agenda, filename: str, who: str) -> int:
    """Replace the workspace's programme; its old timetables and pins go with the old programme."""
    n = len(agenda.sessions)
    if n > WORKSPACE_CAPS.sessions:
        raise CapExceeded(f"The programme has {n:,} sessions; a workspace holds at most {WORKSPACE_CAPS.sessions:,}.")
    conn.execute(delete(programmes).where(programmes.c.workspace_id == ws_id))
    columns = [] if agenda.source is None else [str(c) for c in agenda.source.columns]
    programme_id = conn.execute(insert(programmes).values(
        workspace_id=ws_id, filename=filename[:300], columns=columns, mapping=dict(agenda.mapping),
        notes=list(agenda.notes), created_at=now(), created_by=who, timezone=agenda.timezone,
        capacity={str(k): int(v) for k, v in agenda.capacity.items()},
        source_format=agenda.source_format, emails=dict(agenda.emails))).inserted_primary_key[0]
    if agenda.source is not None and len(agenda.source):
        cells = agenda.source.astype(object).where(agenda.source.notna(), "").astype(str).to_numpy().tolist()
        conn.execute(insert(source_rows), [{"programme_id": programme_id, "position": i, "cells": row}
                                           for i, row in enumerate(cells)])
    if n:
        frame = agenda.sessions.reindex(columns=COLUMNS).rename(columns=TIME_COLUMNS)
        frame[["language", "level", "bios", "kind"]] = frame[["language", "level", "bios", "kind"]].fillna("")
        rows = _records(frame)
        for i, row in enumerate(rows):
            row.update(programme_id=programme_id, position=i)
        conn.execute(insert(sessions), rows)
    conn.execute(update(workspaces).where(workspaces.c.id == ws_id).values(timetable_id=None))
    touch(conn, ws_id, "programme", who, f"loaded the programme {filename} ({n:,} sessions)")
    return programme_id


def current_id(conn: Connection, ws_id: str) -> int | None:
    """The id of the workspace's programme, looked up inside a change's own transaction."""
    row = latest(conn, programmes, ws_id)
    return None if row is None else row.id


def load(engine: Engine, ws_id: str) -> Programme | None:
    with reading(engine) as conn:
        row = latest(conn, programmes, ws_id)
        if row is None:
            return None
        found = frame(conn, select(sessions).where(sessions.c.programme_id == row.id)
                      .order_by(sessions.c.position))
        cells = frame(conn, select(source_rows.c.cells).where(source_rows.c.programme_id == row.id)
                      .order_by(source_rows.c.position))
    table = found.rename(columns={v: k for k, v in TIME_COLUMNS.items()}).reindex(columns=COLUMNS)
    for name in ("start", "end"):
        table[name] = pd.to_datetime(table[name])
    source = pd.DataFrame(cells["cells"].tolist(), columns=row.columns, dtype=object) if row.columns else None
    agenda = Agenda(table.reset_index(drop=True), list(row.notes), source, dict(row.mapping), row.timezone,
                    dict(row.capacity or {}), row.source_format, dict(row.emails or {}))
    return Programme(row.id, row.filename, agenda, row.created_at, row.created_by)


def set_capacity(conn: Connection, ws_id: str, capacity: dict[str, int | None], who: str) -> None:
    """Seats per room, as the organiser typed them (a blank or 0: not known, so no overflow is scored there)."""
    row = latest(conn, programmes, ws_id)
    if row is None:
        raise LookupError("Load a programme first.")
    seats = {**dict(row.capacity or {}), **{str(k): int(v) for k, v in capacity.items() if v}}
    for room, value in capacity.items():
        if not value:
            seats.pop(str(room), None)
    conn.execute(update(programmes).where(programmes.c.id == row.id).values(capacity=seats))
    touch(conn, ws_id, "programme", who, f"set the seats of {len(capacity)} room{'s' if len(capacity) != 1 else ''}")


def set_pins(conn: Connection, ws_id: str, programme_id: int, ticks: dict[str, bool], who: str) -> None:
    """The organiser's pin ticks, session id -> pinned."""
    conn.execute(delete(pins_table).where(pins_table.c.programme_id == programme_id))
    if ticks:
        conn.execute(insert(pins_table), [{"programme_id": programme_id, "session_id": s, "pinned": bool(p)}
                                          for s, p in ticks.items()])
    touch(conn, ws_id, "timetable", who, None)  # ticking a box is not worth a line in the log


def pin_ticks(engine: Engine, programme_id: int) -> dict[str, bool] | None:
    """Session id -> pinned, or None while the organiser has never changed a tick."""
    with engine.connect() as conn:
        rows = conn.execute(select(pins_table.c.session_id, pins_table.c.pinned)
                            .where(pins_table.c.programme_id == programme_id)).all()
    return {r.session_id: bool(r.pinned) for r in rows} or None


def save_timetable(conn: Connection, ws_id: str, programme_id: int, repair: Repair, pinned_ids: list[str],
                   threshold: float, max_moves: int | None, who: str) -> int:
    """A repair the organiser found, with every session's new place."""
    kept = count(conn, timetables, timetables.c.workspace_id == ws_id)
    if kept >= WORKSPACE_CAPS.timetables:
        raise CapExceeded(f"This workspace keeps {WORKSPACE_CAPS.timetables} timetables, its limit. Load the programme "
                          "again to start afresh.")
    timetable_id = conn.execute(insert(timetables).values(
        workspace_id=ws_id, programme_id=programme_id, created_at=now(), created_by=who, used_at=None,
        status=repair.status, score_before=repair.before.score, score_after=repair.after.score,
        clashes_before=repair.before.clashes, clashes_after=repair.after.clashes, gap=repair.gap,
        seconds=repair.seconds, best_found_s=repair.best_found_s, threshold=threshold, max_moves=max_moves,
        pins=list(pinned_ids), notes=list(repair.notes),
        terms={k: [int(a), int(b)] for k, (a, b) in repair.terms.items()} or None)).inserted_primary_key[0]
    frame = repair.schedule[["start", "end", "room", "moved"]].rename(columns=TIME_COLUMNS)
    rows = _records(frame)
    for i, row in enumerate(rows):
        row.update(timetable_id=timetable_id, position=i, moved=bool(row["moved"]), room=row["room"] or "")
    if rows:
        conn.execute(insert(slots), rows)
    touch(conn, ws_id, "timetable", who, f"found a timetable: {len(repair.moves)} moves, clash score "
                                         f"{repair.before.score:.2f} → {repair.after.score:.2f}")
    return timetable_id


def use_timetable(conn: Connection, ws_id: str, timetable_id: int | None, who: str) -> None:
    """Every page then works on that timetable; None goes back to the programme's own times."""
    if timetable_id is not None:
        conn.execute(update(timetables).where(timetables.c.id == timetable_id, timetables.c.used_at.is_(None))
                     .values(used_at=now()))
    conn.execute(update(workspaces).where(workspaces.c.id == ws_id).values(timetable_id=timetable_id))
    touch(conn, ws_id, "timetable", who, "went back to the original timetable" if timetable_id is None
          else f"used timetable #{timetable_id}")


def latest_timetable(engine: Engine, programme: Programme) -> Timetable | None:
    """The last timetable found for this programme, used or not."""
    with engine.connect() as conn:
        row = conn.execute(select(timetables.c.id).where(timetables.c.programme_id == programme.id)
                           .order_by(timetables.c.id.desc())).first()
    return None if row is None else timetable(engine, programme, row.id)


def timetable(engine: Engine, programme: Programme, timetable_id: int) -> Timetable | None:
    with reading(engine) as conn:
        row = conn.execute(select(timetables).where(timetables.c.id == timetable_id,
                                                    timetables.c.programme_id == programme.id)).first()
        if row is None:
            return None
        placed = frame(conn, select(slots).where(slots.c.timetable_id == timetable_id).order_by(slots.c.position))
    s = programme.agenda.sessions
    schedule = s[["session_id", "title"]].copy()
    schedule["start"] = pd.to_datetime(placed["starts_at"]).to_numpy()
    schedule["end"] = pd.to_datetime(placed["ends_at"]).to_numpy()
    schedule["room"] = placed["room"].to_numpy()
    schedule["moved"] = placed["moved"].astype(bool).to_numpy()  # SQLite keeps booleans as 0 and 1
    repair = Repair(schedule, moves_of(s, schedule), Score(row.score_before, row.clashes_before),
                    Score(row.score_after, row.clashes_after), row.status, row.gap, list(row.notes), row.seconds,
                    row.best_found_s, {k: tuple(v) for k, v in (row.terms or {}).items()})
    return Timetable(row.id, repair, list(row.pins), row.threshold, row.max_moves, row.created_at, row.created_by,
                     row.used_at)


def in_use(engine: Engine, programme: Programme, timetable_id: int | None) -> tuple[Agenda, Timetable | None]:
    """The agenda every page works on: the programme, with the timetable in use applied."""
    chosen = timetable(engine, programme, timetable_id) if timetable_id is not None else None
    if chosen is None:
        return programme.agenda, None
    return apply_repair(programme.agenda, chosen.repair), chosen
