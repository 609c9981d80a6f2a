"""Article search and detail.

Endpoints are sync ``def``: the KB calls block (SQLite, the ES client), so
FastAPI runs them in its thread pool, where the SQLite backend gives each
thread its own read connection.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from api.deps import KBDep, SettingsDep
from api.errors import ERROR_RESPONSES, ApiError, ErrorResponse
from api.params import (
    CursorParam,
    IssueDateFrom,
    IssueDateTo,
    LimitParam,
    PaperParam,
    check_dates,
    page_size,
)
from api.schemas import ArticleDetail, ArticleList, detail_from_article, summary_from_hit
from kb import ArticleQuery

router = APIRouter(prefix="/articles", tags=["articles"])

QUERY_HELP = (
    'Terms are ANDed; `a OR b`; `-a` or `NOT a` excludes; `"a phrase"` matches exactly. '
    'Every term matches as a substring of the headline or body, e.g. `二次医保`, `"9897.25 万元"`.'
)

PLACE_HELP = (
    "articles whose activity happened in this {level} (places named in passing do not count): "
    "full name such as `{eg}` or its 6-digit code; "
    "`city=佛山市` also finds articles that only say 南海 or 顺德"
)


@router.get("", response_model=ArticleList, responses=ERROR_RESPONSES)
def list_articles(
    kb: KBDep,
    settings: SettingsDep,
    q: Annotated[str | None, Query(description=QUERY_HELP)] = None,
    date_from: IssueDateFrom = None,
    date_to: IssueDateTo = None,
    paper: PaperParam = None,
    province: Annotated[
        str | None, Query(description=PLACE_HELP.format(level="province", eg="广东省"))
    ] = None,
    city: Annotated[str | None, Query(description=PLACE_HELP.format(level="city", eg="佛山市"))] = None,
    county: Annotated[str | None, Query(description=PLACE_HELP.format(level="county", eg="南海区"))] = None,
    sort: Annotated[
        Literal["relevance", "date"] | None, Query(description="default: relevance with q, else date")
    ] = None,
    limit: LimitParam = None,
    cursor: CursorParam = None,
) -> ArticleList:
    size = page_size(limit, settings, echo=True)
    check_dates(date_from, date_to, bare_detail=True)
    text = q if q is not None and q.strip() else None  # an empty search box lists everything
    page = kb.search_articles(
        ArticleQuery(
            q=text,
            date_from=date_from,
            date_to=date_to,
            paper=paper or None,
            province=province or None,
            city=city or None,
            county=county or None,
            sort=sort or ("relevance" if text else "date"),
            limit=size,
            cursor=cursor or None,
        )
    )
    return ArticleList(
        items=[summary_from_hit(hit) for hit in page.items],
        next_cursor=page.next_cursor,
        total=page.total,
        limit=size,
    )


@router.get(
    "/{article_id}",
    response_model=ArticleDetail,
    responses={404: {"model": ErrorResponse, "description": "No such article"}},
)
def get_article(
    kb: KBDep, article_id: Annotated[str, Path(description="stable article id")]
) -> ArticleDetail:
    item = kb.get_article(article_id)
    if item is None:
        raise ApiError(404, "not_found", f"no article with id {article_id!r}")
    return detail_from_article(item)
