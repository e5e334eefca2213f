"""Programme generation time for 2 to 6 training days, in process after a warm-up run (the solver's
import, about 0.7 s, is paid once per process and is not part of generating).

Target (TARGETS.md): a 6-day programme in under 1 s. Beside each figure, the ratio to building one
session (`exhaust plan`'s service), measured in the same run: what a whole week costs over a day.
Run: .venv/bin/python bench/program.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from exhaust.domain.methods import Method
from exhaust.domain.muscles import Muscle
from exhaust.domain.plans import Experience, Goal
from exhaust.services import planning, programs

TARGET_S = 1.0


def median_seconds(work: Callable[[], object], runs: int) -> float:
    work()  # warm-up: imports, the catalogue, caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    def one_session() -> object:
        return planning.plan_session(Method.PRE_EXHAUST, (Muscle.CHEST,), Experience.INTERMEDIATE, Goal.HYPERTROPHY)

    baseline = median_seconds(one_session, args.runs)
    print(f"one session (exhaust plan)         : {baseline * 1000:7.1f} ms (median of {args.runs})")
    worst = 0.0
    for days in range(2, 7):
        for label, extra in (("", {}), (", 4 weeks, lagging chest", {"weeks": 4, "lagging": ["chest"]})):
            request = programs.request_from(
                days=days,
                minutes=90,
                goal="hypertrophy",
                experience="intermediate",
                **extra,  # type: ignore[arg-type]
            )
            optimal: list[bool] = []

            def generate(request: programs.ProgramRequest = request, optimal: list[bool] = optimal) -> object:
                generated = programs.generate(request)
                optimal.append(generated.program.solution.optimal)
                return generated

            seconds = median_seconds(generate, args.runs)
            if days == 6:
                worst = max(worst, seconds)
            proven = "optimal" if all(optimal) else "best within budget"
            name = f"{days}-day programme{label}"
            print(f"{name:<35}: {seconds * 1000:7.1f} ms  {seconds / baseline:6.1f}x one session  ({proven})")
    ok = worst < TARGET_S
    print(f"6-day programme, slowest          : {worst * 1000:7.1f} ms   (target < {TARGET_S * 1000:.0f} ms)")
    print("target met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
