"""The tables of a workspace, as the latest migration leaves them (`core/store/migrations/` builds them).

Everything an organiser loads or makes is kept as rows: the programme as uploaded and as normalised, every
timetable they used, each draft with its brief, check and settings, the comments with their labels, the themes
and the reports built. Deleting a workspace deletes all of it (every table below cascades from `workspaces`).
Times of sessions are wall-clock times as the programme states them; times of changes are UTC.
"""
from __future__ import annotations

from sqlalchemy import (JSON, Boolean, Column, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Table,
                        Text, UniqueConstraint)

# Constraint names spelled out, so a migration can name what it changes on every database
metadata = MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s", "pk": "pk_%(table_name)s"})


def _workspace() -> Column:
    return Column("workspace_id", String(32), ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False,
                  index=True)


workspaces = Table(
    "workspaces", metadata,
    Column("id", String(32), primary_key=True),  # the 128-bit random token in the link
    Column("name", String(200), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("owner_issuer", String(300)),  # set when created by a signed-in user: OIDC issuer and subject
    Column("owner_subject", String(300)),
    Column("owner_email", String(320)),
    # one counter per area, raised by every change to it: a session refreshes only what changed
    Column("rev_programme", Integer, nullable=False, default=0),
    Column("rev_timetable", Integer, nullable=False, default=0),
    Column("rev_copy", Integer, nullable=False, default=0),
    Column("rev_feedback", Integer, nullable=False, default=0),
    Column("rev_audience", Integer, nullable=False, default=0),  # attendees' picks and expected audiences
    Column("timetable_id", Integer),  # the timetable in use; none: the programme's own times
)

members = Table(
    "members", metadata,
    Column("workspace_id", String(32), ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True),
    Column("email", String(320), primary_key=True),  # lower case
    Column("added_at", DateTime, nullable=False),
    Column("added_by", String(200), nullable=False),
    Index("ix_members_email", "email"),
)

changes = Table(
    "changes", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _workspace(),
    Column("at", DateTime, nullable=False),
    Column("who", String(200), nullable=False),
    Column("what", Text, nullable=False),
)

programmes = Table(
    "programmes", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _workspace(),
    Column("filename", String(300), nullable=False),  # "the demo event" for the demo
    Column("columns", JSON, nullable=False),  # the organiser's column names, in their order
    Column("mapping", JSON, nullable=False),  # standard field -> their column
    Column("notes", JSON, nullable=False),  # what normalising fixed, in words
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("timezone", String(64)),  # the zone its wall-clock times are in, when the programme says
    Column("capacity", JSON, nullable=False, default=dict),  # room -> seats
    Column("source_format", String(40), nullable=False, default="table"),
    Column("emails", JSON, nullable=False, default=dict),  # speaker -> e-mail, where the programme carries them
)

source_rows = Table(
    "source_rows", metadata,
    Column("programme_id", Integer, ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("cells", JSON, nullable=False),  # the row as uploaded, one string per column
)

sessions = Table(
    "sessions", metadata,
    Column("programme_id", Integer, ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("session_id", String(200), nullable=False),
    Column("title", Text, nullable=False),
    Column("abstract", Text, nullable=False),
    Column("speakers", Text, nullable=False),
    Column("format", String(200), nullable=False),
    Column("track", String(200), nullable=False),
    Column("room", String(200), nullable=False),
    Column("starts_at", DateTime),
    Column("ends_at", DateTime),
    Column("language", String(100), nullable=False, default=""),
    Column("level", String(100), nullable=False, default=""),
    Column("bios", Text, nullable=False, default=""),  # speaker -> bio, as JSON text (core.agenda.sessions.bios_json)
    Column("kind", String(20), nullable=False, default=""),  # break, plenary or nothing
)

pins = Table(  # the organiser's ticks; a programme without rows here has keynotes and breaks pinned
    "pins", metadata,
    Column("programme_id", Integer, ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True),
    Column("session_id", String(200), primary_key=True),
    Column("pinned", Boolean, nullable=False),
)

timetables = Table(
    "timetables", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _workspace(),
    Column("programme_id", Integer, ForeignKey("programmes.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("used_at", DateTime),  # when the organiser first chose it
    Column("status", String(20), nullable=False),
    Column("score_before", Float, nullable=False),
    Column("score_after", Float, nullable=False),
    Column("clashes_before", Integer, nullable=False),
    Column("clashes_after", Integer, nullable=False),
    Column("gap", Float, nullable=False),
    Column("seconds", Float, nullable=False),
    Column("best_found_s", Float, nullable=False),
    Column("threshold", Float, nullable=False),
    Column("max_moves", Integer),
    Column("pins", JSON, nullable=False),  # session ids pinned for this repair
    Column("notes", JSON, nullable=False),
    Column("terms", JSON),  # the audience terms before and after ({"overflow": [120, 14], …}), when weighed
)

slots = Table(
    "timetable_slots", metadata,
    Column("timetable_id", Integer, ForeignKey("timetables.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),  # the session's position in its programme
    Column("starts_at", DateTime),
    Column("ends_at", DateTime),
    Column("room", String(200), nullable=False),
    Column("moved", Boolean, nullable=False),
)

drafts = Table(
    "drafts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _workspace(),
    Column("session_key", String(200), nullable=False),  # the session id, or "form" for the free form
    Column("kind", String(20), nullable=False),  # abstract, teaser, social
    Column("brief", JSON, nullable=False),
    Column("text", Text, nullable=False),  # the winning draft as written (tidied)
    Column("edited", Text),  # the organiser's text, once they change it
    Column("pick", Integer, nullable=False, default=0),  # the candidate the organiser chose (0: the best)
    Column("unsupported", JSON, nullable=False),  # the fact check of the text shown
    Column("status", String(20), nullable=False, default="draft"),  # draft or approved
    Column("settings", JSON, nullable=False),  # sampling, candidates, strict, max tokens
    Column("seed", Integer, nullable=False),
    Column("engine", String(300), nullable=False),
    Column("model", String(300), nullable=False),
    Column("candidates", JSON, nullable=False),  # every candidate, ranked, with its reasons
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("updated_by", String(200), nullable=False),
    Column("version", Integer, nullable=False, default=1),  # raised by every write: who saw which text
    Column("job_id", Integer),  # the batch job that wrote it, if one did
    # the speaker's sign-off (core.store.speakers): sent, approved, changed or returned; none: never sent
    Column("review", String(10)),
    Column("review_note", Text),  # the speaker's note when they sent it back
    Column("review_at", DateTime),
    Column("review_by", String(200)),
    Column("added", JSON),  # names and numbers the speaker's own edit added (not in the brief: they are the source)
    UniqueConstraint("workspace_id", "session_key", "kind"),
)

draft_reviews = Table(  # every sign-off step of a draft, with who and when, and the text it was about
    "draft_reviews", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("draft_id", Integer, ForeignKey("drafts.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("at", DateTime, nullable=False),
    Column("who", String(200), nullable=False),
    Column("action", String(10), nullable=False),  # sent, approved, changed or returned
    Column("text", Text, nullable=False),  # the text as it stood after this step (a speaker's edit is a version)
    Column("note", Text),
)

batch_jobs = Table(
    "batch_jobs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _workspace(),
    Column("kind", String(20), nullable=False),
    Column("settings", JSON, nullable=False),
    Column("session_keys", JSON, nullable=False),  # in the programme's order
    Column("status", String(20), nullable=False),  # running, stopped, done
    Column("started_at", DateTime, nullable=False),
    Column("started_by", String(200), nullable=False),
    Column("heartbeat_at", DateTime, nullable=False),  # the writer's last sign of life
    Column("writer", String(40), nullable=False),  # a token of the session writing it
)

comment_sets = Table(
    "comment_sets", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _workspace(),
    Column("source", String(20), nullable=False),  # demo, upload or paste
    Column("filename", String(300), nullable=False),
    Column("mapping", JSON, nullable=False),
    Column("notes", JSON, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("labelled_by", String(300)),  # the classifier that wrote the labels, once it has
)

comments = Table(
    "comments", metadata,
    Column("set_id", Integer, ForeignKey("comment_sets.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("session", Text, nullable=False),
    Column("rating", Float),
    Column("submitted_at", DateTime),
    Column("label", String(10)),
    Column("confidence", Float),
    Column("p_negative", Float),
    Column("p_neutral", Float),
    Column("p_positive", Float),
    Column("corrected", String(10)),  # the organiser's label, which wins over the models'
    Column("adapted", String(10)),  # the label of the head adapted from the corrections, while it exists
    Column("category", String(60)),  # one of the workspace's categories, or "none"
    Column("category_by", String(10)),  # "auto" (by meaning) or "organiser" (confirmed or moved)
    Column("held_back", Boolean, nullable=False, default=False),  # never shown in a speaker's pack
    # an answer from the app's attendee forms (core.store.collect): its sender and the organiser's moderation
    Column("source", String(10)),  # "form"; none: from the set's own source (an upload, the demo)
    Column("client", String(64)),  # the sending browser: its next answer for the session replaces this one
    Column("improve", Text),  # the form's "one thing to improve", also at the end of the text
    Column("status", String(10)),  # new, approved or hidden
    Column("reason", Text),  # why it was hidden
    Index("ix_comments_client", "set_id", "session", "client"),
)

feedback_settings = Table(
    "feedback_settings", metadata,
    Column("workspace_id", String(32), ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True),
    Column("categories", JSON, nullable=False),  # {name: one-line description}, in the organiser's order
    Column("head", JSON),  # core.feedback.adapt.Adapted.to_json(), once adapted
    Column("head_on", Boolean, nullable=False, default=False),
)

themes = Table(
    "themes", metadata,
    Column("set_id", Integer, ForeignKey("comment_sets.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("label", Text, nullable=False),
    Column("keywords", JSON, nullable=False),
    Column("members", JSON, nullable=False),  # comment positions
    Column("quotes", JSON, nullable=False),
    Column("size", Integer, nullable=False),
    Column("share", Float, nullable=False),
    Column("other", Boolean, nullable=False),
)

reports = Table(
    "reports", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _workspace(),
    Column("title", String(200), nullable=False),
    Column("html", Text, nullable=False),
    Column("bytes", Integer, nullable=False),
    Column("content_key", String(40), nullable=False),  # the comments, labels and title it was built from
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(200), nullable=False),
)

collection = Table(  # attendee forms and live feeds, per workspace (core.store.collect)
    "collection", metadata,
    Column("workspace_id", String(32), ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True),
    Column("forms_on", Boolean, nullable=False, default=False),
    Column("opens_before_min", Integer, nullable=False, default=10),  # a form opens this long before its session
    Column("closes_after_min", Integer, nullable=False, default=1440),  # and closes this long after its end
    Column("feed_token", String(32), unique=True),  # the live feeds' link; none: no feeds
    Column("approved_only", Boolean, nullable=False, default=False),  # exports and feeds carry approved copy only
)

session_forms = Table(  # one attendee form per session; a revoked token stays, so its link can say so
    "session_forms", metadata,
    Column("token", String(32), primary_key=True),  # 128 random bits, in the form's link /f/<token>
    _workspace(),
    Column("session_id", String(200), nullable=False),
    Column("state", String(10), nullable=False, default="auto"),  # auto (the timetable), open, closed or off
    Column("revoked", Boolean, nullable=False, default=False),
    Column("created_at", DateTime, nullable=False),
)

speakers = Table(  # the people of the programme, one row per person (core.store.speakers)
    "speakers", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _workspace(),
    Column("name", String(200), nullable=False),  # as the programme spells it
    Column("spellings", JSON, nullable=False, default=list),  # other spellings the organiser merged into this one
    Column("email", String(320)),
    Column("email_by", String(20)),  # "programme" or "organiser": the organiser's correction is never overwritten
    Column("bio", Text, nullable=False, default=""),
    Column("token", String(32), unique=True),  # 128 random bits, the private link ?s=<token>; none: revoked
    Column("numbers_only", Boolean),  # the speaker's choice for their feedback; none: not chosen yet
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("workspace_id", "name"),
)

pick_sets = Table(  # attendees' interest: one set of wanted sessions per browser, or per attendee of an upload
    "pick_sets", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _workspace(),
    Column("client", String(64), nullable=False),  # the browser's cookie id, or "upload:<attendee id>"
    Column("source", String(10), nullable=False),  # "browser" or "upload"
    Column("token", String(32), unique=True),  # a browser's own link to its picks (and their calendar)
    Column("session_ids", JSON, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("workspace_id", "client"),
)

expected_audience = Table(  # the organiser's own expected audience per session: wins over the picks counted
    "expected_audience", metadata,
    Column("workspace_id", String(32), ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True),
    Column("session_id", String(200), primary_key=True),
    Column("expected", Integer, nullable=False),
)

unavailable = Table(  # speakers' unavailable times: the repair never puts their sessions there
    "unavailable", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _workspace(),
    Column("speaker", String(200), nullable=False),  # as the programme spells the name
    Column("starts_at", DateTime, nullable=False),  # wall-clock times, as the programme's
    Column("ends_at", DateTime, nullable=False),
)
