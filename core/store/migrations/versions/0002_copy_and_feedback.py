"""Drafts and batch jobs; comments with their labels, themes and built reports; a change counter for each.

Revision ID: 0002
Revises: 0001
Created: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.store.migrate import workspace_id_column

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workspaces") as table:
        table.add_column(sa.Column("rev_copy", sa.Integer, nullable=False, server_default="0"))
        table.add_column(sa.Column("rev_feedback", sa.Integer, nullable=False, server_default="0"))
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        workspace_id_column(),
        sa.Column("session_key", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("brief", sa.JSON, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("edited", sa.Text),
        sa.Column("pick", sa.Integer, nullable=False, server_default="0"),
        sa.Column("unsupported", sa.JSON, nullable=False),
        sa.Column("status", sa.String(20), nullable=False, server_default="draft"),
        sa.Column("settings", sa.JSON, nullable=False),
        sa.Column("seed", sa.Integer, nullable=False),
        sa.Column("engine", sa.String(300), nullable=False),
        sa.Column("model", sa.String(300), nullable=False),
        sa.Column("candidates", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("job_id", sa.Integer),
        sa.UniqueConstraint("workspace_id", "session_key", "kind", name="uq_drafts_workspace_id"),
    )
    op.create_table(
        "batch_jobs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        workspace_id_column(),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("settings", sa.JSON, nullable=False),
        sa.Column("session_keys", sa.JSON, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("started_by", sa.String(200), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime, nullable=False),
        sa.Column("writer", sa.String(40), nullable=False),
    )
    op.create_table(
        "comment_sets",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        workspace_id_column(),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("filename", sa.String(300), nullable=False),
        sa.Column("mapping", sa.JSON, nullable=False),
        sa.Column("notes", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("labelled_by", sa.String(300)),
    )
    op.create_table(
        "comments",
        sa.Column("set_id", sa.Integer, sa.ForeignKey("comment_sets.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("session", sa.Text, nullable=False),
        sa.Column("rating", sa.Float),
        sa.Column("submitted_at", sa.DateTime),
        sa.Column("label", sa.String(10)),
        sa.Column("confidence", sa.Float),
        sa.Column("p_negative", sa.Float),
        sa.Column("p_neutral", sa.Float),
        sa.Column("p_positive", sa.Float),
    )
    op.create_table(
        "themes",
        sa.Column("set_id", sa.Integer, sa.ForeignKey("comment_sets.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("keywords", sa.JSON, nullable=False),
        sa.Column("members", sa.JSON, nullable=False),
        sa.Column("quotes", sa.JSON, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("share", sa.Float, nullable=False),
        sa.Column("other", sa.Boolean, nullable=False),
    )
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        workspace_id_column(),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("html", sa.Text, nullable=False),
        sa.Column("bytes", sa.Integer, nullable=False),
        sa.Column("content_key", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    for table in ("reports", "themes", "comments", "comment_sets", "batch_jobs", "drafts"):
        op.drop_table(table)
    with op.batch_alter_table("workspaces") as table:
        table.drop_column("rev_feedback")
        table.drop_column("rev_copy")
