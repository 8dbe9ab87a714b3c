"""What changed between two versions of a timetable: the moves of a repair (`moves_of`), and, to announce them,
one line per moved session ("“Data Contracts” moved from Thu 10:00, Room B to Fri 14:00, Main Hall"), a short
text for a newsletter or a social post, and a CSV. Sessions keep their ids across versions, so an app that read
the old feed finds each one again.

    lines = change_lines(result.moves)
    text = announcement(result.moves, "Harbourline Tech Summit 2026")
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from core.readers import to_csv_bytes


def _place(start, room: str) -> str:
    when = "no time" if pd.isna(start) else f"{pd.Timestamp(start):%a %H:%M}"
    return f"{when}, {room}" if room else when


def change_lines(moves: list[dict]) -> list[str]:
    """Example: [{"title": "Data Contracts", "from": …, "from_room": "Room B", "to": …, "to_room": "Main Hall"}]
    -> ["“Data Contracts” moved from Thu 10:00, Room B to Fri 14:00, Main Hall"] (a room change alone says so)"""
    out = []
    for m in moves:
        same_time = not pd.isna(m["from"]) and not pd.isna(m["to"]) and pd.Timestamp(m["from"]) == pd.Timestamp(m["to"])
        if same_time:
            out.append(f"“{m['title']}” moves to {m['to_room']} (was {m['from_room']}), same time "
                       f"({pd.Timestamp(m['to']):%a %H:%M})")
        else:
            out.append(f"“{m['title']}” moved from {_place(m['from'], m['from_room'])} to "
                       f"{_place(m['to'], m['to_room'])}")
    return out


def announcement(moves: list[dict], event: str, limit: int = 12) -> str:
    """A short text listing the changes, for a newsletter or a social post."""
    if not moves:
        return f"No changes to the {event} programme."
    lines = change_lines(moves)
    shown = lines[:limit]
    more = len(lines) - len(shown)
    return (f"Programme update for {event}: {len(lines)} session{'s' if len(lines) != 1 else ''} "
            f"{'have' if len(lines) != 1 else 'has'} a new time or room.\n"
            + "\n".join(f"- {line}" for line in shown)
            + (f"\n…and {more} more: see the programme." if more else "")
            + "\nCalendars subscribed to the programme feed update by themselves.")


def changes_csv(moves: list[dict]) -> bytes:
    """One row per moved session: session_id, title, from, from_room, to, to_room."""
    frame = pd.DataFrame([{"session_id": m["session_id"], "title": m["title"], "from": m["from"],
                           "from_room": m["from_room"], "to": m["to"], "to_room": m["to_room"]} for m in moves],
                         columns=["session_id", "title", "from", "from_room", "to", "to_room"])
    return to_csv_bytes(frame)


def moves_of(sessions: pd.DataFrame, schedule: pd.DataFrame) -> list[dict]:
    """The moves from a programme's times to a repaired schedule (rows in the same order), by new time:
    {session_id, title, from, to, from_end, to_end, from_room, to_room}."""
    s = sessions.reset_index(drop=True)
    moves = [{"session_id": s.session_id[i], "title": s.title[i], "from": s.start[i], "to": schedule.start.iloc[i],
              "from_end": s.end[i], "to_end": schedule.end.iloc[i], "from_room": s.room[i],
              "to_room": schedule.room.iloc[i]}
             for i in np.flatnonzero(schedule["moved"].to_numpy())]
    return sorted(moves, key=lambda m: (m["to"], m["to_room"]))
