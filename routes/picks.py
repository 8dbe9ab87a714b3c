"""The programme's public page, `/p/<token>/`: the feeds to subscribe to, and every session by day and room with
a star, so an attendee can say what they want to see (`POST` stores it). Their picks come back as a link of their
own (`/p/<token>/?mine=<picks token>`) and as a calendar (`/p/<token>/mine/<picks token>.ics`).

One set of picks per browser, known by a cookie (or, without cookies, by the page it was served): its next send
replaces the set, so stars cannot be stuffed by sending again; a browser may send a few times a minute and a
network address many times (a venue's Wi-Fi is one address). Session ids that are not in the programme are
dropped: a page can only offer the programme's own.
"""
from __future__ import annotations

import re
import secrets
from collections import defaultdict
from urllib.parse import parse_qs

from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from core.agenda import to_ical
from routes import store
from routes.feeds import published
from routes.pages import message, page, read_body

TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")
COOKIE = "event_picks_client"
MAX_BODY = 32 * 1024  # 300 picks of 40-character ids, percent-encoded, and the nonce
MAX_FIELDS = 320
PER_BROWSER = parse("6/minute")
PER_ADDRESS = parse("1200/minute")
_limiter = MovingWindowRateLimiter(MemoryStorage())


def _days(programme: store.Programme, chosen: set[str]) -> list[dict]:
    """The sessions by day, then time and room, each with whether it is picked: what the page lists."""
    s = programme.agenda.sessions
    placed = s[s["start"].notna()].sort_values(["start", "room"])
    days: dict = defaultdict(list)
    for row in placed.itertuples():
        days[row.start.date()].append({
            "id": row.session_id, "title": row.title, "speakers": row.speakers, "room": row.room,
            "when": f"{row.start:%H:%M}" + (f"–{row.end:%H:%M}" if row.end == row.end else ""),
            "picked": row.session_id in chosen})
    return [{"label": f"{day:%A} {day.day} {day:%B}", "sessions": rows} for day, rows in days.items()]


def _context(request: Request, token: str, programme: store.Programme) -> dict:
    base = str(request.url_for("schedule", token=token, kind="ics"))
    return {"title": f"{programme.name}: programme", "event": programme.name,
            "sessions": len(programme.agenda.sessions), "ics": base, "webcal": "webcal://" + base.split("://", 1)[1],
            "json": base[:-3] + "json", "xml": base[:-3] + "xml"}


def _mine(request: Request, programme: store.Programme) -> tuple[str | None, list[str]]:
    """(this browser's picks token, its picks): from `?mine=` or from its cookie."""
    found = None
    mine = request.query_params.get("mine", "")
    if TOKEN.fullmatch(mine):
        found = store.picks(mine)
    client = request.cookies.get(COOKIE, "")
    if found is None and TOKEN.fullmatch(client):
        found = store.picks_of_browser(programme.ws_id, client)
    if found is None or found[0] != programme.ws_id:
        return None, []
    return found[2], found[1]


async def index(request: Request) -> Response:
    token = request.path_params["token"]
    programme = await run_in_threadpool(published, token)
    if isinstance(programme, Response):
        return programme
    mine_token, mine = await run_in_threadpool(_mine, request, programme)
    link = str(request.url_for("index", token=token)) + f"?mine={mine_token}" if mine_token else None
    calendar = str(request.url_for("mine_ics", token=token, mine=mine_token)) if mine_token else None
    response = page("feeds.html", **_context(request, token, programme), days=_days(programme, set(mine)),
                    picked=len(mine), link=link, calendar=calendar, nonce=secrets.token_urlsafe(16),
                    saved=request.query_params.get("saved") == "1")
    if COOKIE not in request.cookies:
        _set_cookie(request, response, token)
    return response


def _set_cookie(request: Request, response: Response, token: str, value: str | None = None) -> None:
    response.set_cookie(COOKIE, value or secrets.token_urlsafe(16), max_age=60 * 60 * 24 * 60, httponly=True,
                        samesite="lax", secure=request.url.scheme == "https", path=f"/p/{token}/")


async def _read(request: Request) -> dict[str, list[str]] | None:
    body = await read_body(request, MAX_BODY)
    if body is None:
        return None
    return parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=False, max_num_fields=MAX_FIELDS)


async def save(request: Request) -> Response:
    token = request.path_params["token"]
    try:
        fields = await _read(request)
    except ValueError:  # more fields than any programme page sends
        fields = None
    if fields is None:
        return message("Too many sessions", "Pick up to 300 sessions and send again.", 413)
    nonce = (fields.get("nonce") or [""])[0]
    client = request.cookies.get(COOKIE, "")
    new_cookie = not TOKEN.fullmatch(client)
    if new_cookie:
        client = nonce if TOKEN.fullmatch(nonce) else secrets.token_urlsafe(16)
    address = request.client.host if request.client else "unknown"
    if not (_limiter.hit(PER_BROWSER, "browser", client) and _limiter.hit(PER_ADDRESS, "address", address)):
        return message("Too many sends", "Please wait a minute, then send again.", 429, {"Retry-After": "60"})
    programme = await run_in_threadpool(published, token)
    if isinstance(programme, Response):
        return programme
    known = set(programme.by_id)
    chosen = [sid for sid in fields.get("s", []) if sid in known]
    try:
        mine = await run_in_threadpool(store.save_picks, programme.ws_id, client, chosen)
    except store.CapExceeded as exc:
        return message("Not taking more picks", str(exc), 503)
    response = RedirectResponse(str(request.url_for("index", token=token)) + f"?mine={mine}&saved=1", 303)
    if new_cookie:
        _set_cookie(request, response, token, client)
    return response


async def mine_ics(request: Request) -> Response:
    token, mine = request.path_params["token"], request.path_params["mine"]
    programme = await run_in_threadpool(published, token)
    if isinstance(programme, Response):
        return programme
    found = await run_in_threadpool(store.picks, mine) if TOKEN.fullmatch(mine) else None
    if found is None or found[0] != programme.ws_id:
        return message("No picks here", "This link does not lead to anyone's picks.", 404)
    body = await run_in_threadpool(to_ical, programme.agenda, found[1], f"{programme.name}: my picks", None,
                                   programme.copy)
    return Response(body, media_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="my-picks.ics"', "Cache-Control": "no-store"})


ROUTES = [Route("/p/{token}/", index, methods=["GET"], name="index"),
          Route("/p/{token}/", save, methods=["POST"]),
          Route("/p/{token}/mine/{mine}.ics", mine_ics, methods=["GET"], name="mine_ics")]
