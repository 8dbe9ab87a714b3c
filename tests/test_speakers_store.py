"""Speakers as people of the workspace (SQLite and PostgreSQL): the roster from the programme, merged spellings,
e-mails, private links that a revocation locks out at once, and the speaker's sign-off on the copy, with what
each link may see."""
from __future__ import annotations

import pytest

from core.agenda.formats import read_programme
from core.store import backup, drafts, programme, speakers
from core.store.db import writing
from core.store.workspaces import TOKEN, create

from store_helpers import HOSTILE, demo_agenda, written
from test_formats import SESSIONIZE


def _workspace_with_copy(engine, kinds=("S02", "S03", "S09")):
    ws = create(engine, "Sign-off", who="Ana")
    with writing(engine) as conn:
        programme.save(conn, ws.id, demo_agenda(), "demo", "Ana")
    made = {}
    with writing(engine) as conn:
        for sid in kinds:
            made[sid] = drafts.save_written(
                conn, ws.id, sid, "abstract", {"title": f"Session {sid}", "speakers": "", "kind": "abstract"},
                written(f"The model's abstract of {sid}."), [], {}, 1, "llama.cpp", "SmolLM2", who="Ana")
    people = {s.name: s for s in speakers.roster(engine, ws.id)}
    return ws, made, people


def test_every_distinct_speaker_of_the_programme_gets_a_private_128_bit_link(engine):
    ws, _, people = _workspace_with_copy(engine)
    assert {"Amara Okafor", "Priya Raman", "Ines Moreau", "David Cohen", "Aiko Tanaka"} <= set(people)
    assert "Ines Moreau (moderator)" not in people  # roles in brackets are not part of a name
    tokens = [s.token for s in people.values()]
    assert len(set(tokens)) == len(tokens) and all(TOKEN.fullmatch(t) for t in tokens)
    assert len(speakers.roster(engine, ws.id)) == len(people)  # reading again adds nobody


def test_emails_come_from_a_sessionize_export_and_the_organisers_correction_is_never_overwritten(engine):
    agenda = read_programme(SESSIONIZE, "all.json")
    agenda.emails = {**agenda.emails, "Aiden Test": "aiden@example.org"}
    ws = create(engine, "Emails", who="Ana")
    with writing(engine) as conn:
        programme.save(conn, ws.id, agenda, "all.json", "Ana")
    aiden = next(s for s in speakers.roster(engine, ws.id) if s.name == "Aiden Test")
    assert aiden.email == "aiden@example.org" and aiden.email_by == "programme"
    with writing(engine) as conn:
        speakers.set_email(conn, ws.id, aiden.id, "aiden.test@example.com", "Ana")
        with pytest.raises(ValueError, match="not an e-mail"):
            speakers.set_email(conn, ws.id, aiden.id, "<script>@", "Ana")
        speakers.sync(conn, ws.id, agenda)  # the programme loaded again
    aiden = next(s for s in speakers.roster(engine, ws.id) if s.name == "Aiden Test")
    assert aiden.email == "aiden.test@example.com"


def test_two_spellings_merge_into_one_person_who_sees_the_sessions_of_both(engine):
    ws, made, _ = _workspace_with_copy(engine)
    agenda = demo_agenda()
    agenda.sessions.loc[agenda.sessions["session_id"] == "S03", "speakers"] = "A. Okafor"
    with writing(engine) as conn:
        programme.save(conn, ws.id, agenda, "demo", "Ana")
    people = {s.name: s for s in speakers.roster(engine, ws.id)}
    with writing(engine) as conn:
        speakers.send(conn, ws.id, [made["S02"].id, made["S03"].id], "Ana")
        speakers.merge(conn, ws.id, people["Amara Okafor"].id, people["A. Okafor"].id, "Ana")
    merged = {s.name: s for s in speakers.roster(engine, ws.id)}
    assert "A. Okafor" not in merged and merged["Amara Okafor"].spellings == ["A. Okafor"]
    desk = speakers.desk_for(engine, merged["Amara Okafor"].token)
    assert set(desk.session_ids) == {"S02", "S03"} and {d.session_key for d in desk.drafts} == {"S02", "S03"}
    assert speakers.desk_for(engine, people["A. Okafor"].token) is None  # the merged spelling's link is gone


def test_a_revoked_link_is_locked_out_at_once_and_a_guessed_or_malformed_one_looks_the_same(engine):
    ws, made, people = _workspace_with_copy(engine)
    amara = people["Amara Okafor"]
    desk = speakers.desk_for(engine, amara.token)
    with writing(engine) as conn:
        speakers.send(conn, ws.id, [made["S02"].id], "Ana")
    desk = speakers.desk_for(engine, amara.token)
    with writing(engine) as conn:
        speakers.revoke(conn, ws.id, amara.id, "Ana")
    assert speakers.desk_for(engine, amara.token) is None
    with pytest.raises(LookupError):  # a page still open on the old link can no longer decide anything
        with writing(engine) as conn:
            speakers.decide(conn, desk, made["S02"].id, "approved", seen_version=desk.drafts[0].version)
    for token in ("A" * 22, "", "short", HOSTILE, amara.token + "x", "../../etc/passwd"):
        assert speakers.desk_for(engine, token) is None
    with writing(engine) as conn:
        fresh = speakers.reissue(conn, ws.id, amara.id, "Ana")
    assert speakers.desk_for(engine, fresh).speaker.name == "Amara Okafor"


def test_the_speaker_approves_changes_or_sends_back_and_the_organiser_reads_each_status(engine):
    ws, made, people = _workspace_with_copy(engine)
    with writing(engine) as conn:
        assert speakers.send(conn, ws.id, [made["S02"].id, made["S09"].id], "Ana") == 2
    priya = speakers.desk_for(engine, people["Priya Raman"].token)  # speaks in S04 and the S09 panel
    assert [d.session_key for d in priya.drafts] == ["S09"]  # S04 has no copy sent; S02 is Amara's
    with writing(engine) as conn:
        speakers.decide(conn, priya, made["S09"].id, "changed", seen_version=priya.drafts[0].version,
                        text="Priya and 40 judges ask what we trust.", added=["40"])
    amara = speakers.desk_for(engine, people["Amara Okafor"].token)
    with writing(engine) as conn:
        speakers.decide(conn, amara, made["S02"].id, "returned", seen_version=amara.drafts[0].version,
                        note="I <b>never</b> said that.")
    found = drafts.load(engine, ws.id)
    panel, pandas = found[("S09", "abstract")], found[("S02", "abstract")]
    assert panel.provenance == "changed by the speaker" and panel.added == ["40"] and not panel.ai_assisted
    assert panel.shown == "Priya and 40 judges ask what we trust." and panel.text == "The model's abstract of S09."
    assert pandas.provenance == "sent back: I <b>never</b> said that." and pandas.standing == "sent back"
    assert found[("S03", "abstract")].provenance == "written by the model" and found[("S03", "abstract")].ai_assisted
    history = speakers.history_of(engine, panel.id)
    assert list(history["action"]) == ["sent", "changed"] and history["who"].iloc[-1] == "Priya Raman (speaker)"
    assert history["text"].iloc[0] == "The model's abstract of S09."  # each step keeps its version of the text
    exported = drafts.for_export(found, approved_only=True)
    assert set(exported) == {("S09", "abstract")} and exported[("S09", "abstract")].status == "changed by the speaker"
    assert all("never" not in c.status for c in drafts.for_export(found).values())  # the note stays inside


def test_a_speaker_cannot_decide_on_another_speakers_copy_and_a_late_decision_is_told(engine):
    ws, made, people = _workspace_with_copy(engine)
    with writing(engine) as conn:
        speakers.send(conn, ws.id, [made["S02"].id, made["S03"].id], "Ana")
    lukas = speakers.desk_for(engine, people["Lukas Brenner"].token)
    with pytest.raises(LookupError):
        with writing(engine) as conn:
            speakers.decide(conn, lukas, made["S02"].id, "approved", seen_version=99)
    assert [d.session_key for d in lukas.drafts] == ["S03"]
    seen = lukas.drafts[0].version
    with writing(engine) as conn:  # two tabs: both saw the same version
        first = speakers.decide(conn, lukas, made["S03"].id, "approved", seen_version=seen)
        second = speakers.decide(conn, lukas, made["S03"].id, "changed", seen_version=seen, text="My words.")
    assert first.replaced_by is None and second.replaced_by == "Lukas Brenner (speaker)"
    assert drafts.load(engine, ws.id)[("S03", "abstract")].shown == "My words."  # the later write wins


def test_an_organisers_edit_after_the_sign_off_asks_the_speaker_again_and_a_new_draft_starts_clean(engine):
    ws, made, people = _workspace_with_copy(engine)
    with writing(engine) as conn:
        speakers.send(conn, ws.id, [made["S02"].id], "Ana")
    desk = speakers.desk_for(engine, people["Amara Okafor"].token)
    with writing(engine) as conn:
        speakers.decide(conn, desk, made["S02"].id, "approved", seen_version=desk.drafts[0].version)
        drafts.save_edit(conn, ws.id, made["S02"].id, "Ana's own words.", [], seen_version=99, who="Ana")
    assert drafts.load(engine, ws.id)[("S02", "abstract")].provenance == "edited by the organiser"
    with writing(engine) as conn:
        speakers.send(conn, ws.id, [made["S02"].id], "Ana")
        drafts.save_written(conn, ws.id, "S02", "abstract", {"title": "S02"}, written("New."), [], {}, 2,
                            "llama.cpp", "SmolLM2", who="Ana")
    assert drafts.load(engine, ws.id)[("S02", "abstract")].review is None
    assert speakers.desk_for(engine, people["Amara Okafor"].token).drafts == []


def test_a_backup_keeps_the_speakers_and_their_sign_off_under_new_links(engine):
    ws, made, people = _workspace_with_copy(engine)
    with writing(engine) as conn:
        speakers.send(conn, ws.id, [made["S02"].id], "Ana")
    copy = backup.restore(engine, backup.export(engine, ws.id), who="Ben")
    restored = {s.name: s for s in speakers.roster(engine, copy.id)}
    assert set(restored) == set(people)
    assert not {s.token for s in restored.values()} & {s.token for s in people.values()}
    desk = speakers.desk_for(engine, restored["Amara Okafor"].token)
    assert desk.workspace.id == copy.id and [d.review for d in desk.drafts] == ["sent"]
    assert list(speakers.history_of(engine, desk.drafts[0].id)["action"]) == ["sent"]


def test_a_speakers_feedback_counts_only_what_was_kept_and_names_no_theme_built_from_other_sessions():
    import pandas as pd

    from core.feedback.packs import session_feedback

    scored = pd.DataFrame({
        "text": ["Clear and useful.", "Useful demo, clear slides.", "Sofia was monotone.", "Rude remark.",
                 "Monotone delivery, sadly."],
        "session": ["Pandas talk", "S02", "S06", "S02", "S02"], "rating": [5, 4, 2, 1, None],
        "label": ["positive", "positive", "negative", "negative", "negative"],
        "p_positive": [0.9, 0.8, 0.1, 0.1, 0.1], "p_negative": [0.05, 0.1, 0.8, 0.9, 0.8],
        "held_back": [False, False, False, True, False]})
    themes = [{"label": "useful · clear", "members": [0, 1]}, {"label": "monotone · sofia", "members": [2, 4]}]
    sessions = pd.DataFrame({"session_id": ["S02"], "title": ["Pandas talk"]})
    [mine] = session_feedback(scored, sessions, themes)
    assert (mine.comments, mine.ratings, mine.rating) == (3, 2, 4.5)  # the held-back remark is not counted
    assert mine.themes == [("useful · clear", 2)]  # "sofia" comes from another session's comments
    assert "Rude remark." not in mine.complaints and mine.complaints == ["Monotone delivery, sadly."]
