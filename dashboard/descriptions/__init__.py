"""The Session descriptions page's parts: the brief form and settings (`form`), writing with candidates streamed
side by side (`write`) and its results (`results`), "Why this word?" (`why`) and batch mode (`batch`)."""
from dashboard.descriptions.batch import batch as batch_mode
from dashboard.descriptions.form import RunSettings, brief_form, settings_panel
from dashboard.descriptions.why import why_this_word
from dashboard.descriptions.results import show_results
from dashboard.descriptions.write import read_prompt_ahead, write as write_drafts

__all__ = ["RunSettings", "batch_mode", "brief_form", "read_prompt_ahead", "settings_panel", "show_results",
           "why_this_word", "write_drafts"]
