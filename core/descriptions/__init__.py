"""Session descriptions: a brief goes in, the best of several checked drafts comes out.

- `brief`: the organiser's brief (`Brief`, `brief_for` a session) and the decoder's prompt for it;
- `best_of`: the one write loop (`BestOf`), round by round; `draft` and friends;
- `writing`: n candidates written at once in the engine's parallel slots, each stopped once it cannot win;
- `ranking`: every candidate tidied, checked and scored (`Candidate`, `rank`, strict mode);
- `cleanup`: tidying a raw draft (leaked instructions, repeats, hashtags, length);
- `fact_check`: every name, number, date, credential and link the brief does not support;
- `claims`: every sentence read against the brief, drawn from it or not, by its words;
- `likelihood`: the decoder's second opinion on each sentence (does the brief make it more likely?).

    from core.descriptions import Brief, draft
    draft(Brief(title="Pandas for Event Analytics", speakers="Amara Okafor"), seed=1)
"""
from core.lazy import offer

__getattr__, __dir__, __all__ = offer(__name__, {
    "best_of": "BestOf best_draft draft draft_many supported_start",
    "brief": "FIELD_LIMITS FORMATS KINDS TONES Brief brief_for clean_field copy_request suggested_max_tokens",
    "claims": "SentenceCheck check_claims",
    "cleanup": "WORD_LIMITS sentences tidy",
    "fact_check": "Check Claim check:check_facts",
    "likelihood": "check_draft second_opinion",
    "ranking": "Candidate rank strict_text",
    "writing": "Writing read_ahead wait_for_read_ahead",
})
