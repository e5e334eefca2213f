"""Whole programmes: a week (and a block of weeks) from goals, days, minutes, equipment,
lagging muscles and joints to spare, as a constraint problem a solver answers (issue 8).

request.py   what is asked, the splits and the week's layout
volume.py    weekly sets per muscle (bands, fractional counting) and a session's length
problem.py   the constraint problem: options per day, pairs, groups of constraints, objective
assemble.py  the solver's choice as a plan: order by method, weeks, deloads, explanations, checks
"""

from exhaust.domain.programs.assemble import Program, assemble, explain_unsatisfiable, violations
from exhaust.domain.programs.problem import (
    Day,
    DayChoice,
    Group,
    Problem,
    Solution,
    Unsatisfiable,
    build_problem,
    refusal,
)
from exhaust.domain.programs.request import DEFAULT_SPLIT, DayKind, ProgramRequest, Split
from exhaust.domain.programs.volume import Band, bands, weekly_sets

__all__ = [
    "DEFAULT_SPLIT",
    "Band",
    "Day",
    "DayChoice",
    "DayKind",
    "Group",
    "Problem",
    "Program",
    "ProgramRequest",
    "Solution",
    "Split",
    "Unsatisfiable",
    "assemble",
    "bands",
    "build_problem",
    "explain_unsatisfiable",
    "refusal",
    "violations",
    "weekly_sets",
]
