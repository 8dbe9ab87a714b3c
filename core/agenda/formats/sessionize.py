"""Sessionize's "All data" JSON export, read.

Sessions carry startsAt and endsAt, a roomId, speaker ids and categoryItems; speakers have a fullName, a tagLine
and a bio; categories are named by their organisers ("Session format", "Track", "Level", "Language"), so each is
mapped by its title. Service sessions (breaks, lunch) become breaks and plenum sessions plenaries, which a
timetable repair leaves in place. Ids that point nowhere (a deleted speaker, room or category) are skipped and
counted in a note.

    agenda = read(json.loads(data))
"""
from __future__ import annotations

from core.agenda.formats.common import build, capped, wall_clock, zone_of
from core.agenda.sessions import Agenda
from core.readers import Format

FORMAT = Format("Sessionize JSON", ("json",))
# category title words -> the field they fill; the first that matches wins
CATEGORY_FIELDS = (("format", ("format", "type", "kind")), ("track", ("track", "topic", "stream", "theme")),
                   ("level", ("level", "difficulty", "audience")), ("language", ("language", "lang")))


def looks_like(payload) -> bool:
    sessions = payload.get("sessions") if isinstance(payload, dict) else None
    return isinstance(sessions, list) and isinstance(payload.get("rooms"), list) and any(
        isinstance(s, dict) and "startsAt" in s for s in sessions)


def _field_of(category_title: str) -> str | None:
    words = category_title.lower()
    return next((name for name, hints in CATEGORY_FIELDS if any(h in words for h in hints)), None)


def read(payload: dict) -> Agenda:
    notes: list[str] = []
    rooms = {r.get("id"): str(r.get("name") or "") for r in payload.get("rooms") or [] if isinstance(r, dict)}
    speakers = {s.get("id"): s for s in payload.get("speakers") or [] if isinstance(s, dict)}
    items = {}
    for category in payload.get("categories") or []:
        if not isinstance(category, dict):
            continue
        field = _field_of(str(category.get("title") or ""))
        for item in category.get("items") or []:
            if field and isinstance(item, dict):
                items[item.get("id")] = (field, str(item.get("name") or ""))
    missing = {"speakers": 0, "rooms": 0, "categories": 0}
    records = []
    for session in capped([s for s in payload.get("sessions") or [] if isinstance(s, dict)], notes, "sessions"):
        people = []
        for speaker_id in session.get("speakers") or []:
            found = speakers.get(speaker_id if not isinstance(speaker_id, dict) else speaker_id.get("id"))
            if found is None:
                missing["speakers"] += 1
            else:
                people.append(found)
        fields = {}
        for item_id in session.get("categoryItems") or []:
            if item_id in items:
                name, value = items[item_id]
                fields.setdefault(name, value)
            else:
                missing["categories"] += 1
        room = rooms.get(session.get("roomId"))
        if room is None and session.get("roomId") is not None:
            missing["rooms"] += 1
        names = [str(p.get("fullName") or f"{p.get('firstName', '')} {p.get('lastName', '')}").strip()
                 for p in people]
        service, plenum = bool(session.get("isServiceSession")), bool(session.get("isPlenumSession"))
        records.append({
            "session_id": str(session.get("id") or ""), "title": str(session.get("title") or ""),
            "abstract": str(session.get("description") or ""),
            "speakers": ", ".join(f"{n} ({p['tagLine']})" if p.get("tagLine") else n for n, p in zip(names, people)),
            "format": "break" if service else fields.get("format", "").lower(), "track": fields.get("track", ""),
            "room": room or "", "start": wall_clock(session.get("startsAt"), zone_of("UTC")),
            "end": wall_clock(session.get("endsAt"), zone_of("UTC")), "language": fields.get("language", ""),
            "level": fields.get("level", ""), "bios": {n: p.get("bio") for n, p in zip(names, people) if n},
            "kind": "break" if service else "plenary" if plenum else ""})
    for what, count in missing.items():
        if count:
            notes.append(f"{count} reference{'s' if count != 1 else ''} to {what} that are not in the file "
                         f"{'were' if count != 1 else 'was'} skipped.")
    # Sessionize writes local times without a zone (or, as here, with Z): either way the wall clock as written
    zone = "UTC" if any(str(s.get("startsAt", "")).endswith("Z") for s in payload.get("sessions") or []
                        if isinstance(s, dict)) else None
    agenda = build(records, FORMAT.label, zone, {}, notes)
    agenda.emails = _emails(speakers.values())
    return agenda


def _emails(people) -> dict[str, str]:
    """Speaker -> e-mail, where the organiser's export carries one (an `email` field, or a question about it)."""
    found = {}
    for p in people:
        name = str(p.get("fullName") or f"{p.get('firstName', '')} {p.get('lastName', '')}").strip()
        answers = [a.get("answerValue") or a.get("answer") for a in p.get("questionAnswers") or []
                   if isinstance(a, dict) and "mail" in str(a.get("question") or a.get("questionId") or "").lower()]
        email = next((str(e).strip() for e in [p.get("email"), *answers] if e and "@" in str(e)), None)
        if name and email:
            found[name] = email[:320]
    return found
