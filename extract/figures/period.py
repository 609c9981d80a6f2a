"""Time scopes (十年来, 截至2025年6月, 2025年, 今年) and whether a figure is a running total.

A scope stated at the head of a clause governs the figures after it in the
same paragraph until another scope or a dated clause (3月5日，) takes over,
which is how reports chain 十年来…；十年来…，今年… . Single-year scopes only
count at a clause head, because ``员工2022年被诊断`` dates an event rather
than scoping a total.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from extract.figures.scanner import Candidate
from extract.figures.textspans import OPEN_QUOTES, Spans, clause_start
from extract.figures.vocab import vocab

ScopeKind = Literal["cumulative", "single", "date"]

_YEAR = r"(?:19|20)\d{2}"
_N = r"(?:\d+|[一二两三四五六七八九十百]+)"
_YEARS_IN = re.compile(r"(?:19|20)\d{2}")


@dataclass(frozen=True, slots=True)
class Scope:
    """One time scope as printed, where it stands and what kind of total it makes."""

    start: int
    end: int
    text: str
    kind: ScopeKind
    years: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class PeriodInfo:
    period: str | None
    period_years: tuple[int, int] | None
    cumulative: bool


def _expand(pattern: str) -> str:
    return pattern.replace("YEAR", _YEAR).replace("N", _N)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    p = vocab().periods
    return {
        "cumulative_free": re.compile("|".join(f"(?:{_expand(x)})" for x in p["cumulative_free"])),
        "cumulative_clause_initial": re.compile(
            "|".join(f"(?:{_expand(x)})" for x in p["cumulative_clause_initial"])
        ),
        "single_clause_initial": re.compile(
            "|".join(f"(?:{_expand(x)})" for x in p["single_clause_initial"])
        ),
        "date_clause_initial": re.compile("|".join(f"(?:{_expand(x)})" for x in p["date_clause_initial"])),
    }


def _is_clause_initial(text: str, start: int) -> bool:
    cs = clause_start(text, start)
    head = text[cs:start].strip(" \u3000" + OPEN_QUOTES)
    for word in vocab().periods["clause_lead_words"]:
        if head.startswith(word):
            head = head[len(word) :].strip(" ，,")
    return head in ("", "在", "于", "从", "自")


def _resolve_years(text: str, issue_year: int | None) -> tuple[int, int] | None:
    years = [int(y) for y in _YEARS_IN.findall(text)]
    if text.startswith("截至"):
        return None
    if len(years) == 2 and any(sep in text for sep in "至到—-~～"):
        return years[0], years[1]
    if "以来" in text or "起" in text:
        if years and issue_year:
            return years[0], issue_year
        if text.startswith("今年") and issue_year:
            return issue_year, issue_year
        if text.startswith("去年") and issue_year:
            return issue_year - 1, issue_year
        return None
    if len(years) == 1 and "年来" not in text:
        return years[0], years[0]
    if issue_year and not years:
        if text.startswith("今年"):
            return issue_year, issue_year
        if text.startswith("去年"):
            return issue_year - 1, issue_year - 1
        if text.startswith("前年"):
            return issue_year - 2, issue_year - 2
    return None


def _clean_since(text: str) -> str:
    """``省职工保障互助会自1999年…以来`` → ``自1999年…以来``; ``特别是…以来`` → ``…以来``."""
    for marker in ("自", "从"):
        i = text.rfind(marker, 0, max(0, len(text) - 2))
        if i > 0 and text.endswith("以来"):
            return text[i:]
    for word in vocab().periods["clause_lead_words"]:
        if text.startswith(word):
            return text[len(word) :]
    return text


def find_scopes(text: str, scope_durations: list[Candidate], issue_year: int | None) -> list[Scope]:
    pats = _patterns()
    found: list[Scope] = []
    for m in pats["cumulative_free"].finditer(text):
        surface = _clean_since(m.group())
        start = m.end() - len(surface)
        found.append(Scope(start, m.end(), surface, "cumulative", _resolve_years(surface, issue_year)))
    for m in pats["cumulative_clause_initial"].finditer(text):
        if _is_clause_initial(text, m.start()):
            found.append(
                Scope(m.start(), m.end(), m.group(), "cumulative", _resolve_years(m.group(), issue_year))
            )
    for m in pats["single_clause_initial"].finditer(text):
        if _is_clause_initial(text, m.start()):
            found.append(
                Scope(m.start(), m.end(), m.group(), "single", _resolve_years(m.group(), issue_year))
            )
    for m in pats["date_clause_initial"].finditer(text):
        if _is_clause_initial(text, m.start()) and _ends_clause_or_verb(text, m.end()):
            found.append(Scope(m.start(), m.end(), m.group(), "date"))
    for c in scope_durations:
        found.append(Scope(c.start, c.end, text[c.start : c.end], "cumulative"))
    return _dedupe(found)


def _ends_clause_or_verb(text: str, end: int) -> bool:
    """``3月5日，`` dates the clause; ``3月份的数据`` does not reset anything."""
    return end >= len(text) or text[end] not in "的份"


def _dedupe(scopes: list[Scope]) -> list[Scope]:
    """Overlapping matches describe one scope: keep the longest, earliest one."""
    scopes.sort(key=lambda s: (s.start, -(s.end - s.start)))
    out: list[Scope] = []
    for s in scopes:
        if out and s.start < out[-1].end:
            continue
        out.append(s)
    return out


class PeriodResolver:
    """Answers "which scope governs offset i" by bisection over the scopes of one text."""

    def __init__(self, text: str, spans: Spans, scopes: list[Scope], cues: tuple[str, ...]) -> None:
        self._text = text
        self._spans = spans
        self._scopes = scopes
        self._ends = [s.end for s in scopes]
        self._cues = cues

    def at(self, start: int) -> PeriodInfo:
        para = self._spans.paragraph_start(start)
        i = bisect.bisect_right(self._ends, start) - 1
        scope = self._scopes[i] if i >= 0 and self._scopes[i].start >= para else None
        cue = self._has_cue(start, scope.end if scope is not None else 0)
        if scope is None or scope.kind == "date":
            return PeriodInfo(None, None, cue)
        return PeriodInfo(scope.text, scope.years, scope.kind == "cumulative" or cue)

    def _has_cue(self, start: int, scope_end: int) -> bool:
        """累计 marks the rest of its sentence, but not past a new scope (十年来累计…，今年…)."""
        sent_start, _ = self._spans.sentence_bounds(start)
        before = self._text[max(sent_start, scope_end) : start]
        return any(cue in before for cue in self._cues)


def resolver(
    text: str, spans: Spans, scope_durations: list[Candidate], issue_year: int | None
) -> PeriodResolver:
    scopes = find_scopes(text, scope_durations, issue_year)
    return PeriodResolver(text, spans, scopes, tuple(vocab().periods["cumulative_cues"]))
