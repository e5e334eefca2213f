"""The shipped catalogue, loaded once, and finding exercises by what a person types."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from rapidfuzz import fuzz, process

from exhaust.domain.catalogue import Catalogue, normalise_name, parse_catalogue
from exhaust.domain.errors import UnknownExercise
from exhaust.domain.exercises import Exercise

# A fuzzy match is taken on its own only when it is this good and clearly ahead of the
# next exercise; otherwise the user is shown the candidates.
ACCEPT_SCORE = 85.0
CLEAR_LEAD = 6.0
SUGGEST_SCORE = 55.0


@lru_cache(maxsize=1)
def get_catalogue() -> Catalogue:
    text = files("exhaust.data").joinpath("catalogue.toml").read_text(encoding="utf-8")
    return parse_catalogue(text, source="exhaust/data/catalogue.toml")


def _blend(a: str, b: str, **_: object) -> float:
    # WRatio forgives word order and extra words ('bench' in 'decline bench press'), which
    # ties every variant; plain ratio breaks the tie toward the closest whole name.
    return (fuzz.WRatio(a, b) + fuzz.ratio(a, b)) / 2


def _ranked(name: str, catalogue: Catalogue, limit: int = 12) -> list[tuple[str, float]]:
    """Exercise ids with their best score over all their names, best first."""
    names = catalogue.names()
    hits = process.extract(normalise_name(name), list(names), scorer=_blend, limit=limit * 4)
    best: dict[str, float] = {}
    for folded, score, _ in hits:
        ex_id = names[folded]
        best[ex_id] = max(best.get(ex_id, 0.0), float(score))
    return sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def suggest(name: str, catalogue: Catalogue | None = None, limit: int = 5) -> list[str]:
    catalogue = catalogue or get_catalogue()
    return [catalogue.get(i).name for i, score in _ranked(name, catalogue, limit) if score >= SUGGEST_SCORE]


def find_exercise(name: str, catalogue: Catalogue | None = None) -> Exercise:
    """An exercise by id, name, alias, or a near miss ('flys', 'bench pres')."""
    catalogue = catalogue or get_catalogue()
    found = catalogue.lookup(name)
    if found is not None:
        return found
    ranked = _ranked(name, catalogue)
    if ranked:
        top_id, top = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if top >= ACCEPT_SCORE and top - runner_up >= CLEAR_LEAD:
            return catalogue.get(top_id)
    raise UnknownExercise(name, suggest(name, catalogue))
