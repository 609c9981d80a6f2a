"""Find the spans of running text that name an admin division, before deciding which one they mean.

The scan is a single left-to-right pass probing the gazetteer's form index
longest-first at each position, so cost grows with text length, not with the
number of places. A match is then extended through names that may follow it
only because their parent came first (``江门`` + ``开平市``, ``佛山`` + ``南海``,
``开平市`` + ``百合镇``): those compound forms are how papers pin a county or
town, and reading them as one mention resolves them without any guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.places.gazetteer import EPONYMS, Gazetteer

# A development zone written after a city is still in that city, but is not a county-level unit.
_ZONE_RE = re.compile(
    r"(?:国家级)?(?:高新技术产业开发区|高新区|经济技术开发区|经济开发区|经开区|开发区|综合保税区|保税区|自贸片区|自贸区|新区)"
)
# Deictic place words: the paper's own province, or the article's city / district / county.
_DEIXIS_RE = re.compile(r"[我全本]([省市区县])(?![场域委政民营属])")


_TITLE_BEFORE_RE = re.compile(
    r"(?:主席|书记|部长|主任|记者|通讯员|局长|处长|科长|经理|会长|教授|代表|职工|员工|工人|老师|师傅|院长|校长|"
    r"董事长|市长|区长|县长|镇长|主持人|传承人|劳模|工匠|同志|先生|女士)$"
)
_NOT_SURNAME = set("在到赴于和与及、，,。的等为向从对把被由给同跟自经")


@dataclass(slots=True)
class RawMention:
    """A matched span with the units it may name (the most specific unit of a compound)."""

    start: int
    end: int
    candidates: tuple[str, ...]
    chained: bool = False  # a compound whose later part was read under its parent
    zone: bool = False  # ends in 高新区/开发区…: a zone inside the named unit
    deixis: str | None = None  # 省/市/区/县 for 全市, 我区…; candidates empty until resolved


def scan(text: str, gaz: Gazetteer) -> list[RawMention]:
    """Every place-name span in ``text``, non-overlapping, leftmost-longest, in order."""
    out: list[RawMention] = []
    index = gaz.index
    index.longest(text, 0)  # freezes the index on first use
    prefixes = index.lengths
    # one set probe per position in a comprehension; only the few hits pay for a real lookup
    starts = [i for i in range(len(text) - 1) if text[i : i + 2] in prefixes]
    i = 0
    for pos in starts:
        if pos < i:
            continue
        i = pos
        end, forms = index.longest(text, i)
        if not forms:
            continue
        name = text[i:end]
        if name in EPONYMS and text.startswith(EPONYMS[name], end):
            i = end
            continue
        if all(f.short for f in forms) and _in_person_name(text, i):
            i = end
            continue
        mention = RawMention(i, end, tuple(dict.fromkeys(f.code for f in forms)))
        _extend_chain(text, gaz, mention)
        if _is_word_use(text, mention, gaz):
            i = mention.end
            continue
        zone = _ZONE_RE.match(text, mention.end)
        if zone and all(gaz.unit(c).rank <= 3 for c in mention.candidates):
            mention.end = zone.end()
            mention.zone = True
        out.append(mention)
        i = mention.end
    return _add_deixis(text, out)


def _in_person_name(text: str, start: int) -> bool:
    """``副主席徐海东``: a title, one surname character, then a short place form is a given name."""
    if start < 3 or text[start - 1] in _NOT_SURNAME:
        return False
    return bool(_TITLE_BEFORE_RE.search(text, max(0, start - 8), start - 1))


def _extend_chain(text: str, gaz: Gazetteer, mention: RawMention) -> None:
    while True:
        best_end, best_codes = mention.end, ()
        for code in mention.candidates:
            idx = gaz.child_index.get(code)
            if idx is None:
                continue
            end, forms = idx.longest(text, mention.end)
            if forms and end > best_end:
                best_end, best_codes = end, tuple(f.code for f in forms)
        if not best_codes:
            return
        mention.end = best_end
        mention.candidates = tuple(dict.fromkeys(best_codes))
        mention.chained = True


def _is_word_use(text: str, mention: RawMention, gaz: Gazetteer) -> bool:
    """镇 in 城镇化 and the like: a township name that is really part of a longer word."""
    if mention.chained:
        return False
    nxt = text[mention.end : mention.end + 1]
    return nxt == "化" and all(gaz.unit(c).level == 4 for c in mention.candidates)


def _add_deixis(text: str, names: list[RawMention]) -> list[RawMention]:
    if not _DEIXIS_RE.search(text):
        return names
    taken = [(m.start, m.end) for m in names]
    extra = []
    for m in _DEIXIS_RE.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        extra.append(RawMention(m.start(), m.end(), (), deixis=m.group(1)))
    return sorted([*names, *extra], key=lambda m: m.start)
