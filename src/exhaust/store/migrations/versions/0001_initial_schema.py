"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-21 11:59:22.547416
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("unit", sa.String(length=2), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("unit in ('kg', 'lb')", name=op.f("ck_users_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
    )
    op.create_table(
        "custom_exercises",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_custom_exercises_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custom_exercises")),
        sa.UniqueConstraint("user_id", "slug", name="uq_custom_exercises_user_slug"),
    )
    op.create_table(
        "templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("plan_text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_templates_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_templates")),
        sa.UniqueConstraint("user_id", "name", name="uq_templates_user_name"),
    )
    op.create_table(
        "workouts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("plan_name", sa.String(length=200), nullable=False),
        sa.Column("session_name", sa.String(length=200), nullable=False),
        sa.Column("plan_text", sa.Text(), nullable=False),
        sa.CheckConstraint("ended_at is null or ended_at >= started_at", name=op.f("ck_workouts_ends_after_start")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_workouts_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workouts")),
        sa.UniqueConstraint("uid", name=op.f("uq_workouts_uid")),
    )
    with op.batch_alter_table("workouts", schema=None) as batch_op:
        batch_op.create_index("ix_workouts_user_started", ["user_id", "started_at"], unique=False)

    op.create_table(
        "sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("workout_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(length=120), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("block", sa.String(length=8), nullable=False),
        sa.Column("set_type", sa.String(length=8), nullable=False),
        sa.Column("weight", sa.Numeric(precision=10, scale=3), nullable=True),
        sa.Column("unit", sa.String(length=2), nullable=False),
        sa.Column("weight_kg", sa.Numeric(precision=8, scale=2), nullable=True),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("rpe", sa.Numeric(precision=3, scale=1), nullable=True),
        sa.Column("rir", sa.Integer(), nullable=True),
        sa.Column("rest_s", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("logged_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("set_type in ('warmup', 'working', 'drop', 'failure')", name=op.f("ck_sets_set_type")),
        sa.CheckConstraint("unit in ('kg', 'lb')", name=op.f("ck_sets_unit")),
        sa.CheckConstraint("reps >= 0 and reps <= 100", name=op.f("ck_sets_reps")),
        sa.CheckConstraint("rir is null or (rir >= 0 and rir <= 10)", name=op.f("ck_sets_rir")),
        sa.CheckConstraint("rpe is null or (rpe >= 1 and rpe <= 10)", name=op.f("ck_sets_rpe")),
        sa.CheckConstraint("weight_kg is null or (weight_kg >= 0 and weight_kg <= 1000)", name=op.f("ck_sets_weight")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_sets_user_id_users"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["workout_id"], ["workouts.id"], name=op.f("fk_sets_workout_id_workouts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sets")),
        sa.UniqueConstraint("uid", name=op.f("uq_sets_uid")),
        sa.UniqueConstraint("workout_id", "position", name="uq_sets_workout_position"),
    )
    with op.batch_alter_table("sets", schema=None) as batch_op:
        batch_op.create_index("ix_sets_user_exercise_logged", ["user_id", "exercise_id", "logged_at"], unique=False)
        batch_op.create_index("ix_sets_user_logged", ["user_id", "logged_at"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("sets", schema=None) as batch_op:
        batch_op.drop_index("ix_sets_user_logged")
        batch_op.drop_index("ix_sets_user_exercise_logged")

    op.drop_table("sets")
    with op.batch_alter_table("workouts", schema=None) as batch_op:
        batch_op.drop_index("ix_workouts_user_started")

    op.drop_table("workouts")
    op.drop_table("templates")
    op.drop_table("custom_exercises")
    op.drop_table("users")
