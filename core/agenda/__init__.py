"""The agenda: one standard table of sessions, what embeddings find in it, a repaired timetable, and the
programme files organisers already have, read and written.

- `sessions`: any agenda export mapped to the standard columns (`Agenda`, `guess_mapping`, `normalise`);
- `similarity`: pure numpy on unit vectors (neighbours, pairs above a threshold, overlapping times);
- `analysis`: near-duplicates, topic clashes, groups, misplaced sessions, a personal agenda;
- `schedule`: the timetable repair with OR-Tools CP-SAT (`solving` runs the solver);
- `changes`: a repair's moves, and their announcement;
- `demand`: attendees' interest against room capacity, and the sessions the same people want;
- `formats/`: pretalx, frab, Sessionize and iCalendar in and out.

    agenda = normalise(frame, guess_mapping(list(frame.columns)))
    clashes(agenda, embed(agenda.texts()))
"""
from core.lazy import offer

__getattr__, __dir__, __all__ = offer(__name__, {
    "analysis": "clashes clusters duplicates heatmap_order misplaced neighbours recommend",
    "changes": "announcement change_lines changes_csv moves_of",
    "demand": ("Interest PicksError audience_clashes audience_pairs count_interest demand:demand_table "
               "expected_audience picks_from unavailable_from"),
    "formats": ("Copy:ExportCopy EXPECTED PROGRAMME_NAMES ProgrammeError detect drafts_csv read_if_programme "
                "read_programme suffixes:programme_suffixes to_frab_json to_frab_xml to_ical unplaced zone_of"),
    "fit": "Audience Weights",
    "schedule": "Repair Score apply:apply_repair is_fixed repair",
    "sessions": "COLUMNS REQUIRED Agenda bios_of bios_text from_event_agenda guess_mapping normalise",
    "similarity": "cosine project_2d",
})
