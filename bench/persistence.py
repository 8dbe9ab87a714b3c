"""Workspaces in a real database: reopening a large one, the cost of a write, many writers at once, memory.

    .venv/bin/python bench/persistence.py [--repeats 5]

Runs on an SQLite file and on a PostgreSQL server of its own (Debian's postgresql, as the tests start it).

1. Reopen. A workspace of 2,000 sessions (with the organiser's source rows), 10,000 labelled comments, 500
   drafts (four ranked candidates each) and 5 timetables, read back as each page reads it on a fresh session
   (Home: the counts; Agenda: the programme and the timetable in use; Feedback: the labelled comments;
   Descriptions: the programme and the drafts; all of it), against pandas reading the same data from CSV
   files. Median of the repeats, side by side in one run. Cold: from the database, as after a restart. Warm:
   a reload or a teammate on the same server, served from the process's copy (an unpickled copy of each
   value, which is what Streamlit's cache hands out).
2. Writes. One finished draft stored, and one edited cell, against the time the engine takes to write one
   checked best-of-4 abstract of a demo session (measured here, in the same run).
3. Eight sessions writing 100 drafts each at once: every row there with its content, and no error
   ("database is locked" or any other).
4. Memory: resident MB added by importing the store (SQLAlchemy, Alembic, psycopg) and by one reopened
   workspace's data, in a fresh process.

Last lines: reopen_*_vs_csv_<database> (goal ≤ 1.0), write_cost_vs_draft (goal ≤ 0.02), concurrent_errors.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import ROOT, machine, median_time

import numpy as np
import pandas as pd

sys.path.insert(0, str(ROOT / "tests"))  # the throwaway PostgreSQL server the tests use

from core.agenda.schedule import Repair, Score  # noqa: E402
from core.agenda.sessions import Agenda, guess_mapping, normalise  # noqa: E402
from core.store.demo import load_demo_event  # noqa: E402
from core.feedback.comments import Feedback  # noqa: E402
from core.store import drafts, feedback, programme  # noqa: E402
from core.store.db import connect, prepare, writing  # noqa: E402
from core.store.workspaces import counts, create, open_workspace, revisions  # noqa: E402

SESSIONS, COMMENTS, DRAFTS, TIMETABLES = 2_000, 10_000, 500, 5


def synthetic(rng: np.random.Generator) -> tuple[Agenda, pd.DataFrame, list[dict]]:
    """(programme, labelled comments, drafts) of realistic size, built from the demo event's text."""
    demo = load_demo_event()
    rows = demo.agenda.sample(SESSIONS, replace=True, random_state=1).reset_index(drop=True)
    starts = pd.Timestamp("2026-06-11 09:00") + pd.to_timedelta(rng.integers(0, 5 * 10, SESSIONS) * 60, unit="min")
    source = pd.DataFrame({"Session Id": [f"P{i:05d}" for i in range(SESSIONS)],
                           "Title": rows["title"] + [f" (part {i})" for i in range(SESSIONS)],
                           "Description": rows["abstract"], "Speakers": rows["speakers"], "Format": rows["format"],
                           "Track": rows["track"], "Room": [f"Room {i % 12}" for i in range(SESSIONS)],
                           "Scheduled At": starts.strftime("%Y-%m-%d %H:%M"),
                           "Ends At": (starts + pd.Timedelta(minutes=45)).strftime("%Y-%m-%d %H:%M"),
                           "Level": rng.choice(["beginner", "advanced"], SESSIONS)})
    agenda = normalise(source, guess_mapping(list(source.columns)))
    texts = demo.feedback["text"].sample(COMMENTS, replace=True, random_state=2).reset_index(drop=True)
    p = rng.dirichlet([2, 1, 3], COMMENTS)
    scored = pd.DataFrame({"text": texts, "session": rng.choice(agenda.sessions.title, COMMENTS),
                           "rating": rng.integers(1, 6, COMMENTS).astype(float),
                           "timestamp": pd.Timestamp("2026-06-11 10:00") + pd.to_timedelta(
                               rng.integers(0, 3000, COMMENTS), unit="min")})
    scored["label"] = np.array(["negative", "neutral", "positive"])[p.argmax(axis=1)]
    scored["confidence"] = p.max(axis=1)
    scored["p_negative"], scored["p_neutral"], scored["p_positive"] = p.T
    written = []
    for i in range(DRAFTS):
        row = agenda.sessions.iloc[i]
        candidates = [{"text": f"{row.abstract[:600]} (candidate {k})", "seed": k,
                       "reasons": ["no facts outside your brief", "uses 2 of 3 facts from your brief"],
                       "removed": [], "tokens": 140, "tok_s": 120.0, "first_s": 0.2, "truncated": False}
                      for k in range(4)]
        written.append({"key": row.session_id, "brief": {"title": row.title, "speakers": row.speakers,
                                                         "notes": row.abstract}, "candidates": candidates})
    return agenda, scored, written


def fill(engine, agenda: Agenda, scored: pd.DataFrame, written: list[dict], rng) -> str:
    ws = create(engine, "Bench summit", who="bench")
    with writing(engine) as conn:
        programme_id = programme.save(conn, ws.id, agenda, "programme.csv", who="bench")
    with writing(engine) as conn:
        set_id = feedback.save_comments(conn, ws.id, Feedback(scored[["text", "session", "rating", "timestamp"]]),
                                        "upload", "survey.csv", {}, who="bench")
        feedback.save_labels(conn, ws.id, set_id, scored, "bench", who="bench")
    with writing(engine) as conn:
        for d in written:
            drafts.save_written(conn, ws.id, d["key"], "abstract", d["brief"], d["candidates"], [], {}, 1, "e", "m",
                                who="bench")
    s = agenda.sessions
    for t in range(TIMETABLES):
        schedule = s[["session_id", "title", "start", "end", "room"]].copy()
        moved = rng.random(len(s)) < 0.05
        schedule.loc[moved, "start"] = schedule.loc[moved, "start"] + pd.Timedelta(hours=1)
        schedule.loc[moved, "end"] = schedule.loc[moved, "end"] + pd.Timedelta(hours=1)
        schedule["moved"] = moved
        result = Repair(schedule, [], Score(3.0, 5), Score(1.0, 2), "feasible", 0.1, [], 5.0, 1.0)
        with writing(engine) as conn:
            timetable_id = programme.save_timetable(conn, ws.id, programme_id, result, [], 0.55, 20, who="bench")
            if t == TIMETABLES - 1:
                programme.use_timetable(conn, ws.id, timetable_id, who="bench")
    return ws.id


def csv_files(folder: Path, agenda: Agenda, scored: pd.DataFrame, written: list[dict]) -> dict[str, Path]:
    """The same data as an organiser's CSV files."""
    paths = {name: folder / f"{name}.csv" for name in ("programme", "comments", "drafts", "timetables")}
    agenda.source.to_csv(paths["programme"], index=False)
    scored.to_csv(paths["comments"], index=False)
    pd.DataFrame([{"session_id": d["key"], "title": d["brief"]["title"], "brief": json.dumps(d["brief"]),
                   "candidates": json.dumps(d["candidates"])} for d in written]).to_csv(paths["drafts"], index=False)
    slots = pd.concat([agenda.sessions[["session_id", "start", "end", "room"]].assign(timetable=t)
                       for t in range(TIMETABLES)])
    slots.to_csv(paths["timetables"], index=False)
    return paths


def read_csvs(paths: dict[str, Path], which: tuple[str, ...]) -> None:
    """What reading the CSV files takes: parsed into frames, times read, the JSON columns decoded."""
    if "programme" in which:
        frame = pd.read_csv(paths["programme"], dtype=str, keep_default_na=False)
        normalise(frame, guess_mapping(list(frame.columns)))
    if "comments" in which:
        frame = pd.read_csv(paths["comments"])
        frame["timestamp"] = pd.to_datetime(frame["timestamp"])
    if "drafts" in which:
        frame = pd.read_csv(paths["drafts"])
        frame["candidates"] = frame["candidates"].map(json.loads)
        frame["brief"] = frame["brief"].map(json.loads)
    if "timetables" in which:
        frame = pd.read_csv(paths["timetables"])
        frame["start"], frame["end"] = pd.to_datetime(frame["start"]), pd.to_datetime(frame["end"])


def warm(engine, ws_id: str, which: tuple[str, ...]):
    """The values a page reads, pickled as the process's copy keeps them; the returned function unpickles them
    as a cache hit does."""
    import pickle

    ws = open_workspace(engine, ws_id)
    kept = [pickle.dumps(counts(engine, ws_id))]
    if "programme" in which:
        found = programme.load(engine, ws_id)
        kept += [pickle.dumps(found), pickle.dumps(programme.in_use(engine, found, ws.timetable_id)[0])]
    if "comments" in which:
        kept.append(pickle.dumps(feedback.load(engine, ws_id)))
    if "drafts" in which:
        kept.append(pickle.dumps(drafts.load(engine, ws_id)))

    def hit() -> None:
        revisions(engine, ws_id)  # the one query every page run makes
        for value in kept:
            pickle.loads(value)

    return hit


def reopen(engine, ws_id: str, which: tuple[str, ...]) -> None:
    """What a fresh page session reads (see dashboard.workspace): the workspace, then each area it shows."""
    ws = open_workspace(engine, ws_id)
    revisions(engine, ws_id)
    if "counts" in which:
        counts(engine, ws_id)
    if "programme" in which:
        found = programme.load(engine, ws_id)
        programme.in_use(engine, found, ws.timetable_id)
    if "comments" in which:
        feedback.load(engine, ws_id)
    if "drafts" in which:
        drafts.load(engine, ws_id)


PAGES = {"Home (counts)": (("counts",), ()),
         "Agenda (programme, timetable in use)": (("programme",), ("programme", "timetables")),
         "Feedback (labelled comments)": (("comments",), ("comments",)),
         "Descriptions (programme, drafts)": (("programme", "drafts"), ("programme", "drafts")),
         "everything": (("counts", "programme", "comments", "drafts"), ("programme", "comments", "drafts",
                                                                          "timetables"))}


def writes(engine, ws_id: str, repeats: int = 50) -> tuple[float, float]:
    """Median seconds to store one finished draft, and one edited cell."""
    candidate = {"text": "Join Amara Okafor for a hands-on look at registration data. " * 3, "seed": 1,
                 "reasons": ["no facts outside your brief"], "removed": [], "tokens": 140, "tok_s": 120.0}
    keys = iter(range(10**6))

    def one_draft():
        with writing(engine) as conn:
            drafts.save_written(conn, ws_id, f"W{next(keys)}", "teaser", {"title": "T"}, [candidate] * 4, [], {}, 1,
                                "e", "m", who="bench", what="wrote the teaser of “T”")

    one_draft()
    with engine.connect() as conn:
        from sqlalchemy import select

        from core.store.schema import drafts as table
        draft_id = conn.execute(select(table.c.id).where(table.c.workspace_id == ws_id)).scalar()
    versions = iter(range(1, 10**6))

    def one_edit():
        with writing(engine) as conn:
            drafts.save_edit(conn, ws_id, draft_id, "An organiser's own sentence.", [], next(versions), who="bench",
                             what="edited the teaser of “T”")

    return median_time(one_draft, repeats), median_time(one_edit, repeats)


def concurrent(engine, writers: int = 8, each: int = 100) -> tuple[float, int, int, list[str]]:
    ws = create(engine, "Eight writers", who="bench")
    errors: list[str] = []
    barrier = threading.Barrier(writers)

    def write(k: int) -> None:
        barrier.wait()
        for i in range(each):
            try:
                with writing(engine) as conn:
                    drafts.save_written(conn, ws.id, f"S{k}-{i}", "abstract", {"title": f"{k}/{i}"},
                                        [{"text": f"Draft {k}/{i}"}], [], {}, i, "e", "m", who=f"writer {k}")
            except Exception as exc:  # counted: the goal is none
                errors.append(f"{type(exc).__name__}: {exc}"[:200])

    threads = [threading.Thread(target=write, args=(k,)) for k in range(writers)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start
    stored = drafts.load(engine, ws.id)
    right = sum(stored.get((f"S{k}-{i}", "abstract")) is not None and
                stored[(f"S{k}-{i}", "abstract")].shown == f"Draft {k}/{i}" for k in range(writers) for i in range(each))
    return seconds, len(stored), right, errors


def draft_seconds(repeats: int = 3) -> float:
    """The time the engine takes for one checked best-of-4 abstract of a demo session (the page's default)."""
    from core.agenda.sessions import from_event_agenda
    from core.descriptions.best_of import best_draft
    from core.descriptions.brief import brief_for
    from core.models.cache import MODELS

    event = load_demo_event()
    rows = from_event_agenda(event.agenda).sessions
    MODELS.get("decoder"), MODELS.get("embedder")
    best_draft(brief_for(rows.iloc[0], event=event.name), 0)  # warm up
    times = []
    for k in range(1, repeats + 1):
        start = time.perf_counter()
        best_draft(brief_for(rows.iloc[k], event=event.name), k)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


MEMORY_STEP = """
import json, sys
sys.path.insert(0, {root!r})
import pandas, streamlit, altair  # the server has these already: not the store's cost
from core.models.memory import release_freed_memory, rss_mb
release_freed_memory(); before = rss_mb()
from core.store import db, drafts, feedback, programme, workspaces
release_freed_memory(); imported = rss_mb()
engine = db.connect({url!r})
found = programme.load(engine, {ws_id!r})
programme.in_use(engine, found, workspaces.revisions(engine, {ws_id!r}).timetable_id)
comments, written = feedback.load(engine, {ws_id!r}), drafts.load(engine, {ws_id!r})
release_freed_memory()
print(json.dumps({{"import_mb": imported - before, "data_mb": rss_mb() - imported}}))
"""


def memory(url: str, ws_id: str) -> dict:
    """In a fresh process: resident MB added by importing the store, and by reopening the workspace."""
    code = MEMORY_STEP.format(root=str(ROOT), url=url, ws_id=ws_id)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return json.loads(out.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(machine())
    from postgres import Cluster

    rng = np.random.default_rng(0)
    agenda, scored, written = synthetic(rng)
    folder = Path(tempfile.mkdtemp(prefix="bench-persistence-"))
    paths = csv_files(folder, agenda, scored, written)
    cluster = Cluster()
    cluster.start()
    results: dict[str, dict] = {}
    try:
        for name, url in (("sqlite", f"sqlite:///{folder / 'events.db'}"),
                          ("postgresql", cluster.create_database("bench_events"))):
            engine = connect(url)
            prepare(engine)
            start = time.perf_counter()
            ws_id = fill(engine, agenda, scored, written, rng)
            print(f"\n{name}: workspace filled in {time.perf_counter() - start:.1f} s")
            print(f"{'page opened from the link':40} {'cold s':>7} {'warm s':>7} {'CSV s':>7} {'cold/CSV':>8} "
                  f"{'warm/CSV':>8}")
            everything_csv = median_time(lambda: read_csvs(paths, PAGES["everything"][1]), args.repeats)
            for page, (areas, files) in PAGES.items():
                db_s = median_time(lambda: reopen(engine, ws_id, areas), args.repeats)
                warm_s = median_time(warm(engine, ws_id, areas), args.repeats)
                csv_s = median_time(lambda: read_csvs(paths, files), args.repeats) if files else everything_csv
                print(f"{page:40} {db_s:7.3f} {warm_s:7.3f} {csv_s:7.3f} {db_s / csv_s:8.2f} {warm_s / csv_s:8.2f}"
                      + ("  (against all the CSV files)" if not files else ""))
                results.setdefault(name, {})[page] = (db_s, warm_s, csv_s)
            draft_s, edit_s = writes(engine, ws_id)
            results[name]["writes"] = (draft_s, edit_s)
            print(f"store one finished draft: {draft_s * 1000:.1f} ms; one edited cell: {edit_s * 1000:.1f} ms")
            seconds, stored, right, errors = concurrent(engine)
            results[name]["concurrent"] = (stored, right, errors)
            print(f"8 writers x 100 drafts at once: {seconds:.1f} s, {stored} rows, {right} with their content, "
                  f"{len(errors)} errors{': ' + errors[0] if errors else ''}")
            used = memory(url, ws_id)
            print(f"memory: importing the store {used['import_mb']:.0f} MB, the reopened workspace's data "
                  f"{used['data_mb']:.0f} MB (fresh process)")
            engine.dispose()
    finally:
        cluster.remove()
    one_draft = draft_seconds()
    print(f"\none checked best-of-4 abstract: {one_draft:.2f} s (median of 3)")
    for name, found in results.items():
        db_s, warm_s, csv_s = found["everything"]
        print(f"reopen_everything_cold_vs_csv_{name}: {db_s / csv_s:.2f}")
        print(f"reopen_everything_warm_vs_csv_{name}: {warm_s / csv_s:.2f}")
        first, _, _ = found["Home (counts)"]
        print(f"reopen_link_first_page_vs_csv_{name}: {first / csv_s:.2f}")
    worst = max(max(found["writes"]) for found in results.values())
    print(f"write_cost_vs_draft: {worst / one_draft:.4f}")
    print(f"concurrent_errors: {sum(len(found['concurrent'][2]) for found in results.values())}")


if __name__ == "__main__":
    main()
