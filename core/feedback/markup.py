"""HTML for the files the organiser hands on (the board report, speaker packs): every piece of user text escaped,
quotes drawn one way.

    escape('<b>"Great"</b>')            -> '&lt;b&gt;&quot;Great&quot;&lt;/b&gt;'
    quote("Too cold in Room B", "negative") -> '<blockquote class="neg">“Too cold in Room B”</blockquote>'
"""
from __future__ import annotations

import html


def escape(value) -> str:
    """Any value as HTML text: None as nothing, quotes escaped too (safe inside attributes)."""
    return html.escape("" if value is None else str(value))


def quote(text: str | None, kind: str) -> str:
    """A comment as a quote, red-edged when negative; a muted line when there is none."""
    if not text:
        return f'<p class="muted">No {escape(kind)} comment.</p>'
    return f'<blockquote class="{"neg" if kind == "negative" else ""}">“{escape(text)}”</blockquote>'
