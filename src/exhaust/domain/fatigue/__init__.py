"""The weak-link fatigue model (issue 7): reps and load on a lift after another exercise.

- model.py: muscles, capacities, Epley and fatigue; reps to failure, the limiting muscle, the
  load for a rep target, fresh or after a pre-fatigue (pre-, post- and reverse pre-exhaust).
- protocol.py: what was done before (sets, reps, RIR or load, rest).
- recovery.py: how fatigue fades during rest, and where its constants come from.
- studies.py: the published studies the model must reproduce.
- calibration.py: a lifter's own carry-over per lift, shrunk toward the published default.
- prescribe.py: the compound's load in kg, with the reps to expect and the limiting muscle.

Pure: no I/O; the catalogue's capacities come in through FatigueModel.
"""

from __future__ import annotations

from exhaust.domain.fatigue.calibration import (
    DEFAULT_PRIOR,
    OBSERVATION_SD_REPS,
    PRIOR_SD,
    CarryOver,
    CarryOverObservation,
    estimate_by_lift,
    estimate_carry_over,
)
from exhaust.domain.fatigue.model import (
    DEFAULT_CARRY_OVER,
    EPLEY_REPS,
    FatigueModel,
    MuscleState,
    OrderEffect,
    SetPrediction,
    e1rm_from,
    headroom,
    load_at,
    reps_at,
    rm_load,
    whole,
)
from exhaust.domain.fatigue.prescribe import PLATE_STEP_KG, LoadPrescription, prescribe, round_down
from exhaust.domain.fatigue.protocol import PreFatigue, Work
from exhaust.domain.fatigue.recovery import DEFAULT_RECOVERY, Recovery
from exhaust.domain.fatigue.studies import (
    ORDER_STUDIES,
    RICHMOND_GODARD_2004,
    Arm,
    Bout,
    Evidence,
    OrderStudy,
    Reproduction,
    RestStudy,
    reproduce,
)

__all__ = [
    "DEFAULT_CARRY_OVER",
    "DEFAULT_PRIOR",
    "DEFAULT_RECOVERY",
    "EPLEY_REPS",
    "OBSERVATION_SD_REPS",
    "ORDER_STUDIES",
    "PLATE_STEP_KG",
    "PRIOR_SD",
    "RICHMOND_GODARD_2004",
    "Arm",
    "Bout",
    "CarryOver",
    "CarryOverObservation",
    "Evidence",
    "FatigueModel",
    "LoadPrescription",
    "MuscleState",
    "OrderEffect",
    "OrderStudy",
    "PreFatigue",
    "Recovery",
    "Reproduction",
    "RestStudy",
    "SetPrediction",
    "Work",
    "e1rm_from",
    "estimate_by_lift",
    "estimate_carry_over",
    "headroom",
    "load_at",
    "prescribe",
    "reproduce",
    "reps_at",
    "rm_load",
    "round_down",
    "whole",
]
