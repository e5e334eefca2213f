"""The numbers the seeds give, in one place, each with its source (SPEC 'Prescriptions').

Rules (rules.py) and the session builder (sessions.py) both read these, so a threshold is
never written twice.
"""

from __future__ import annotations

import math

# --- pre-exhaust -------------------------------------------------------------------------
PRE_ISO_SETS = 2  # 000: "just two sets of each isolation exercise prior to the main lift"
PRE_ISO_REPS = (10, 15)  # 002: "moderate to high reps (10 to 15 range)"
PRE_ISO_MAX_PCT = 70.0  # 002: "without requiring very heavy loads" -> moderate load
PRE_REST_SUPERSET_MAX = 10  # up to 10 s counts as "none" (a superset)
PRE_REST_002 = (30, 60)  # 002: "a short break of 30 to 60 seconds"
PRE_REST_000 = (60, 90)  # 000: "from around 60s to 90s"
PRE_LOAD_DROP = (0.10, 0.20)  # 004: pre-exhaust "can reduce your loads ... by 10-20%"
# The rest the builder plans between the isolation and the compound: none, a superset. 002
# names it first ("some lifters move immediately from the isolation exercise to the compound
# lift with minimal rest, treating it almost like a superset"), PRE-REST takes it quietly, and
# it is the rest at which the fatigue model and 004 agree: straight from two isolation sets the
# model asks for a compound 10-20 % lighter, as 004 says, while after 60 s (002's 30-60 s,
# 000's 60-90 s) most of the isolation's fatigue is gone (fatigue/recovery.py) and it asks for
# 3-6 %. Planned at 60 s, a session's load and its sources would tell two stories for no gain.
PRE_REST_PLANNED = 0
# The reps in reserve taken for an isolation set whose effort the plan or the logbook does not
# give: the pre-exhaust isolation as the builder plans it (002's moderate load, RIR 2).
PRE_ISO_RIR_ASSUMED = 2

# --- post-exhaust (all seed 004) ------------------------------------------------------
POST_REST = (30, 90)  # "Keep rest to 30-90 seconds"; > 90 s "diminishes the effect"
POST_COMPOUND_SETS = (3, 4)
POST_COMPOUND_REPS = (6, 10)
POST_COMPOUND_REPS_LEGS = (6, 12)  # 004's own combinations: squats / leg press 3x8-12
POST_COMPOUND_PCT = (75.0, 85.0)
POST_ISO_SETS = (3, 4)
POST_ISO_REPS = (12, 20)
POST_ISO_PCT = (50.0, 65.0)
POST_ISO_RIR_MAX = 1  # "Take isolation sets to 0-1 RIR"
POST_NOT_EVERYTHING_MAX = 3  # "Reserve post-exhaust for 1-3 exercises per workout"
# Pairs per workout by level: 004 gives two figures for intermediates.
POST_PAIRS_MAIN = {"beginner": 1, "intermediate": 3, "advanced": 4}  # "Training Frequency"
POST_PAIRS_FAQ = {"beginner": 1, "intermediate": 2, "advanced": 4}  # the FAQ: 1-2 pairs

# --- rest the builder prescribes ------------------------------------------------------
REST_BETWEEN_ROUNDS = 120
REST_ISOLATION = 75
REST_COMPOUND = 150


def epley_percent(reps: int) -> float:
    """%1RM that allows ``reps`` reps to failure, by Epley (1985): 1RM = w (1 + r/30)."""
    return 100.0 / (1.0 + reps / 30.0)


def fresh_percent(top_reps: int) -> float:
    """The load a fresh lifter would use to reach the top of a rep range."""
    return epley_percent(top_reps)


def round_down(pct: float, step: float = 2.5) -> float:
    return math.floor(pct / step + 1e-9) * step
