"""What sits under the attendee routes: the form's rules (window, limits, masking, flags), the store's answers and
moderation, signage."""
from __future__ import annotations

import io
import zipfile
from datetime import datetime

import pandas as pd
import pytest

from core.feedback.forms import (BadSubmission, Window, abuse_words, clean_submission, comment_text, mask_contacts,
                                 window)
from core.feedback.signage import qr_png, signage_zip
from core.feedback.comments import Feedback, with_sentiment
from core.store import collect, feedback
from core.store.workspaces import create

START, END = datetime(2026, 6, 11, 10, 0), datetime(2026, 6, 11, 10, 45)


@pytest.fixture(scope="module")
def classifier():
    from core.models import MODELS
    return MODELS.get("sentiment")


def test_a_form_opens_and_closes_on_the_timetable_unless_the_organiser_says_otherwise():
    times = Window(10, 24 * 60)
    assert not window(START, END, times, "auto", datetime(2026, 6, 11, 9, 49)).open
    early = window(START, END, times, "auto", datetime(2026, 6, 11, 9, 0))
    assert "opens at 09:50 on Thu 11 June" in early.why
    assert window(START, END, times, "auto", datetime(2026, 6, 11, 9, 50)).open
    assert window(START, END, times, "auto", datetime(2026, 6, 12, 10, 45)).open
    assert not window(START, END, times, "auto", datetime(2026, 6, 12, 10, 46)).open
    assert window(START, END, times, "open", datetime(2030, 1, 1)).open
    assert not window(START, END, times, "closed", datetime(2026, 6, 11, 10, 5)).open
    assert not window(START, END, times, "off", datetime(2026, 6, 11, 10, 5)).open
    assert not window(None, None, times, "auto", datetime(2026, 6, 11, 10, 5)).open
    assert window(None, None, times, "open", datetime(2026, 6, 11, 10, 5)).open


def test_a_submission_is_checked_capped_and_stripped_of_contacts():
    got = clean_submission({"rating": "4", "comment": "  Great!\r\nCall +49 (30) 1234-5678 or x.y@example.co.uk ",
                            "improve": ""})
    assert got.rating == 4 and got.comment == "Great!\nCall [phone] or [e-mail]"
    assert mask_contacts("Room 101 at 10:30 on 2026-06-11, 45 minutes") == "Room 101 at 10:30 on 2026-06-11, 45 minutes"
    for bad in ({"comment": ""}, {"comment": "ok", "rating": "0"}, {"comment": "ok", "rating": "4.5"},
                {"comment": "x" * 2001}, {"comment": "ok", "improve": "y" * 2001}):
        with pytest.raises(BadSubmission):
            clean_submission(bad)
    assert comment_text(clean_submission({"comment": "Good pace", "improve": "Bigger room"})) == \
        "Good pace\nTo improve: Bigger room"
    assert abuse_words("What an IDIOT, shut up") == ["IDIOT", "shut up"] and abuse_words("Great idea") == []


def answer(engine, target, client, text, rating=4):
    with collect_writing(engine) as conn:
        return collect.submit(conn, target, client, rating, text, "", datetime(2026, 6, 11, 11, 0))


def collect_writing(engine):
    from core.store.db import writing
    return writing(engine)


@pytest.fixture
def event(engine):
    from core.store.demo import fill
    ws = create(engine, "Harbour Summit", who="Ana")
    with collect_writing(engine) as conn:
        fill(conn, ws.id, "Ana")
        collect.issue_forms(conn, ws.id, ["S01", "S02"], "Ana")
    links = collect.form_links(engine, ws.id)
    return ws, {sid: collect.form_target(engine, link.token) for sid, link in links.items()}


def test_answers_join_the_comments_wait_for_approval_and_survive_a_new_upload(engine, event, classifier):
    from core.feedback import classify
    ws, targets = event
    before = feedback.load(engine, ws.id)
    everything = before.feedback.comments
    with collect_writing(engine) as conn:  # the page's first reading of the event's comments
        feedback.save_labels(conn, ws.id, before.id, with_sentiment(everything, classify(everything["text"].tolist())),
                             "sentiment", "Ana")
    assert answer(engine, targets["S01"], "phone-1", "Loved the live demo") is False
    assert answer(engine, targets["S01"], "phone-1", "Loved the live demo, slides too fast") is True
    answer(engine, targets["S02"], "phone-2", "You idiot")
    found = feedback.load(engine, ws.id)
    assert len(found.feedback.comments) == len(before.feedback.comments) + 2
    assert found.unlabelled == [len(before.feedback.comments), len(before.feedback.comments) + 1]
    assert collect.new_responses(engine, ws.id) == {"S01": 1, "S02": 1}
    pending = found.feedback.comments.loc[found.unlabelled]
    with collect_writing(engine) as conn:  # the page reads only what is new
        feedback.save_labels(conn, ws.id, found.id, with_sentiment(pending, classify(pending["text"].tolist())),
                             "sentiment", "Ana")
    found = feedback.load(engine, ws.id)
    assert found.scored is not None and not found.unlabelled
    mine = found.scored.loc[found.moderation.index]
    assert mine["held_back"].all()  # nothing reaches a speaker before approval
    s01, s02 = found.moderation.index
    with collect_writing(engine) as conn:
        collect.moderate(conn, ws.id, found.id, [s01], "approved", None, "Ana")
        collect.moderate(conn, ws.id, found.id, [s02], "hidden", "abuse", "Ana")
        collect.edit_text(conn, ws.id, found.id, s01, "Loved the live demo", "Ana")
    found = feedback.load(engine, ws.id)
    assert found.moderation.at[s02, "reason"] == "abuse" and found.unlabelled == [s01]  # edited: read again
    edited = found.feedback.comments.loc[[s01]]
    with collect_writing(engine) as conn:
        feedback.save_labels(conn, ws.id, found.id, with_sentiment(edited, classify(edited["text"].tolist())),
                             "sentiment", "Ana")
    found = feedback.load(engine, ws.id)
    assert not found.scored.at[s01, "held_back"] and found.scored.at[s02, "held_back"]
    assert found.scored.at[s01, "label"] == "positive"
    from core.store.workspaces import history
    assert history(engine, ws.id)["what"].str.contains("slides too fast").any()  # the original is kept
    with collect_writing(engine) as conn:
        feedback.save_comments(conn, ws.id, Feedback(pd.DataFrame({"text": ["New upload"], "session": [""],
                                                                   "rating": [None], "timestamp": [None]}), []),
                               "paste", "pasted", {}, "Ana")
    after = feedback.load(engine, ws.id)
    assert after.feedback.comments["text"].tolist() == ["New upload", "Loved the live demo", "You idiot"]
    assert after.moderation["status"].tolist() == ["approved", "hidden"]


def test_signage_has_a_page_per_room_and_day_and_a_code_per_session():
    sessions = pd.DataFrame({"session_id": ["S01", "S02", "S03"], "title": ["Keynote: <b>naïve</b>", "Data", "TBA"],
                             "speakers": ["Ana", "Ben", ""], "room": ["Hall A", "Hall A", ""],
                             "start": pd.to_datetime(["2026-06-11 09:00", "2026-06-11 10:00", None]),
                             "end": pd.to_datetime(["2026-06-11 09:45", "2026-06-11 10:45", None])})
    links = {sid: f"https://events.example.org/f/{sid}xxxxxxxxxxxxxxxxxxx" for sid in ("S01", "S02", "S03")}
    archive = zipfile.ZipFile(io.BytesIO(signage_zip("Summit", sessions, links)))
    names = sorted(archive.namelist())
    assert names == ["codes/s01.png", "codes/s02.png", "codes/s03.png", "rooms/2026-06-11-hall-a.pdf"]
    assert archive.read("rooms/2026-06-11-hall-a.pdf").startswith(b"%PDF")
    assert qr_png(links["S01"]).startswith(b"\x89PNG")


def test_the_organiser_switches_forms_on_and_moderates_answers_on_the_pages(classifier):
    from apptest_helpers import open_page, page_path, store_engine
    from core.store import form_links, form_target, load_comments, writing as store_writing

    at = open_page("workspace.py")
    at.toggle(key="collect_forms_on").set_value(True).run()
    assert not at.exception
    ws_id = at.session_state["workspace"].id
    engine = store_engine()
    links = form_links(engine, ws_id)
    assert len(links) == 40  # a form per session of the demo programme
    target = form_target(engine, links["S01"].token)
    with store_writing(engine) as conn:
        collect.submit(conn, target, "phone-a", 5, "Clear and practical, thanks", "", datetime(2026, 6, 11, 10))
        collect.submit(conn, target, "phone-b", 1, "<b>Boring</b> and far too long", "", datetime(2026, 6, 11, 10))
    at.switch_page(page_path("feedback.py")).run()
    assert not at.exception
    assert any("2 answers from the forms · 2 waiting" in c.value for c in at.caption)
    at.text_input(key="fb_queue_reason").input("off-topic").run()
    at.button(key="fb_queue_hide").click().run()
    assert not at.exception
    found = load_comments(engine, ws_id)
    assert found.moderation["status"].tolist() == ["hidden", "hidden"]
    assert found.moderation["reason"].tolist() == ["off-topic", "off-topic"]
    at.selectbox(key="fb_queue_status").select("hidden").run()
    at.button(key="fb_queue_approve").click().run()
    assert load_comments(engine, ws_id).moderation["status"].tolist() == ["approved", "approved"]


def test_the_board_report_counts_hidden_answers_and_never_quotes_them():
    import base64
    import re

    import numpy as np

    from core.feedback import build_report, find_themes

    texts = [f"The {w} session was useful and clear" for w in ("pandas", "ticketing", "keynote", "workshop")] * 3
    texts += ["You smell, <script>alert(1)</script> idiot"]
    frame = pd.DataFrame({"text": texts, "session": ["S01"] * len(texts), "rating": [4.0] * len(texts),
                          "timestamp": [pd.NaT] * len(texts)})
    results = [{"label": "positive", "score": 0.9, "scores": {"negative": 0.05, "neutral": 0.05, "positive": 0.9}}
               for _ in texts]
    scored = with_sentiment(frame, results)
    scored.loc[len(texts) - 1, "held_back"] = True  # a hidden form answer
    vectors = np.random.default_rng(0).normal(size=(len(texts), 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    found = find_themes(texts, vectors, quotable=(~scored["held_back"]).tolist())
    html = build_report("Summit", scored, found)
    csv = base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)", html).group(1)).decode()
    assert "You smell" not in html and "You smell" not in csv and "(held back)" in csv
    assert "1 held back from speakers or hidden by the organisers are counted, never quoted" in html


def test_answers_during_the_event_join_the_kept_themes_until_there_are_enough_to_regroup(embedder):
    from core.feedback import extend_themes, find_themes, needs_regrouping
    from core.models import embed

    wifi = [f"The wifi in hall {n} kept dropping and I could not connect" for n in range(10)]
    food = [f"Lunch on day {n} was cold and the coffee queue was long" for n in range(10)]
    found = find_themes(wifi + food, embed(wifi + food))
    assert not needs_regrouping(found, 20)
    answers = ["The wi-fi connection dropped again during the keynote", "The coffee at lunch was cold"]
    texts = wifi + food + answers
    grown = extend_themes(found, texts, embed(texts))
    assert sum(t["size"] for t in grown) == len(texts) and not needs_regrouping(grown, len(texts))
    home = {text: t["label"] for t in grown for text in (texts[i] for i in t["members"])}
    assert home[answers[0]] == home[wifi[0]] and home[answers[1]] == home[food[0]]
    assert [t["label"] for t in grown if not t["other"]] == [t["label"] for t in found if not t["other"]]
    assert needs_regrouping(found, 20 + 6)  # 6 new on 20 grouped: more than a quarter, find them afresh
