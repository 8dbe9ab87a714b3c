"""The attendee form and the live feeds, through Starlette's test client on the real routes and a real database
(SQLite, and PostgreSQL where the store's own tests run it): every bad input gets a plain page and its status."""
from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import xmlschema
from starlette.applications import Starlette
from starlette.testclient import TestClient

from core.agenda import repair
from core.store import (create_workspace, fill_demo, form_links, issue_feed, issue_forms, load_comments,
                        reissue_form, save_timetable, set_collection, set_form_state, use_timetable,
                        writing)
from routes import ROUTES
from routes.forms import COOKIE

DATA = Path(__file__).resolve().parent / "data" / "formats"


pytestmark = pytest.mark.usefixtures("routes_db")  # the routes use the test's database


def new_event(engine, name="Harbour Summit", forms_on=True):
    ws = create_workspace(engine, name, who="Ana")
    with writing(engine) as conn:
        fill_demo(conn, ws.id, "Ana")
        set_collection(conn, ws.id, "Ana", forms_on=forms_on)
    sessions = load_programme_ids(engine, ws.id)
    with writing(engine) as conn:
        issue_forms(conn, ws.id, sessions, "Ana")
        set_form_state(conn, ws.id, sessions, "open", "Ana")  # the demo's dates are in the past
    return ws, form_links(engine, ws.id)


def load_programme_ids(engine, ws_id):
    from core.store import load_programme
    return load_programme(engine, ws_id).agenda.sessions["session_id"].tolist()


@pytest.fixture
def client(engine):
    return TestClient(Starlette(routes=ROUTES))


def form_answers(engine, ws_id):
    found = load_comments(engine, ws_id)
    return found.feedback.comments.loc[found.moderation.index].join(found.moderation)


def nonce_of(html: str) -> str:
    return re.search(r'name="nonce" value="([^"]+)"', html).group(1)


def test_an_attendee_opens_the_form_sends_an_answer_and_it_waits_for_the_organiser(engine, client):
    ws, links = new_event(engine)
    token = links["S01"].token
    page = client.get(f"/f/{token}")
    assert page.status_code == 200 and COOKIE in page.cookies
    assert "<script" not in page.text and 'name="website"' in page.text and "Send feedback" in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    sent = client.post(f"/f/{token}", data={"rating": "5", "comment": "Loved it. Mail me: ana@example.org, +44 7700 900123",
                                            "improve": "More time for questions", "nonce": nonce_of(page.text),
                                            "website": ""})
    assert sent.status_code == 200 and "Thank you" in sent.text
    answers = form_answers(engine, ws.id)
    assert len(answers) == 1
    row = answers.iloc[0]
    assert row.session == "S01" and row.rating == 5 and row.status == "new"
    assert "ana@example.org" not in row.text and "[e-mail]" in row.text and "[phone]" in row.text
    assert "More time for questions" in row.text and row.improve == "More time for questions"
    assert load_comments(engine, ws.id).feedback.comments["text"].str.contains("Loved it").sum() == 1


def test_the_same_browser_replaces_its_answer_and_a_retry_is_stored_once(engine, client):
    ws, links = new_event(engine)
    token = links["S02"].token
    page = client.get(f"/f/{token}")
    for text in ("First thought", "Second thought", "Second thought"):
        assert client.post(f"/f/{token}", data={"comment": text, "nonce": nonce_of(page.text)}).status_code == 200
    assert form_answers(engine, ws.id)["text"].tolist() == ["Second thought"]
    cookieless = TestClient(Starlette(routes=ROUTES))  # cookies blocked: the form's nonce identifies the sender
    nonce = nonce_of(page.text)
    for _ in range(2):  # a double tap
        cookieless.cookies.clear()
        assert cookieless.post(f"/f/{token}", data={"comment": "Tapped twice", "nonce": nonce}).status_code == 200
    assert form_answers(engine, ws.id)["text"].tolist().count("Tapped twice") == 1


def test_bad_and_revoked_tokens_closed_forms_and_limits_get_plain_pages(engine, client):
    ws, links = new_event(engine)
    assert client.get("/f/not-a-token").status_code == 404
    assert client.get("/f/" + "A" * 22).status_code == 404
    old = links["S03"].token
    with writing(engine) as conn:
        new = reissue_form(conn, ws.id, "S03", "Ana")
    gone = client.get(f"/f/{old}")
    assert gone.status_code == 410 and "withdrawn" in gone.text
    assert client.post(f"/f/{old}", data={"comment": "late"}).status_code == 410
    with writing(engine) as conn:
        set_form_state(conn, ws.id, ["S03"], "closed", "Ana")
    closed = client.get(f"/f/{new}")
    assert closed.status_code == 200 and "closed" in closed.text and "<form" not in closed.text
    assert client.post(f"/f/{new}", data={"comment": "hello"}).status_code == 403
    with writing(engine) as conn:
        set_form_state(conn, ws.id, ["S03"], "auto", "Ana")  # on the timetable: the demo's day has passed
    assert "It closed at" in client.get(f"/f/{new}").text
    token = links["S04"].token
    big = client.post(f"/f/{token}", content=b"comment=" + b"x" * 20_000,
                      headers={"content-type": "application/x-www-form-urlencoded"})
    assert big.status_code == 413
    long = client.post(f"/f/{token}", data={"comment": "y" * 2_001})
    assert long.status_code == 400 and "2,000" in long.text and "y" * 2_001 not in long.text
    assert client.post(f"/f/{token}", data={"comment": "  "}).status_code == 400
    assert client.post(f"/f/{token}", data={"comment": "ok", "rating": "9"}).status_code == 400
    statuses = [client.post(f"/f/{token}", data={"comment": f"again {i}"}).status_code for i in range(8)]
    assert 429 in statuses and statuses[0] == 200
    assert form_answers(engine, ws.id)["text"].str.startswith("again").sum() == 1  # one browser, one answer


def test_a_venue_on_one_address_is_not_locked_out(engine, client):
    ws, links = new_event(engine)
    token = links["S05"].token
    for i in range(60):  # sixty phones behind the venue's one Wi-Fi address, each with its own cookie
        phone = TestClient(Starlette(routes=ROUTES))
        page = phone.get(f"/f/{token}")
        assert phone.post(f"/f/{token}", data={"comment": f"phone {i}", "nonce": nonce_of(page.text)}).status_code == 200
    assert len(form_answers(engine, ws.id)) == 60


def test_a_honeypot_is_thanked_and_dropped(engine, client):
    ws, links = new_event(engine)
    bot = client.post(f"/f/{links['S01'].token}", data={"comment": "Buy now", "website": "http://spam.example"})
    assert bot.status_code == 200 and "Thank you" in bot.text
    assert form_answers(engine, ws.id).empty


def test_html_in_an_answer_is_text_on_the_thank_you_page(engine, client):
    ws, links = new_event(engine)
    probe = '<script>alert(1)</script>"onmouseover="alert(2)'
    sent = client.post(f"/f/{links['S01'].token}", data={"comment": probe})
    assert sent.status_code == 200 and "<script>alert(1)" not in sent.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34;onmouseover=&#34;alert(2)" in sent.text
    assert form_answers(engine, ws.id)["text"].tolist() == [probe]  # stored as sent; escaped where shown


def test_a_token_writes_only_into_its_own_workspace(engine, client):
    ours, links = new_event(engine, "Ours")
    theirs, _ = new_event(engine, "Theirs")
    assert client.post(f"/f/{links['S01'].token}", data={"comment": "for ours"}).status_code == 200
    assert len(form_answers(engine, ours.id)) == 1 and form_answers(engine, theirs.id).empty


def test_forms_switched_off_for_the_event_say_so(engine, client):
    ws, links = new_event(engine, forms_on=False)
    page = client.get(f"/f/{links['S01'].token}")
    assert page.status_code == 200 and "not collecting" in page.text


# --- Live feeds ---------------------------------------------------------------------------------------------------

def schema_validator() -> jsonschema.Validator:
    schema = json.loads((DATA / "c3voc-schedule.schema.json").read_text())
    return jsonschema.Draft6Validator(schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER)


def test_feeds_validate_answer_304_and_follow_the_timetable_in_use(engine, client):
    ws, _ = new_event(engine)
    assert client.get("/p/" + "B" * 22 + "/schedule.json").status_code == 404
    with writing(engine) as conn:
        token = issue_feed(conn, ws.id, "Ana")
    first = client.get(f"/p/{token}/schedule.json")
    assert first.status_code == 200 and first.headers["etag"] and first.headers["last-modified"]
    assert list(schema_validator().iter_errors(first.json())) == []
    xml = client.get(f"/p/{token}/schedule.xml")
    assert [str(e) for e in xmlschema.XMLSchema(str(DATA / "schedule.xml.xsd")).iter_errors(xml.text)] == []
    ics = client.get(f"/p/{token}/schedule.ics")
    assert ics.headers["content-type"].startswith("text/calendar") and ics.text.count("BEGIN:VEVENT") >= 30
    again = client.get(f"/p/{token}/schedule.json", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    ws_links = form_links(engine, ws.id)
    client.post(f"/f/{ws_links['S01'].token}", data={"comment": "Zebra-marker feedback"})
    for kind in ("json", "xml", "ics"):  # the programme only: no attendee's words
        assert "Zebra-marker" not in client.get(f"/p/{token}/schedule.{kind}").text



def test_a_feed_changes_as_soon_as_a_repaired_timetable_is_used(engine, client, embedder):
    from core.models import embed
    from core.store import load_programme
    ws, _ = new_event(engine)
    with writing(engine) as conn:
        token = issue_feed(conn, ws.id, "Ana")
    before = client.get(f"/p/{token}/schedule.json")
    stored = load_programme(engine, ws.id)
    result = repair(stored.agenda, embed(stored.agenda.texts()), time_limit_s=10, threshold=0.5)
    assert result.moves, "the demo programme has clashes to repair"
    with writing(engine) as conn:
        timetable_id = save_timetable(conn, ws.id, stored.id, result, [], 0.5, None, "Ana")
        use_timetable(conn, ws.id, timetable_id, "Ana")
    after = client.get(f"/p/{token}/schedule.json", headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200 and after.headers["etag"] != before.headers["etag"]
    moved = {e["id"]: e["date"] for d in after.json()["schedule"]["conference"]["days"]
             for events in d["rooms"].values() for e in events}
    was = {e["id"]: e["date"] for d in before.json()["schedule"]["conference"]["days"]
           for events in d["rooms"].values() for e in events}
    assert moved != was
    with writing(engine) as conn:
        new_token = issue_feed(conn, ws.id, "Ana")
    assert client.get(f"/p/{token}/schedule.ics").status_code == 404  # the old link is closed at once
    assert client.get(f"/p/{new_token}/schedule.ics").status_code == 200


def test_a_feed_carries_the_written_abstracts_with_their_status_and_only_approved_ones_when_chosen(engine, client):
    from core.store import save_written_draft, send_for_approval, set_approved_only, speaker_roster, desk_for, decide

    ws, _ = new_event(engine)
    with writing(engine) as conn:
        token = issue_feed(conn, ws.id, "Ana")
        drafts = {sid: save_written_draft(conn, ws.id, sid, "abstract", {"title": sid}, [
            {"text": f"Model copy for {sid} & <friends>.", "seed": 1, "reasons": [], "removed": []}], [], {}, 1,
            "llama.cpp", "SmolLM2", "Ana") for sid in ("S02", "S03")}
        send_for_approval(conn, ws.id, [drafts["S02"].id], "Ana")
    before = client.get(f"/p/{token}/schedule.json")
    assert list(schema_validator().iter_errors(before.json())) == []
    marks = before.json()["schedule"]["x-copy"]
    assert sorted((m["status"], m["ai_assisted"]) for m in marks.values()) == [("sent", True),
                                                                             ("written by the model", True)]
    amara = next(s for s in speaker_roster(engine, ws.id) if s.name == "Amara Okafor")
    desk = desk_for(engine, amara.token)
    with writing(engine) as conn:
        decide(conn, desk, drafts["S02"].id, "returned", desk.drafts[0].version, note="Zebra-note, private")
        decide(conn, desk_for(engine, amara.token), drafts["S02"].id, "approved",
               desk_for(engine, amara.token).drafts[0].version)
    after = client.get(f"/p/{token}/schedule.json", headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200  # a decision changes the feed at once
    assert "approved by the speaker" in after.text and "Zebra-note" not in after.text
    with writing(engine) as conn:
        set_approved_only(conn, ws.id, True, "Ana")
    only = client.get(f"/p/{token}/schedule.json").json()
    described = [e["description"] for d in only["schedule"]["conference"]["days"] for r in d["rooms"].values()
                 for e in r if e["description"]]
    assert described == ["Model copy for S02 & <friends>."]  # S03's unapproved copy is left out
    xml = client.get(f"/p/{token}/schedule.xml").text
    assert [str(e) for e in xmlschema.XMLSchema(str(DATA / "schedule.xml.xsd")).iter_errors(xml)] == []
    assert '<?events-copy status="approved by the speaker" ai-assisted="false"?>' in xml
    assert "X-EVENTS-COPY-STATUS:approved by the speaker" in client.get(f"/p/{token}/schedule.ics").text
