"""Figure search: every stored money amount, count and rate, with where it was printed.

``min``/``max`` arrive as strings and are parsed by ``kb.values.parse_bound``
rather than as floats, so ``min=98972500`` is the exact decimal and a bound
may be written as the papers print it (``9897.25万``). Each item carries
``value`` as a JSON number for charts and ``value_text`` as the exact
decimal string for anyone who sums money.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api.deps import KBDep, SettingsDep
from api.errors import ERROR_RESPONSES
from api.params import (
    CursorParam,
    IssueDateFrom,
    IssueDateTo,
    LimitParam,
    PaperParam,
    check_dates,
    invalid,
    page_size,
)
from api.routers.articles import QUERY_HELP
from extract.records import decimal_to_json
from kb import FigureHit, FigureQuery
from kb.values import parse_bound

router = APIRouter(prefix="/figures", tags=["figures"])


class FigureItem(BaseModel):
    """One figure and its provenance; offsets index the article field named by ``field``."""

    article_id: str
    paper: str
    issue_date: date | None
    headline: str
    url: str | None = Field(description="the article's source URL, when it was fetched from the web")
    page: str | None = Field(description="page (版) number in the issue")
    text: str = Field(description="the figure as printed")
    value: int | float = Field(description="the value in `unit`; integral values are integers")
    value_text: str = Field(description="the exact decimal as a string")
    unit: str
    approx: str = Field(description="exact | over | about | under")
    measure: str | None
    cumulative: bool
    period: str | None
    period_years: list[int] | None
    subject: str | None
    per: str | None
    is_duration: bool
    field: str = Field(description="kicker | title | subtitle | body: the text the offsets point into")
    start: int
    end: int
    sentence: str


class FigureList(BaseModel):
    items: list[FigureItem]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null on the last page")
    total: int | None
    limit: int


def item_from_hit(hit: FigureHit) -> FigureItem:
    f = hit.figure
    return FigureItem(
        article_id=hit.article_id,
        paper=hit.paper,
        issue_date=hit.issue_date,
        headline=hit.headline,
        url=hit.url,
        page=hit.page_number,
        text=f.text,
        value=decimal_to_json(f.value),
        value_text=str(f.value),
        unit=f.unit,
        approx=f.approx,
        measure=f.measure,
        cumulative=f.cumulative,
        period=f.period,
        period_years=list(f.period_years) if f.period_years else None,
        subject=f.subject,
        per=f.per,
        is_duration=f.is_duration,
        field=f.field,
        start=f.start,
        end=f.end,
        sentence=f.sentence,
    )


def _bound(field: str, text: str | None) -> Decimal | None:
    if text is None or not text.strip():
        return None
    try:
        return parse_bound(text)
    except ValueError as exc:
        raise invalid(field, str(exc), text) from None


@router.get("", response_model=FigureList, responses=ERROR_RESPONSES)
def list_figures(
    kb: KBDep,
    settings: SettingsDep,
    q: Annotated[
        str | None, Query(description="figures of the articles matching this search. " + QUERY_HELP)
    ] = None,
    unit: Annotated[
        str | None, Query(description="normalised unit, exactly: 元, 人, 人次, 户, 份, %…")
    ] = None,
    measure: Annotated[
        str | None, Query(description="what is counted, exactly: 受益总金额, 参保人次…")
    ] = None,
    min_value: Annotated[
        str | None, Query(alias="min", description="value at least (inclusive, exact): 98972500 or 9897.25万")
    ] = None,
    max_value: Annotated[
        str | None, Query(alias="max", description="value at most (inclusive, exact)")
    ] = None,
    cumulative: Annotated[bool | None, Query(description="only running totals (true) or not (false)")] = None,
    date_from: IssueDateFrom = None,
    date_to: IssueDateTo = None,
    paper: PaperParam = None,
    limit: LimitParam = None,
    cursor: CursorParam = None,
) -> FigureList:
    size = page_size(limit, settings)
    low, high = _bound("min", min_value), _bound("max", max_value)
    if low is not None and high is not None and low > high:
        raise invalid("min", f"must not be greater than max ({low} > {high})", min_value)
    check_dates(date_from, date_to)
    page = kb.search_figures(
        FigureQuery(
            q=q if q is not None and q.strip() else None,
            unit=unit or None,
            measure=measure or None,
            min=low,
            max=high,
            cumulative=cumulative,
            date_from=date_from,
            date_to=date_to,
            paper=paper or None,
            limit=size,
            cursor=cursor or None,
        )
    )
    return FigureList(
        items=[item_from_hit(hit) for hit in page.items],
        next_cursor=page.next_cursor,
        total=page.total,
        limit=size,
    )
