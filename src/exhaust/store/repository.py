"""Every query the logbook needs, in one place (services hold no SQL)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from exhaust.store.models import CustomExerciseRow, SetRow, TemplateRow, UserRow, WorkoutRow


class Repository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- users -------------------------------------------------------------------------

    def user(self, name: str) -> UserRow | None:
        return self.session.scalar(select(UserRow).where(UserRow.name == name))

    def add(self, row: object) -> None:
        self.session.add(row)
        self.session.flush()

    # --- workouts ----------------------------------------------------------------------

    def open_workout(self, user_id: int, lock: bool = False) -> WorkoutRow | None:
        query = (
            select(WorkoutRow)
            .where(WorkoutRow.user_id == user_id, WorkoutRow.ended_at.is_(None))
            .order_by(WorkoutRow.started_at.desc(), WorkoutRow.id.desc())
            .limit(1)
        )
        if lock:  # PostgreSQL: serialise two loggers on the same workout (SQLite: BEGIN IMMEDIATE)
            query = query.with_for_update()
        return self.session.scalar(query)

    def workout(self, user_id: int, workout_id: int) -> WorkoutRow | None:
        return self.session.scalar(
            select(WorkoutRow)
            .where(WorkoutRow.user_id == user_id, WorkoutRow.id == workout_id)
            .options(selectinload(WorkoutRow.sets))
        )

    def latest_workout(self, user_id: int) -> WorkoutRow | None:
        return self.session.scalar(
            select(WorkoutRow)
            .where(WorkoutRow.user_id == user_id)
            .order_by(WorkoutRow.started_at.desc(), WorkoutRow.id.desc())
            .options(selectinload(WorkoutRow.sets))
            .limit(1)
        )

    def workout_by_uid(self, uid: str) -> WorkoutRow | None:
        return self.session.scalar(select(WorkoutRow).where(WorkoutRow.uid == uid))

    def workouts_with_sets(self, user_id: int, batch: int = 500) -> Iterator[WorkoutRow]:
        """All of a user's workouts, oldest first, with their sets, in batches."""
        last: tuple[datetime, int] | None = None
        while True:
            query = (
                select(WorkoutRow)
                .where(WorkoutRow.user_id == user_id)
                .order_by(WorkoutRow.started_at, WorkoutRow.id)
                .options(selectinload(WorkoutRow.sets))
                .limit(batch)
            )
            if last is not None:
                started, wid = last
                query = query.where(
                    (WorkoutRow.started_at > started) | ((WorkoutRow.started_at == started) & (WorkoutRow.id > wid))
                )
            rows = list(self.session.scalars(query))
            yield from rows
            if len(rows) < batch:
                return
            last = (rows[-1].started_at, rows[-1].id)
            self.session.expunge_all()

    # --- sets --------------------------------------------------------------------------

    def next_position(self, workout_id: int) -> int:
        current = self.session.scalar(select(func.max(SetRow.position)).where(SetRow.workout_id == workout_id))
        return (current or 0) + 1

    def set_by_uid(self, uid: str) -> SetRow | None:
        return self.session.scalar(select(SetRow).where(SetRow.uid == uid))

    def last_sets(self, user_id: int, exercise_id: str, before_workout: int | None = None) -> list[SetRow]:
        """The sets of this exercise in the last workout that had it (for 'last time')."""
        query = select(SetRow.workout_id).where(SetRow.user_id == user_id, SetRow.exercise_id == exercise_id)
        if before_workout is not None:
            query = query.where(SetRow.workout_id != before_workout)
        last = self.session.scalar(query.order_by(SetRow.logged_at.desc()).limit(1))
        if last is None:
            return []
        return list(
            self.session.scalars(
                select(SetRow)
                .where(SetRow.workout_id == last, SetRow.exercise_id == exercise_id)
                .order_by(SetRow.position)
            )
        )

    def history(
        self,
        user_id: int,
        exercise_id: str | None = None,
        since: datetime | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> Sequence[tuple[SetRow, WorkoutRow]]:
        """Sets newest first with their workout; served from ix_sets_user_(exercise_)logged."""
        query = select(SetRow, WorkoutRow).join(WorkoutRow, SetRow.workout_id == WorkoutRow.id)
        query = query.where(SetRow.user_id == user_id)
        if exercise_id is not None:
            query = query.where(SetRow.exercise_id == exercise_id)
        if since is not None:
            query = query.where(SetRow.logged_at >= since)
        query = query.order_by(SetRow.logged_at.desc(), SetRow.id.desc()).limit(limit).offset(offset)
        return [(s, w) for s, w in self.session.execute(query)]

    def count_sets(self, user_id: int) -> int:
        return self.session.scalar(select(func.count()).select_from(SetRow).where(SetRow.user_id == user_id)) or 0

    # --- templates and custom exercises ---------------------------------------------

    def template(self, user_id: int, name: str) -> TemplateRow | None:
        return self.session.scalar(select(TemplateRow).where(TemplateRow.user_id == user_id, TemplateRow.name == name))

    def templates(self, user_id: int) -> list[TemplateRow]:
        return list(
            self.session.scalars(select(TemplateRow).where(TemplateRow.user_id == user_id).order_by(TemplateRow.name))
        )

    def custom_exercises(self, user_id: int) -> list[CustomExerciseRow]:
        return list(
            self.session.scalars(
                select(CustomExerciseRow).where(CustomExerciseRow.user_id == user_id).order_by(CustomExerciseRow.slug)
            )
        )

    def custom_exercise(self, user_id: int, slug: str) -> CustomExerciseRow | None:
        return self.session.scalar(
            select(CustomExerciseRow).where(CustomExerciseRow.user_id == user_id, CustomExerciseRow.slug == slug)
        )
