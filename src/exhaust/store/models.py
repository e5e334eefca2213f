"""Tables. Every change here needs an Alembic migration in store/migrations/versions."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from exhaust.domain.logbook import LoggedSet


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, on SQLite and PostgreSQL alike
    (SQLite has no time zones; storing naive UTC keeps both engines byte-for-byte equal)."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; exhaust stores aware UTC times")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


# Named constraints so migrations can refer to them on every engine.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# Spelled out (not built from OrderMethod): migration 0002 wrote exactly this text, and a
# new method needs a migration of its own anyway.
METHOD_CHECK = "method in ('', 'pre-exhaust', 'post-exhaust', 'reverse-pre-exhaust', 'traditional')"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    unit: Mapped[str] = mapped_column(String(2), default="kg")  # the lifter's preferred unit
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Accounts of the web app (0003). A user without a password (the CLI's 'local') cannot sign in.
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # 'athlete' or 'coach' (services/accounts.py Role; no CHECK: migration 0003 says why)
    role: Mapped[str] = mapped_column(String(8), default="athlete", server_default="athlete")
    is_owner: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    # Bumped to sign out every session of the user (a new password, "sign out everywhere").
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    __table_args__ = (CheckConstraint("unit in ('kg', 'lb')", name="unit"),)


class ApiTokenRow(Base):
    """A token for scripts (``Authorization: Bearer …``); only its SHA-256 is kept (0003)."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(80), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class InvitationRow(Base):
    """An invitation: an athlete asks a coach to follow them ('coach'), or the owner asks
    someone to create an account ('account'). Only the code's SHA-256 is kept (0003)."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    inviter_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)

    __table_args__ = (CheckConstraint("kind in ('coach', 'account')", name="kind"),)


class CoachingRow(Base):
    """A coach follows an athlete: sees their logbook and plans for them (0003)."""

    __tablename__ = "coaching"

    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (CheckConstraint("coach_id <> athlete_id", name="not_self"),)


class SettingRow(Base):
    """Settings of the installation shared by every server process (the cookie signing key)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class CustomExerciseRow(Base):
    __tablename__ = "custom_exercises"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(200))
    definition: Mapped[str] = mapped_column(Text, default="{}")  # JSON: mechanic, muscles…
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (UniqueConstraint("user_id", "slug", name="uq_custom_exercises_user_slug"),)


class TemplateRow(Base):
    __tablename__ = "templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    plan_text: Mapped[str] = mapped_column(Text)  # a plan file, readable and re-checkable
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (UniqueConstraint("user_id", "name", name="uq_templates_user_name"),)


class WorkoutRow(Base):
    __tablename__ = "workouts"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200), default="")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    plan_name: Mapped[str] = mapped_column(String(200), default="")
    session_name: Mapped[str] = mapped_column(String(200), default="")
    plan_text: Mapped[str] = mapped_column(Text, default="")  # the plan it follows, as a plan file
    # Where it came from: '' logged in exhaust; 'strong', 'hevy', 'fitnotes' imported (0002).
    source: Mapped[str] = mapped_column(String(16), default="", server_default="")
    # A hash of an imported workout's content, so importing the same file again recognises it.
    fingerprint: Mapped[str] = mapped_column(String(64), default="", server_default="")

    sets: Mapped[list[SetRow]] = relationship(
        back_populates="workout", order_by="SetRow.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        Index("ix_workouts_user_started", "user_id", "started_at"),
        CheckConstraint("ended_at is null or ended_at >= started_at", name="ends_after_start"),
    )


class SetRow(Base):
    __tablename__ = "sets"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)  # also the idempotency key
    workout_id: Mapped[int] = mapped_column(ForeignKey("workouts.id", ondelete="CASCADE"))
    # The owner again, so a lifter's history is one index range scan at 1,000,000 sets.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    exercise_id: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer)
    block: Mapped[str] = mapped_column(String(8), default="")
    set_type: Mapped[str] = mapped_column(String(8), default="working")
    weight: Mapped[Decimal | None] = mapped_column(Numeric(10, 3), nullable=True)
    unit: Mapped[str] = mapped_column(String(2), default="kg")
    weight_kg: Mapped[Decimal | None] = mapped_column(Numeric(8, 2), nullable=True)
    reps: Mapped[int] = mapped_column(Integer)
    rpe: Mapped[Decimal | None] = mapped_column(Numeric(3, 1), nullable=True)
    rir: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rest_s: Mapped[int | None] = mapped_column(Integer, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    logged_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The exercise-order method the set's block was done in (domain/logbook.py OrderMethod) (0002).
    method: Mapped[str] = mapped_column(String(24), default="", server_default="")
    distance_m: Mapped[Decimal | None] = mapped_column(Numeric(10, 2), nullable=True)  # cardio, carries
    duration_s: Mapped[int | None] = mapped_column(Integer, nullable=True)  # planks, timed sets
    # The exercise name an imported set had in the other app's file ('' for sets logged here):
    # `exhaust import --map` re-points the sets of a name when the lifter corrects its mapping.
    imported_name: Mapped[str] = mapped_column(String(200), default="", server_default="")

    workout: Mapped[WorkoutRow] = relationship(back_populates="sets")

    __table_args__ = (
        UniqueConstraint("workout_id", "position", name="uq_sets_workout_position"),
        Index("ix_sets_user_exercise_logged", "user_id", "exercise_id", "logged_at"),
        Index("ix_sets_user_logged", "user_id", "logged_at"),
        CheckConstraint("reps >= 0 and reps <= 100", name="reps"),
        CheckConstraint("weight_kg is null or (weight_kg >= 0 and weight_kg <= 1000)", name="weight"),
        CheckConstraint("rpe is null or (rpe >= 1 and rpe <= 10)", name="rpe"),
        CheckConstraint("rir is null or (rir >= 0 and rir <= 10)", name="rir"),
        CheckConstraint("set_type in ('warmup', 'working', 'drop', 'failure')", name="set_type"),
        CheckConstraint("unit in ('kg', 'lb')", name="unit"),
        CheckConstraint(METHOD_CHECK, name="method"),
        CheckConstraint("distance_m is null or distance_m >= 0", name="distance_m"),
        CheckConstraint("duration_s is null or (duration_s >= 0 and duration_s <= 86400)", name="duration_s"),
    )


def set_values(logged: LoggedSet, *, workout_id: int, user_id: int, logged_at: datetime) -> dict[str, Any]:
    """The column values of a validated domain set (weight_kg derived there, never typed
    twice), for a Core INSERT: logging a set, the app's hot path, builds no ORM object."""
    return {
        "uid": logged.uid,
        "workout_id": workout_id,
        "user_id": user_id,
        "exercise_id": logged.exercise_id,
        "position": logged.position,
        "block": logged.block,
        "set_type": logged.set_type.value,
        "weight": logged.weight,
        "unit": logged.unit.value,
        "weight_kg": logged.weight_kg,
        "reps": logged.reps,
        "rpe": logged.rpe,
        "rir": logged.rir,
        "rest_s": logged.rest_s,
        "notes": logged.notes,
        "logged_at": logged_at,
        "method": logged.method.value,
        "distance_m": logged.distance_m,
        "duration_s": logged.duration_s,
        "imported_name": logged.imported_name,
    }


def set_row(logged: LoggedSet, *, workout_id: int, user_id: int, logged_at: datetime) -> SetRow:
    """The ORM row for a validated domain set."""
    return SetRow(**set_values(logged, workout_id=workout_id, user_id=user_id, logged_at=logged_at))
