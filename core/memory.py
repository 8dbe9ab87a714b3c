"""Process memory readings, so the dashboard can show what each model costs against the Cloud limit."""
from __future__ import annotations

import psutil

STREAMLIT_CLOUD_LIMIT_MB = 2.7 * 1024


def rss_mb() -> float:
    """Resident memory of this process in MiB."""
    return psutil.Process().memory_info().rss / 2**20
