"""Local cues around a place mention that say what part it plays in the sentence.

A place name in a union report is the organiser's seat (``湛江市总工会``), a
venue (``在广州举行``, ``到蓬江区开展``), part of another body's name
(``广州市自来水有限公司``), a worker's origin (``河南籍``), or part of a quoted
title. Only the first two locate the reported activity, and all of these can
be told apart from the few characters around the name, which is what the
activity rules in ``extract.places.activity`` build on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

VenueStrength = Literal["strong", "weak"]

# A name followed by one of these (with no union word between) names a company or institution.
_INSTITUTION_RE = re.compile(
    r"[^，。、；：！？\s“”‘’《》（）()]{0,14}?"
    r"(?:有限责任公司|有限公司|股份公司|公司|集团|银行|分行|支行|医院|大学|学院|学校|中学|小学|幼儿园|"
    r"供电局|电网|酒店|宾馆|商场|超市|研究院|研究所|出版社|报社|电视台)"
)
_UNION_WORD_RE = re.compile(r"工会|工联会|工联合会|总工|工人文化宫")
_PASSING_AFTER_RE = re.compile(r"籍|老乡|同乡|人士")
_PASSING_BEFORE = ("来自", "老家", "家乡", "籍贯", "祖籍", "出生于", "生于", "户籍")
# Prepositions that put an event at the place named right after them.
_AT_RE = re.compile(r"(?:在|于)$")
_TO_RE = re.compile(r"(?:前往|走进|深入|来到|奔赴|赴|到)$")
_AT_NOT_AFTER = set("关对由属至等基鉴善敢勇乐忠终处过便易急")
_TO_NOT_AFTER = set("受得达看提想做遇找听见感直收拿等谈说识觉回")
_EVENT_VERB_RE = re.compile(r"举行|举办|开展|召开|进行|启动|开幕|拉开帷幕|落幕|揭牌|亮相|成立|开班|开讲")
_UNDER_RE = re.compile(
    r"(?:指导|支持|帮助|带领|推动|关心|协调|组织|号召|见证|带动|领导|关怀|努力|引领)下$|下$"
)
_RESIDENT_RE = re.compile(r"工作|生活|打工|务工|就业|读书|求学|定居|出生|长大")
_CLAUSE_END = "，,。；;！？!?\n"
_SENTENCE_END = "。；;！？!?\n"


@dataclass(frozen=True, slots=True)
class Spans:
    """Character ranges of quotations and parentheses: names inside them are titles or asides."""

    quoted: tuple[tuple[int, int], ...]
    bracketed: tuple[tuple[int, int], ...]

    def in_quote(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.quoted)

    def in_brackets(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.bracketed)


def spans(text: str) -> Spans:
    return Spans(
        _pairs(text, "“", "”") + _pairs(text, "《", "》") + _pairs(text, "「", "」"), _brackets(text)
    )


def _pairs(text: str, open_: str, close: str) -> tuple[tuple[int, int], ...]:
    out = []
    i = text.find(open_)
    while i >= 0:
        j = text.find(close, i + 1)
        para_end = text.find("\n", i + 1)
        if j < 0 or (0 <= para_end < j):
            j = para_end if para_end >= 0 else len(text)  # an unclosed quote ends with its paragraph
        out.append((i, j + 1))
        i = text.find(open_, j + 1)
    return tuple(out)


_BRACKET_CHARS_RE = re.compile(r"[（()）\n]")


def _brackets(text: str) -> tuple[tuple[int, int], ...]:
    out = []
    stack: list[int] = []
    for m in _BRACKET_CHARS_RE.finditer(text):
        ch, i = m.group(0), m.start()
        if ch in "（(":
            stack.append(i)
        elif ch == "\n":
            stack.clear()
        elif stack:
            out.append((stack.pop(), i + 1))
    return tuple(out)


def in_institution_name(text: str, end: int) -> bool:
    """``广州市自来水有限公司``: the name only locates a company, not the activity."""
    m = _INSTITUTION_RE.match(text, end)
    return bool(m) and not _UNION_WORD_RE.search(m.group(0))


def is_passing(text: str, start: int, end: int) -> bool:
    """A person's origin (``河南籍员工``, ``来自湖南``) rather than where anything happens."""
    if _PASSING_AFTER_RE.match(text, end):
        return True
    before = text[max(0, start - 4) : start]
    return any(before.endswith(w) for w in _PASSING_BEFORE)


def clause_after(text: str, end: int) -> str:
    j = end
    n = len(text)
    while j < n and text[j] not in _CLAUSE_END:
        j += 1
    return text[end:j]


def clause_start(text: str, start: int) -> bool:
    """Whether only a dateline-style opener (or nothing) precedes ``start`` in its clause."""
    j = start - 1
    while j >= 0 and text[j] == " ":
        j -= 1
    return j < 0 or text[j] in _CLAUSE_END or text[j] in "）)"


def venue(text: str, start: int, end: int, *, in_lead: bool) -> VenueStrength | None:
    """How surely a preposition puts the activity at the name ``text[start:end]``.

    ``strong`` venues may override the organiser's seat as the activity place:
    an event verb in the same clause (``在广州举行``), a clause-initial locative
    (``在塘口镇，…``), or a motion verb in the lead paragraph (``到蓬江区开展``).
    Other preposition uses are ``weak``: they only refine a place already known.
    """
    before = text[max(0, start - 3) : start]
    after = clause_after(text, end)
    if _UNDER_RE.search(after) or _RESIDENT_RE.search(after[:8]):
        return None
    at = _AT_RE.search(before)
    if at and (at.start() == 0 or before[at.start() - 1] not in _AT_NOT_AFTER):
        at_pos = start - (len(before) - at.start())
        if _EVENT_VERB_RE.search(after):
            return "strong"
        if clause_start(text, at_pos) and len(after) <= 20:
            return "strong"
        return "weak"
    to = _TO_RE.search(before)
    if to:
        word = to.group(0)
        prev = before[to.start() - 1] if to.start() > 0 else ""
        if word == "到" and prev in _TO_NOT_AFTER:
            return None
        return "strong" if in_lead else "weak"
    return None


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line."""
    out = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    s = start
    for i in range(start, end):
        if text[i] in _SENTENCE_END:
            out.append((s, i + 1))
            s = i + 1
    if s < end:
        out.append((s, end))
    return out


_HEADING_PUNCT = re.compile(r"[。，,；;！？!?：:]")


def is_heading(line: str) -> bool:
    """A sub-report heading inside a roundup body (``江门市总工会``): short and unpunctuated."""
    stripped = line.strip().lstrip("#").strip()
    return 0 < len(stripped) <= 24 and not _HEADING_PUNCT.search(stripped)
