"""Organisations: union bodies, mutual-aid bodies, companies, platforms and government departments.

Chinese organisation names end in a small set of suffixes (总工会, 工会联合会,
有限公司, 局…) and start wherever the clause before them stops being a name:
after punctuation, a digit, a preposition or a verb (``由``, ``联合``, ``到``).
So the scan is one regex over the suffixes, a short walk left to the first
non-name character, and a cut after the last boundary word in that window;
no dictionary of names is needed and unseen bodies are found the same way.

Names are normalised to full names from the article's context, because
papers write ``区总工会`` for 佛山市南海区总工会 and ``省总`` for 广东省总工会:
a place at the start of the name is replaced by its resolved form, and a
bare level word (省/市/区/县/镇) by the nearest matching place in the same
sentence, else by the article's own city or county.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from extract.entities.data import alternation, organisations_data
from extract.records import FigureField, Organisation, OrgKind, Place

__all__ = ["EntityContext", "find_organisations", "normalise_name", "place_name"]

_WINDOW = 20  # the longest prefix (place + industry words) a name carries before its suffix
# the run of name characters that ends where a suffix starts ($ is the search's end position)
_NAME_RUN = re.compile(r"[\u4e00-\u9fff（）()A-Za-z·]+$")
_COMPANY_IN_NAME = re.compile(r"公司|集团|银行|供电局")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
_DEIXIS_RE = re.compile(r"^(?:省|市(?!场|民)|区(?!域|块)|县(?!域)|镇|街道)")


@dataclass(frozen=True, slots=True)
class EntityContext:
    """What the article implies but a name may leave out: the paper's province and the article's place."""

    province: str | None = "广东省"
    city: str | None = None
    county: str | None = None
    town: str | None = None

    @classmethod
    def from_places(cls, places: Sequence[Place], province: str | None) -> EntityContext:
        """The article's own place: its first activity place with a city (else any place with one)."""
        pools = ([p for p in places if p.role == "activity"], list(places))
        for pool in pools:
            for p in pool:
                if p.city:
                    same = [q for q in pool if q.city == p.city]
                    county = next((q.county for q in same if q.county), None)
                    town = next((q.town for q in same if q.town), None)
                    return cls(province=province, city=p.city, county=county, town=town)
        return cls(province=province)


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    kind: OrgKind


@dataclass(frozen=True, slots=True)
class _Tables:
    suffix_re: re.Pattern[str]
    kind_of: dict[str, OrgKind]
    boundary_re: re.Pattern[str]
    alias_re: re.Pattern[str]
    aliases: dict[str, str]
    platform_re: re.Pattern[str]
    platform_start_re: re.Pattern[str]
    bare_after: tuple[str, ...]
    modifier_re: re.Pattern[str]
    generic: frozenset[str]
    generic_prefix_re: re.Pattern[str]
    reject_end: tuple[str, ...]
    reject_re: re.Pattern[str]
    branch: frozenset[str]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    d = organisations_data()
    kind_of: dict[str, OrgKind] = {}
    for kind, suffixes in d["suffixes"].items():
        for s in suffixes:
            kind_of[s] = kind
    keep: dict[str, list[str]] = d["boundary_keep"]
    parts = []
    for word in sorted(set(d["boundaries"]), key=len, reverse=True):
        after = keep.get(word)
        look = f"(?!{alternation(after)})" if after else ""
        parts.append(re.escape(word) + look)
    aliases = {k: v for k, v in d["aliases"].items() if not k.startswith("_")}
    platforms = d["platforms"]
    not_before: dict[str, list[str]] = d["not_before"]
    suffix_parts = [
        re.escape(s) + (f"(?!{alternation(not_before[s])})" if s in not_before else "")
        for s in sorted(kind_of, key=len, reverse=True)
    ]
    return _Tables(
        suffix_re=re.compile("|".join(suffix_parts)),
        kind_of=kind_of,
        boundary_re=re.compile("|".join(parts)),
        # 市总 is 市总工会 only where 总 does not start another word (总结, 总书记, 总经理…)
        alias_re=re.compile(
            f"(?:{alternation(aliases)})(?!工会|工联|工程|[结体数量额计书经裁部监台值价署站队])"
        ),
        aliases=aliases,
        platform_re=re.compile(alternation(platforms)),
        platform_start_re=re.compile(f"^(?:{alternation(platforms)})"),
        bare_after=tuple(d["union_bare_after"]),
        modifier_re=re.compile(f'[“”"‘’]?(?:{alternation(d["modifier_after"])})'),
        generic=frozenset(d["generic_names"]),
        generic_prefix_re=re.compile(f"^(?:{alternation(d['generic_prefixes'])})"),
        reject_end=tuple(d["reject_endings"]),
        reject_re=re.compile(d["reject_pattern"]),
        branch=frozenset(d["branch_suffixes"]),
    )


def _county_name(city: str | None, county: str) -> str:
    """佛山市南海区 for a district, 开平市 for a county-level city (whose union name has no prefecture)."""
    return county if county.endswith("市") or not city else city + county


def place_name(p: Place) -> str:
    """A place written in full the way union names carry it (佛山市南海区, 开平市, 中山市坦洲镇)."""
    base = _county_name(p.city, p.county) if p.county else p.city or p.province or ""
    return base + (p.town or "")


def _names_unit(p: Place) -> bool:
    """Whether the mention names its deepest unit (湛江, 吴川市), not a zone in it (韶关高新区 → 韶关市)."""
    deepest = p.town or p.county or p.city or p.province or ""
    return bool(deepest) and p.text[-1] in deepest


def _deictic_prefix(level: str, ctx: EntityContext, near: Place | None) -> str | None:
    """The unit a bare 省/市/区/县/镇 stands for: the nearest fitting place, else the article's."""
    if level == "省":
        return ctx.province
    city, county, town = (near.city, near.county, near.town) if near else (ctx.city, ctx.county, ctx.town)
    if level == "市":
        if county and county.endswith("市"):
            return county
        return city
    if level in ("区", "县"):
        return _county_name(city, county) if county and county.endswith(level) else None
    if town:
        base = _county_name(city, county) if county else (city or "")
        return base + town
    return None


def _near_place(places: Sequence[Place], text: str, start: int, level: str) -> Place | None:
    """The last place before ``start`` in the same sentence that has the unit ``level`` names."""
    for p in reversed(places):
        if p.end > start or start - p.end > 40:
            continue
        if _SENTENCE_END.search(text, p.end, start):
            return None
        if level == "市" and (p.city or (p.county or "").endswith("市")):
            return p
        if level in ("区", "县") and (p.county or "").endswith(level):
            return p
        if level in ("镇", "街道") and p.town:
            return p
    return None


def normalise_name(
    text: str, ctx: EntityContext, *, places: Sequence[Place] = (), source: str = "", start: int = 0
) -> str:
    """The full name of a union/government body written ``text`` at ``source[start:]``.

    ``places`` are the place mentions of the same field; a place at the start of
    the name is written in full, a bare level word is resolved (see module doc).
    Companies keep their names as written: callers do not pass them here.
    """
    t = _tables()
    if text in t.aliases:
        filled = _fill(t.aliases[text], ctx, places, source, start)
        if filled:
            return filled
    company_union = _COMPANY_IN_NAME.search(text) is not None  # 广州地铁集团有限公司工会 keeps its own name
    for p in places:
        if company_union:
            break
        if p.start == start and p.end - start <= len(text) and _names_unit(p):
            rest = text[p.end - start :]
            if rest == "工会":  # 东莞工会, 广东工会: the place's union federation
                rest = "总工会"
            return place_name(p) + rest
    m = _DEIXIS_RE.match(text)
    if m:
        level = m.group()
        prefix = _deictic_prefix(level, ctx, _near_place(places, source, start, level) if source else None)
        if prefix:
            return prefix + text[m.end() :]
    return text


def _fill(template: str, ctx: EntityContext, places: Sequence[Place], source: str, start: int) -> str | None:
    slots = {"province": ctx.province, "city": None, "county": None}
    level = "市" if "{city}" in template else ("区" if "{county}" in template else "省")
    if level != "省":
        near = _near_place(places, source, start, level) if source else None
        unit = _deictic_prefix(level, ctx, near)
        slots["city" if level == "市" else "county"] = unit
    try:
        return template.format(**slots) if all(slots[k] for k in slots if "{" + k + "}" in template) else None
    except KeyError:
        return None


def _window_start(text: str, s: int, floor: int) -> int:
    run = _NAME_RUN.search(text, max(floor, s - _WINDOW), s)
    i = run.start() if run else s
    window = text[i:s]
    # an unmatched bracket at the window's edge belongs to the text before, not to the name
    close = window.rfind("）") if "（" not in window else -1
    if close >= 0:
        i += close + 1
    elif window.count("（") > window.count("）"):
        i += window.rfind("（") + 1
    last = None
    for last in _tables().boundary_re.finditer(text, i, s):  # noqa: B007 - only the last one counts
        pass
    return last.end() if last else i


def find_organisations(
    text: str, field: FigureField, ctx: EntityContext, places: Sequence[Place] = ()
) -> list[Organisation]:
    """Every organisation named in ``text`` (one field of an article), role ``mention``.

    ``places`` are the article's place mentions; those of ``field`` resolve name prefixes.
    Roles are assigned afterwards by :func:`extract.entities.roles.assign_roles`.
    """
    t = _tables()
    field_places = _PlacesByStart(p for p in places if p.field == field)
    found: list[_Span] = []
    prev_end = 0
    for m in t.suffix_re.finditer(text):
        suffix = m.group()
        kind: OrgKind = t.kind_of[suffix]
        if suffix == "工会" and t.modifier_re.match(text, m.end()):
            continue  # 工会会员, 工会二次医保: a modifier, the commonest hit, dropped before any work
        start = _window_start(text, m.start(), prev_end)
        if found and start == prev_end and (m.start() == prev_end or suffix in t.branch):
            # 有限公司 + 工会, 总工会 + 女职委, 互助会 + 东莞代办处: one body, named by its last part
            found[-1].end = m.end()
            if kind in ("union", "mutual_aid"):
                found[-1].kind = kind
            prev_end = m.end()
            continue
        if not _valid(text, start, m, suffix, kind, field_places.around(start, m.end())):
            continue
        found.append(_Span(start, m.end(), kind))
        prev_end = m.end()

    orgs: list[Organisation] = []
    for span in found:
        surface = text[span.start : span.end]
        if _generic(surface):
            continue
        brand = t.platform_start_re.match(surface)
        if brand:
            orgs.append(Organisation(surface, span.start, span.end, field, brand.group(), "platform"))
            continue
        name = (
            surface
            if span.kind == "company"
            else normalise_name(
                surface, ctx, places=field_places.around(span.start, span.end), source=text, start=span.start
            )
        )
        orgs.append(Organisation(surface, span.start, span.end, field, name, span.kind))
    orgs.extend(_aliases(text, field, ctx, field_places, orgs))
    orgs.extend(_platforms(text, field, orgs))
    return sorted(orgs, key=lambda o: o.start)


class _PlacesByStart:
    """A field's places sorted by offset, so each name looks only at the places around it.

    Every rule here reads places that start at a name or end at most 40
    characters before it; handing each call the nearby slice keeps a huge
    article linear instead of quadratic.
    """

    _REACH = 80  # 40 characters of look-back plus the longest place name

    def __init__(self, places: Iterable[Place]) -> None:
        self._places = sorted(places, key=lambda p: p.start)
        self._starts = [p.start for p in self._places]

    def around(self, start: int, end: int) -> list[Place]:
        lo = bisect.bisect_left(self._starts, start - self._REACH)
        hi = bisect.bisect_right(self._starts, end)
        return self._places[lo:hi]


def _valid(text: str, start: int, m: re.Match[str], suffix: str, kind: str, places: Sequence[Place]) -> bool:
    t = _tables()
    prefix = text[start : m.start()]
    if not prefix:
        return False
    name = prefix + suffix
    if name.endswith(t.reject_end) or t.reject_re.search(name):
        return False
    if kind == "company" and len(prefix) < 2:
        return False
    if suffix == "工会":
        if t.modifier_re.match(text, m.end()):
            return False
        at_place = any(p.start == start and p.end == m.start() for p in places)
        if not (at_place or prefix.endswith(t.bare_after)):
            return False
    return True


def _generic(surface: str) -> bool:
    t = _tables()
    return surface in t.generic or bool(t.generic_prefix_re.match(surface))


def _overlaps(start: int, end: int, orgs: Sequence[Organisation]) -> bool:
    return any(o.start < end and start < o.end for o in orgs)


def _aliases(
    text: str, field: FigureField, ctx: EntityContext, places: _PlacesByStart, orgs: Sequence[Organisation]
) -> list[Organisation]:
    """Short forms with no suffix: 省总, 市总 (广州市总 → 广州市总工会)."""
    t = _tables()
    out: list[Organisation] = []
    for m in t.alias_re.finditer(text):
        start, end = m.start(), m.end()
        if _overlaps(start, end, orgs):
            continue
        alias = m.group()
        near = places.around(start, end)
        lead = next((p for p in near if p.end in (start, start + 1) and p.start < start), None)
        if lead is not None:  # 广州市总: the place names the city
            name = place_name(lead) + "总工会" if alias in ("市总", "区总", "县总") else None
            if name:
                out.append(Organisation(text[lead.start : end], lead.start, end, field, name, "union"))
                continue
        # 省总 inside a longer word is not the alias: it must follow punctuation or a boundary word
        if start > 0 and _CJK.match(text, start - 1) and not _after_boundary(text, start):
            continue
        name = normalise_name(alias, ctx, places=near, source=text, start=start)
        kind: OrgKind = "mutual_aid" if "互助会" in name else ("other" if "妇" in name else "union")
        out.append(Organisation(alias, start, end, field, name, kind))
    return out


def _after_boundary(text: str, pos: int) -> bool:
    """Whether a boundary word (和, 贯彻, 由…) ends right at ``pos``."""
    return any(m.end() == pos for m in _tables().boundary_re.finditer(text, max(0, pos - 4), pos))


def _platforms(text: str, field: FigureField, orgs: Sequence[Organisation]) -> list[Organisation]:
    """顺丰, 美团, 饿了么…: named on their own as the employers of platform workers."""
    out: list[Organisation] = []
    for m in _tables().platform_re.finditer(text):
        if not _overlaps(m.start(), m.end(), orgs):
            out.append(Organisation(m.group(), m.start(), m.end(), field, m.group(), "platform"))
    return out
