"""Attendee feedback: the comments, what the models read in them, and what goes to the organiser's board.

- `comments`: the comments table (`normalise` an export, `from_event`, `from_pasted`), labels joined, roll-ups;
- `sentiment`: the encoder classifier; `zero_shot`: the decoder asked the same question;
- `themes`: comments grouped by meaning and named; `digests`: each session in numbers and exact quotes;
- `charts`: the chart definitions the page and the report share; `report`: one self-contained HTML file.
"""
