"""Decide which scanned candidates are figures, which only scope others, and which are noise.

Every rule here is a general property of Chinese news text (a year before 年,
第 before an ordinal, a short quoted title, a small count that re-counts items
listed beside it), never a particular sentence: the extractor is scored on
articles nobody has seen. When in doubt a candidate is dropped, because a
wrong number does more harm to our users than a missing one.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal

from extract.figures.scanner import Candidate
from extract.figures.textspans import CLAUSE_BREAK, SENTENCE_END, clause_end, clause_start, quoted_names
from extract.figures.vocab import Vocab

_ID_BEFORE = re.compile(r"[A-Za-z0-9_@#/.:]")
_ID_AFTER = re.compile(r"[A-Za-z_@]")
_RANGE_SEP = "至到—–-~～"
_DURATION_KEEP_BEFORE = ("为", "达", "长达", "历时", "用时", "耗时", "期", "满", "了", "近", "超", "逾")
_SCOPE_LEAD = ("近", "最近", "过去", "这", "前")
_PUNCT_OR_END = CLAUSE_BREAK + "。）)”’、 "


@dataclass(frozen=True, slots=True)
class Selection:
    """The outcome of filtering: figures, and durations that only scope other figures."""

    figures: list[Candidate]
    scopes: list[Candidate]


class Mask:
    """Character ranges (names, slogans, set phrases) where no figure may start."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], b))
            else:
                merged.append((a, b))
        self._starts = [a for a, _ in merged]
        self._spans = merged

    def overlaps(self, a: int, b: int) -> bool:
        i = bisect.bisect_right(self._starts, b - 1) - 1
        return i >= 0 and self._spans[i][1] > a


def build_mask(text: str, v: Vocab) -> Mask:
    spans = [m.span() for m in v.names.finditer(text)]
    spans += [m.span() for m in v.set_phrases.finditer(text)]
    spans += quoted_names(text, v.quote_pairs, v.quote_name_max_len)
    return Mask(spans)


def select(text: str, candidates: list[Candidate], v: Vocab) -> Selection:
    mask = build_mask(text, v)
    kept: list[Candidate] = []
    scopes: list[Candidate] = []
    for c in candidates:
        if mask.overlaps(c.num_start, c.unit_end) or not _lexically_valid(text, c, v):
            continue
        if c.numeral_kind == "chinese" and not _chinese_count_valid(text, c, v):
            continue
        if c.is_duration:
            verdict = _duration_role(text, c, v)
            if verdict == "scope":
                scopes.append(c)
                continue
            if verdict == "drop":
                continue
        kept.append(c)
    kept = _drop_scoping_durations(text, kept, scopes)
    return Selection(figures=kept, scopes=scopes)


def _lexically_valid(text: str, c: Candidate, v: Vocab) -> bool:
    """Rules that need only the characters around the candidate."""
    before = text[c.num_start - 1] if c.num_start > 0 else ""
    after = text[c.unit_end] if c.unit_end < len(text) else ""
    spec = c.spec
    if spec is not None:
        if after and after in spec.blocked_next:
            return False
        if spec.needs_boundary and after and after not in _PUNCT_OR_END and after not in "的钱":
            return False
        if len(spec.surface) == 1 and after == spec.surface:
            return False  # 一个个, 一份份: reduplication
    if c.numeral_kind == "arabic":
        if before and (_ID_BEFORE.match(before) or before in "-–—") and not _is_range_tail(text, c):
            return False
        if after and _ID_AFTER.match(after):
            return False
        digits = c.numeral.replace(",", "").replace("，", "")
        if len(digits) > 1 and digits[0] == "0" and digits[1] != ".":
            return False  # 0759: area code or ID
        if c.unit == "年" and not c.multiplier and c.approx == "exact" and _is_year(c.value):
            return False
    for marker in v.rank_before:
        b = c.num_start - len(marker)
        if b >= 0 and text.startswith(marker, b):
            if marker == "前" and c.unit != "人":
                continue
            return False
    # 每10万人 / 每万名职工 / 每3年: a rate's denominator, not a quantity of its own.
    return not (c.start == c.num_start and text[max(0, c.num_start - 1) : c.num_start] == "每")


def _is_year(value: Decimal) -> bool:
    return value == value.to_integral_value() and 1000 <= value <= 2100


def _is_range_tail(text: str, c: Candidate) -> bool:
    """``5-10人``: a hyphen between two plain numbers is a range, not an ID like CN44-0146."""
    i = c.num_start - 1
    if i < 0 or text[i] not in _RANGE_SEP:
        return False
    j = i - 1
    while j >= 0 and text[j].isdigit():
        j -= 1
    return j < i - 1 and (j < 0 or not _ID_BEFORE.match(text[j]) or text[j] == ".")


def _chinese_count_valid(text: str, c: Candidate, v: Vocab) -> bool:
    """Chinese-numeral counts are kept only when they add information of their own."""
    if c.numeral in ("一", "壹", "二") and not c.multiplier and c.approx == "exact" and c.unit != "%":
        return False  # 一位员工 (indefinite), 二次医保 (secondary): not counts
    after = text[c.unit_end : c.unit_end + 1]
    if after and after in v.place_suffixes and c.is_bare_chinese:
        return False  # 三栋镇: a place name
    if _is_programme_name(text, c, v):
        return False
    spec = c.spec
    nominal = spec is not None and not spec.verbal and not spec.is_duration and spec.kind != "percent"
    if nominal and c.is_bare_chinese and c.value < 10:
        return not _is_recount(text, c, v)
    return True


def _is_programme_name(text: str, c: Candidate, v: Vocab) -> bool:
    """开展万名职工送保障活动 / 千人大会: a round number opening a campaign or event name."""
    if not all(ch in "十百千万亿" for ch in c.numeral):
        return False
    if c.approx == "exact" and c.unit == "人":
        close = text[c.unit_end : clause_end(text, c.unit_end, CLAUSE_BREAK + " “”")][:8]
        for noun in v.programme_nouns_bare:
            pos = close.find(noun)
            if pos >= 0 and not any(verb in close[:pos] for verb in v.participation_verbs):
                return True
    cs = clause_start(text, c.start)
    lead = text[max(cs, c.start - 6) : c.start]
    if not any(lead.endswith(verb) for verb in v.programme_verbs):
        return False
    run_end = clause_end(text, c.unit_end, CLAUSE_BREAK + " “”")
    run = text[c.unit_end : min(run_end, c.unit_end + 14)]
    return any(noun in run for noun in v.programme_nouns)


def _is_recount(text: str, c: Candidate, v: Vocab) -> bool:
    """两家企业 right after the two firms were named re-counts them; it is not new information."""
    tail = text[c.unit_end : c.unit_end + 4]
    if any(tail.startswith(noun) for noun in v.recount_following):
        return True
    cs = clause_start(text, c.start)
    if not text[cs : c.start].strip():
        # The count opens its clause (…A公司和B公司，两家企业…): the list may close the clause before.
        cs = clause_start(text, max(0, cs - 1), SENTENCE_END + "\n")
    window = text[max(cs, c.start - 30) : c.start]
    if any(marker in window for marker in v.recount_before_clause):
        return True
    ce = clause_end(text, c.unit_end)
    rest = text[c.unit_end : ce]
    if any(word in rest for word in v.recount_after_clause):
        return True
    near = text[c.unit_end : min(ce, c.unit_end + 6)]
    return "的" in near


def _duration_role(text: str, c: Candidate, v: Vocab) -> str:
    """A duration is a figure (保障期为3年), a scope for others (十年来), or noise (百年党史)."""
    after = text[c.end : c.end + 2]
    if any(after.startswith(word) for word in v.scope_after):
        return "scope"
    lead = text[max(0, c.num_start - 2) : c.num_start]
    if lead.endswith(_SCOPE_LEAD) and (c.end >= len(text) or text[c.end] in CLAUSE_BREAK):
        return "scope"  # 最近3年，… / 过去两年，…
    if c.numeral_kind == "chinese" or c.numeral_kind == "vague":
        before = text[max(0, c.start - 2) : c.start]
        nxt = text[c.end : c.end + 1]
        if not (nxt == "" or nxt in _PUNCT_OR_END or any(before.endswith(w) for w in _DURATION_KEEP_BEFORE)):
            return "drop"
    return "figure"


def _drop_scoping_durations(text: str, kept: list[Candidate], scopes: list[Candidate]) -> list[Candidate]:
    """``10年惠及逾31万人次``: a duration followed in its clause by another figure scopes it."""
    out: list[Candidate] = []
    for i, c in enumerate(kept):
        if c.is_duration and i + 1 < len(kept):
            nxt = kept[i + 1]
            ce = clause_end(text, c.end)
            if not nxt.is_duration and nxt.start < ce:
                scopes.append(c)
                continue
        out.append(c)
    return out
