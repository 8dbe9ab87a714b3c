"""Attendee feedback: the comments, what the models read in them, and what goes to the organiser's board.

- `comments`: the comments table (`normalise` an export, `from_event`, `from_pasted`), labels joined, roll-ups;
- `sentiment`: the encoder classifier; `zero_shot`: the decoder asked the same question;
- `adapt`: the classifier adapted to the organiser's corrections; `categories`: the organiser's own categories;
- `themes`: comments grouped by meaning and named; `digests`: each session in numbers and exact quotes;
- `packs`: one page of feedback per speaker; `report`: one self-contained HTML file for the board;
- `charts`: the chart definitions the page and the report share; `markup`: HTML escaping for both;
- `forms`: the attendee form's rules (when it is open, what it accepts and masks); `signage`: QR codes and
  printable pages for the forms.

    results = classify(["Great talk!", "The room was too cold."])   # [{"label": "positive", ...}, ...]
"""
from core.lazy import offer

__getattr__, __dir__, __all__ = offer(__name__, {
    "adapt": "MIN_CORRECTIONS Adapted adapt:adapt_classifier adapt_rows",
    "categories": ("NONE:NO_CATEGORY STARTER:STARTER_CATEGORIES assign:assign_categories clean:clean_categories "
                   "confidence:category_confidence near_boundary:near_category_boundary scores:category_scores "
                   "suggest:category_suggestions"),
    "charts": "COLOURS categories_chart sessions_chart shares_chart themes_chart",
    "comments": ("SCORED_COLUMNS Feedback from_event from_pasted guess_mapping:guess_comment_mapping "
                 "most_negative normalise:normalise_comments rollup trend with_sentiment"),
    "digests": "digests:session_digests theme_of themes_by_sentiment",
    "forms": ("COMMENT_LIMIT RATING_QUESTION RATING_SCALE STATES BadSubmission FormWindow Submission Window "
              "abuse_words clean_submission "
              "comment_text mask_contacts window"),
    "packs": "SessionFeedback as_zip file_name session_feedback speaker_packs",
    "report": "build:build_report",
    "sentiment": "LABELS classify explain",
    "signage": "SignRow qr_png room_day_pdf signage_zip",
    "themes": "extend:extend_themes needs_regrouping themes:find_themes",
    "zero_shot": "classify:classify_zero_shot",
})
