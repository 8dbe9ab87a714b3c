"""What programme tools know about a session and a room: language, level, speakers' bios, breaks and plenaries;
the programme's time zone, its rooms' capacity and the format it came in.

Revision ID: 0003
Revises: 0002
Created: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("programmes") as table:
        table.add_column(sa.Column("timezone", sa.String(64)))
        table.add_column(sa.Column("capacity", sa.JSON, nullable=False, server_default="{}"))
        table.add_column(sa.Column("source_format", sa.String(40), nullable=False, server_default="table"))
    with op.batch_alter_table("sessions") as table:
        table.add_column(sa.Column("language", sa.String(100), nullable=False, server_default=""))
        table.add_column(sa.Column("level", sa.String(100), nullable=False, server_default=""))
        table.add_column(sa.Column("bios", sa.Text, nullable=False, server_default=""))
        table.add_column(sa.Column("kind", sa.String(20), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("sessions") as table:
        for name in ("kind", "bios", "level", "language"):
            table.drop_column(name)
    with op.batch_alter_table("programmes") as table:
        for name in ("source_format", "capacity", "timezone"):
            table.drop_column(name)
