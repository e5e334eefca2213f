"""API: what the training did — every compound lift's e1RM, the PROGRESS-WATCH warnings, weekly
volume, one lift's sessions and records, methods compared, and what the fatigue model expected
after a pre-exhaust against what was done.

The shapes follow `exhaust progress|volume|compare|warnings|expected --json` (cli/analytics.py,
cli/expected.py), so a script reads the same fields from either; weights are in the lifter's
unit (``unit``), weeks are Mondays in the server's time zone.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from exhaust.domain.analytics.compare import METRIC, Comparison
from exhaust.domain.analytics.e1rm import estimate
from exhaust.domain.analytics.progress import SessionBest
from exhaust.domain.analytics.stats import Estimate, Line
from exhaust.domain.analytics.volume import Cell, VolumeReport
from exhaust.domain.rules import Decline
from exhaust.services.analytics import Analytics
from exhaust.services.expected import review
from exhaust.services.history import History
from exhaust.services.inputs import SystemZone
from exhaust.web.deps import ApiSubject, Csrf, Site, logbook_of

router = APIRouter(dependencies=[Csrf], tags=["progress"])
ZONE = SystemZone()
VOLUME_WEEKS = 12

ExerciseParam = Annotated[
    str, Path(max_length=200, description="A lift: catalogue id or name ('bench-press', 'bench').")
]


class Units:
    """Kilograms in the lifter's unit."""

    def __init__(self, analytics: Analytics) -> None:
        self.unit, self.per_kg = analytics.unit, analytics.per_kg

    def value(self, kg: float | None, places: int = 2) -> float | None:
        return None if kg is None else round(kg * self.per_kg, places)


class EstimateOut(BaseModel):
    mean: float
    low: float | None = Field(description="The 95 % interval's low end; null when too few values for one.")
    high: float | None
    n: int

    @classmethod
    def of(cls, est: Estimate | None, units: Units, in_kg: bool = True) -> EstimateOut | None:
        if est is None:
            return None
        k = units.per_kg if in_kg else 1.0
        return cls(
            mean=round(est.value * k, 2),
            low=None if est.low is None else round(est.low * k, 2),
            high=None if est.high is None else round(est.high * k, 2),
            n=est.n,
        )


class TrendOut(EstimateOut):
    sessions: int = Field(description="Sessions the line is fitted through (the last 8 weeks).")
    per: str = "week"

    @classmethod
    def of_line(cls, line: Line | None, sessions: int, units: Units) -> TrendOut | None:
        found = EstimateOut.of(None if line is None else line.slope, units)
        return None if found is None else cls(**found.model_dump(), sessions=sessions)


class WarningOut(BaseModel):
    rule: str = "PROGRESS-WATCH"
    source: str = Field(default="004", description="The seed article that states the rule.")
    exercise: str
    since: str = Field(description="The first session of the current run of exhaust work.")
    week: str = Field(description="The Monday of the week the decline began.")
    drop: float | None = Field(description="Baseline minus recent e1RM, in the lifter's unit.")
    percent: float
    baseline: float | None
    recent: float | None
    methods: list[str] = Field(description="The techniques in use since then.")
    sessions: int
    message: str = Field(description="What declined, by how much, since when, and what to do.")

    @classmethod
    def of(cls, d: Decline, units: Units) -> WarningOut:
        return cls(
            exercise=d.exercise,
            since=d.since.isoformat(),
            week=d.week.isoformat(),
            drop=units.value(d.baseline - d.recent),
            percent=round(d.percent, 1),
            baseline=units.value(d.baseline),
            recent=units.value(d.recent),
            methods=list(d.methods),
            sessions=d.sessions,
            message=d.message(units.unit, units.per_kg),
        )


class TopSetOut(BaseModel):
    weight: float | None
    reps: int
    rpe: float | None
    rir: int | None


class SessionOut(BaseModel):
    workout: int
    date: str
    method: str = Field(description="The method tag most of the lift's sets carried ('' untagged).")
    e1rm: float | None
    top_set: TopSetOut | None = Field(description="The set the e1RM came from.")
    hard_sets: int
    reps: int
    volume: float | None

    @classmethod
    def of(cls, s: SessionBest, units: Units) -> SessionOut:
        top = s.top
        return cls(
            workout=s.workout,
            date=s.day.isoformat(),
            method=s.method,
            e1rm=units.value(s.e1rm),
            top_set=None
            if top is None
            else TopSetOut(weight=units.value(top.weight_kg), reps=top.reps, rpe=top.rpe, rir=top.rir),
            hard_sets=s.sets,
            reps=s.reps,
            volume=units.value(s.volume_kg, 1),
        )


class LiftOut(BaseModel):
    exercise_id: str
    name: str
    sessions: int
    last: SessionOut
    best: SessionOut
    trend: TrendOut | None = Field(description="e1RM per week over the last 8 weeks, with its 95 % interval.")
    warning: WarningOut | None


class CellOut(BaseModel):
    sets: float = Field(description="Hard sets, counted by the muscle's share of each exercise.")
    direct_sets: int = Field(description="Hard sets where the muscle is a prime mover.")
    reps: float
    volume: float | None
    exhaust_isolation_sets: int = Field(description="Direct sets that were the isolation of an exhaust pair.")

    @classmethod
    def of(cls, c: Cell, units: Units) -> CellOut:
        return cls(
            sets=round(c.sets, 2),
            direct_sets=c.direct_sets,
            reps=round(c.reps, 1),
            volume=units.value(c.volume_kg, 1),
            exhaust_isolation_sets=c.exhaust_isolation_sets,
        )


class VolumeRowOut(BaseModel):
    key: str
    label: str
    total: CellOut
    weeks: dict[str, CellOut] = Field(description="Week (its Monday) → that week's work; weeks without any left out.")


class VolumeOut(BaseModel):
    by: str
    unit: str
    weeks: list[str]
    rows: list[VolumeRowOut]
    unattributed_sets: dict[str, int] = Field(description="Hard sets of exercises with no known muscles, per week.")

    @classmethod
    def of(cls, report: VolumeReport, units: Units) -> VolumeOut:
        return cls(
            by=report.by.value,
            unit=units.unit,
            weeks=[w.isoformat() for w in report.weeks],
            rows=[
                VolumeRowOut(
                    key=key,
                    label=report.labels[key],
                    total=CellOut.of(report.total(key), units),
                    weeks={w.isoformat(): CellOut.of(c, units) for w, c in sorted(cells.items())},
                )
                for key, cells in report.rows.items()
            ],
            unattributed_sets={w.isoformat(): n for w, n in sorted(report.unattributed.items())},
        )


class ReportOut(BaseModel):
    formula: str
    unit: str
    lifts: list[LiftOut] = Field(description="Every compound lift with an e1RM, most sessions first.")
    warnings: list[WarningOut] = Field(description="PROGRESS-WATCH, largest decline first.")
    volume: VolumeOut = Field(description=f"Weekly volume per muscle over the last {VOLUME_WEEKS} weeks.")


class ExerciseRef(BaseModel):
    id: str
    name: str


class GroupOut(BaseModel):
    weight: float | None
    reps: int
    rpe: float | None
    rir: int | None
    count: int = Field(description="Sets alike in weight, reps and effort.")
    hard: bool
    e1rm: float | None


class SessionSetsOut(SessionOut):
    sets: list[GroupOut]


class RepRecordOut(BaseModel):
    reps: int
    weight: float | None
    date: str = Field(description="The first session that lifted it.")


class LiftProgressOut(BaseModel):
    exercise: ExerciseRef
    formula: str
    unit: str
    sessions: list[SessionSetsOut] = Field(description="Oldest first.")
    best: SessionOut | None
    rep_records: list[RepRecordOut]
    trend: TrendOut | None
    warning: WarningOut | None


class LoadBand(BaseModel):
    low: float | None
    high: float | None


class MethodOut(BaseModel):
    method: str
    sessions: int
    first: str
    last: str
    metrics: dict[str, EstimateOut | None] = Field(description="reps_at_load, e1rm, volume, rpe: mean with interval.")
    e1rm_trend_per_week: EstimateOut | None


class DifferenceOut(BaseModel):
    metric: str
    method: str
    reference: str
    difference: EstimateOut | None = Field(description="Method minus reference; null: too few to tell.")
    verdict: str


class ComparisonOut(BaseModel):
    exercise: ExerciseRef
    formula: str
    unit: str
    reference: str | None
    comparable_load: LoadBand | None
    methods: list[MethodOut]
    differences: list[DifferenceOut]
    untagged_sessions: int
    verdict: str
    caveat: str

    @classmethod
    def of(cls, name: str, c: Comparison, units: Units) -> ComparisonOut:
        return cls(
            exercise=ExerciseRef(id=c.exercise_id, name=name),
            formula=c.formula.value,
            unit=units.unit,
            reference=c.reference,
            comparable_load=None
            if c.load_kg is None
            else LoadBand(low=units.value(c.load_kg[0]), high=units.value(c.load_kg[1])),
            methods=[
                MethodOut(
                    method=m.method,
                    sessions=m.sessions,
                    first=m.first.isoformat(),
                    last=m.last.isoformat(),
                    metrics={k: EstimateOut.of(v, units, METRIC[k].in_kg) for k, v in m.values.items()},
                    e1rm_trend_per_week=EstimateOut.of(m.e1rm_trend, units),
                )
                for m in c.methods
            ],
            differences=[
                DifferenceOut(
                    metric=d.metric,
                    method=d.method,
                    reference=d.reference,
                    difference=EstimateOut.of(d.estimate, units, METRIC[d.metric].in_kg),
                    verdict=d.verdict,
                )
                for d in c.differences
            ],
            untagged_sessions=c.untagged_sessions,
            verdict=c.verdict,
            caveat=c.caveat,
        )


class WarningsOut(BaseModel):
    warnings: list[WarningOut]


class ExpectedSetOut(BaseModel):
    weight: float
    reps: int = Field(description="Reps done.")
    reserve: float = Field(description="Reps left in reserve, as logged (RIR, or 10 - RPE).")
    expected: int = Field(description="The model's whole reps at the weight, less the reserve.")
    low: int = Field(description="The same with the carry-over one SD above its estimate.")
    high: int = Field(description="The same with the carry-over one SD below its estimate.")
    to_failure: float = Field(description="The model's reps to failure at the weight.")


class CarryOverOut(BaseModel):
    mean: float
    sd: float
    n: int = Field(description="Sets it was learnt from; 0 for the published default.")
    source: str = Field(description="'your logbook' or 'published default'.")


class ExpectedSessionOut(BaseModel):
    workout: int
    date: str
    compound: ExerciseRef
    after: list[ExerciseRef] = Field(description="The isolations before the compound in its block.")
    method: str = Field(description="'pre-exhaust' or 'reverse-pre-exhaust'.")
    sets: list[ExpectedSetOut]
    expected: int
    low: int
    high: int
    actual: int
    error: int = Field(description="Actual minus expected reps.")
    inside: bool = Field(description="The actual reps lie inside low-high.")
    limiting: str = Field(description="The muscle the model expects to end the first set.")
    limiting_fresh: str
    carry_over: CarryOverOut = Field(description="The carry-over known before this session.")
    fresh_e1rm: float
    unread_sets: int = Field(description="Compound sets of the session that could not be read.")


class TallyOut(BaseModel):
    sessions: int
    sets: int
    mean_error: float | None = Field(description="Actual minus expected, reps a set; null without sessions.")
    mean_abs_error: float | None
    inside: int = Field(description="Sessions inside the expected range.")


class ExpectedOut(BaseModel):
    unit: str
    sessions: list[ExpectedSessionOut] = Field(description="Oldest first.")
    summary: TallyOut
    with_your_carry_over: TallyOut = Field(description="The sessions read with a carry-over learnt from your logbook.")
    unread: dict[str, int] = Field(description="Compound sets after a pre-exhaust that could not be read, by why.")
    message: str | None = Field(description="What to log to get sessions here, when there are none.")


def _analytics(site: Site, subject: ApiSubject) -> Analytics:
    return Analytics(logbook_of(site, subject), ZONE)


def _name(site: Site, subject: ApiSubject, exercise: str) -> str:
    """The name the analytics know an exercise by (a lifter's own by its name, not its id)."""
    logbook = logbook_of(site, subject)
    return logbook.exercise_name(History(logbook, ZONE).exercise_id(exercise))


@router.get("/progress")
def report(site: Site, subject: ApiSubject) -> ReportOut:
    """Every compound lift's current and best e1RM and trend, the warnings, and weekly volume."""
    analytics = _analytics(site, subject)
    units = Units(analytics)
    found = analytics.report(weeks=VOLUME_WEEKS)
    return ReportOut(
        formula=analytics.formula.value,
        unit=units.unit,
        lifts=[
            LiftOut(
                exercise_id=s.exercise_id,
                name=s.name,
                sessions=s.sessions,
                last=SessionOut.of(s.last, units),
                best=SessionOut.of(s.best, units),
                trend=TrendOut.of_line(s.trend, s.trend_sessions, units),
                warning=None if s.decline is None else WarningOut.of(s.decline, units),
            )
            for s in found.lifts
        ],
        warnings=[WarningOut.of(d, units) for d in found.warnings],
        volume=VolumeOut.of(found.volume, units),
    )


@router.get("/warnings")
def warnings(site: Site, subject: ApiSubject) -> WarningsOut:
    """Lifts whose e1RM declines while an exhaust technique is in use (PROGRESS-WATCH, seed 004)."""
    analytics = _analytics(site, subject)
    units = Units(analytics)
    return WarningsOut(warnings=[WarningOut.of(d, units) for d in analytics.warnings()])


@router.get("/expected")
def expected(
    site: Site,
    subject: ApiSubject,
    exercise: Annotated[
        str | None, Query(max_length=200, description="Only this compound lift: a catalogue id or name.")
    ] = None,
    since: Annotated[date | None, Query(description="Only sessions from this day on (YYYY-MM-DD).")] = None,
) -> ExpectedOut:
    """What the fatigue model expected on the compound after a pre-exhaust, session by session,
    with the carry-over known before each, against the reps done; and in sum."""
    return ExpectedOut.model_validate(review(logbook_of(site, subject), ZONE, exercise or None, since).as_dict())


@router.get("/progress/{exercise}")
def lift(exercise: ExerciseParam, site: Site, subject: ApiSubject) -> LiftProgressOut:
    """One lift: every session's best e1RM with its sets, the best session, rep records, trend, warning."""
    analytics = _analytics(site, subject)
    units = Units(analytics)
    found = analytics.progress(_name(site, subject, exercise))
    p = found.progress
    return LiftProgressOut(
        exercise=ExerciseRef(id=p.exercise_id, name=found.name),
        formula=p.formula.value,
        unit=units.unit,
        sessions=[
            SessionSetsOut(
                **SessionOut.of(s, units).model_dump(),
                sets=[
                    GroupOut(
                        weight=units.value(g.top_kg),
                        reps=g.reps,
                        rpe=g.rpe,
                        rir=g.rir,
                        count=g.sets,
                        hard=g.hard,
                        e1rm=units.value(estimate(g.top_kg, g.reps, p.formula, g.rpe, g.rir)),
                    )
                    for g in sorted(found.sets.get(s.workout, []), key=lambda g: (-(g.top_kg or 0), g.reps))
                ],
            )
            for s in p.sessions
        ],
        best=None if p.best is None else SessionOut.of(p.best, units),
        rep_records=[
            RepRecordOut(reps=r.reps, weight=units.value(r.weight_kg), date=r.day.isoformat()) for r in p.rep_records
        ],
        trend=TrendOut.of_line(p.trend, p.trend_sessions, units),
        warning=None if found.decline is None else WarningOut.of(found.decline, units),
    )


@router.get("/progress/{exercise}/compare")
def compare(exercise: ExerciseParam, site: Site, subject: ApiSubject) -> ComparisonOut:
    """A lift's sessions by the method its block used, with 95 % intervals and the verdict."""
    analytics = _analytics(site, subject)
    name, found = analytics.compare(_name(site, subject, exercise))
    return ComparisonOut.of(name, found, Units(analytics))
