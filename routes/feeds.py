"""Live programme feeds: `/p/<token>/schedule.json` (frab/pretalx JSON), `schedule.xml` (frab XML) and
`schedule.ics` (iCalendar, for a `webcal://` subscription), the timetable in use as the Export tab writes it.

Apps and calendars poll these, so a feed that has not changed costs one small query: each answer carries an
ETag made from the workspace's change counters, a poll that sends it back gets 304, and a built file is kept
in memory until the programme or the timetable in use changes. The feed's token is its own, apart from the
workspace's link, and revoking it closes the feeds at once. A feed holds the programme and the abstracts written
for it (each event's description, with its status and AI-assisted label where the format has room; approved copy
only when the organiser chose so): no comment, and no speaker's note.
"""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from email.utils import format_datetime
from datetime import timezone

import orjson
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.agenda import to_frab_json, to_frab_xml, to_ical
from routes import store
from routes.pages import message

FORMATS = {
    # orjson writes the 2,000-session schedule in 10 ms where json takes 100 (the Export tab's own build)
    "json": ("application/json; charset=utf-8", lambda agenda, title, copy: orjson.dumps(
        to_frab_json(agenda, title, copy), option=orjson.OPT_INDENT_2)),
    "xml": ("application/xml; charset=utf-8", lambda agenda, title, copy: to_frab_xml(agenda, title, copy)),
    "ics": ("text/calendar; charset=utf-8", lambda agenda, title, copy: to_ical(agenda, title=title, copy=copy)),
}
_KEPT = 16  # built files kept, newest used first
_built: OrderedDict[tuple, bytes] = OrderedDict()
_built_lock = threading.Lock()


def _etag(programme: store.Programme, kind: str) -> str:
    key = f"{programme.ws_id}|{programme.stamp}|{kind}|2"  # the last part: the exporters' version
    return '"' + hashlib.sha1(key.encode()).hexdigest()[:24] + '"'


def _body(programme: store.Programme, kind: str) -> bytes:
    key = (programme.ws_id, programme.stamp, kind)
    with _built_lock:
        if key in _built:
            _built.move_to_end(key)
            return _built[key]
    body = FORMATS[kind][1](programme.agenda, programme.name, programme.copy)
    with _built_lock:
        _built[key] = body
        while len(_built) > _KEPT:
            _built.popitem(last=False)
    return body


def published(token: str) -> store.Programme | Response:
    """The programme a feed token publishes, or the page that says why there is none."""
    found = store.feed(token)
    if found is None:
        return message("No programme feed here", "This feed link is not in use. Ask the organisers for the "
                       "current one.", 404)
    programme = store.programme(found.id, found)
    if programme is None:
        return message("No programme yet", "The organisers have not published a programme here yet.", 404)
    return programme


async def schedule(request: Request) -> Response:
    kind = request.path_params["kind"]
    if kind not in FORMATS:
        return message("No such feed", "The feeds are schedule.json, schedule.xml and schedule.ics.", 404)
    programme = await run_in_threadpool(published, request.path_params["token"])
    if isinstance(programme, Response):
        return programme
    etag = _etag(programme, kind)
    headers = {"ETag": etag, "Cache-Control": "no-cache", "Access-Control-Allow-Origin": "*",
               "Last-Modified": format_datetime(programme.changed_at.replace(tzinfo=timezone.utc), usegmt=True)}
    if etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    body = await run_in_threadpool(_body, programme, kind)
    return Response(body, media_type=FORMATS[kind][0], headers=headers)


ROUTES = [Route("/p/{token}/schedule.{kind}", schedule, methods=["GET", "HEAD"], name="schedule")]
