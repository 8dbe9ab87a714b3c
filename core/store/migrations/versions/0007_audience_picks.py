"""Audience demand: attendees' picks (one set per browser, or per attendee of an upload), the organiser's
expected audience per session, speakers' unavailable times, and a repair's audience terms.

Revision ID: 0007
Revises: 0006
Created: 2026-12-07
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workspaces") as table:
        table.add_column(sa.Column("rev_audience", sa.Integer, nullable=False, server_default="0"))
    op.create_table(
        "pick_sets",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("workspace_id", sa.String(32), sa.ForeignKey("workspaces.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("token", sa.String(32), unique=True),
        sa.Column("session_ids", sa.JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("workspace_id", "client"),
    )
    op.create_table(
        "unavailable",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("workspace_id", sa.String(32), sa.ForeignKey("workspaces.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("speaker", sa.String(200), nullable=False),
        sa.Column("starts_at", sa.DateTime, nullable=False),
        sa.Column("ends_at", sa.DateTime, nullable=False),
    )
    with op.batch_alter_table("timetables") as table:
        table.add_column(sa.Column("terms", sa.JSON))
    op.create_table(
        "expected_audience",
        sa.Column("workspace_id", sa.String(32), sa.ForeignKey("workspaces.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("session_id", sa.String(200), primary_key=True),
        sa.Column("expected", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("expected_audience")
    with op.batch_alter_table("timetables") as table:
        table.drop_column("terms")
    op.drop_table("unavailable")
    op.drop_table("pick_sets")
    with op.batch_alter_table("workspaces") as table:
        table.drop_column("rev_audience")
