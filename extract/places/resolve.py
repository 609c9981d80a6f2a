"""Pick one unit for each mention whose name fits several (塘口镇, 建设街道, 朝阳区, 鼓楼区).

Evidence, strongest first: the article itself (a candidate under a city or
county the article names unambiguously elsewhere), then the paper's home
province, then the higher-level unit (吉林 the province over 吉林 the city),
then the lowest code so the choice is at least stable. A township outside the
home province is dropped unless the article names its county or city: bare
names like 城关镇 exist in hundreds of counties and would otherwise be
scattered across the country.
"""

from __future__ import annotations

from collections.abc import Sequence

from extract.places.gazetteer import TOWN, Gazetteer


def anchors(candidate_sets: Sequence[tuple[str, ...]], gaz: Gazetteer) -> set[str]:
    """Codes of every unit (and its ancestors) that some mention names without ambiguity."""
    out: set[str] = set()
    for cands in candidate_sets:
        if len(cands) != 1:
            continue
        u = gaz.unit(cands[0])
        out.update(c for c in (u.code, u.province, u.city, u.county) if c)
    return out


def choose(cands: tuple[str, ...], known: set[str], gaz: Gazetteer) -> str | None:
    """The unit a mention most plausibly names, or None when no candidate survives."""
    scored: list[tuple[tuple[int, int, str], str]] = []
    for code in cands:
        u = gaz.unit(code)
        context = 0
        if u.county and u.county in known and u.county != code:
            context += 4
        if u.city and u.city in known and u.city != code:
            context += 3
        if u.province in known and u.province != code:
            context += 1
        home = gaz.in_home(code)
        if u.rank == TOWN and not home and context < 3:
            continue
        scored.append(((-(context * 2 + int(home)), u.rank, code), code))
    if not scored:
        return None
    return min(scored)[1]
