"""accounts: passwords, roles, API tokens, invitations, coaches and the server's settings

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 10:00:00.000000

The web app (issue 6) signs people in. ``users`` gains a password hash (null for the CLI's
password-less users, who cannot sign in), a role, whether the user owns the installation, and a
session epoch that signs every session out when bumped. New tables: API tokens and invitation
codes (only their SHA-256 is stored), who coaches whom, and settings shared by every server
process (the key that signs session cookies).

``users`` only gains columns, in place (see upgrade() for why there is no CHECK on role).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs, which SQLite does in place. A CHECK on role would need batch mode's
    # copy of ``users``, and SQLite's DROP TABLE of the old copy cascades its deletes into
    # every table that refers to users (foreign_keys cannot be switched off inside the
    # migration's transaction). The accounts service writes only known roles.
    op.add_column("users", sa.Column("password_hash", sa.String(length=200), nullable=True))
    op.add_column("users", sa.Column("role", sa.String(length=8), server_default="athlete", nullable=False))
    op.add_column("users", sa.Column("is_owner", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column("users", sa.Column("session_epoch", sa.Integer(), server_default="0", nullable=False))

    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    op.create_index(op.f("ix_api_tokens_user_id"), "api_tokens", ["user_id"], unique=False)

    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("inviter_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_by", sa.Integer(), nullable=True),
        sa.CheckConstraint("kind in ('coach', 'account')", name=op.f("ck_invitations_kind")),
        sa.ForeignKeyConstraint(
            ["inviter_id"], ["users.id"], name=op.f("fk_invitations_inviter_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["used_by"], ["users.id"], name=op.f("fk_invitations_used_by_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_invitations_code_hash")),
    )
    op.create_index(op.f("ix_invitations_inviter_id"), "invitations", ["inviter_id"], unique=False)

    op.create_table(
        "coaching",
        sa.Column("coach_id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("coach_id <> athlete_id", name=op.f("ck_coaching_not_self")),
        sa.ForeignKeyConstraint(
            ["athlete_id"], ["users.id"], name=op.f("fk_coaching_athlete_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["coach_id"], ["users.id"], name=op.f("fk_coaching_coach_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("coach_id", "athlete_id", name=op.f("pk_coaching")),
    )
    op.create_index(op.f("ix_coaching_athlete_id"), "coaching", ["athlete_id"], unique=False)

    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )


def downgrade() -> None:
    op.drop_table("settings")
    op.drop_index(op.f("ix_coaching_athlete_id"), table_name="coaching")
    op.drop_table("coaching")
    op.drop_index(op.f("ix_invitations_inviter_id"), table_name="invitations")
    op.drop_table("invitations")
    op.drop_index(op.f("ix_api_tokens_user_id"), table_name="api_tokens")
    op.drop_table("api_tokens")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_epoch")
        batch_op.drop_column("is_owner")
        batch_op.drop_column("role")
        batch_op.drop_column("password_hash")
