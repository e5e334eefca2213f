"""Every query the logbook needs, in one place (services hold no SQL)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Float, Integer, Row, Table, bindparam, case, func, insert, or_, select, text, update
from sqlalchemy import cast as sql_cast
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, selectinload

from exhaust.store.models import (
    ApiTokenRow,
    CoachingRow,
    CustomExerciseRow,
    InvitationRow,
    SetRow,
    SettingRow,
    TemplateRow,
    UserRow,
    WorkoutRow,
)


class Repository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- users -------------------------------------------------------------------------

    def user(self, name: str) -> UserRow | None:
        return self.session.scalar(select(UserRow).where(UserRow.name == name))

    def user_or_new(self, name: str, unit: str) -> UserRow:
        """The user called ``name``, created (preferring ``unit``) on their first write."""
        row = self.user(name)
        if row is None:
            row = UserRow(name=name, unit=unit, created_at=datetime.now(UTC))
            self.add(row)
        return row

    def user_by_id(self, user_id: int) -> UserRow | None:
        return self.session.get(UserRow, user_id)

    def has_accounts(self) -> bool:
        """Whether anyone can sign in yet (a user with a password)."""
        found = self.session.scalar(select(UserRow.id).where(UserRow.password_hash.is_not(None)).limit(1))
        return found is not None

    def user_by_token(self, token_hash: str) -> UserRow | None:
        query = select(UserRow).join(ApiTokenRow, ApiTokenRow.user_id == UserRow.id)
        return self.session.scalar(query.where(ApiTokenRow.token_hash == token_hash))

    def tokens(self, user_id: int) -> list[ApiTokenRow]:
        return list(self.session.scalars(select(ApiTokenRow).where(ApiTokenRow.user_id == user_id)))

    def token(self, user_id: int, token_id: int) -> ApiTokenRow | None:
        return self.session.scalar(
            select(ApiTokenRow).where(ApiTokenRow.user_id == user_id, ApiTokenRow.id == token_id)
        )

    def invitation(self, code_hash: str, lock: bool = False) -> InvitationRow | None:
        query = select(InvitationRow).where(InvitationRow.code_hash == code_hash)
        return self.session.scalar(query.with_for_update() if lock else query)

    def invitations(self, inviter_id: int) -> list[InvitationRow]:
        query = select(InvitationRow).where(InvitationRow.inviter_id == inviter_id)
        return list(self.session.scalars(query.order_by(InvitationRow.created_at.desc())))

    def coaching(self, coach_id: int, athlete_id: int) -> CoachingRow | None:
        return self.session.get(CoachingRow, (coach_id, athlete_id))

    def athletes(self, coach_id: int) -> list[UserRow]:
        query = select(UserRow).join(CoachingRow, CoachingRow.athlete_id == UserRow.id)
        return list(self.session.scalars(query.where(CoachingRow.coach_id == coach_id).order_by(UserRow.name)))

    def coaches(self, athlete_id: int) -> list[UserRow]:
        query = select(UserRow).join(CoachingRow, CoachingRow.coach_id == UserRow.id)
        return list(self.session.scalars(query.where(CoachingRow.athlete_id == athlete_id).order_by(UserRow.name)))

    def setting(self, key: str) -> SettingRow | None:
        return self.session.get(SettingRow, key)

    def delete(self, row: object) -> None:
        self.session.delete(row)
        self.session.flush()

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

    def count_workouts(self, user_id: int) -> int:
        query = select(func.count()).select_from(WorkoutRow).where(WorkoutRow.user_id == user_id)
        return self.session.scalar(query) or 0

    def count_sets(self, user_id: int) -> int:
        return self.session.scalar(select(func.count()).select_from(SetRow).where(SetRow.user_id == user_id)) or 0

    # --- analytics ------------------------------------------------------------------

    def lift_sets(self, user_id: int, exercise_id: str, since: datetime | None = None) -> Sequence[tuple[Any, ...]]:
        """One exercise's non-warm-up sets, alike sets (same workout, method, reps, effort and
        weight) folded into one row with their count and summed weight x reps; served from
        ix_sets_user_exercise_logged. Columns: workout_id, exercise_id, method, reps, rpe, rir,
        sets, load_kg, weight_kg."""
        s = SetRow
        query = (
            select(
                s.workout_id,
                s.exercise_id,
                s.method,
                s.reps,
                sql_cast(s.rpe, Float),
                s.rir,
                func.count(),
                sql_cast(func.coalesce(func.sum(s.weight_kg * s.reps), 0), Float),
                sql_cast(s.weight_kg, Float),
            )
            .where(s.user_id == user_id, s.exercise_id == exercise_id, s.set_type != "warmup")
            .group_by(s.workout_id, s.exercise_id, s.method, s.reps, s.rpe, s.rir, s.weight_kg)
        )
        if since is not None:
            query = query.where(s.logged_at >= since)
        return cast(Sequence[tuple[Any, ...]], self.session.execute(query).all())

    def workloads(
        self,
        user_id: int,
        factors: Sequence[tuple[int, float | None, int | None, float]],
        easy_rir: int,
        since: datetime | None = None,
        only: Sequence[str] | None = None,
        or_methods: Sequence[str] = (),
    ) -> Sequence[tuple[Any, ...]]:
        """Each exercise's work per workout and method tag, folded in one pass: hard sets, their
        reps and weight x reps, and the best e1RM of its non-warm-up sets, read as weight times
        the factor ``factors`` gives its reps and effort (the domain's e1rm.factors). A set is
        hard unless its RIR is over ``easy_rir`` or its RPE under 10 - ``easy_rir`` (sets.py).
        ``only``: just these exercises (and, with ``or_methods``, any set tagged with one of
        those). Columns: workout_id, exercise_id, method, hard_sets, hard_reps, hard_load_kg, e1rm."""
        s = SetRow
        # The factor as a CASE on reps, then on twice the reps in reserve (99: none logged):
        # evaluated where the rows are read, it costs the scan next to nothing, where a join
        # with a table of factors doubled the query's time on SQLite.
        by_reps: dict[int, dict[int, float]] = {}
        for reps, rpe, rir, f in factors:
            reserve = 99 if rpe is None and rir is None else 2 * rir if rir is not None else round(20 - 2 * (rpe or 0))
            by_reps.setdefault(reps, {})[reserve] = f
        reserve2 = func.coalesce(s.rir * 2, sql_cast(20 - s.rpe * 2, Integer), 99)
        factor = case({reps: case(table, value=reserve2) for reps, table in by_reps.items()}, value=s.reps)
        hard = case((s.rir > easy_rir, 0), (s.rpe < 10 - easy_rir, 0), else_=1)
        weight = func.coalesce(s.weight_kg, 0)
        query = (
            select(
                s.workout_id,
                s.exercise_id,
                s.method,
                func.sum(hard),
                func.sum(hard * s.reps),
                sql_cast(func.sum(hard * weight * s.reps), Float),
                sql_cast(func.max(case((s.weight_kg > 0, s.weight_kg * factor))), Float),
            )
            .where(s.user_id == user_id, s.set_type != "warmup")
            .group_by(s.workout_id, s.exercise_id, s.method)
        )
        if since is not None:
            query = query.where(s.logged_at >= since)
        if only is not None:
            wanted = s.exercise_id.in_(only)
            query = query.where(or_(wanted, s.method.in_(or_methods)) if or_methods else wanted)
        # Straight from the driver's cursor: every column is already a plain int, str or float
        # (cast in SQL), and skipping SQLAlchemy's Row objects saves a fifth of the read for a
        # history of a million sets.
        result = self.session.connection().execute(query)
        try:
            return cast(Sequence[tuple[Any, ...]], result.cursor.fetchall())
        finally:
            result.close()

    def workout_starts(self, user_id: int, since: datetime | None = None) -> dict[int, datetime]:
        query = select(WorkoutRow.id, WorkoutRow.started_at).where(WorkoutRow.user_id == user_id)
        if since is not None:
            query = query.where(WorkoutRow.started_at >= since)
        return {row[0]: row[1] for row in self.session.execute(query)}

    def last_workout_start(self, user_id: int) -> datetime | None:
        return self.session.scalar(select(func.max(WorkoutRow.started_at)).where(WorkoutRow.user_id == user_id))

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

    # --- backup ------------------------------------------------------------------------

    def snapshot(self) -> None:
        """Make this read transaction one consistent snapshot (PostgreSQL: REPEATABLE READ;
        SQLite's read transactions already are). Call it before any other query."""
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))

    def _binary(self, column: Any) -> Any:
        """``column`` compared by code point on every engine (PostgreSQL's default collation
        follows the locale; SQLite compares bytes), so both engines give one order."""
        return column.collate("C") if self.session.get_bind().dialect.name == "postgresql" else column

    def backup_workouts(self, user_id: int, batch: int = 500) -> Iterator[tuple[Row[Any], list[Row[Any]]]]:
        """A user's workouts ordered by (started_at, uid), each with its sets by position, as
        plain rows (no ORM objects), ``batch`` workouts per pair of queries: memory stays flat
        at any history size."""
        w = WorkoutRow
        uid = self._binary(w.uid)
        last: tuple[datetime, str] | None = None
        while True:
            query = select(*_WORKOUT_COLUMNS).where(w.user_id == user_id).order_by(w.started_at, uid).limit(batch)
            if last is not None:
                query = query.where((w.started_at > last[0]) | ((w.started_at == last[0]) & (uid > last[1])))
            workouts: list[Row[Any]] = list(self.session.execute(query))
            if not workouts:
                return
            sets: dict[int, list[Row[Any]]] = {}
            rows = self.session.execute(
                select(*_SET_COLUMNS)
                .where(SetRow.workout_id.in_([r.id for r in workouts]))
                .order_by(SetRow.workout_id, SetRow.position)
            )
            for row in rows:
                sets.setdefault(row.workout_id, []).append(row)
            for row in workouts:
                yield row, sets.get(row.id, [])
            if len(workouts) < batch:
                return
            last = (workouts[-1].started_at, workouts[-1].uid)

    def workout_owners(self, uids: Sequence[str]) -> dict[str, int]:
        """Which of these workout uids exist already, and whose they are (uid → user id)."""
        out: dict[str, int] = {}
        for i in range(0, len(uids), _IN_CHUNK):
            chunk = uids[i : i + _IN_CHUNK]
            query = select(WorkoutRow.uid, WorkoutRow.user_id).where(WorkoutRow.uid.in_(chunk))
            out.update({uid: user_id for uid, user_id in self.session.execute(query)})
        return out

    def existing_set_uids(self, uids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for i in range(0, len(uids), _IN_CHUNK):
            found.update(self.session.scalars(select(SetRow.uid).where(SetRow.uid.in_(uids[i : i + _IN_CHUNK]))))
        return found

    def insert_workouts(self, rows: list[dict[str, Any]]) -> dict[str, int]:
        """Bulk insert (one multi-row statement per page); returns uid → new id."""
        if not rows:
            return {}
        result = self.session.execute(insert(WorkoutRow).returning(WorkoutRow.uid, WorkoutRow.id), rows)
        return {uid: wid for uid, wid in result}

    def insert_sets(self, rows: list[dict[str, Any]]) -> None:
        """Bulk insert (executemany), no ORM object per set."""
        if rows:
            self.session.execute(insert(SetRow), rows)

    # --- history imports (services/importing.py) ---------------------------------------

    def workout_fingerprints(self, user_id: int, first: datetime, last: datetime) -> dict[datetime, list[str]]:
        """The fingerprints of a user's workouts by start time, from ``first`` to ``last``."""
        query = select(WorkoutRow.started_at, WorkoutRow.fingerprint).where(
            WorkoutRow.user_id == user_id, WorkoutRow.started_at >= first, WorkoutRow.started_at <= last
        )
        out: dict[datetime, list[str]] = {}
        for started_at, fingerprint in self.session.execute(query):
            out.setdefault(started_at, []).append(fingerprint)
        return out

    def _imported_as(self, user_id: int, imported_name: str, exercise_id: str) -> Any:
        return (
            (SetRow.user_id == user_id) & (SetRow.imported_name == imported_name) & (SetRow.exercise_id != exercise_id)
        )

    def count_remappable_sets(self, user_id: int, imported_name: str, exercise_id: str) -> int:
        """Sets imported under ``imported_name`` that are not (yet) ``exercise_id``."""
        where = self._imported_as(user_id, imported_name, exercise_id)
        return self.session.scalar(select(func.count()).select_from(SetRow).where(where)) or 0

    def remap_imported_sets(self, user_id: int, imported_name: str, exercise_id: str) -> int:
        """Point the sets imported under ``imported_name`` at ``exercise_id``; how many changed."""
        where = self._imported_as(user_id, imported_name, exercise_id)
        result = self.session.execute(update(SetRow).where(where).values(exercise_id=exercise_id))
        return int(getattr(result, "rowcount", 0) or 0)

    @contextmanager
    def loading_sets(self, coming: int) -> Iterator[None]:
        """Around a bulk load of ``coming`` sets. On SQLite, when they at least double the
        table, its two lookup indexes are dropped for the load and built again after it:
        one sorted build beats a million scattered index inserts (SQLite's own advice for
        bulk loads; about an eighth of a big import). DDL is transactional in SQLite, so a
        failed import gets the indexes back with the rollback. Not on PostgreSQL, where
        dropping an index would lock every other lifter out of the table until commit."""
        if self.session.get_bind().dialect.name != "sqlite" or coming < BULK_INDEX_MIN:
            yield
            return
        present = self.session.scalar(select(func.max(SetRow.id))) or 0
        if coming < present:
            yield
            return
        connection = self.session.connection()
        lookups = [i for i in cast(Table, SetRow.__table__).indexes if not i.unique]
        for index in lookups:
            index.drop(connection)
        yield
        for index in lookups:
            index.create(connection)

    def encoders(self) -> tuple[Callable[[Decimal], Any], Callable[[datetime], Any]]:
        """How this engine stores a decimal and an aware UTC time, for ``copy_sets`` rows:
        exactly as the ORM binds them (SQLite: REAL numbers, naive UTC text; PostgreSQL:
        numeric, naive UTC timestamp)."""
        if self.session.get_bind().dialect.name == "postgresql":
            return _same, _naive_utc
        return float, _sqlite_time

    def copy_sets(self, rows: Iterable[tuple[Any, ...]]) -> None:
        """Bulk-load sets given as tuples in ``COPY_SET_COLUMNS`` order, decimals and times
        already in the form ``encoders`` gives, inside the session's transaction: the fastest
        path each engine has, PostgreSQL's COPY and SQLite's own executemany fed by a
        generator (nothing per row here)."""
        connection = self.session.connection()
        raw: Any = connection.connection.dbapi_connection
        columns = ", ".join(COPY_SET_COLUMNS)
        driver_error = connection.dialect.loaded_dbapi.Error
        if connection.dialect.name == "postgresql":
            statement = f"COPY sets ({columns}) FROM STDIN"
            try:
                with raw.cursor() as cursor, cursor.copy(statement) as copy:
                    for row in rows:
                        copy.write_row(row)
            except driver_error as exc:  # what SQLAlchemy would raise had it run the statement
                raise DBAPIError.instance(statement, None, exc, driver_error) from exc
            return
        statement = f"INSERT INTO sets ({columns}) VALUES ({', '.join('?' * len(COPY_SET_COLUMNS))})"
        cursor = raw.cursor()
        try:
            cursor.executemany(statement, rows)
        except driver_error as exc:
            raise DBAPIError.instance(statement, None, exc, driver_error) from exc
        finally:
            cursor.close()

    # --- history pages (services/history.py) -------------------------------------------

    @staticmethod
    def _history_statements(exercise: bool, since: bool) -> tuple[Any, Any]:
        """The count and the page statements of ``history_page`` for one shape of filters, with
        bound parameters (user_id, exercise_id, since, prefix, limit, offset)."""
        s, w, c = SetRow, WorkoutRow, CustomExerciseRow
        where = [s.user_id == bindparam("user_id")]
        if exercise:
            where.append(s.exercise_id == bindparam("exercise_id"))
        if since:
            where.append(s.logged_at >= bindparam("since"))
        count = select(func.count()).select_from(s).where(*where)
        prefix: Any = bindparam("prefix")
        own = (
            (c.user_id == s.user_id)
            & s.exercise_id.startswith(prefix)
            & (c.slug == func.substr(s.exercise_id, func.length(prefix) + 1))
        )
        page = (
            select(
                s.id,
                s.uid,
                s.position,
                s.exercise_id,
                s.block,
                s.set_type,
                s.weight,
                s.unit,
                s.weight_kg,
                s.reps,
                s.rpe,
                s.rir,
                s.rest_s,
                s.notes,
                s.logged_at,
                s.method,
                s.distance_m,
                s.duration_s,
                s.workout_id,
                w.name.label("workout_name"),
                w.started_at.label("workout_started_at"),
                w.source.label("workout_source"),
                func.coalesce(c.name, "").label("custom_name"),
                count.scalar_subquery().label("total"),
            )
            .join(w, s.workout_id == w.id)
            .outerjoin(c, own)
            .where(*where)
            .order_by(s.logged_at.desc(), s.id.desc())
            .limit(bindparam("limit"))
            .offset(bindparam("offset"))
        )
        return count, page

    # Built once, by (exercise filter, since filter): building a select of 24 columns costs
    # more than SQLite takes to answer it.
    _HISTORY_STATEMENTS = (
        _history_statements(False, False),
        _history_statements(False, True),
        _history_statements(True, False),
        _history_statements(True, True),
    )

    def count_history(self, user_id: int, exercise_id: str | None = None, since: datetime | None = None) -> int:
        """How many sets ``history_page`` pages through: an index-only count on
        ix_sets_user_logged (ix_sets_user_exercise_logged with an exercise)."""
        count, _ = self._HISTORY_STATEMENTS[2 * (exercise_id is not None) + (since is not None)]
        params = {"user_id": user_id, "exercise_id": exercise_id, "since": since}
        return int(self.session.connection().execute(count, params).scalar() or 0)

    def history_page(
        self,
        user_id: int,
        custom_prefix: str,
        exercise_id: str | None = None,
        since: datetime | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> Sequence[tuple[Any, ...]]:
        """One page of sets, newest first, as plain rows in one statement: the set's columns,
        its workout's name, start and source, the name of the lifter's own exercise for ids
        ``custom_prefix`` + slug ('' otherwise), and the number of sets the filters match
        (``count_history``'s count, as an uncorrelated subquery that both engines run once).
        Read in index order from ix_sets_user_logged (or ix_sets_user_exercise_logged), so a
        page costs its rows plus the ``offset`` index entries skipped, never the whole
        history. A page past the end has no row to carry the total: ask ``count_history``.
        Columns: id, uid, position, exercise_id, block, set_type, weight, unit, weight_kg,
        reps, rpe, rir, rest_s, notes, logged_at, method, distance_m, duration_s, workout_id,
        workout_name, workout_started_at, workout_source, custom_name, total."""
        _, page = self._HISTORY_STATEMENTS[2 * (exercise_id is not None) + (since is not None)]
        params = {
            "user_id": user_id,
            "exercise_id": exercise_id,
            "since": since,
            "prefix": custom_prefix,
            "limit": limit,
            "offset": offset,
        }
        return cast(Sequence[tuple[Any, ...]], self.session.connection().execute(page, params).all())

    def workouts_page(self, user_id: int, limit: int = 20, offset: int = 0) -> Sequence[Row[Any]]:
        """One page of a user's workouts, newest first (ix_workouts_user_started), each with its
        number of sets and the volume load (weight x reps) of its non-warm-up sets, in one
        statement: the sets are summed for the page's workouts only."""
        w, s = WorkoutRow, SetRow
        page = (
            select(
                w.id,
                w.name,
                w.started_at,
                w.ended_at,
                w.source,
                w.plan_name,
                w.session_name,
            )
            .where(w.user_id == user_id)
            .order_by(w.started_at.desc(), w.id.desc())
            .limit(limit)
            .offset(offset)
            .subquery()
        )
        totals = (
            select(
                s.workout_id,
                func.count().label("sets"),
                func.sum(case((s.set_type != "warmup", func.coalesce(s.weight_kg, 0) * s.reps), else_=0)).label(
                    "volume_kg"
                ),
            )
            .where(s.workout_id.in_(select(page.c.id)))
            .group_by(s.workout_id)
            .subquery()
        )
        query = (
            select(
                page,
                func.coalesce(totals.c.sets, 0).label("sets"),
                func.coalesce(totals.c.volume_kg, 0).label("volume_kg"),
            )
            .outerjoin(totals, totals.c.workout_id == page.c.id)
            .order_by(page.c.started_at.desc(), page.c.id.desc())
        )
        return list(self.session.execute(query))

    # --- logging a set: the app's hot path (services/logbook.py, Logbook.log_set) ------
    # Plain column reads and one INSERT on the session's connection, statements built once
    # (below the class): no ORM objects, so a set costs its few indexed statements.

    def set_owner(self, uid: str) -> tuple[int, int] | None:
        """The id and owner of the set stored under ``uid`` (an idempotency key), if any."""
        row = self.session.connection().execute(_SET_OWNER, {"uid": uid}).first()
        return None if row is None else (int(row[0]), int(row[1]))

    def open_workout_head(self, user_id: int, lock: bool = False) -> Row[Any] | None:
        """The user's open workout's own columns (``_OPEN_HEAD``), its sets not read; with
        ``lock`` its row is locked on PostgreSQL, as ``open_workout`` does."""
        statement = _OPEN_HEAD_LOCKED if lock else _OPEN_HEAD
        return cast("Row[Any] | None", self.session.connection().execute(statement, {"user_id": user_id}).first())

    def last_position(self, workout_id: int) -> int:
        """The highest set position in the workout (0 for none), from uq_sets_workout_position."""
        return int(self.session.connection().execute(_LAST_POSITION, {"workout_id": workout_id}).scalar_one())

    def insert_set(self, values: dict[str, Any]) -> int:
        """Insert one set given as column values; returns its id."""
        return int(self.session.connection().execute(_INSERT_SET, values).scalar_one())

    def set_by_id(self, set_id: int) -> SetRow | None:
        return self.session.get(SetRow, set_id)

    # --- the fatigue model's calibration (services/prediction.py) ----------------------

    def carry_over_sets(
        self, user_id: int, methods: Sequence[str], since: datetime | None = None, workouts: int = 100
    ) -> Sequence[Row[Any]]:
        """Every set of the lifter's latest ``workouts`` workouts holding a set tagged with one
        of ``methods`` (since ``since``), in workout and position order, as plain rows: workout_id,
        position, exercise_id, block, set_type, weight_kg, reps, rpe, rir, rest_s, logged_at.
        One statement: the tagged workouts from ix_sets_user_logged, then their sets by
        uq_sets_workout_position."""
        s = SetRow
        tagged = select(s.workout_id).where(s.user_id == user_id, s.method.in_(list(methods)))
        if since is not None:
            tagged = tagged.where(s.logged_at >= since)
        latest = tagged.group_by(s.workout_id).order_by(func.max(s.logged_at).desc()).limit(workouts)
        query = (
            select(
                s.workout_id,
                s.position,
                s.exercise_id,
                s.block,
                s.set_type,
                sql_cast(s.weight_kg, Float),
                s.reps,
                sql_cast(s.rpe, Float),
                s.rir,
                s.rest_s,
                s.logged_at,
            )
            .where(s.user_id == user_id, s.workout_id.in_(latest.subquery().select()))
            .order_by(s.workout_id, s.position)
        )
        return list(self.session.execute(query))

    def loaded_sets(
        self,
        user_id: int,
        exercise_ids: Sequence[str],
        methods: Sequence[str],
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
    ) -> Sequence[Row[Any]]:
        """The non-warm-up sets with a weight and reps of these exercises tagged with one of
        ``methods`` ('' for untagged), newest first, as plain rows: workout_id, exercise_id,
        logged_at, set_type, weight_kg, reps, rpe, rir. Served from ix_sets_user_exercise_logged."""
        s = SetRow
        query = select(
            s.workout_id,
            s.exercise_id,
            s.logged_at,
            s.set_type,
            sql_cast(s.weight_kg, Float),
            s.reps,
            sql_cast(s.rpe, Float),
            s.rir,
        ).where(
            s.user_id == user_id,
            s.exercise_id.in_(list(exercise_ids)),
            s.method.in_(list(methods)),
            s.set_type != "warmup",
            s.weight_kg > 0,
            s.reps > 0,
        )
        if since is not None:
            query = query.where(s.logged_at >= since)
        if until is not None:
            query = query.where(s.logged_at <= until)
        query = query.order_by(s.logged_at.desc(), s.id.desc())
        if limit is not None:
            query = query.limit(limit)
        return list(self.session.execute(query))


_SET_OWNER = select(SetRow.id, SetRow.user_id).where(SetRow.uid == bindparam("uid"))
_OPEN_HEAD = (
    select(
        WorkoutRow.id,
        WorkoutRow.uid,
        WorkoutRow.name,
        WorkoutRow.started_at,
        WorkoutRow.notes,
        WorkoutRow.plan_name,
        WorkoutRow.session_name,
        WorkoutRow.plan_text,
        WorkoutRow.source,
        WorkoutRow.fingerprint,
    )
    .where(WorkoutRow.user_id == bindparam("user_id"), WorkoutRow.ended_at.is_(None))
    .order_by(WorkoutRow.started_at.desc(), WorkoutRow.id.desc())
    .limit(1)
)
_OPEN_HEAD_LOCKED = _OPEN_HEAD.with_for_update()
_LAST_POSITION = select(func.coalesce(func.max(SetRow.position), 0)).where(SetRow.workout_id == bindparam("workout_id"))
_INSERT_SET = insert(SetRow).returning(SetRow.id)


_WORKOUT_COLUMNS: tuple[Any, ...] = tuple(
    getattr(WorkoutRow, c)
    for c in [
        "id",
        "uid",
        "name",
        "started_at",
        "ended_at",
        "notes",
        "plan_name",
        "session_name",
        "plan_text",
        "source",
        "fingerprint",
    ]
)
_SET_COLUMNS: tuple[Any, ...] = tuple(
    getattr(SetRow, c)
    for c in [
        "workout_id",
        "uid",
        "position",
        "exercise_id",
        "block",
        "set_type",
        "weight",
        "unit",
        "reps",
        "rpe",
        "rir",
        "rest_s",
        "notes",
        "logged_at",
        "method",
        "distance_m",
        "duration_s",
        "imported_name",
    ]
)
_IN_CHUNK = 1000  # values per IN (...) list: far below SQLite's and PostgreSQL's parameter limits

BULK_INDEX_MIN = 50_000  # sets in one load before rebuilding indexes beats keeping them

# Column order of ``Repository.copy_sets`` rows.
COPY_SET_COLUMNS = (
    "uid",
    "workout_id",
    "user_id",
    "exercise_id",
    "position",
    "block",
    "set_type",
    "weight",
    "unit",
    "weight_kg",
    "reps",
    "rpe",
    "rir",
    "rest_s",
    "notes",
    "logged_at",
    "method",
    "distance_m",
    "duration_s",
    "imported_name",
)


def _same(value: Decimal) -> Decimal:
    return value


def _naive_utc(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(tzinfo=None)


def _sqlite_time(value: datetime) -> str:
    return _naive_utc(value).strftime("%Y-%m-%d %H:%M:%S.%f")
