"""Plain HTML pages for attendees, from Jinja2 templates with autoescaping: whatever an attendee or an organiser
typed is shown as text. No script runs on these pages, and the headers say so to the browser."""
from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                        autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
# No script at all; inline styles only from the page itself; forms post only back here; the token in the link
# is never sent on as a referrer
HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
                                      "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
           "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}


def page(template: str, status: int = 200, headers: dict | None = None, **context) -> HTMLResponse:
    html = TEMPLATES.get_template(template).render(**context)
    return HTMLResponse(html, status_code=status, headers=HEADERS | (headers or {}))


def message(title: str, text: str, status: int, headers: dict | None = None, event: str = "") -> HTMLResponse:
    """A page that only says something: a link that does not work, a closed form, too many sends."""
    return page("message.html", status, headers, title=title, text=text, event=event)


async def read_body(request: Request, limit: int) -> bytes | None:
    """The request body, or None once it passes `limit` bytes (read no further: a huge body costs nothing)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return body
