"""Organiser and participant roles: which of an article's organisations ran the activity.

Reports name the organiser as the subject of an activity verb
(``X举办/主办/承办/开展``, ``由X主办``), co-organisers by coordination (``X、Y联合举办``)
or after a co-organiser verb (``X联合Y``, ``X携手Y``). Everything else named in the
same breath is a venue (``到X调研``), a funder or a guest (``X等单位负责人参加活动``).
The rule is local: the nearest organisation before a verb in the same clause,
skipping venues, companies and platforms, unless the clause reads as a plan or a
description (``将``, ``计划``, ``的带动下``). Cue lists are data
(``organisations.json``, ``roles``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from extract.entities.data import alternation, organisations_data
from extract.places.cues import spans
from extract.records import Organisation, OrgRole

__all__ = ["assign_roles"]

_CLAUSE_END = re.compile(r"[，,。；;！？!?：:\n]")


@dataclass(frozen=True, slots=True)
class _Cues:
    verb_re: re.Pattern[str]
    co_verbs: frozenset[str]
    conjunction_re: re.Pattern[str]
    venue_re: re.Pattern[str]
    gap_stop_re: re.Pattern[str]
    participant_re: re.Pattern[str]
    max_gap: int


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    r = organisations_data()["roles"]
    return _Cues(
        # 宣讲员, 调研组, 慰问品: the verb inside a noun is no action
        verb_re=re.compile(f"(?:{alternation(r['organiser_verbs'])})(?![员团组品金])"),
        co_verbs=frozenset(r["coorganiser_verbs"]),
        conjunction_re=re.compile(f"^(?:{alternation(r['conjunctions'])})$"),
        venue_re=re.compile(f"(?:{alternation(r['venue_before'])})$"),
        gap_stop_re=re.compile(alternation(r["gap_stop"])),
        participant_re=re.compile(alternation(r["participant_verbs"])),
        max_gap=int(r["max_gap"]),
    )


def _clause_bounds(text: str) -> list[int]:
    """Start offset of the clause each character belongs to (one int per clause boundary)."""
    return [m.end() for m in _CLAUSE_END.finditer(text)]


def _clause_of(bounds: list[int], pos: int) -> int:
    """The clause index of ``pos``: how many clause ends come at or before it."""
    return bisect_right(bounds, pos)


def assign_roles(text: str, orgs: Sequence[Organisation]) -> list[Organisation]:
    """``orgs`` (one field) in text order, ``role`` set to organiser/participant where the text says so."""
    if not orgs:
        return []
    c = _cues()
    orgs = sorted(orgs, key=lambda o: o.start)
    bounds = _clause_bounds(text)
    clause = [_clause_of(bounds, o.start) for o in orgs]
    venue = _venues(text, orgs)
    quoted = spans(text)
    # a body named inside a quoted title (“广东工会百场…活动”走进…) is not the actor
    aside = [quoted.in_quote(o.start, o.end) for o in orgs]
    roles: list[OrgRole] = [o.role for o in orgs]
    for i, o in enumerate(orgs):  # a line that is only a name heads a sub-report by that body
        if text[max(0, o.start - 1) : o.start] in ("", "\n") and text[o.end : o.end + 1] in ("", "\n"):
            roles[i] = "organiser"

    ends = [o.end for o in orgs]
    for v in c.verb_re.finditer(text):
        vc = _clause_of(bounds, v.start())
        chosen = None
        for i in range(bisect_right(ends, v.start()) - 1, -1, -1):
            o = orgs[i]
            if clause[i] != vc:
                break
            gap = text[o.end : v.start()]
            if len(gap) > c.max_gap or c.gap_stop_re.search(gap):
                break
            if text[max(0, o.start - 1) : o.start] == "是":  # 是X组织举办的…: a description
                break
            if (
                venue[i]
                or aside[i]
                or (o.kind in ("company", "platform") and text[o.start - 1 : o.start] != "由")
            ):
                continue
            chosen = i
            break
        if chosen is not None:
            _mark_coordinated(text, orgs, venue, roles, chosen, step=-1)
        if v.group() in c.co_verbs:
            after = next((i for i, o in enumerate(orgs) if o.start in (v.end(), v.end() + 1)), None)
            if after is not None and (chosen is not None or roles[after] == "organiser"):
                _mark_coordinated(text, orgs, venue, roles, after, step=1)

    for m in c.participant_re.finditer(text):
        pc = _clause_of(bounds, m.start())
        for i, o in enumerate(orgs):
            if clause[i] == pc and o.end <= m.start() and roles[i] == "mention":
                roles[i] = "participant"
    return [o if o.role == r else replace(o, role=r) for o, r in zip(orgs, roles, strict=True)]


def _venues(text: str, orgs: Sequence[Organisation]) -> list[bool]:
    """Organisations named as the place of the activity (到X, 在X), or joined to one (到X和Y)."""
    c = _cues()
    out: list[bool] = []
    for i, o in enumerate(orgs):
        before = text[max(0, o.start - 2) : o.start]
        is_venue = bool(c.venue_re.search(before))
        if not is_venue and i > 0 and out[i - 1]:
            is_venue = bool(c.conjunction_re.match(text[orgs[i - 1].end : o.start]))
        out.append(is_venue)
    return out


def _mark_coordinated(
    text: str, orgs: Sequence[Organisation], venue: list[bool], roles: list[OrgRole], i: int, step: int
) -> None:
    """Mark ``orgs[i]`` organiser, then its neighbours joined to it only by 、/和/与 (X、Y联合举办)."""
    c = _cues()
    roles[i] = "organiser"
    j = i
    while 0 <= j + step < len(orgs):
        a, b = (orgs[j + step], orgs[j]) if step < 0 else (orgs[j], orgs[j + step])
        if not c.conjunction_re.match(text[a.end : b.start]) or venue[j + step]:
            break
        j += step
        if orgs[j].kind not in ("company", "platform"):
            roles[j] = "organiser"
