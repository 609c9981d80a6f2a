"""Programmes: union mutual-aid plans and campaigns, found under any alias in the dictionary.

Papers rarely print a programme's official name (``广东省在职职工住院医疗综合互助保障计划``);
they write its popular alias (``工会二次医保``). The alias dictionary
(``extract/data/entities/programmes.json``) maps every known form to one
canonical name, so searches and counts join all forms; adding a programme is a
data change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extract.entities.data import alternation, programmes_data
from extract.records import FigureField, Programme

__all__ = ["canonical_programme", "find_programmes"]


@dataclass(frozen=True, slots=True)
class _Dictionary:
    regex: re.Pattern[str]
    canonical: dict[str, str]
    aliases: dict[str, tuple[str, ...]]


@lru_cache(maxsize=1)
def _dictionary() -> _Dictionary:
    canonical: dict[str, str] = {}
    aliases: dict[str, tuple[str, ...]] = {}
    for entry in programmes_data()["programmes"]:
        name = entry["name"]
        forms = (name, *entry["aliases"])
        aliases[name] = tuple(entry["aliases"])
        for form in forms:
            canonical.setdefault(form, name)
    return _Dictionary(re.compile(alternation(canonical)), canonical, aliases)


def canonical_programme(form: str) -> str | None:
    """The canonical name for an alias or canonical name, None when the dictionary does not know it."""
    return _dictionary().canonical.get(form)


def find_programmes(text: str, field: FigureField = "body") -> list[Programme]:
    """Every programme mention in ``text``, longest alias first at each position."""
    d = _dictionary()
    out: list[Programme] = []
    for m in d.regex.finditer(text):
        name = d.canonical[m.group()]
        out.append(Programme(m.group(), m.start(), m.end(), field, name, d.aliases[name]))
    return out
