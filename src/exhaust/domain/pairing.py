"""Pairing: which isolation goes with which compound, and which pairs a session contains.

PAIR-SAME-MUSCLE (002, 004): the isolation of a pre- or post-exhaust pair loads a prime
mover of the compound. Reverse pre-exhaust (003) instead fatigues a *synergist* of the
compound that is not the target.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from exhaust.domain.catalogue import Catalogue, ClassicPair
from exhaust.domain.exercises import Equipment, Exercise, Mechanic, Role
from exhaust.domain.methods import Method
from exhaust.domain.muscles import Muscle
from exhaust.domain.plans import Block, Prescription, Session

# Bodyweight exercises need no equipment, so they are always available.
ALWAYS_AVAILABLE = frozenset({Equipment.BODYWEIGHT})
CLASSIC_BONUS = 1.0
STAPLE_BONUS = 0.1


@dataclass(frozen=True)
class Candidate:
    isolation: Exercise
    compound: Exercise
    muscle: Muscle  # the pre-fatigued muscle: the target, or for reverse the synergist
    target: Muscle
    score: float
    classic: ClassicPair | None

    @property
    def why(self) -> str:
        iso, comp = self.isolation, self.compound
        if self.muscle is self.target:
            text = (
                f"{iso.name} loads the {self.muscle.label} as prime mover "
                f"({iso.share_of(self.muscle):.0%}); in {comp.name} the {self.muscle.label} is a prime mover "
                f"({comp.share_of(self.muscle):.0%})"
            )
        else:
            text = (
                f"{iso.name} fatigues the {self.muscle.label}, a synergist of {comp.name}, so the "
                f"{self.target.label} (prime mover, {comp.share_of(self.target):.0%}) works harder"
            )
        if self.classic:
            text += f"; a classic pair (seed {self.classic.source.removeprefix('seed ')})"
        return text


def available(exercise: Exercise, equipment: Iterable[Equipment] | None) -> bool:
    if equipment is None:
        return True
    return exercise.equipment in set(equipment) | ALWAYS_AVAILABLE


def candidate_pairs(
    catalogue: Catalogue,
    target: Muscle,
    method: Method,
    equipment: Iterable[Equipment] | None = None,
) -> list[Candidate]:
    """Ranked (isolation, compound) pairs for a target muscle and a method."""
    equip = list(equipment) if equipment is not None else None
    isolations = [e for e in catalogue.filter(mechanic=Mechanic.ISOLATION) if available(e, equip)]
    compounds = [
        e
        for e in catalogue.filter(muscle=target, mechanic=Mechanic.COMPOUND)
        if available(e, equip) and e.role_of(target) is Role.PRIME
    ]
    found: list[Candidate] = []
    for comp in compounds:
        for iso in isolations:
            if method is Method.REVERSE_PRE_EXHAUST:
                muscle = iso.main_muscle
                if muscle is target or comp.role_of(muscle) is not Role.SYNERGIST:
                    continue
                if iso.loads(target):  # it would pre-fatigue the target too
                    continue
                score = comp.share_of(target) + iso.share_of(muscle) + comp.share_of(muscle)
            else:
                if iso.role_of(target) is not Role.PRIME or iso.main_muscle is not target:
                    continue
                muscle = target
                score = iso.share_of(target) + comp.share_of(target)
            score += STAPLE_BONUS * (iso.staple + comp.staple)
            classic = catalogue.is_classic(iso.id, comp.id)
            if classic:
                score += CLASSIC_BONUS
            found.append(Candidate(iso, comp, muscle, target, round(score, 4), classic))
    found.sort(key=lambda c: (-c.score, c.compound.intensity * -1, c.isolation.id, c.compound.id))
    return found


# --- recognising pairs in a session -----------------------------------------------------


class PairKind(StrEnum):
    PRE = "pre-exhaust"
    REVERSE = "reverse-pre-exhaust"
    POST = "post-exhaust"


@dataclass(frozen=True)
class SessionPair:
    """An isolation linked to a compound in one block (A1/A2) of a session."""

    kind: PairKind
    block: Block
    block_index: int
    isolation: Prescription
    compound: Prescription
    shared_prime: tuple[Muscle, ...]  # isolation prime movers that are compound prime movers
    fatigued: Muscle  # the isolation's main muscle
    matches: bool  # PAIR-SAME-MUSCLE (or, for reverse, the synergist rule) holds

    @property
    def first(self) -> Prescription:
        return self.compound if self.kind is PairKind.POST else self.isolation

    @property
    def transition_rest(self) -> int | None:
        """Rest between the two exercises of the pair (after the first one)."""
        return self.first.rest_s


def find_pairs(session: Session, catalogue: Catalogue) -> list[SessionPair]:
    """Pairs are linked exercises in one block: isolation→compound or compound→isolation."""
    pairs: list[SessionPair] = []
    for index, block in enumerate(session.blocks):
        for a, b in zip(block.items, block.items[1:], strict=False):
            ea, eb = catalogue.get(a.exercise_id), catalogue.get(b.exercise_id)
            if ea.is_isolation and eb.is_compound:
                iso, comp, iso_ex, comp_ex, pre = a, b, ea, eb, True
            elif ea.is_compound and eb.is_isolation:
                iso, comp, iso_ex, comp_ex, pre = b, a, eb, ea, False
            else:
                continue  # two compounds or two isolations: a plain superset
            shared = tuple(m for m in iso_ex.prime_movers if comp_ex.role_of(m) is Role.PRIME)
            fatigued = iso_ex.main_muscle
            if not pre:
                kind = PairKind.POST
                matches = bool(shared)
            elif session.method is Method.REVERSE_PRE_EXHAUST:
                kind = PairKind.REVERSE
                matches = comp_ex.role_of(fatigued) is Role.SYNERGIST and (
                    not session.targets or any(comp_ex.role_of(t) is Role.PRIME for t in session.targets)
                )
            else:
                kind = PairKind.PRE
                matches = bool(shared)
            if (
                not matches
                and not comp_ex.loads(fatigued)
                and session.method
                in (
                    None,
                    Method.TRADITIONAL,
                )
            ):
                continue  # unrelated superset in a session that does not claim a method
            pairs.append(SessionPair(kind, block, index, iso, comp, shared, fatigued, matches))
    return pairs
