"""Workspaces, their members and change log, the programme (source rows and sessions), pins and timetables.

Revision ID: 0001
Revises:
Created: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.store.migrate import workspace_id_column

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workspaces",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("owner_issuer", sa.String(300)),
        sa.Column("owner_subject", sa.String(300)),
        sa.Column("owner_email", sa.String(320)),
        sa.Column("rev_programme", sa.Integer, nullable=False, server_default="0"),
        sa.Column("rev_timetable", sa.Integer, nullable=False, server_default="0"),
        sa.Column("timetable_id", sa.Integer),
    )
    op.create_table(
        "members",
        sa.Column("workspace_id", sa.String(32), sa.ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("email", sa.String(320), primary_key=True),
        sa.Column("added_at", sa.DateTime, nullable=False),
        sa.Column("added_by", sa.String(200), nullable=False),
    )
    op.create_index("ix_members_email", "members", ["email"])
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        workspace_id_column(),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("who", sa.String(200), nullable=False),
        sa.Column("what", sa.Text, nullable=False),
    )
    op.create_table(
        "programmes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        workspace_id_column(),
        sa.Column("filename", sa.String(300), nullable=False),
        sa.Column("columns", sa.JSON, nullable=False),
        sa.Column("mapping", sa.JSON, nullable=False),
        sa.Column("notes", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
    )
    op.create_table(
        "source_rows",
        sa.Column("programme_id", sa.Integer, sa.ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("cells", sa.JSON, nullable=False),
    )
    op.create_table(
        "sessions",
        sa.Column("programme_id", sa.Integer, sa.ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.String(200), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("abstract", sa.Text, nullable=False),
        sa.Column("speakers", sa.Text, nullable=False),
        sa.Column("format", sa.String(200), nullable=False),
        sa.Column("track", sa.String(200), nullable=False),
        sa.Column("room", sa.String(200), nullable=False),
        sa.Column("starts_at", sa.DateTime),
        sa.Column("ends_at", sa.DateTime),
    )
    op.create_table(
        "pins",
        sa.Column("programme_id", sa.Integer, sa.ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("session_id", sa.String(200), primary_key=True),
        sa.Column("pinned", sa.Boolean, nullable=False),
    )
    op.create_table(
        "timetables",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        workspace_id_column(),
        sa.Column("programme_id", sa.Integer, sa.ForeignKey("programmes.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("used_at", sa.DateTime),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("score_before", sa.Float, nullable=False),
        sa.Column("score_after", sa.Float, nullable=False),
        sa.Column("clashes_before", sa.Integer, nullable=False),
        sa.Column("clashes_after", sa.Integer, nullable=False),
        sa.Column("gap", sa.Float, nullable=False),
        sa.Column("seconds", sa.Float, nullable=False),
        sa.Column("best_found_s", sa.Float, nullable=False),
        sa.Column("threshold", sa.Float, nullable=False),
        sa.Column("max_moves", sa.Integer),
        sa.Column("pins", sa.JSON, nullable=False),
        sa.Column("notes", sa.JSON, nullable=False),
    )
    op.create_table(
        "timetable_slots",
        sa.Column("timetable_id", sa.Integer, sa.ForeignKey("timetables.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("starts_at", sa.DateTime),
        sa.Column("ends_at", sa.DateTime),
        sa.Column("room", sa.String(200), nullable=False),
        sa.Column("moved", sa.Boolean, nullable=False),
    )


def downgrade() -> None:
    for table in ("timetable_slots", "timetables", "pins", "sessions", "source_rows", "programmes", "changes",
                  "members", "workspaces"):
        op.drop_table(table)
