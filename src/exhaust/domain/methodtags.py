"""Which exercise-order method each block of an imported workout was done in.

A workout from another app is a list of sets. Consecutive sets of one exercise form a
*segment*; exercises the app marks as one superset form one linked block (A1, A2, …), as
in a plan file. Then, per SPEC's methods table:

- an isolation for a prime mover of the compound right before it, or linked with it, is
  **pre-exhaust** (PAIR-SAME-MUSCLE, seeds 000 and 002);
- an isolation that fatigues a *synergist* (not a prime mover) of the compound right after
  it is **reverse pre-exhaust** (seed 003: hamstrings before squats);
- an isolation for a prime mover of the compound right after it is **post-exhaust**
  (seed 004);
- every other catalogue exercise is **traditional**; an exercise we do not know gets no tag.

Only neighbours count: the lifter went from one straight to the other. Both exercises of a
pair carry its tag, so the compound's sets say whether it was pre-exhausted. An exercise
between two compounds takes the tag of the pair before it (it finished that one first).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby, pairwise

from exhaust.domain.catalogue import Catalogue
from exhaust.domain.exercises import Exercise, Role
from exhaust.domain.logbook import OrderMethod


@dataclass(frozen=True)
class Tagged:
    blocks: list[str]  # per set: 'A1', 'A2' in a superset; '' alone
    methods: list[OrderMethod]  # per set

    @property
    def exhaust_methods(self) -> set[str]:
        """The exhaust methods the workout used (not traditional order, not untagged)."""
        return {m.value for m in set(self.methods)} - {OrderMethod.NONE.value, OrderMethod.TRADITIONAL.value}


def block_letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: labels for any number of blocks."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class MethodTagger:
    """Tags workouts; remembers each pair of exercises it has judged (a history repeats them)."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._pairs: dict[tuple[str, str], tuple[OrderMethod, OrderMethod] | None] = {}

    def _exercise(self, exercise_id: str | None) -> Exercise | None:
        if exercise_id is None or exercise_id not in self.catalogue:
            return None
        return self.catalogue.get(exercise_id)

    def pair(self, first: str | None, second: str | None) -> tuple[OrderMethod, OrderMethod] | None:
        """The tags of two exercises done one straight after the other, or None: not a pair."""
        if first is None or second is None:
            return None
        key = (first, second)
        if key not in self._pairs:
            self._pairs[key] = self._judge(self._exercise(first), self._exercise(second))
        return self._pairs[key]

    @staticmethod
    def _judge(a: Exercise | None, b: Exercise | None) -> tuple[OrderMethod, OrderMethod] | None:
        if a is None or b is None:
            return None
        if a.is_isolation and b.is_compound:
            iso, comp, pre = a, b, True
        elif a.is_compound and b.is_isolation:
            iso, comp, pre = b, a, False
        else:
            return None
        shared = any(comp.role_of(m) is Role.PRIME for m in iso.prime_movers)
        if shared:
            tag = OrderMethod.PRE if pre else OrderMethod.POST
            return tag, tag
        if pre and comp.role_of(iso.main_muscle) is Role.SYNERGIST:
            return OrderMethod.REVERSE, OrderMethod.REVERSE
        return None

    def tag(self, exercise_ids: Sequence[str | None], supersets: Sequence[str]) -> Tagged:
        """Blocks and methods for a workout's sets, given each set's exercise (None: not in the
        catalogue) and the file's superset group ('' for none)."""
        # Runs of sets with one exercise and group: a workout of twenty sets has about seven.
        pairs = zip(exercise_ids, supersets, strict=True)
        runs = [(exercise, group, len(list(sets))) for (exercise, group), sets in groupby(pairs)]
        # Segments: a superset group is one segment wherever its runs fall; otherwise a run.
        run_segment: list[int] = []
        members: list[list[str | None]] = []  # each segment's exercises, in order of appearance
        group_segment: dict[str, int] = {}
        for exercise, group, _ in runs:
            if group:
                seg = group_segment.get(group)
                if seg is None:
                    seg = group_segment[group] = len(members)
                    members.append([])
                if exercise not in members[seg]:
                    members[seg].append(exercise)
            else:
                seg = len(members)
                members.append([exercise])
            run_segment.append(seg)

        tags: list[dict[str | None, OrderMethod]] = [{} for _ in members]

        def mark(seg_a: int, a: str | None, seg_b: int, b: str | None) -> None:
            found = self.pair(a, b)
            if found is not None:
                tags[seg_a].setdefault(a, found[0])
                tags[seg_b].setdefault(b, found[1])

        for seg, exercises in enumerate(members):
            for a, b in pairwise(exercises):  # linked in a superset
                mark(seg, a, seg, b)
            if seg:  # straight from the previous segment's last exercise to this one's first
                mark(seg - 1, members[seg - 1][-1], seg, exercises[0])

        blocks: list[str] = []
        methods: list[OrderMethod] = []
        for (exercise, _, n), seg in zip(runs, run_segment, strict=True):
            linked = members[seg]
            blocks += [f"{block_letters(seg)}{linked.index(exercise) + 1}" if len(linked) > 1 else ""] * n
            if exercise is None or exercise not in self.catalogue:
                methods += [OrderMethod.NONE] * n
            else:
                methods += [tags[seg].get(exercise, OrderMethod.TRADITIONAL)] * n
        return Tagged(blocks, methods)
