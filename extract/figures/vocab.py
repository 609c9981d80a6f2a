"""The figure vocabularies, loaded once from ``extract/data/figures/*.json``.

Keeping units, approximation words, measure cues and non-figure patterns in
data files lets editors extend them without touching the scanner; loading
goes through ``importlib.resources`` so it works from a wheel or any cwd.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from extract.records import Approx


@dataclass(frozen=True, slots=True)
class UnitSpec:
    """One measure word as printed and what it normalises to."""

    surface: str
    unit: str
    kind: str
    factor: int = 1
    verbal: bool = False
    blocked_next: str = ""
    needs_boundary: bool = False
    approx: Approx | None = None

    @property
    def is_duration(self) -> bool:
        return self.kind == "duration"


@dataclass(frozen=True, slots=True)
class MeasureRule:
    """A label and the clause cues that select it (see measures.json)."""

    label: str
    units: frozenset[str]
    cues: tuple[str, ...]
    after: tuple[str, ...] = ()
    per: str | None = None


@dataclass(frozen=True, slots=True)
class Vocab:
    """Everything the figure extractor knows about the language, in one immutable bundle."""

    units: dict[str, UnitSpec]
    people_nouns: tuple[str, ...]
    people_unit: str
    approx_prefix: dict[str, Approx]
    approx_suffix: dict[str, Approx]
    approx_inner: dict[str, Approx]
    approx_vague: dict[str, Approx]
    approx_blocked_before: dict[str, str]
    round_prefix: dict[str, Approx]
    round_prefix_blocked_before: str
    names: re.Pattern[str]
    set_phrases: re.Pattern[str]
    recount_following: tuple[str, ...]
    recount_after_clause: tuple[str, ...]
    recount_before_clause: tuple[str, ...]
    programme_nouns: tuple[str, ...]
    programme_verbs: tuple[str, ...]
    programme_nouns_bare: tuple[str, ...]
    participation_verbs: tuple[str, ...]
    place_suffixes: str
    scope_after: tuple[str, ...]
    rank_before: tuple[str, ...]
    quote_pairs: tuple[tuple[str, str], ...]
    quote_name_max_len: int
    measures: tuple[MeasureRule, ...]
    periods: dict[str, Any]


def _load(name: str) -> Any:
    return json.loads(resources.files("extract.data.figures").joinpath(name).read_text(encoding="utf-8"))


def _alternation(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    """Parse the data files once per process; every call after the first is free."""
    units_data = _load("units.json")
    approx = _load("approx.json")
    nonfig = _load("nonfigures.json")
    units = {
        u["surface"]: UnitSpec(
            surface=u["surface"],
            unit=u["unit"],
            kind=u["kind"],
            factor=int(u.get("factor", 1)),
            verbal=bool(u.get("verbal", False)),
            blocked_next=u.get("blocked_next", ""),
            needs_boundary=bool(u.get("needs_boundary", False)),
            approx=u.get("approx"),
        )
        for u in units_data["units"]
    }
    measures = tuple(
        MeasureRule(
            label=r["label"],
            units=frozenset(r["units"]),
            cues=tuple(r["cues"]),
            after=tuple(r.get("after", ())),
            per=r.get("per"),
        )
        for r in _load("measures.json")["rules"]
    )
    return Vocab(
        units=units,
        people_nouns=tuple(units_data["people_nouns"]["nouns"]),
        people_unit=units_data["people_nouns"]["unit"],
        approx_prefix=approx["prefix"],
        approx_suffix=approx["suffix"],
        approx_inner=approx["inner"],
        approx_vague=approx["vague"],
        approx_blocked_before=approx["blocked_before"],
        round_prefix=approx["round_prefix"],
        round_prefix_blocked_before=approx["round_prefix_blocked_before"],
        names=_alternation(nonfig["names"]),
        set_phrases=_alternation(nonfig["set_phrases"]),
        recount_following=tuple(nonfig["recount_following"]),
        recount_after_clause=tuple(nonfig["recount_after_clause"]),
        recount_before_clause=tuple(nonfig["recount_before_clause"]),
        programme_nouns=tuple(nonfig["programme_nouns"]),
        programme_verbs=tuple(nonfig["programme_verbs"]),
        programme_nouns_bare=tuple(nonfig["programme_nouns_bare"]),
        participation_verbs=tuple(nonfig["participation_verbs"]),
        place_suffixes=nonfig["place_suffixes"],
        scope_after=tuple(sorted(nonfig["scope_after"], key=len, reverse=True)),
        rank_before=tuple(sorted(nonfig["rank_before"], key=len, reverse=True)),
        quote_pairs=tuple((p[0], p[1]) for p in nonfig["quote_pairs"]),
        quote_name_max_len=int(nonfig["quote_name_max_len"]),
        measures=measures,
        periods=_load("periods.json"),
    )
