"""import columns: where a workout came from, and what imported sets carry

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 10:00:00.000000

workouts.source and workouts.fingerprint let the history importer (Strong, Hevy, FitNotes)
recognise a workout it imported before; sets.method, sets.distance_m and sets.duration_s keep
the order method a set's block was done in, and cardio, carries and timed sets;
sets.imported_name keeps the name an imported set had in the other app, so a corrected
mapping can re-point it. Existing rows
get the defaults: '' and null.

SQLite cannot add a CHECK constraint to a table: batch mode copies ``sets`` into a new table
(its named constraints and indexes with it). ``workouts`` only gains columns, which SQLite
adds in place, so the table ``sets`` refers to is never dropped and re-created.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("workouts", sa.Column("source", sa.String(length=16), server_default="", nullable=False))
    op.add_column("workouts", sa.Column("fingerprint", sa.String(length=64), server_default="", nullable=False))

    with op.batch_alter_table("sets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("method", sa.String(length=24), server_default="", nullable=False))
        batch_op.add_column(sa.Column("distance_m", sa.Numeric(precision=10, scale=2), nullable=True))
        batch_op.add_column(sa.Column("duration_s", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("imported_name", sa.String(length=200), server_default="", nullable=False))
        batch_op.create_check_constraint(
            op.f("ck_sets_method"),
            "method in ('', 'pre-exhaust', 'post-exhaust', 'reverse-pre-exhaust', 'traditional')",
        )
        batch_op.create_check_constraint(op.f("ck_sets_distance_m"), "distance_m is null or distance_m >= 0")
        batch_op.create_check_constraint(
            op.f("ck_sets_duration_s"), "duration_s is null or (duration_s >= 0 and duration_s <= 86400)"
        )


def downgrade() -> None:
    with op.batch_alter_table("sets", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_sets_duration_s"), type_="check")
        batch_op.drop_constraint(op.f("ck_sets_distance_m"), type_="check")
        batch_op.drop_constraint(op.f("ck_sets_method"), type_="check")
        batch_op.drop_column("imported_name")
        batch_op.drop_column("duration_s")
        batch_op.drop_column("distance_m")
        batch_op.drop_column("method")

    with op.batch_alter_table("workouts", schema=None) as batch_op:
        batch_op.drop_column("fingerprint")
        batch_op.drop_column("source")
