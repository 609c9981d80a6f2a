"""The national admin-division table and the surface forms under which news text names each unit.

The table itself is the Ministry of Civil Affairs snapshot in
``extract/data/places/divisions.tsv`` (see ``SOURCE.md`` there); nothing here
lists a place by hand. What this module adds is *how places are written*:
papers drop the generic suffix (``湛江`` for 湛江市, ``顺德`` for 顺德区,
``恩施州`` for 恩施土家族苗族自治州), and that derivation is a rule applied to
every name. A short form is only worth matching on its own where readers would
take it for the place, so

* province and prefecture short forms match anywhere (``湖南``, ``湛江``);
* county short forms match on their own only in the paper's home province,
  where a 南方工报 reader expects ``顺德``/``开平`` to mean the county; elsewhere
  they need their parent written just before them (``长沙岳麓``);
* two-character full county names (``城区``, ``新县``, ``和县``) and short forms that
  are ordinary words (``新会`` in 新会员, ``光明``, ``和平``) also need their parent
  first, because on their own they are far more often words than places;
* township names (镇/乡/街道) match in full only; one outside the home province
  is kept only when the article also names its county or city.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any


def _read_json(name: str) -> dict[str, Any]:
    return json.loads(resources.files("extract.data.places").joinpath(name).read_text(encoding="utf-8"))


_FORMS = _read_json("forms.json")
_ETHNIC: list[str] = _FORMS["ethnic_groups"]["names"]
# 博尔塔拉蒙古自治州 and 新疆维吾尔自治区 write the minority without 族; one-character names always carry it.
_ETHNIC_SUFFIXES = tuple(
    sorted([e + "族" for e in _ETHNIC] + [e for e in _ETHNIC if len(e) >= 2], key=len, reverse=True)
)
COMMON_WORD_SHORT_FORMS: frozenset[str] = frozenset(_FORMS["common_word_short_forms"]["forms"])
EPONYMS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _FORMS["eponyms"]["forms"].items()}

PROVINCE, CITY, COUNTY, TOWN = 1, 2, 3, 4


@dataclass(frozen=True, slots=True)
class Unit:
    """One division with its resolved ancestry.

    ``rank`` is the level the unit plays in a (province, city, county) triple, which
    differs from the table level for a few kinds: a municipality (北京市) is its own
    city, and a county-level city directly under a province (仙桃市, 济源市) has no
    prefecture above it, so it plays the city.
    """

    code: str
    name: str
    level: int
    rank: int
    province: str
    city: str | None
    county: str | None
    town: str | None


@dataclass(frozen=True, slots=True)
class Form:
    """A surface string naming a unit; ``standalone`` says whether it may match without its parent."""

    code: str
    standalone: bool
    short: bool


class FormIndex:
    """Surface form → the units it names, probed longest-first from each text position.

    A flat dict plus, per two-character prefix, the form lengths that occur
    (every form has at least two characters): cheaper to build than a character
    trie (the table has ~88,000 forms), and a text position whose two characters
    start no place name, which is nearly every position, costs one dict lookup.
    """

    __slots__ = ("forms", "lengths")

    def __init__(self) -> None:
        self.forms: dict[str, tuple[Form, ...]] = {}
        self.lengths: dict[str, tuple[int, ...]] = {}

    def add(self, form: str, entry: Form) -> None:
        existing = self.forms.get(form, ())
        if entry not in existing:
            self.forms[form] = (*existing, entry)

    def freeze(self) -> None:
        by_prefix: dict[str, set[int]] = {}
        for form in self.forms:
            by_prefix.setdefault(form[:2], set()).add(len(form))
        self.lengths = {p: tuple(sorted(ls, reverse=True)) for p, ls in by_prefix.items()}

    def longest(self, text: str, start: int) -> tuple[int, tuple[Form, ...]]:
        """The longest form starting at ``start``: (end, forms), or (start, ()) when none does."""
        if not self.lengths and self.forms:
            self.freeze()
        lengths = self.lengths.get(text[start : start + 2])
        if lengths:
            forms = self.forms
            room = len(text) - start
            for n in lengths:
                if n > room:
                    continue
                hit = forms.get(text[start : start + n])
                if hit:
                    return start + n, hit
        return start, ()


class Gazetteer:
    """Units by code plus the surface-form indexes, for one home province."""

    def __init__(self, rows: list[tuple[int, str, str, str]], home_province: str | None) -> None:
        self.units = _make_units(rows)
        self.home_code = next(
            (u.code for u in self.units.values() if u.rank == PROVINCE and u.name == home_province), None
        )
        self.index = FormIndex()
        self.child_index: dict[str, FormIndex] = {}
        self._build()

    def unit(self, code: str) -> Unit:
        return self.units[code]

    def in_home(self, code: str) -> bool:
        return self.home_code is not None and self.units[code].province == self.home_code

    def _build(self) -> None:
        for u in self.units.values():
            parents = _parent_codes(u)
            for form, short in _surface_forms(u):
                standalone = self._standalone(u, form, short)
                entry = Form(u.code, standalone, short)
                if standalone:
                    self.index.add(form, entry)
                for parent in parents:
                    idx = self.child_index.get(parent)
                    if idx is None:
                        idx = self.child_index[parent] = FormIndex()
                    idx.add(form, entry)
        self.index.freeze()  # child indexes freeze on first use: most are never probed

    def _standalone(self, u: Unit, form: str, short: bool) -> bool:
        if u.level == TOWN:
            return len(form) >= 3
        if short and form in COMMON_WORD_SHORT_FORMS:
            return False
        if u.level == COUNTY:  # including 省直辖 cities: 东方, 新星 and 白杨 are words first
            if len(form) <= 2 and not short:
                return False
            if short:
                return self.in_home(u.code)
        return True


def _make_units(rows: list[tuple[int, str, str, str]]) -> dict[str, Unit]:
    """Resolve every row's ancestry; parents are built first, so each row costs one lookup."""
    units: dict[str, Unit] = {}
    for level, code, parent, name in sorted(rows, key=lambda r: r[0]):
        p = units.get(parent) if parent else None
        if p is None:  # a province
            city = code if name.endswith("市") else None  # 北京市 is its own city
            units[code] = Unit(code, name, level, PROVINCE, code, city, None, None)
        elif level == CITY:
            units[code] = Unit(code, name, level, CITY, p.province, code, None, None)
        elif level == COUNTY:
            if p.level == PROVINCE and p.city is None:  # 省直辖 county-level city (仙桃市): plays the city
                units[code] = Unit(code, name, level, CITY, p.province, code, None, None)
            else:
                units[code] = Unit(code, name, level, COUNTY, p.province, p.city, code, None)
        else:
            units[code] = Unit(code, name, level, TOWN, p.province, p.city, p.county, code)
    return units


def _parent_codes(u: Unit) -> tuple[str, ...]:
    """Units a compound may name just before this one: 广东省|湛江市|开平市, also skipping a level
    (``湖南省新化县``, ``江门杜阮镇``)."""
    if u.level == TOWN:
        chain = (u.county, u.city)
    elif u.level == COUNTY:
        chain = (u.city if u.city != u.code else None, u.province)
    elif u.level == CITY:
        chain = (u.province,)
    else:
        chain = ()
    return tuple(dict.fromkeys(c for c in chain if c and c != u.code))


def strip_ethnic(stem: str) -> str:
    """Drop trailing minority names: 连山壮族瑶族 → 连山, 海西蒙古族藏族 → 海西."""
    changed = True
    while changed:
        changed = False
        for suffix in _ETHNIC_SUFFIXES:
            if stem.endswith(suffix) and len(stem) > len(suffix) + 1:
                stem = stem[: -len(suffix)]
                changed = True
                break
    return stem


_AUTONOMOUS_RE = re.compile(r"^(.+?)自治(区|州|县|旗)$")
_GENERIC_SUFFIX_RE = re.compile(r"(特别行政区|地区|林区|特区|省|市|区|县|旗|盟)$")


def _surface_forms(u: Unit) -> list[tuple[str, bool]]:
    """The full name plus its short forms, each flagged ``short``."""
    forms: list[tuple[str, bool]] = [(u.name, False)]
    if u.level == TOWN:
        return forms
    shorts: list[str] = []
    auto = _AUTONOMOUS_RE.match(u.name)
    if auto:
        stem, kind = auto.group(1), auto.group(2)
        root = strip_ethnic(stem)
        shorts.append(root)
        if kind in "州县":
            shorts.append(root + kind)  # 恩施州, 连山县: how papers write them
    else:
        m = _GENERIC_SUFFIX_RE.search(u.name)
        if m and m.start() >= 2:
            shorts.append(u.name[: m.start()])
    return forms + [(s, True) for s in shorts if len(s) >= 2 and s != u.name]


def _read_rows() -> list[tuple[int, str, str, str]]:
    text = resources.files("extract.data.places").joinpath("divisions.tsv").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        level, code, parent, name = line.split("\t")
        rows.append((int(level), code, parent, name))
    return rows


@lru_cache(maxsize=1)
def _rows() -> tuple[tuple[int, str, str, str], ...]:
    return tuple(_read_rows())


def gazetteer(home_province: str | None = "广东省") -> Gazetteer:
    """The loaded gazetteer for a paper's home province; built once per province and cached."""
    return _gazetteer(home_province)


@lru_cache(maxsize=4)
def _gazetteer(home_province: str | None) -> Gazetteer:
    return Gazetteer(list(_rows()), home_province)
