"""The speaker's page behind a private link and the organiser's side of the sign-off, through Streamlit's AppTest
(the app's own database, as the browser would reach it). The feedback's labels are written by a fixed rule here:
the page's wiring is under test, not the classifier (test_sentiment.py reads the real one)."""
from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from core.feedback.comments import with_sentiment
from core.store import drafts, feedback, speakers
from core.store.db import prepare, writing
from core.store.demo import fill
from core.store.workspaces import create

from dashboard.widgets import md_escape

from apptest_helpers import APP, Downloads, button, keyed, open_page, store_engine
from store_helpers import HOSTILE, written


def _event_with_copy() -> tuple[str, dict, dict]:
    """A demo workspace with the abstracts of S02 (Amara Okafor) and S03 (Lukas Brenner) sent for approval."""
    engine = store_engine()
    prepare(engine)  # the app makes its tables on first use; this test may come first
    ws = create(engine, "Speaker test", who="Ana")
    with writing(engine) as conn:
        fill(conn, ws.id, "Ana")
    made = {}
    with writing(engine) as conn:
        for sid, who, text in (
                ("S02", "Amara Okafor", "Amara Okafor shows how pandas turns registrations into insight. It is a "
                                        "great time to learn, and the world is changing fast. <b>Bold</b>"),
                ("S03", "Lukas Brenner", "Lukas Brenner explores attendee data at Messe Nord and 12 other fairs.")):
            made[sid] = drafts.save_written(conn, ws.id, sid, "abstract",
                                            {"title": sid, "speakers": who, "kind": "abstract",
                                             "notes": "pandas, registrations, insight, attendee data at Messe Nord"},
                                            [{**written(text)[0], "tokens": 40, "tok_s": 120.0}], [], {}, 1,
                                            "llama.cpp", "SmolLM2", who="Ana")
        speakers.send(conn, ws.id, [made["S02"].id, made["S03"].id], "Ana")
    people = {p.name: p for p in speakers.roster(engine, ws.id)}
    return ws.id, made, people


def _speaker_page(token: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["s"] = token
    return at.run()


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_a_bad_or_revoked_link_shows_the_same_plain_page_and_nothing_of_the_organisers():
    ws_id, made, people = _event_with_copy()
    amara = people["Amara Okafor"]
    with writing(store_engine()) as conn:
        speakers.revoke(conn, ws_id, people["Lukas Brenner"].id, "Ana")
    pages = [_speaker_page(t) for t in ("", "x" * 22, HOSTILE, people["Lukas Brenner"].token, amara.token + "=")]
    for at in pages:
        assert not at.exception
        assert [t.value for t in at.title] == ["No page at this link"]
        assert "pandas" not in _markdown(at) and not at.button and not at.sidebar.markdown
    assert pages[1].markdown[0].value == pages[3].markdown[0].value  # guessed and revoked read the same


def test_the_speaker_sees_only_their_copy_approves_changes_and_the_organiser_reads_each_status():
    ws_id, made, people = _event_with_copy()
    at = _speaker_page(people["Amara Okafor"].token)
    assert not at.exception and at.title[0].value == "Hello, Amara Okafor"
    shown = _markdown(at)
    assert "pandas turns registrations" in shown and "\\<b\\>" in shown and "<b>" not in shown  # escaped
    assert "Messe Nord" not in shown  # Lukas's copy
    # filler the brief does not support is marked for the speaker to check, as on the organiser's page
    assert ":orange-background[It is a great time to learn" in shown and "orange" in shown
    button(at, "Approve as it is").click().run()
    assert drafts.load(store_engine(), ws_id)[("S02", "abstract")].provenance == "approved by the speaker"

    lukas = _speaker_page(people["Lukas Brenner"].token)
    assert ":red-background[12]" in _markdown(lukas)  # the fact check's mark: 12 is not in the brief
    box = next(t for t in lukas.text_area if t.label == "Your version")
    box.input("Lukas Brenner explores attendee data with 40 fairs' organisers.").run()
    button(lukas, "Save my version and approve it").click().run()
    stored = drafts.load(store_engine(), ws_id)[("S03", "abstract")]
    assert stored.provenance == "changed by the speaker" and stored.added == ["40"]
    assert stored.text.startswith("Lukas Brenner explores attendee data at Messe Nord")  # the model's, kept

    organiser = open_page("descriptions.py", with_demo=False, workspace=False)
    organiser.query_params["w"] = ws_id
    organiser.run()
    table = next(d.value for d in organiser.dataframe if "abstract" in d.value.columns)
    statuses = dict(zip(table["session_id"], table["abstract"]))
    assert statuses == {"S02": "approved by the speaker", "S03": "changed by the speaker"}
    assert table.set_index("session_id").at["S03", "added by the speaker"] == "40"


def test_sending_back_needs_a_note_and_two_tabs_are_told_when_the_later_write_wins():
    ws_id, made, people = _event_with_copy()
    first, second = (_speaker_page(people["Amara Okafor"].token) for _ in range(2))
    button(first, "Send it back to the organisers").click().run()
    assert "Say what is wrong" in " ".join(t.value for t in first.toast)
    assert drafts.load(store_engine(), ws_id)[("S02", "abstract")].review == "sent"
    next(t for t in first.text_area if t.label == "What is wrong with it?").input("I compare two tools.").run()
    button(first, "Send it back to the organisers").click().run()
    assert drafts.load(store_engine(), ws_id)[("S02", "abstract")].provenance == "sent back: I compare two tools."
    button(second, "Approve as it is").click().run()  # this tab still showed the version before
    assert any("your decision was saved over that change" in w.value for w in second.warning)
    assert drafts.load(store_engine(), ws_id)[("S02", "abstract")].review == "approved"


def _label_comments(ws_id: str, hide_text: str) -> None:
    """Labels by a fixed rule (rating 4-5 positive, else negative), and one comment held back."""
    engine = store_engine()
    found = feedback.load(engine, ws_id)
    results = [{"label": "positive" if r >= 4 else "negative", "score": 0.9,
                "scores": {"positive": 0.9 if r >= 4 else 0.05, "neutral": 0.05, "negative": 0.05 if r >= 4 else 0.9}}
               for r in found.feedback.comments["rating"].fillna(3)]
    scored = with_sentiment(found.feedback.comments, results)
    hidden = [int(i) for i in scored.index[scored["text"].str.contains(hide_text, regex=False)]]
    with writing(engine) as conn:
        feedback.save_labels(conn, ws_id, found.id, scored, "fixed rule", "Ana")
        feedback.hold_back(conn, ws_id, found.id, hidden, True, "Ana")


def test_after_the_event_the_speaker_chooses_numbers_only_before_any_words_and_never_sees_what_was_held_back():
    ws_id, _, people = _event_with_copy()
    comments = feedback.load(store_engine(), ws_id).feedback.comments
    theirs = comments[comments["session"] == "Pandas for Event Analytics: From Registrations to Insight"]
    assert len(theirs) >= 3
    held = theirs["text"].iloc[0]
    _label_comments(ws_id, held)
    at = _speaker_page(people["Amara Okafor"].token)
    assert not at.exception
    radio = next(r for r in at.radio if r.label == "How would you like to read your feedback?")
    assert radio.value is None
    assert not any(md_escape(q) in _markdown(at) for q in theirs["text"])  # no words before the choice
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Comments"] == str(len(theirs) - 1)  # the held-back comment is not even counted
    assert any(label.startswith("How was it?") for label in metrics)  # the form's own question
    radio.set_value("Numbers, themes and quotes").run()
    words = _markdown(at)
    assert any(md_escape(q) in words for q in theirs["text"].iloc[1:])  # attendees' own words, as quotes
    assert md_escape(held) not in words and held[:30] not in words
    assert speakers.desk_for(store_engine(), people["Amara Okafor"].token).speaker.numbers_only is False
    lukas = _speaker_page(people["Lukas Brenner"].token)
    assert not any(md_escape(q) in _markdown(lukas) for q in theirs["text"])  # another speaker's feedback


def test_the_workspace_page_lists_every_speaker_with_a_link_a_mail_merge_csv_and_a_message(monkeypatch):
    downloads = Downloads(monkeypatch)
    ws_id, _, people = _event_with_copy()
    at = open_page("workspace.py", with_demo=False, workspace=False)
    at.query_params["w"] = ws_id
    at.run()
    table = next(d.value for d in at.dataframe if "private link" in d.value.columns)
    assert set(people) <= {n.split(" (also")[0] for n in table["speaker"]}
    assert table.set_index("speaker").at["Amara Okafor", "waiting"] == 1
    merge = pd.read_csv(pd.io.common.BytesIO(downloads.files["speaker_links.csv"]), dtype=str, keep_default_na=False)
    amara = merge.set_index("speaker").loc["Amara Okafor"]
    assert amara.link.endswith(f"/?s={people['Amara Okafor'].token}") and "Pandas" in amara.waiting
    keyed(at.selectbox, "speaker_pick").set_value("Amara Okafor").run()
    next(t for t in at.text_input if t.label == "E-mail").input("amara@example.org").run()
    assert next(s for s in speakers.roster(store_engine(), ws_id) if s.name == "Amara Okafor").email == \
        "amara@example.org"
    next(t for t in at.text_input if t.label == "E-mail").input("not an address").run()
    assert any("not an e-mail address" in e.value for e in at.error) and not at.exception
    old = people["Amara Okafor"].token
    button(at, "New link (the old one stops working)").click().run()
    assert speakers.desk_for(store_engine(), old) is None


def test_the_export_tab_labels_each_piece_and_can_keep_only_approved_copy(monkeypatch, embedder):
    import json

    downloads = Downloads(monkeypatch)
    ws_id, made, people = _event_with_copy()
    desk = speakers.desk_for(store_engine(), people["Amara Okafor"].token)
    with writing(store_engine()) as conn:
        speakers.decide(conn, desk, made["S02"].id, "approved", desk.drafts[0].version)
    at = open_page("agenda.py", with_demo=False, workspace=False)
    at.query_params["w"] = ws_id
    at.run()
    assert not at.exception
    csv = pd.read_csv(pd.io.common.BytesIO(next(v for k, v in downloads.files.items() if k.endswith("-copy.csv"))),
                      dtype=str, keep_default_na=False).set_index("session_id")
    assert (csv.at["S02", "abstract_status"], csv.at["S02", "abstract_ai_assisted"]) == ("approved by the speaker",
                                                                                         "no")
    assert (csv.at["S03", "abstract_status"], csv.at["S03", "abstract_ai_assisted"]) == ("sent", "yes")
    toggle = next(t for t in at.toggle if t.label.startswith("Only copy a person approved"))
    toggle.set_value(True).run()
    assert not at.exception
    schedule = json.loads(next(v for k, v in downloads.files.items() if k.endswith("-schedule.json")))
    assert set(m["status"] for m in schedule["schedule"]["x-copy"].values()) == {"approved by the speaker"}
    csv = pd.read_csv(pd.io.common.BytesIO(next(v for k, v in downloads.files.items() if k.endswith("-copy.csv"))),
                      dtype=str, keep_default_na=False).set_index("session_id")
    assert csv.at["S03", "abstract"] == "" and csv.at["S02", "abstract"].startswith("Amara Okafor shows")
