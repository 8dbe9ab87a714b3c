"""What the organiser tells the feedback page: corrected labels, categories, comments held back from speakers,
and the sentiment head adapted from their corrections.

Revision ID: 0004
Revises: 0003
Created: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("comments") as table:
        table.add_column(sa.Column("corrected", sa.String(10)))
        table.add_column(sa.Column("adapted", sa.String(10)))
        table.add_column(sa.Column("category", sa.String(60)))
        table.add_column(sa.Column("category_by", sa.String(10)))
        table.add_column(sa.Column("held_back", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_table(
        "feedback_settings",
        sa.Column("workspace_id", sa.String(32), sa.ForeignKey("workspaces.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("categories", sa.JSON, nullable=False),
        sa.Column("head", sa.JSON),
        sa.Column("head_on", sa.Boolean, nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    op.drop_table("feedback_settings")
    with op.batch_alter_table("comments") as table:
        for name in ("held_back", "category_by", "category", "adapted", "corrected"):
            table.drop_column(name)
