"""Where every workspace is kept: the database (`db`), its tables (`schema`) and their versions (`migrate`,
`migrations/`), and one module per area of a workspace: `workspaces` (create, open, share, log), `programme`
(the sessions and their timetables), `drafts` (copy and batch jobs), `speakers` (the programme's
people, their private links and their sign-off on the copy), `feedback` (comments, labels, themes,
reports), `collect` (attendee forms, their answers and moderation, the live feeds' token), `backup` (one
file in, one file out) and `demo` (the demo event). Plain SQLAlchemy: no Streamlit here.

This is the store's one surface. The dashboard reaches it only through `dashboard.workspace`, which keeps each
session's view of its workspace, and the HTTP routes only through `routes.store`.

    engine = connect(database_url()); prepare(engine)
    ws = create_workspace(engine, "Harbourline Tech Summit 2026", who="Ana")
    with writing(engine) as conn:
        save_programme(conn, ws.id, agenda, "agenda.csv", "Ana")
"""
from core.lazy import offer

__getattr__, __dir__, __all__ = offer(__name__, {
    "collect": ("FORM_SOURCE FORM_STATES MODERATION Collection FormLink FormTarget edit_text feed_workspace "
                "form_links form_target issue_feed issue_forms load_settings:load_collection moderate "
                "new_responses reissue_form revoke_feed set_approved_only set_collection set_form_state "
                "submit:submit_answer"),
    "backup": "BackupError export:export_workspace restore:restore_workspace",
    "db": "configure connect database_url engine_options prepare reading writing",
    "demo": "FILENAME:DEMO_FILENAME EventData fill:fill_demo load_demo_event name:demo_name",
    "drafts": ("FORM REVIEW_WORDS STATUSES Draft Edit Job beat current_job descriptions:copy_descriptions "
               "finish_job for_export:copy_for_export id_of:draft_id_of load:load_drafts "
               "resume_job save_edit save_written:save_written_draft set_status:set_draft_status start_job "
               "take_over"),
    "feedback": ("CommentSet Report Settings correct current_id:current_comment_set_id delete_report hold_back "
                 "list_reports load:load_comments load_themes move:move_to_category report_html save_assignments "
                 "save_categories save_comments save_head save_labels save_report save_themes "
                 "settings:feedback_settings use_head"),
    "picks": ("load_expected load_picks load_unavailable picks_of picks_of_client save_browser_picks set_expected "
              "set_unavailable upload_picks"),
    "programme": ("Programme Timetable current_id:current_programme_id in_use latest_timetable "
                  "load:load_programme pin_ticks save:save_programme save_timetable set_capacity set_pins timetable "
                  "use_timetable"),
    "speakers": ("DECISIONS SPEAKER_KINDS Desk Speaker by_session:speakers_by_session decide desk_for "
                 "history_of:review_history merge:merge_speakers people_of reissue:reissue_speaker_link "
                 "revoke:revoke_speaker_link roster:speaker_roster send:send_for_approval "
                 "sessions_of:speaker_sessions set_email:set_speaker_email set_numbers_only sync:sync_speakers"),
    "workspaces": ("AREAS NOT_FOUND WORKSPACE_CAPS CapExceeded NotFound User Workspace WorkspaceCaps "
                   "counts:workspace_counts create:create_workspace create_in delete_workspace for_user history "
                   "members_of new_token now open_workspace rename:rename_workspace revisions revisions_in share "
                   "touch unshare"),
})
