"""What a figure counts (its measure label) and the denominator of a rate.

Labels come from the documented vocabulary in ``data/figures/measures.json``
so that researchers can sum like with like across papers; cues are read in
the figure's own clause only, since a cue two clauses back usually belongs
to another figure.
"""

from __future__ import annotations

import re

from extract.figures.scanner import Candidate
from extract.figures.textspans import CLAUSE_BREAK, clause_end, clause_start
from extract.figures.vocab import vocab

_PER_UNITS = "人|名|位|份|户|年|月|天|日|次|件|个|家|场|小时|周|期"
_PER_BEFORE = re.compile(
    f"(?:每(?:个|名|位)?(?P<a>{_PER_UNITS})(?:每(?:个)?(?P<b>年|月|天|日|周|次))?|(?P<c>人|户)均)"
)
_PER_AFTER = re.compile(f"(?:/|／|每)(?P<a>{_PER_UNITS})(?:(?:/|／|每)(?P<b>{_PER_UNITS}))?")
_PER_NORMAL = {"名": "人", "位": "人", "日": "天", "个": "个"}


def _norm_per(unit: str | None) -> str | None:
    if unit is None:
        return None
    return _PER_NORMAL.get(unit, unit)


def find_per(text: str, c: Candidate, prev_end: int) -> tuple[str | None, int]:
    """The rate denominator and the new end of the figure's span (600元/人/年 keeps 600元 as text)."""
    m = _PER_AFTER.match(text, c.end)
    if m:
        parts = [p for p in (_norm_per(m.group("a")), _norm_per(m.group("b"))) if p]
        return "/".join(parts), c.end
    cs = max(clause_start(text, c.start), prev_end, c.start - 8)
    window = text[cs : c.start]
    best: re.Match[str] | None = None
    for m2 in _PER_BEFORE.finditer(window):
        best = m2
    if best is None:
        return None, c.end
    if best.group("c"):
        return _norm_per(best.group("c")), c.end
    parts = [p for p in (_norm_per(best.group("a")), _norm_per(best.group("b"))) if p]
    if parts and parts[0] == c.unit:
        return None, c.end  # 每份 before 份: a distribution, not a rate
    return "/".join(parts) or None, c.end


def find_measure(text: str, c: Candidate, per: str | None) -> str | None:
    """The nearest cue in the clause picks the label; rules listed first win ties."""
    cs = clause_start(text, c.start)
    before = text[cs : c.start]
    ce = clause_end(text, c.end, CLAUSE_BREAK + "、")
    after = text[c.end : min(ce, c.end + 16)]
    best: tuple[int, int, str] | None = None
    for order, rule in enumerate(vocab().measures):
        if c.unit not in rule.units:
            continue
        if rule.per is not None and rule.per != per:
            continue
        for cue in rule.cues:
            pos = before.rfind(cue)
            if pos >= 0:
                distance = len(before) - (pos + len(cue))
                key = (distance, order, rule.label)
                if best is None or key < best:
                    best = key
        for cue in rule.after:
            pos = after.find(cue)
            if pos >= 0:
                key = (pos + 1, order, rule.label)
                if best is None or key < best:
                    best = key
    return best[2] if best else None
