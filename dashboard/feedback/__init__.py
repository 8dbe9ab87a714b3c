"""The Attendee feedback page's parts: where its comments come from (`input`), the tabs that read the labels
(`views`), the organiser's corrections (`corrections`) and categories (`categories`), and the insight tabs:
themes, digests and the report (`insights`), speaker packs (`packs`); the form answers' moderation queue (`moderation`)."""
from dashboard.feedback.categories import categories_tab, with_categories
from dashboard.feedback.corrections import comments_tab
from dashboard.feedback.input import feedback_source
from dashboard.feedback.insights import digests_tab, report_tab, themes_tab
from dashboard.feedback.packs import packs_tab
from dashboard.feedback.moderation import live_answers, queue_tab
from dashboard.feedback.views import compare_tab, export_tab, sessions_tab, time_tab, why_tab

__all__ = ["categories_tab", "comments_tab", "compare_tab", "digests_tab", "export_tab", "feedback_source",
           "live_answers", "packs_tab", "queue_tab", "report_tab", "sessions_tab", "themes_tab", "time_tab", "why_tab", "with_categories"]
