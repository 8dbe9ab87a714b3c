"""The agenda: one standard table of sessions, what embeddings find in it, and a repaired timetable.

- `table`: any agenda export mapped to the standard columns (`Agenda`, `guess_mapping`, `normalise`);
- `similarity`: pure numpy on unit vectors (neighbours, pairs above a threshold, overlapping times);
- `analysis`: near-duplicates, topic clashes, groups, misplaced sessions, a personal agenda;
- `schedule`: the timetable repair with OR-Tools CP-SAT.
"""
