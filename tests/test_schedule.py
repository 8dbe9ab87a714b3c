"""core.agenda.schedule.repair: hand-made timetables with known answers, then the real solver on the demo event."""
import numpy as np
import pandas as pd
import pytest

from core.agenda.sessions import Agenda, from_event_agenda
from core.store.demo import load_demo_event
from core.agenda.schedule import is_fixed, repair
from core.text_terms import speaker_names

DAY = pd.Timestamp("2026-06-11")


def slot(hour: int, minutes: int = 45) -> tuple:
    return DAY + pd.Timedelta(hours=hour), DAY + pd.Timedelta(hours=hour, minutes=minutes)


def timetable(rows: list[tuple]) -> tuple[pd.DataFrame, np.ndarray]:
    """rows: (title, topic axis, hour, room[, speakers[, format[, minutes]]]) -> sessions + unit vectors"""
    out = []
    for k, r in enumerate(rows):
        title, _, hour, room, *rest = r
        speakers, fmt, minutes = (rest + ["", "talk", 45][len(rest):])[:3]
        start, end = slot(hour, minutes)
        out.append({"session_id": f"S{k}", "title": title, "abstract": "", "speakers": speakers, "format": fmt,
                    "track": "", "room": room, "start": start, "end": end})
    frame = pd.DataFrame(out)
    axes = sorted({r[1] for r in rows})
    vectors = np.zeros((len(rows), len(axes)), dtype=np.float32)
    for k, r in enumerate(rows):
        vectors[k, axes.index(r[1])] = 1.0  # same topic -> similarity 1, different -> 0
    return frame, vectors


def moved_titles(result) -> set[str]:
    return {m["title"] for m in result.moves}


def test_one_swap_fixes_a_clash():
    frame, vectors = timetable([("AI one", "ai", 10, "Room 1"), ("AI two", "ai", 10, "Room 2"),
                                ("Data one", "data", 11, "Room 1"), ("Web one", "web", 11, "Room 2")])
    result = repair(Agenda(frame), vectors, time_limit_s=10)
    assert (result.before.clashes, result.after.clashes) == (1, 0)
    assert result.status == "optimal" and len(result.moves) == 2  # one swap = two sessions move
    assert len(moved_titles(result) & {"AI one", "AI two"}) == 1
    new = result.schedule.set_index("title")
    assert new.loc["AI one", "start"] != new.loc["AI two", "start"]
    assert new.groupby(["start", "room"]).size().max() == 1  # no room holds two sessions at once


def test_a_speaker_constraint_forbids_the_obvious_swap():
    # Kim gives "AI two" and "Data one": swapping "AI two" with "Web one" (or "AI one" with "Data one") would put
    # Kim in two rooms at once, which leaves two allowed swaps
    frame, vectors = timetable([("AI one", "ai", 10, "Room 1", "Lee"), ("AI two", "ai", 10, "Room 2", "Kim (chair)"),
                                ("Data one", "data", 11, "Room 1", "Ana; Kim"), ("Web one", "web", 11, "Room 2", "Bo")])
    result = repair(Agenda(frame), vectors, time_limit_s=10)
    assert result.after.clashes == 0
    assert moved_titles(result) in ({"AI one", "Web one"}, {"AI two", "Data one"})
    new = result.schedule.set_index("title")
    assert new.loc["AI two", "start"] != new.loc["Data one", "start"]


def test_speaker_that_blocks_every_swap_leaves_the_clash():
    frame, vectors = timetable([("AI one", "ai", 10, "Room 1", "Kim"), ("AI two", "ai", 10, "Room 2", "Kim and Lee"),
                                ("Data one", "data", 11, "Room 1", "Lee"), ("Web one", "web", 11, "Room 2", "Kim")])
    result = repair(Agenda(frame), vectors, time_limit_s=10)
    # moving either AI talk to 11:00 would put Kim or Lee in two rooms at once
    assert result.after.clashes == 1 and result.moves == []


def test_a_keynote_and_pinned_sessions_stay_put():
    frame, vectors = timetable([("Opening keynote: AI", "ai", 10, "Hall", "", "keynote"),
                                ("AI in practice", "ai", 10, "Room 2"), ("Data one", "data", 11, "Hall"),
                                ("Web one", "web", 11, "Room 2")])
    result = repair(Agenda(frame), vectors, time_limit_s=10)
    assert "Opening keynote: AI" not in moved_titles(result) and "AI in practice" in moved_titles(result)
    assert result.after.clashes == 0
    pinned = repair(Agenda(frame), vectors, time_limit_s=10, pinned=["S1"])
    assert pinned.moves == [] and pinned.after == pinned.before


def test_sessions_only_trade_places_with_the_same_length_and_format():
    frame, vectors = timetable([("AI talk", "ai", 10, "Room 1"), ("AI workshop", "ai", 10, "Lab", "", "workshop", 90),
                                ("Web workshop", "web", 13, "Lab", "", "workshop", 90),
                                ("Data talk", "data", 13, "Room 1", "", "talk", 60)])
    result = repair(Agenda(frame), vectors, time_limit_s=10)
    # the 45-minute talk has no other place of its length; the workshops may trade with each other only
    assert moved_titles(result) == {"AI workshop", "Web workshop"} and result.after.clashes == 0
    assert set(result.schedule.room[result.schedule.moved]) == {"Lab"}


def test_max_moves_is_respected_and_zero_means_unchanged():
    frame, vectors = timetable([("AI one", "ai", 10, "R1"), ("AI two", "ai", 10, "R2"), ("Data one", "data", 11, "R1"),
                                ("Data two", "data", 11, "R2"), ("Web one", "web", 12, "R1"),
                                ("Ops one", "ops", 12, "R2")])
    full = repair(Agenda(frame), vectors, time_limit_s=10)
    assert full.after.clashes == 0 and len(full.moves) == 2  # "AI two" and "Data one" trade: both clashes gone
    capped = repair(Agenda(frame), vectors, time_limit_s=10, max_moves=1)  # a lone move would leave a slot empty
    assert capped.moves == [] and capped.after == capped.before
    assert repair(Agenda(frame), vectors, max_moves=0).status == "unchanged"


def test_what_it_could_not_do_is_said():
    frame, vectors = timetable([("AI one", "ai", 10, "R1"), ("AI two", "ai", 10, "R1"), ("Data", "data", 11, "R1")])
    frame.loc[2, ["start", "end"]] = pd.NaT
    result = repair(Agenda(frame), vectors, time_limit_s=5)
    said = " ".join(result.notes)
    assert "1 session has no start or end time" in said and "two sessions in one room at once" in said


def test_speaker_names():
    assert speaker_names("Ines Moreau (moderator); Priya Raman and D. Cohen, Aiko Tanaka (Lanternfish, AI)") == [
        "ines moreau", "priya raman", "d. cohen", "aiko tanaka"]
    assert is_fixed("Lunch and Hallway Track", "networking") and not is_fixed("Prompt engineering", "talk")


@pytest.fixture(scope="module")
def demo(embedder):
    from core.models.embeddings import embed

    agenda = from_event_agenda(load_demo_event().agenda)
    return agenda, embed(agenda.texts())


def test_real_solver_on_the_demo_event(demo):
    agenda, vectors = demo
    result = repair(agenda, vectors, time_limit_s=30, threshold=0.5)
    assert result.before.clashes >= 3 and result.after.score <= result.before.score / 2
    assert result.status in ("optimal", "feasible") and 0 < len(result.moves) <= 10
    old, new = agenda.sessions, result.schedule
    assert (new.session_id == old.session_id).all()
    moved = new.moved.to_numpy()
    assert not old[moved]["format"].str.contains("keynote|networking").any()
    # every moved session took a place (time + room) some session of its own length and format held before
    places = {(r.start, r.end, r.room, r.format) for r in old.itertuples()}
    assert all((r.start, r.end, r.room, f) in places for r, f in zip(new[moved].itertuples(), old[moved]["format"]))
    assert new.groupby(["start", "room"]).size().max() == 1


def test_applying_a_repair_rewrites_only_the_moved_rows_in_the_organisers_columns():
    from core.agenda.sessions import guess_mapping, normalise
    from core.agenda.schedule import apply

    frame, vectors = timetable([("AI one", "ai", 10, "Room 1"), ("AI two", "ai", 10, "Room 2"),
                                ("Data one", "data", 11, "Room 1"), ("Web one", "web", 11, "Room 2")])
    upload = pd.DataFrame({"Session Title": frame.title, "Starts At": frame.start.dt.strftime("%d/%m/%Y %H:%M"),
                           "Ends At": frame.end.dt.strftime("%d/%m/%Y %H:%M"), "Venue": frame.room,
                           "Notes": ["keep me"] * 4})
    agenda = normalise(upload, guess_mapping(list(upload.columns)))
    result = repair(agenda, vectors, time_limit_s=10)
    fixed = apply(agenda, result)
    assert list(fixed.source.columns) == list(upload.columns) and (fixed.source.Notes == "keep me").all()
    moved = result.schedule.moved.to_numpy()
    assert (fixed.source["Starts At"][~moved] == upload["Starts At"][~moved]).all()  # untouched, as written
    assert (fixed.source["Starts At"][moved] != upload["Starts At"][moved]).all()
    assert (fixed.sessions.start == result.schedule.start).all()
    assert repair(fixed, vectors, time_limit_s=10).before.clashes == 0  # the other tabs now see no clash
