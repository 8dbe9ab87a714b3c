"""The attendee form of one session: `GET /f/<token>` shows it, `POST /f/<token>` stores the answer.

What keeps it honest, in the order a request meets it: a body over 16 KB is refused (413) before it is read
whole; each browser may send a few answers a minute and each network address many (a whole venue shares one
Wi-Fi address, so the address's ceiling is far above what an audience sends); a filled-in honeypot field is
thanked and dropped; the form must be open on the timetable in use; and the text is checked, capped and stripped
of e-mail addresses and phone numbers before it is stored. A browser is known by a random cookie, or, without
cookies, by the form it was served: its second answer for a session replaces the first, and a double tap or a
retry is stored once.
"""
from __future__ import annotations

import re
import secrets
from datetime import datetime, timezone
from urllib.parse import parse_qs

from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.agenda import zone_of
from core.feedback import (COMMENT_LIMIT, RATING_QUESTION, RATING_SCALE, BadSubmission, FormWindow, Window,
                           clean_submission, comment_text, window)
from routes import store
from routes.pages import message, page, read_body

TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")  # secrets.token_urlsafe(16)
MAX_BODY = 16 * 1024  # a form of two 2,000-character texts is under 13 KB even fully percent-encoded
COOKIE = "event_feedback_client"
PER_BROWSER = parse("6/minute")
PER_ADDRESS = parse("1200/minute")  # a venue's shared address: 20 answers a second, for a whole minute
_limiter = MovingWindowRateLimiter(MemoryStorage())


def _client_of(request: Request, nonce: str) -> tuple[str, bool]:
    """(who this browser is, whether to set its cookie): its cookie; else the form it was served, whose nonce
    then becomes its cookie, so its next answer replaces this one too."""
    for candidate, needs_cookie in ((request.cookies.get(COOKIE, ""), False), (nonce, True)):
        if TOKEN.fullmatch(candidate):
            return candidate, needs_cookie
    return secrets.token_urlsafe(16), True


def _session_of(target: store.FormTarget):
    """(the programme, its row for the target's session), or None when either is gone."""
    found = store.programme(target.ws_id)
    if found is None:
        return None
    row = found.by_id.get(target.session_id)
    return None if row is None else (found, row)


def _is_open(target: store.FormTarget, found, row) -> FormWindow:
    settings = target.settings
    if not settings.forms_on:
        return FormWindow(False, None, None, "The organisers are not collecting feedback through this page now.")
    zone = zone_of(found.agenda.timezone) or timezone.utc
    now = datetime.now(zone).replace(tzinfo=None)
    times = Window(settings.opens_before_min, settings.closes_after_min)
    return window(_plain(row["start"]), _plain(row["end"]), times, target.state, now)


def _plain(value):
    return None if value is None or value != value else value.to_pydatetime() if hasattr(value, "to_pydatetime") \
        else value


def _when(row) -> str:
    start, end = _plain(row["start"]), _plain(row["end"])
    if start is None:
        return "time to be announced"
    return f"{start:%a} {start.day} {start:%B}, {start:%H:%M}" + (f"–{end:%H:%M}" if end is not None else "")


def _form_page(target, found, row, nonce: str, status: int = 200, error: str = "", values: dict | None = None):
    session = {"title": row["title"], "speakers": row["speakers"], "room": row["room"], "when": _when(row)}
    return page("form.html", status, event=found.name, session=session, nonce=nonce, error=error,
                values=values or {"rating": "", "comment": "", "improve": ""}, limit=COMMENT_LIMIT,
                question=RATING_QUESTION, scale=RATING_SCALE)


def _lookup(token: str):
    """(the target, (programme, row) or None): one trip to the database's thread for both."""
    target = store.form(token)
    if target is None or target.revoked:
        return target, None
    return target, _session_of(target)


async def _resolve(token: str):
    """(target, programme, row) for a usable token, or the page that says why not."""
    target, resolved = await run_in_threadpool(_lookup, token)
    if target is None:
        return message("No feedback form here", "This link does not lead to a form. Check the address, or scan "
                       "the code at the room again.", 404)
    if target.revoked:
        return message("This form was withdrawn", "The organisers replaced this link with a new one. Scan the "
                       "code at the room again.", 410)
    if resolved is None:
        return message("No feedback form here", "This session is no longer in the programme.", 404)
    return (target, *resolved)


def _closed(found, row, why: FormWindow, status: int):
    return message("This form is closed", f"Feedback on “{row['title']}” is not open. {why.why}".strip(), status,
                   event=found.name)


async def show(request: Request) -> Response:
    resolved = await _resolve(request.path_params["token"])
    if isinstance(resolved, Response):
        return resolved
    target, found, row = resolved
    state = _is_open(target, found, row)
    if not state.open:
        return _closed(found, row, state, 200)
    response = _form_page(target, found, row, secrets.token_urlsafe(16))
    if COOKIE not in request.cookies:
        _set_cookie(request, response)
    return response


def _set_cookie(request: Request, response: Response, value: str | None = None) -> None:
    response.set_cookie(COOKIE, value or secrets.token_urlsafe(16), max_age=60 * 60 * 24 * 30, httponly=True,
                        samesite="lax", secure=request.url.scheme == "https", path="/f/")


def _fields(body: bytes) -> dict[str, str]:
    parsed = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True, max_num_fields=20)
    return {key: values[0] for key, values in parsed.items()}


async def send(request: Request) -> Response:
    body = await read_body(request, MAX_BODY)
    if body is None:
        return message("Too long to send", f"A comment can be up to {COMMENT_LIMIT:,} characters. Shorten it and "
                       "send again.", 413)
    try:
        fields = _fields(body)
    except ValueError:
        return message("Could not read the form", "Send the form again from its page.", 400)
    client, new_cookie = _client_of(request, fields.get("nonce", ""))
    address = request.client.host if request.client else "unknown"
    if not (_limiter.hit(PER_BROWSER, "browser", client) and _limiter.hit(PER_ADDRESS, "address", address)):
        return message("Too many sends", "Please wait a minute, then send again.", 429, {"Retry-After": "60"})
    resolved = await _resolve(request.path_params["token"])
    if isinstance(resolved, Response):
        return resolved
    target, found, row = resolved
    if fields.get("website"):  # the honeypot: a person never sees it, a bot fills it in; thank it and drop it
        return page("thanks.html", event=found.name, title=row["title"], rating=None, comment="", replaced=False)
    state = _is_open(target, found, row)
    if not state.open:
        return _closed(found, row, state, 403)
    try:
        answer = clean_submission(fields)
    except BadSubmission as exc:
        values = {k: fields.get(k, "")[:COMMENT_LIMIT] for k in ("rating", "comment", "improve")}
        return _form_page(target, found, row, fields.get("nonce", ""), 400, str(exc), values)
    try:
        replaced = await run_in_threadpool(store.store_answer, target, client, answer.rating, comment_text(answer),
                                           answer.improve, datetime.now(timezone.utc).replace(tzinfo=None))
    except store.CapExceeded as exc:
        return message("Not taking more feedback", str(exc), 503)
    response = page("thanks.html", event=found.name, title=row["title"], rating=answer.rating,
                    comment=answer.comment, replaced=replaced)
    if new_cookie:
        _set_cookie(request, response, client)
    return response


ROUTES = [Route("/f/{token}", show, methods=["GET"]), Route("/f/{token}", send, methods=["POST"])]
