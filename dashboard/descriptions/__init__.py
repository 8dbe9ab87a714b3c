"""The Session descriptions page's parts: the brief form and settings (`form`), writing with candidates streamed
side by side (`write`) and its results (`results`), "Why this word?" (`why`), batch mode (`batch`) and the
speakers' sign-off (`approval`)."""
from dashboard.descriptions.batch import batch as batch_mode
from dashboard.descriptions.form import RunSettings, brief_form, settings_panel
from dashboard.descriptions.approval import sign_off
from dashboard.descriptions.why import why_this_word
from dashboard.descriptions.results import highlighted, show_results
from dashboard.descriptions.write import read_prompt_ahead, write as write_drafts

__all__ = ["RunSettings", "batch_mode", "brief_form", "highlighted", "read_prompt_ahead", "settings_panel",
           "show_results", "sign_off", "why_this_word", "write_drafts"]
