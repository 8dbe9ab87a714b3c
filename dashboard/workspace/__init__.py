"""The open workspace, for every page: the one door through which pages and views reach the store (`core.store`).

The workspace rides in the URL (`?w=<id>`), so a reload, a bookmark or a link sent to the team reopens it; the
entrypoint puts it back after every page switch. Each page run asks the database one small question (the
workspace's change counters) and rereads only the areas another session changed, so two people on one
workspace see each other's finished work on their next rerun.

- `connection`: the database, this session's view of its workspace (`Opened`), who is here, notices;
- `opening`: opening by link, creating (the demo too), sharing, closing, backup and restore; `sync` before every
  page run;
- `reads`: each value of the workspace, reread only when another session changed its area;
- `changes`: every change in one transaction, kept in the session while the database is away;
- `saves`, `draft_saves`, `feedback_saves`: the changes pages make, to the programme and its timetables, to the
  drafts and batches, and to the comments and what the organiser set about them;
- `collecting`: attendee forms, their moderation and the live feeds;
- `audience`: attendees' picks and the organiser's expected audiences;
- `people`: the programme's people, their links and sign-off, and what a speaker's own link reads and decides.

    opened = require()                 # the workspace, or a prompt to open one and the end of the page run
    agenda_in_use = agenda()           # the programme, with the timetable in use applied
    save_programme(agenda, "agenda.csv")
"""
from core.store import FORM, SPEAKER_KINDS, WORKSPACE_CAPS, CapExceeded, CommentSet, Draft, Job, NotFound
from dashboard.workspace.audience import (expected, picks, set_capacity, set_expected, set_unavailable,
                                          unavailable, upload_picks)
from dashboard.workspace.changes import saving_status
from dashboard.workspace.collecting import (collection, edit_comment, form_links, issue_feed, issue_forms, moderate,
                                            new_responses, new_responses_now, reissue_form, revoke_feed, set_collection,
                                            set_form_state)
from dashboard.workspace.connection import (Opened, auth_configured, current, local_time, login_required, notice,
                                            signed_in, tell, who)
from dashboard.workspace.draft_saves import (changed_elsewhere, edit_draft, finish_job, keep_writing, resume_job,
                                             save_draft, set_status, start_job, take_over)
from dashboard.workspace.feedback_saves import (correct, hold_back, move_to_category, save_assignments,
                                                save_categories, save_head, use_head)
from dashboard.workspace.opening import (close, create, create_demo, delete, demo_name, export, history, link,
                                         members, mine, open_link, refresh, rename, require, restore, share, sync,
                                         unshare)
from dashboard.workspace.reads import (agenda, comment_set, counts, drafts, feedback_settings, job,
                                       latest_timetable, pin_ticks, programme, report_download, reports,
                                       stored_themes, timetable_in_use)
from dashboard.workspace.people import (copy_descriptions, copy_for_export, merge_speakers, reissue_speaker_link,
                                        review_history, revoke_speaker_link, send_for_approval, set_approved_only,
                                        set_speaker_email, speaker_chooses, speaker_decides, speaker_desk,
                                        speaker_feedback, speakers, speakers_by_session)
from dashboard.workspace.saves import (delete_report, save_comments, save_labels, save_programme, save_report,
                                       save_themes, save_timetable, set_pins, use_timetable)

__all__ = ["expected", "picks", "set_capacity", "set_expected", "set_unavailable", "unavailable", "upload_picks",
           "CapExceeded", "CommentSet", "Draft", "FORM", "Job", "NotFound", "Opened", "SPEAKER_KINDS",
           "WORKSPACE_CAPS", "agenda", "auth_configured", "changed_elsewhere", "close", "collection", "comment_set",
           "copy_descriptions", "copy_for_export", "correct", "counts", "create", "create_demo", "current", "delete",
           "delete_report", "demo_name", "drafts", "edit_comment", "edit_draft", "export", "feedback_settings",
           "finish_job", "form_links", "history", "hold_back", "issue_feed", "issue_forms", "job", "keep_writing",
           "latest_timetable", "link", "local_time", "login_required", "members", "merge_speakers", "mine",
           "moderate", "move_to_category", "new_responses", "new_responses_now", "notice", "open_link", "pin_ticks",
           "programme", "refresh", "reissue_form", "reissue_speaker_link", "rename", "report_download", "reports",
           "require", "restore", "resume_job", "review_history", "revoke_feed", "revoke_speaker_link",
           "save_assignments", "save_categories", "save_comments", "save_draft", "save_head", "save_labels",
           "save_programme", "save_report", "save_themes", "save_timetable", "saving_status", "send_for_approval",
           "set_approved_only", "set_collection", "set_form_state", "set_pins", "set_speaker_email", "set_status",
           "share", "signed_in", "speaker_chooses", "speaker_decides", "speaker_desk", "speaker_feedback",
           "speakers", "speakers_by_session", "start_job", "stored_themes", "sync", "take_over", "tell",
           "timetable_in_use", "unshare", "use_head", "use_timetable", "who"]
