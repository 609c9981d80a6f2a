"""Figure extraction: every quantity in an article, exact, classified and traceable.

``find_figures`` is a pure function of the text (no spaCy, no I/O beyond the
packaged vocabularies), so the CLI, the indexer and tests share one
behaviour; the spaCy component in ``extract.figures.component`` wraps it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from extract.figures.filters import select
from extract.figures.measure import find_measure, find_per
from extract.figures.period import PeriodResolver, resolver
from extract.figures.ranges import expand_ranges
from extract.figures.scanner import Candidate, scan
from extract.figures.subject import SubjectFinder
from extract.figures.textspans import Spans
from extract.figures.vocab import vocab
from extract.records import Figure, FigureField

__all__ = ["FigureContext", "canonical_value", "find_figures"]


@dataclass(frozen=True)
class FigureContext:
    """What the article itself does not repeat but its figures depend on."""

    city: str | None = None  # the article's city, e.g. "湛江市" (全市/我市 → this)
    province: str | None = None  # the paper's home province, e.g. "广东省" (省总工会 → 广东省总工会)
    issue_year: int | None = None  # to resolve 今年/去年 into period_years


def canonical_value(value: Decimal) -> Decimal:
    """981900.00 and 981900 are one value; store the integral form so JSON and equality agree."""
    if value == value.to_integral_value():
        return value.to_integral_value()
    return value.normalize()


def find_figures(
    text: str, context: FigureContext | None = None, *, field: FigureField = "body"
) -> list[Figure]:
    """Every figure in ``text`` (one normalised article body or headline), in reading order."""
    ctx = context or FigureContext()
    v = vocab()
    selection = select(text, scan(text), v)
    if not selection.figures:
        return []
    candidates = expand_ranges(text, selection.figures)
    spans = Spans.of(text)
    periods = resolver(text, spans, selection.scopes, ctx.issue_year)
    subjects = SubjectFinder(text, spans, ctx.city, ctx.province)
    out: list[Figure] = []
    prev_end = 0
    for c in candidates:
        out.append(_figure(text, c, spans, periods, subjects, prev_end, field))
        prev_end = c.end
    return out


def _figure(
    text: str,
    c: Candidate,
    spans: Spans,
    periods: PeriodResolver,
    subjects: SubjectFinder,
    prev_end: int,
    field: FigureField,
) -> Figure:
    per, end = find_per(text, c, prev_end)
    info = periods.at(c.start)
    return Figure(
        text=text[c.start : end],
        value=canonical_value(c.value),
        unit=c.unit,
        approx=c.approx,
        start=c.start,
        end=end,
        sentence=spans.sentence(c.start),
        field=field,
        measure=find_measure(text, c, per),
        cumulative=info.cumulative,
        period=info.period,
        period_years=info.period_years,
        subject=subjects.at(c.start),
        per=per,
        is_duration=c.is_duration,
    )
