"""Every chart the pages draw, one module per feature: each takes plain frames and returns an Altair chart. The
feedback charts the post-event report also draws are defined in `core.feedback.charts` and sized here."""
from dashboard.charts.agenda import agenda_map, similarity_heatmap, timetable_grid
from dashboard.charts.concepts import attention_heatmap, decision_field, generated_points, memory_bars, ranked_bars
from dashboard.charts.descriptions import distribution_chart
from dashboard.charts.feedback import (distribution as sentiment_distribution, over_time as sentiment_over_time,
                                       per_session as sentiment_per_session, themes as sentiment_by_theme, word_effects)

__all__ = ["agenda_map", "attention_heatmap", "decision_field", "distribution_chart", "generated_points",
           "memory_bars", "ranked_bars", "sentiment_by_theme", "sentiment_distribution", "sentiment_over_time",
           "sentiment_per_session", "similarity_heatmap", "timetable_grid", "word_effects"]
