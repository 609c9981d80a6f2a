"""Organisations, programmes and people, and their mentions over time.

Ids are durable (kind + normalised name, see ``kb.base.entity_id``), so a
link to ``/entities/{id}`` survives re-ingest; article responses carry the
same ids on each organisation, programme and person.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from api.deps import KBDep, SettingsDep
from api.errors import ERROR_RESPONSES, ApiError, ErrorResponse
from api.params import CursorParam, LimitParam, page_size
from kb import EntityHit, EntityQuery

router = APIRouter(prefix="/entities", tags=["entities"])


class EntityItem(BaseModel):
    id: str
    kind: str = Field(description="organisation | programme | person")
    name: str = Field(description="normalised full name (programmes: canonical name)")
    mentions: int = Field(description="occurrences")
    articles: int = Field(description="distinct articles")
    first_date: date | None = Field(description="earliest issue date mentioning it")
    last_date: date | None


class EntityList(BaseModel):
    items: list[EntityItem]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null on the last page")
    total: int | None
    limit: int


class MonthOut(BaseModel):
    month: str = Field(description="YYYY-MM of the issue date")
    mentions: int
    articles: int


class MentionOut(BaseModel):
    article_id: str
    paper: str
    issue_date: date | None
    headline: str
    role: str
    text: str = Field(description="the surface form printed")
    field: str = Field(description="kicker | title | subtitle | body: the text the offsets point into")
    start: int
    end: int
    detail: str | None = Field(description="organisation kind, or a person's title")


class EntityDetailOut(EntityItem):
    months: list[MonthOut] = Field(description="mentions per month, oldest first (dated issues only)")
    latest: list[MentionOut] = Field(description="the latest mentions, newest first")


def item_from_hit(hit: EntityHit) -> EntityItem:
    return EntityItem(
        id=hit.id,
        kind=hit.kind,
        name=hit.name,
        mentions=hit.mentions,
        articles=hit.articles,
        first_date=hit.first_date,
        last_date=hit.last_date,
    )


@router.get("", response_model=EntityList, responses=ERROR_RESPONSES)
def list_entities(
    kb: KBDep,
    settings: SettingsDep,
    q: Annotated[str | None, Query(description="part of the name, e.g. 南海区总工会")] = None,
    kind: Annotated[
        Literal["organisation", "programme", "person"] | None, Query(description="entity kind")
    ] = None,
    limit: LimitParam = None,
    cursor: CursorParam = None,
) -> EntityList:
    size = page_size(limit, settings)
    text = q.strip() if q is not None and q.strip() else None
    page = kb.search_entities(EntityQuery(q=text, kind=kind, limit=size, cursor=cursor or None))
    return EntityList(
        items=[item_from_hit(h) for h in page.items],
        next_cursor=page.next_cursor,
        total=page.total,
        limit=size,
    )


@router.get(
    "/{entity_id}",
    response_model=EntityDetailOut,
    responses={404: {"model": ErrorResponse, "description": "No such entity"}},
)
def get_entity(kb: KBDep, entity_id: Annotated[str, Path(description="entity id")]) -> EntityDetailOut:
    detail = kb.get_entity(entity_id)
    if detail is None:
        raise ApiError(404, "not_found", f"no entity with id {entity_id!r}")
    return EntityDetailOut(
        **item_from_hit(detail.entity).model_dump(),
        months=[MonthOut(month=m.month, mentions=m.mentions, articles=m.articles) for m in detail.months],
        latest=[
            MentionOut(
                article_id=m.article_id,
                paper=m.paper,
                issue_date=m.issue_date,
                headline=m.headline,
                role=m.role,
                text=m.text,
                field=m.field,
                start=m.start,
                end=m.end,
                detail=m.detail,
            )
            for m in detail.latest
        ],
    )
