"""Attendee forms and live feeds: when forms open, a token per session's form, the feeds' own token, and the
form's fields and moderation on each comment.

Revision ID: 0005
Revises: 0004
Created: 2026-12-07
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "collection",
        sa.Column("workspace_id", sa.String(32), sa.ForeignKey("workspaces.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("forms_on", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("opens_before_min", sa.Integer, nullable=False, server_default="10"),
        sa.Column("closes_after_min", sa.Integer, nullable=False, server_default="1440"),
        sa.Column("feed_token", sa.String(32), unique=True),
    )
    op.create_table(
        "session_forms",
        sa.Column("token", sa.String(32), primary_key=True),
        sa.Column("workspace_id", sa.String(32), sa.ForeignKey("workspaces.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("session_id", sa.String(200), nullable=False),
        sa.Column("state", sa.String(10), nullable=False, server_default="auto"),
        sa.Column("revoked", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    with op.batch_alter_table("comments") as table:
        table.add_column(sa.Column("source", sa.String(10)))
        table.add_column(sa.Column("client", sa.String(64)))
        table.add_column(sa.Column("improve", sa.Text))
        table.add_column(sa.Column("status", sa.String(10)))
        table.add_column(sa.Column("reason", sa.Text))
    op.create_index("ix_comments_client", "comments", ["set_id", "session", "client"])


def downgrade() -> None:
    op.drop_index("ix_comments_client", "comments")
    with op.batch_alter_table("comments") as table:
        for name in ("reason", "status", "improve", "client", "source"):
            table.drop_column(name)
    op.drop_table("session_forms")
    op.drop_table("collection")
