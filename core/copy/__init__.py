"""Event copy: a brief goes in, the best of several checked drafts comes out.

- `brief`: the organiser's brief (`Brief`, `brief_for` a session) and the decoder's prompt for it;
- `best_of`: the one write loop (`BestOf`), round by round; `draft` and friends;
- `writing`: n candidates written at once in the engine's parallel slots, each stopped once it cannot win;
- `ranking`: every candidate tidied, checked and scored (`Candidate`, `rank`, strict mode);
- `cleanup`: tidying a raw draft (leaked instructions, repeats, hashtags, length);
- `fact_check`: every name, number, date, credential and link the brief does not support.

    from core.copy import Brief, draft
    draft(Brief(title="Pandas for Event Analytics", speakers="Amara Okafor"), seed=1)
"""
from core.copy.best_of import BestOf, best_draft, draft, draft_many
from core.copy.ranking import Candidate
from core.copy.brief import FIELD_LIMITS, FORMATS, KINDS, TONES, Brief, brief_for, copy_request, suggested_max_tokens

__all__ = ["BestOf", "Brief", "Candidate", "FIELD_LIMITS", "FORMATS", "KINDS", "TONES", "best_draft", "brief_for",
           "copy_request", "draft", "draft_many", "suggested_max_tokens"]
