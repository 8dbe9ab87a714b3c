"""Workspaces through the pages (AppTest): what an organiser does is there when the link is opened again, in
another session too; without the link nothing is; two editors of one draft are told; login owns workspaces."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from apptest_helpers import APP, button, keyed, open_page, page_path, store_engine

DESCRIPTIONS, AGENDA, HOME, WORKSPACE = "descriptions.py", "agenda.py", "home.py", "workspace.py"


def reopen(token: str, file: str = HOME, user: dict | None = None) -> AppTest:
    """A new browser session opening the workspace's link on a page (a reload, a bookmark, a teammate)."""
    at = AppTest.from_file(APP, default_timeout=600)
    if user is not None:
        at.user = user
    at.query_params["w"] = token
    at.run()
    if file != HOME:
        at.switch_page(page_path(file)).run()
    assert not at.exception
    return at


def draft_text(at: AppTest) -> str:
    return next(t for t in at.text_area if t.label == "Edit before you publish").value


def write_a_teaser(at: AppTest, title: str) -> str:
    keyed(at.selectbox, "copy_session_pick").select(title).run()
    at.selectbox(key="copy_kind").select("teaser").run()
    at.toggle(key="copy_greedy").set_value(True).run()
    button(at, "Generate").click().run()
    assert not at.exception
    said = [m.value for m in [*at.error, *at.warning]]
    assert not said, said
    return draft_text(at)


def test_drafts_edits_and_a_used_repair_are_there_when_the_link_is_opened_again(decoder, embedder):
    at = open_page(DESCRIPTIONS)
    token = at.query_params["w"]
    first = write_a_teaser(at, "Exploring Attendee Data with Python and pandas")
    second = write_a_teaser(at, "Pandas for Event Analytics: From Registrations to Insight")
    assert first.startswith("Join Lukas Brenner") and second.startswith("Join Amara Okafor")
    box = next(t for t in at.text_area if t.label == "Edit before you publish")
    box.input("Amara Okafor shows <b>pandas</b> on real registrations; '); DROP TABLE drafts;--").run()
    assert not at.exception
    at.switch_page(page_path(AGENDA)).run()
    button(at, "Find a better timetable").click().run()
    button(at, "Use this timetable").click().run()
    assert any("Using the repaired timetable" in s.value for s in at.success)

    again = reopen(token, DESCRIPTIONS)  # a reload: a new session, the same link
    assert draft_text(again) == "Amara Okafor shows <b>pandas</b> on real registrations; '); DROP TABLE drafts;--"
    assert any("\\<b\\>pandas\\</b\\>" in m.value for m in again.markdown)  # shown as text, not as HTML
    assert again.text_input(key="copy_title").value == "Pandas for Event Analytics: From Registrations to Insight"
    again.switch_page(page_path(AGENDA)).run()
    assert any("Using the repaired timetable" in s.value for s in again.success)
    again.switch_page(page_path(WORKSPACE)).run()
    log = " ".join(next(df.value for df in again.dataframe if "what" in df.value.columns)["what"])
    assert "wrote the teaser of “Exploring Attendee Data" in log and "edited the teaser" in log
    assert "used timetable #" in log

    stranger = AppTest.from_file(APP, default_timeout=600).run()  # the same server, without the link
    assert any("No workspace open" in c.value for c in stranger.sidebar.caption)
    stranger.switch_page(page_path(DESCRIPTIONS)).run()
    assert not stranger.text_area and any("Open a workspace" in i.value for i in stranger.info)


def test_a_wrong_or_deleted_link_says_so_and_shows_nothing():
    for token in ("nonsense", "A" * 22):
        at = reopen(token)
        assert any("No workspace at this link" in w.value for w in at.warning)
        assert "w" not in at.query_params
    at = open_page(WORKSPACE, with_demo=False)
    token = at.query_params["w"]
    at.text_input(key="ws_delete_name").input("Test event").run()
    button(at, "Delete the workspace").click().run()
    assert not at.exception and any("Open a workspace" in i.value for i in at.info)
    assert any("No workspace at this link" in w.value for w in reopen(token).warning)


def test_two_sessions_see_each_others_work_and_a_later_edit_is_told(decoder, embedder):
    ana = open_page(DESCRIPTIONS)
    write_a_teaser(ana, "Exploring Attendee Data with Python and pandas")
    ben = reopen(ana.query_params["w"], DESCRIPTIONS)
    ben.text_input(key="visitor_name").input("Ben").run()
    next(t for t in ben.text_area if t.label == "Edit before you publish").input("Ben's version.").run()
    ana.run()  # Ana's next rerun shows Ben's finished edit, and says where it came from
    assert draft_text(ana) == "Ben's version."
    assert any("Changed elsewhere at" in w.value and "by Ben" in w.value for w in ana.warning)
    # both edit; the later write wins and its writer is told whose change it replaced
    next(t for t in ben.text_area if t.label == "Edit before you publish").input("Ben again.").run()
    next(t for t in ana.text_area if t.label == "Edit before you publish").input("Ana's version.").run()
    assert draft_text(ana) == "Ana's version."
    assert any("replaced a change Ben made elsewhere" in w.value for w in ana.warning)
    ben.run()
    assert draft_text(ben) == "Ana's version."


def test_a_backup_restores_as_a_new_workspace_with_the_same_programme():
    at = open_page(WORKSPACE)
    button(at, "Prepare the file").click().run()
    download = next(b for b in at.get("download_button") if b.label == "Download the whole workspace")
    assert download.proto.label == "Download the whole workspace"
    from core.store import backup
    from core.store.programme import load

    data = backup.export(store_engine(), at.query_params["w"])
    home = open_page(HOME, with_demo=False, workspace=False)
    home.file_uploader(key="home_restore").set_value(("event.zip", data, "application/zip")).run()
    button(home, "Restore it as a new workspace").click().run()
    assert not home.exception
    token = home.query_params["w"]
    assert token != at.query_params["w"]
    assert load(store_engine(), token).agenda.sessions.title.tolist() == \
        load(store_engine(), at.query_params["w"]).agenda.sessions.title.tolist()
    broken = open_page(HOME, with_demo=False, workspace=False)
    broken.file_uploader(key="home_restore").set_value(("event.zip", b"PK\x03\x04 no", "application/zip")).run()
    button(broken, "Restore it as a new workspace").click().run()
    assert any("not a workspace file" in e.value for e in broken.error)


def test_a_programme_past_the_cap_is_refused_and_the_old_one_kept(monkeypatch):
    import core.store.programme as store_programme
    from core.store.workspaces import WorkspaceCaps

    at = open_page(AGENDA)
    monkeypatch.setattr(store_programme, "WORKSPACE_CAPS", WorkspaceCaps(sessions=2))
    csv = "Title\nOne\nTwo\nThree\n"
    at.file_uploader[0].set_value(("big.csv", csv.encode(), "text/csv")).run()
    button(at, "Use this programme").click().run()
    assert any("at most 2" in e.value for e in at.error)
    assert any("40 sessions" in c.value for c in at.caption)


ANA = {"is_logged_in": True, "iss": "https://accounts.example", "sub": "ana-1", "email": "ana@example.org",
       "name": "Ana"}
BEN = {"is_logged_in": True, "iss": "https://accounts.example", "sub": "ben-2", "email": "ben@example.org",
       "name": "Ben"}


def signed_in(user: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=600)
    at.user = user
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x"}
    return at.run()


def test_with_login_a_workspace_belongs_to_its_user_and_whom_they_share_it_with():
    ana = signed_in(ANA)
    ana.text_input(key="home_new_name").input("Private summit").run()
    button(ana, "Create the workspace").click().run()
    token = ana.query_params["w"]
    assert any("Signed in as **Ana**" in c.value for c in ana.sidebar.caption)
    ana = signed_in(ANA)
    assert any("Private summit" in m.value for m in ana.markdown)  # Home lists her workspaces
    assert any("No workspace at this link" in w.value for w in reopen(token, user=BEN).warning)
    assert any("No workspace at this link" in w.value
               for w in reopen(token, user={"is_logged_in": False}).warning)
    owner = reopen(token, WORKSPACE, user=ANA)
    owner.text_input(key="ws_share_email").input("Ben@Example.org").run()
    button(owner, "Share").click().run()
    assert not reopen(token, user=BEN).warning
    log = " ".join(next(df.value for df in reopen(token, WORKSPACE, user=ANA).dataframe)["what"])
    assert "shared the workspace with ben@example.org" in log


def test_a_deployment_that_requires_login_shows_only_a_way_to_sign_in(monkeypatch):
    monkeypatch.setenv("EVENTS_REQUIRE_LOGIN", "1")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert any("requires login" in e.value for e in at.error)  # and says what the administrator must add
    assert not at.button or all(b.label != "Load the demo event" for b in at.button)
    at = signed_in({"is_logged_in": False})
    assert any(b.label == "Sign in" for b in at.button) and all(b.label != "Load the demo event" for b in at.button)
    assert any(b.label == "Load the demo event" for b in signed_in(ANA).button)


@pytest.fixture
def postgres_app(postgres, monkeypatch):
    """The app writing to the test PostgreSQL server, which a test may stop and start."""
    url = postgres.create_database("events_pages_offline")
    monkeypatch.setenv("EVENTS_DB_URL", url)
    yield postgres
    try:
        postgres.start()  # a test that stopped it leaves it running for the next
    except Exception:  # already running
        pass


def test_while_the_database_is_away_work_is_kept_and_saved_when_it_is_back(postgres_app, decoder, embedder):
    at = open_page(DESCRIPTIONS)
    token = at.query_params["w"]
    write_a_teaser(at, "Exploring Attendee Data with Python and pandas")
    postgres_app.stop()
    try:
        next(t for t in at.text_area if t.label == "Edit before you publish").input("Written offline.").run()
        assert not at.exception
        assert draft_text(at) == "Written offline."  # the page keeps the organiser's text
        assert any("Saving is paused" in w.value for w in at.sidebar.warning)
        at.switch_page(page_path(AGENDA)).run()  # other pages still draw, from what the session read
        assert not at.exception and at.title[0].value == "Agenda similarity"
    finally:
        postgres_app.start()
    at.run()
    assert not any("Saving is paused" in w.value for w in at.sidebar.warning)
    from core.store import drafts

    stored = drafts.load(store_engine(), token)
    assert [d.shown for d in stored.values()] == ["Written offline."]


def test_the_sidebar_counts_read_as_english():
    from dashboard.widgets import counted

    assert counted(1, "draft") == "1 draft"
    assert counted(0, "draft") == "0 drafts"
    assert counted(1200, "comment") == "1,200 comments"
    assert counted(1, "clash", "clashes") == "1 clash" and counted(3, "clash", "clashes") == "3 clashes"
