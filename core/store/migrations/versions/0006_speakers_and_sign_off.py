"""Speakers in the loop: the programme's people with their private links, the speaker's sign-off on each draft
(and its history), the programme's e-mails, and the choice to export approved copy only.

Revision ID: 0006
Revises: 0005
Created: 2026-12-07
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "speakers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("workspace_id", sa.String(32), sa.ForeignKey("workspaces.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("spellings", sa.JSON, nullable=False),
        sa.Column("email", sa.String(320)),
        sa.Column("email_by", sa.String(20)),
        sa.Column("bio", sa.Text, nullable=False, server_default=""),
        sa.Column("token", sa.String(32), unique=True),
        sa.Column("numbers_only", sa.Boolean),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("workspace_id", "name"),
    )
    op.create_table(
        "draft_reviews",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("draft_id", sa.Integer, sa.ForeignKey("drafts.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("who", sa.String(200), nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("note", sa.Text),
    )
    with op.batch_alter_table("drafts") as table:
        table.add_column(sa.Column("review", sa.String(10)))
        table.add_column(sa.Column("review_note", sa.Text))
        table.add_column(sa.Column("review_at", sa.DateTime))
        table.add_column(sa.Column("review_by", sa.String(200)))
        table.add_column(sa.Column("added", sa.JSON))
    with op.batch_alter_table("programmes") as table:
        table.add_column(sa.Column("emails", sa.JSON, nullable=False, server_default="{}"))
    with op.batch_alter_table("collection") as table:
        table.add_column(sa.Column("approved_only", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("collection") as table:
        table.drop_column("approved_only")
    with op.batch_alter_table("programmes") as table:
        table.drop_column("emails")
    with op.batch_alter_table("drafts") as table:
        for name in ("added", "review_by", "review_at", "review_note", "review"):
            table.drop_column(name)
    op.drop_table("draft_reviews")
    op.drop_table("speakers")
