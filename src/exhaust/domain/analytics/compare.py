"""Does an exhaust technique work for *this* lifter? One compound lift's sessions grouped by
the method its block used, compared on the lifter's own numbers.

The seeds disagree (000 and 004 for exhaust techniques, 002 and 003 sceptical); the research
in 002 says pre-exhaust costs reps on the compound at the same load. Per method we show, each
with a 95 % interval: reps at comparable loads (the sets within 5 % of one load lifted under
every method), volume load per session, session-best e1RM and its trend, and RPE. Each
method is set against a reference (traditional order when there is any) by Welch's
difference of means; the verdict says "too few to tell" under MIN_SESSIONS sessions a side,
and "no clear difference" when the interval spans zero.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from exhaust.domain.analytics.e1rm import Formula
from exhaust.domain.analytics.progress import SessionBest, session_bests
from exhaust.domain.analytics.sets import SetGroup
from exhaust.domain.analytics.stats import Estimate, fit_line, mean_ci, welch
from exhaust.domain.logbook import OrderMethod

MIN_SESSIONS = 3
LOAD_BAND = 0.05  # sets within 5 % of the reference load count as "comparable"


@dataclass(frozen=True)
class Metric:
    key: str
    title: str
    noun: str  # what a verdict counts: "2.0 fewer *reps*", "9.0 kg lower *session e1RM*"
    in_kg: bool  # shown in the lifter's weight unit
    counted: bool = False  # fewer/more rather than lower/higher

    def shown(self, unit: str, per_kg: float) -> tuple[float, str]:
        """The factor from kilograms and the unit suffix this metric is shown with."""
        return (per_kg, f" {unit}") if self.in_kg else (1.0, "")


METRICS = (
    Metric("reps_at_load", "reps at comparable load", "reps", False, counted=True),
    Metric("e1rm", "session e1RM", "session e1RM", True),
    Metric("volume", "volume load per session", "volume load per session", True),
    Metric("rpe", "RPE", "RPE", False),
)
METRIC = {m.key: m for m in METRICS}


@dataclass(frozen=True)
class MethodStats:
    method: str
    sessions: int
    first: date
    last: date
    values: dict[str, Estimate]  # metric key -> estimate; a metric with no data is absent
    e1rm_trend: Estimate | None  # kg per week within this method's sessions


@dataclass(frozen=True)
class Difference:
    metric: str
    method: str
    reference: str
    estimate: Estimate | None  # method minus reference; None: too few to tell
    verdict: str


@dataclass(frozen=True)
class Comparison:
    exercise_id: str
    formula: Formula
    reference: str | None
    load_kg: tuple[float, float] | None  # the comparable-load band
    methods: list[MethodStats]
    differences: list[Difference]
    untagged_sessions: int
    verdict: str
    caveat: str


def _reference_load(sets_by_method: dict[str, list[tuple[float, int, int]]]) -> tuple[float, float] | None:
    """The load band with the most sets under the method that has fewest sets in it."""
    if len(sets_by_method) < 2:
        return None
    centres = sorted({w for sets in sets_by_method.values() for w, _, _ in sets})
    best: tuple[int, int, float] | None = None
    for c in centres:
        low, high = c * (1 - LOAD_BAND), c * (1 + LOAD_BAND)
        counts = [sum(n for w, _, n in sets if low <= w <= high) for sets in sets_by_method.values()]
        score = (min(counts), sum(counts), c)
        if min(counts) > 0 and (best is None or score > best):
            best = score
    if best is None:
        return None
    return best[2] * (1 - LOAD_BAND), best[2] * (1 + LOAD_BAND)


def compare(
    exercise_id: str,
    groups: Sequence[SetGroup],
    formula: Formula = Formula.EPLEY,
    name: str = "",
    unit: str = "kg",
    per_kg: float = 1.0,
) -> Comparison:
    """``groups`` are the lift's sets, one weight per group (``top_kg`` is the set's weight)."""
    label = name or exercise_id
    sessions = session_bests(groups, formula)
    by_method: dict[str, list[SessionBest]] = defaultdict(list)
    for s in sessions:
        by_method[s.method].append(s)
    untagged = len(by_method.pop(OrderMethod.NONE.value, []))
    method_of = {s.workout: s.method for s in sessions}
    sets: dict[str, list[tuple[float, int, int]]] = defaultdict(list)  # weight, reps, count
    rpes: dict[str, list[float]] = defaultdict(list)
    for g in groups:
        method = method_of[g.workout]
        if not g.hard or method not in by_method:
            continue
        if g.top_kg:
            sets[method].append((g.top_kg, g.reps, g.sets))
        effort = g.rpe if g.rpe is not None else (10.0 - g.rir if g.rir is not None else None)
        if effort is not None:
            rpes[method].extend([effort] * g.sets)
    band = _reference_load({m: sets[m] for m in by_method if sets[m]})

    samples: dict[str, dict[str, list[float]]] = {}
    stats = []
    for method, items in sorted(by_method.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        values: dict[str, list[float]] = {
            "e1rm": [s.e1rm for s in items if s.e1rm is not None],
            "volume": [s.volume_kg for s in items],
            "rpe": rpes[method],
            "reps_at_load": [],
        }
        if band is not None:
            low, high = band
            values["reps_at_load"] = [float(r) for w, r, n in sets[method] if low <= w <= high for _ in range(n)]
        samples[method] = values
        read = [s for s in items if s.e1rm is not None]
        line = fit_line([s.day.toordinal() / 7 for s in read], [s.e1rm for s in read if s.e1rm is not None])
        stats.append(
            MethodStats(
                method,
                len(items),
                items[0].day,
                items[-1].day,
                {k: mean_ci(v) for k, v in values.items() if v},
                line.slope if line is not None and len(read) >= MIN_SESSIONS else None,
            )
        )

    reference = None
    if by_method:
        reference = OrderMethod.TRADITIONAL.value if OrderMethod.TRADITIONAL.value in by_method else stats[0].method
    differences: list[Difference] = []
    for st in stats:
        if reference is None or st.method == reference:
            continue
        for metric in METRICS:
            differences.append(
                _difference(metric, st.method, reference, samples, len(by_method[st.method]),
                            len(by_method[reference]), unit, per_kg)
            )  # fmt: skip
    return Comparison(
        exercise_id,
        formula,
        reference,
        band,
        stats,
        differences,
        untagged,
        _headline(label, stats, differences, reference, band, unit, per_kg),
        "Sessions of each method come from different weeks, so progress (or a lay-off) between "
        "them mixes into the differences; the e1RM trend within each method shows which way "
        "each was heading.",
    )


def _difference(
    metric: Metric,
    method: str,
    reference: str,
    samples: dict[str, dict[str, list[float]]],
    n_method: int,
    n_reference: int,
    unit: str,
    per_kg: float,
) -> Difference:
    a, b = samples[method][metric.key], samples[reference][metric.key]
    scale, shown = metric.shown(unit, per_kg)
    if n_method < MIN_SESSIONS or n_reference < MIN_SESSIONS:
        return Difference(
            metric.key,
            method,
            reference,
            None,
            f"too few sessions to tell: {n_method} {method} and {n_reference} {reference} "
            f"(need {MIN_SESSIONS} of each)",
        )
    if len(a) < 2 or len(b) < 2:
        what = "no sets at one load under both methods" if metric.key == "reps_at_load" else "too few values"
        if metric.key == "rpe":
            what = "RPE or RIR logged on too few sets"
        return Difference(metric.key, method, reference, None, f"cannot tell: {what}")
    est = welch(a, b)
    assert est.low is not None and est.high is not None
    lo, hi, value = est.low * scale, est.high * scale, est.value * scale
    if est.excludes_zero():
        word = "lower" if value < 0 else "higher"
        verdict = (
            f"{method}: {metric.title} {abs(value):.1f}{shown} {word} than {reference} "
            f"(95 % CI {lo:+.1f} to {hi:+.1f}{shown})"
        )
    else:
        verdict = (
            f"no clear difference in {metric.title}: {value:+.1f}{shown}, but the 95 % interval "
            f"({lo:+.1f} to {hi:+.1f}{shown}) includes zero"
        )
    return Difference(metric.key, method, reference, est, verdict)


def _headline(
    name: str,
    stats: list[MethodStats],
    differences: list[Difference],
    reference: str | None,
    band: tuple[float, float] | None,
    unit: str,
    per_kg: float,
) -> str:
    if not stats:
        return f"No tagged sessions of {name} yet: nothing to compare."
    if len(stats) == 1:
        return (
            f"Every tagged session of {name} used {stats[0].method}: there is no other "
            "method to compare it with. Do a few sessions another way first."
        )
    lines = []
    for st in stats:
        if st.method == reference:
            continue
        mine = [d for d in differences if d.method == st.method]
        if all(d.estimate is None for d in mine) and mine:
            lines.append(f"{st.method} against {reference}: {mine[0].verdict}.")
            continue
        clear = [d for d in mine if d.estimate is not None and d.estimate.excludes_zero()]
        if not clear:
            lines.append(f"{st.method} against {reference}: no clear difference on your data so far.")
            continue
        parts = []
        for d in clear:
            assert d.estimate is not None
            metric = METRIC[d.metric]
            scale, shown = metric.shown(unit, per_kg)
            down = d.estimate.value < 0
            word = ("fewer" if down else "more") if metric.counted else ("lower" if down else "higher")
            at = ""
            if d.metric == "reps_at_load" and band is not None:
                at = f" at {band[0] * per_kg:.1f}–{band[1] * per_kg:.1f} {unit}"
            parts.append(f"{abs(d.estimate.value) * scale:.1f}{shown} {word} {metric.noun}{at}")
        lines.append(f"{name} with {st.method}: " + "; ".join(parts) + f" than with {reference}.")
        pre_cost = st.method == OrderMethod.PRE.value and any(
            d.metric in ("reps_at_load", "e1rm") and d.estimate is not None and d.estimate.value < 0 for d in clear
        )
        if pre_cost:
            lines.append(
                "That is what the research in seed 002 found: pre-exhaust costs reps on the compound at "
                "the same load. Worth it if the isolated muscle is the one you want to grow (002, 004)."
            )
    return " ".join(lines)
