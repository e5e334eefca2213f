"""The muscle taxonomy: fine enough to say which muscle an exhaust pair is for.

Muscles are grouped the way lifters talk about a training day (chest, back, shoulders,
arms, core, legs). A target given by a user may be a muscle or a group name.
"""

from __future__ import annotations

from enum import StrEnum


class MuscleGroup(StrEnum):
    CHEST = "chest"
    BACK = "back"
    SHOULDERS = "shoulders"
    ARMS = "arms"
    CORE = "core"
    LEGS = "legs"


class Muscle(StrEnum):
    CHEST = "chest"
    FRONT_DELTS = "front-delts"
    SIDE_DELTS = "side-delts"
    REAR_DELTS = "rear-delts"
    TRICEPS = "triceps"
    BICEPS = "biceps"
    FOREARMS = "forearms"
    LATS = "lats"
    TRAPS = "traps"
    UPPER_BACK = "upper-back"
    LOWER_BACK = "lower-back"
    ABS = "abs"
    OBLIQUES = "obliques"
    HIP_FLEXORS = "hip-flexors"
    GLUTES = "glutes"
    QUADS = "quads"
    HAMSTRINGS = "hamstrings"
    ADDUCTORS = "adductors"
    ABDUCTORS = "abductors"
    CALVES = "calves"

    @property
    def group(self) -> MuscleGroup:
        return _GROUP[self]

    @property
    def label(self) -> str:
        return _LABEL.get(self, self.value.replace("-", " "))


_GROUP: dict[Muscle, MuscleGroup] = {
    Muscle.CHEST: MuscleGroup.CHEST,
    Muscle.FRONT_DELTS: MuscleGroup.SHOULDERS,
    Muscle.SIDE_DELTS: MuscleGroup.SHOULDERS,
    Muscle.REAR_DELTS: MuscleGroup.SHOULDERS,
    Muscle.TRICEPS: MuscleGroup.ARMS,
    Muscle.BICEPS: MuscleGroup.ARMS,
    Muscle.FOREARMS: MuscleGroup.ARMS,
    Muscle.LATS: MuscleGroup.BACK,
    Muscle.TRAPS: MuscleGroup.BACK,
    Muscle.UPPER_BACK: MuscleGroup.BACK,
    Muscle.LOWER_BACK: MuscleGroup.BACK,
    Muscle.ABS: MuscleGroup.CORE,
    Muscle.OBLIQUES: MuscleGroup.CORE,
    Muscle.HIP_FLEXORS: MuscleGroup.CORE,
    Muscle.GLUTES: MuscleGroup.LEGS,
    Muscle.QUADS: MuscleGroup.LEGS,
    Muscle.HAMSTRINGS: MuscleGroup.LEGS,
    Muscle.ADDUCTORS: MuscleGroup.LEGS,
    Muscle.ABDUCTORS: MuscleGroup.LEGS,
    Muscle.CALVES: MuscleGroup.LEGS,
}

_LABEL: dict[Muscle, str] = {
    Muscle.FRONT_DELTS: "front delts",
    Muscle.SIDE_DELTS: "side delts",
    Muscle.REAR_DELTS: "rear delts",
    Muscle.UPPER_BACK: "upper back",
    Muscle.LOWER_BACK: "lower back",
    Muscle.HIP_FLEXORS: "hip flexors",
}

# Words lifters use for a muscle; the CLI and plan files accept them as targets.
_SYNONYMS: dict[str, Muscle] = {
    "pecs": Muscle.CHEST,
    "pectorals": Muscle.CHEST,
    "front-delt": Muscle.FRONT_DELTS,
    "anterior-delts": Muscle.FRONT_DELTS,
    "side-delt": Muscle.SIDE_DELTS,
    "lateral-delts": Muscle.SIDE_DELTS,
    "rear-delt": Muscle.REAR_DELTS,
    "posterior-delts": Muscle.REAR_DELTS,
    "tricep": Muscle.TRICEPS,
    "bicep": Muscle.BICEPS,
    "forearm": Muscle.FOREARMS,
    "lat": Muscle.LATS,
    "trapezius": Muscle.TRAPS,
    "rhomboids": Muscle.UPPER_BACK,
    "erectors": Muscle.LOWER_BACK,
    "spinal-erectors": Muscle.LOWER_BACK,
    "abdominals": Muscle.ABS,
    "core": Muscle.ABS,
    "glute": Muscle.GLUTES,
    "quadriceps": Muscle.QUADS,
    "quad": Muscle.QUADS,
    "hamstring": Muscle.HAMSTRINGS,
    "hams": Muscle.HAMSTRINGS,
    "adductor": Muscle.ADDUCTORS,
    "abductor": Muscle.ABDUCTORS,
    "calf": Muscle.CALVES,
}

# A group named as a target means its muscle most often trained with an exhaust pair.
GROUP_DEFAULT_TARGET: dict[MuscleGroup, Muscle] = {
    MuscleGroup.CHEST: Muscle.CHEST,
    MuscleGroup.BACK: Muscle.LATS,
    MuscleGroup.SHOULDERS: Muscle.SIDE_DELTS,
    MuscleGroup.ARMS: Muscle.TRICEPS,
    MuscleGroup.CORE: Muscle.ABS,
    MuscleGroup.LEGS: Muscle.QUADS,
}


def parse_muscle(text: str) -> Muscle | None:
    """A muscle from what a person types: 'front delts', 'Quadriceps', 'back'."""
    key = "-".join(text.strip().lower().replace("_", " ").split())
    if key in Muscle._value2member_map_:
        return Muscle(key)
    if key in _SYNONYMS:
        return _SYNONYMS[key]
    if key in MuscleGroup._value2member_map_:
        return GROUP_DEFAULT_TARGET[MuscleGroup(key)]
    if key.endswith("s") and key[:-1] in Muscle._value2member_map_:
        return Muscle(key[:-1])
    return None


def muscles_in(group: MuscleGroup) -> list[Muscle]:
    return [m for m in Muscle if m.group is group]
