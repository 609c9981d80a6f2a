"""Find every number-plus-measure-word in a text, before deciding which are figures.

The scanner is deliberately permissive and purely lexical: it reads the
number, its multiplier, approximation words and measure word, and computes
the exact value. Whether a candidate is a real figure (not a date, ordinal,
name or re-count) is decided afterwards in ``filters`` with the context in
view, so each rule can be tested on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from extract.figures.numerals import (
    CN_NUMERAL_CHARS,
    multiplier_value,
    parse_arabic,
    parse_chinese,
)
from extract.figures.vocab import UnitSpec, Vocab, vocab
from extract.records import Approx

NumeralKind = Literal["arabic", "chinese", "vague"]

_SPACE = "[ \\t\\u3000\\u00a0]?"
_ARABIC = r"\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?"
_CHINESE = f"[{CN_NUMERAL_CHARS}]+(?:点[零〇一二三四五六七八九]+)?"
_MULT = "千万|百万|十万|万亿|亿|万|千|百|十"
_APPROX_RANK = {"exact": 0, "about": 1, "under": 2, "over": 3}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A number with a measure word, read lexically; offsets index the scanned text."""

    start: int
    end: int
    num_start: int
    num_end: int
    value: Decimal
    unit: str
    spec: UnitSpec | None
    approx: Approx
    numeral: str
    numeral_kind: NumeralKind
    multiplier: str
    unit_start: int
    unit_end: int

    @property
    def is_duration(self) -> bool:
        return self.spec is not None and self.spec.is_duration

    @property
    def is_bare_chinese(self) -> bool:
        """A Chinese numeral with no multiplier or vagueness: 两次, 三个, 一位."""
        return self.numeral_kind == "chinese" and not self.multiplier and self.approx == "exact"


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    v = vocab()
    surfaces = sorted(v.units, key=len, reverse=True)
    nouns = sorted(v.people_nouns, key=len, reverse=True)
    unit_alt = "|".join(re.escape(s) for s in surfaces)
    noun_alt = "|".join(re.escape(n) for n in nouns)
    vague = "".join(v.approx_vague)
    return re.compile(
        f"(?P<num>{_ARABIC}|[{vague}](?={_SPACE}[十百千万亿])|{_CHINESE})"
        f"{_SPACE}(?P<inner1>[多余几])?{_SPACE}(?P<mult>{_MULT})?(?P<inner2>[多余])?{_SPACE}"
        f"(?:(?P<unit>{unit_alt})|(?P<noun>{noun_alt}))"
    )


_PERCENT_WORD = re.compile(f"百分之(?P<num>\\d+(?:\\.\\d+)?|{_CHINESE})")


def _prefix_approx(text: str, start: int, v: Vocab) -> tuple[int, Approx]:
    """Longest approximation word ending right before the number (one space allowed)."""
    pos = start
    if pos > 0 and text[pos - 1] == " ":
        pos -= 1
    for word in sorted(v.approx_prefix, key=len, reverse=True):
        begin = pos - len(word)
        if begin >= 0 and text.startswith(word, begin):
            blocked = v.approx_blocked_before.get(word, "")
            if begin > 0 and text[begin - 1] in blocked:
                continue
            return begin, v.approx_prefix[word]
    return start, "exact"


def _round_prefix(text: str, start: int, v: Vocab) -> tuple[int, Approx]:
    """上千名 / 上万人: 上 marks over only before a round Chinese numeral, and not in 线上 / 会上."""
    for word, approx in v.round_prefix.items():
        begin = start - len(word)
        if begin >= 0 and text.startswith(word, begin):
            if begin > 0 and text[begin - 1] in v.round_prefix_blocked_before:
                continue
            return begin, approx
    return start, "exact"


def _suffix_approx(text: str, end: int, v: Vocab) -> tuple[int, Approx]:
    for word in sorted(v.approx_suffix, key=len, reverse=True):
        if text.startswith(word, end):
            return end + len(word), v.approx_suffix[word]
    return end, "exact"


def _stronger(a: Approx, b: Approx) -> Approx:
    """逾 and 多 both say over; an explicit marker beats the default exact."""
    return a if _APPROX_RANK[a] >= _APPROX_RANK[b] else b


def _numeral_value(num: str, kind: NumeralKind) -> Decimal | None:
    if kind == "arabic":
        return parse_arabic(num)
    if kind == "vague":
        return Decimal(1)
    return parse_chinese(num)


def scan(text: str) -> list[Candidate]:
    """All lexical quantity candidates in reading order (no context filtering yet)."""
    v = vocab()
    out: list[Candidate] = []
    for m in _pattern().finditer(text):
        cand = _candidate(text, m, v)
        if cand is not None:
            out.append(cand)
    for m in _PERCENT_WORD.finditer(text):
        cand = _percent_word(text, m, v)
        if cand is not None:
            out.append(cand)
    out.sort(key=lambda c: c.start)
    return out


def _candidate(text: str, m: re.Match[str], v: Vocab) -> Candidate | None:
    num = m.group("num")
    if num[0].isdigit():
        kind: NumeralKind = "arabic"
    elif num in v.approx_vague:
        kind = "vague"
    else:
        kind = "chinese"
    value = _numeral_value(num, kind)
    if value is None:
        return None
    mult = m.group("mult") or ""
    if kind == "chinese" and mult and num[-1] in "十百千万亿" and not mult.startswith(("万", "亿")):
        return None  # 三百千 is not a number
    if kind == "arabic" and mult == "十":
        return None
    if kind == "vague" and not mult:
        return None
    approx: Approx = "exact"
    inner = m.group("inner1") or m.group("inner2")
    if inner:
        approx = v.approx_inner[inner]
    if kind == "vague":
        approx = _stronger(approx, v.approx_vague[num])
    unit_surface = m.group("unit")
    spec: UnitSpec | None
    if unit_surface is not None:
        spec = v.units[unit_surface]
        unit = spec.unit
        factor = Decimal(spec.factor)
        unit_start, unit_end = m.span("unit")
        if spec.approx:
            approx = _stronger(approx, spec.approx)
    else:
        if not mult and not (kind == "chinese" and any(ch in "十百千万亿" for ch in num)):
            return None  # 50职工 is not how a count is printed; 千万职工 / 2万职工 are
        spec = None
        unit = v.people_unit
        factor = Decimal(1)
        unit_start, unit_end = m.span("noun")
    value = value * multiplier_value(mult) * factor
    start, pre = _prefix_approx(text, m.start("num"), v)
    if start == m.start("num") and kind == "chinese" and all(ch in "十百千万亿" for ch in num):
        start, pre = _round_prefix(text, start, v)
    end, post = _suffix_approx(text, m.end(), v)
    approx = _stronger(_stronger(approx, pre), post)
    return Candidate(
        start=start,
        end=end,
        num_start=m.start("num"),
        num_end=m.end("num"),
        value=value,
        unit=unit,
        spec=spec,
        approx=approx,
        numeral=num,
        numeral_kind=kind,
        multiplier=mult,
        unit_start=unit_start,
        unit_end=unit_end,
    )


def _percent_word(text: str, m: re.Match[str], v: Vocab) -> Candidate | None:
    num = m.group("num")
    kind: NumeralKind = "arabic" if num[0].isdigit() else "chinese"
    value = _numeral_value(num, kind)
    if value is None:
        return None
    start, pre = _prefix_approx(text, m.start(), v)
    end, post = _suffix_approx(text, m.end(), v)
    return Candidate(
        start=start,
        end=end,
        num_start=m.start("num"),
        num_end=m.end("num"),
        value=value,
        unit="%",
        spec=v.units["%"],
        approx=_stronger(pre, post),
        numeral=num,
        numeral_kind=kind,
        multiplier="",
        unit_start=m.start(),
        unit_end=m.start() + 3,
    )
