"""Every chart the pages draw, one module per feature: each takes plain frames and returns an Altair chart. The
feedback charts the post-event report also draws are defined in `core.feedback.charts` and sized here."""
