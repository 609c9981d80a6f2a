"""Event search: who did what, where and when, across every stored article.

``from``/``to`` filter the event's own date and fall back to the article's
issue date when the text gave none (``date`` in each item is the date that
was used; ``event_date`` is the text's own). ``type`` is checked against the
taxonomy in docs/events.md so a typo is a 422, not an empty page.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api.deps import KBDep, SettingsDep
from api.errors import ERROR_RESPONSES
from api.params import CursorParam, LimitParam, PaperParam, check_dates, invalid, page_size
from api.schemas import EventOut
from extract.entities.data import events_data
from kb import EventHit, EventQuery

router = APIRouter(prefix="/events", tags=["events"])


@cache
def event_types() -> tuple[str, ...]:
    """The taxonomy's types, in the order docs/events.md lists them."""
    data = events_data()
    types = [t["type"] for t in data["types"]]
    if data["fallback"] not in types:
        types.append(data["fallback"])
    return tuple(types)


class UnitOut(BaseModel):
    province: str | None
    city: str | None
    county: str | None


class EventItem(EventOut):
    """One event with its article; ``places`` here carry the province too."""

    places: list[UnitOut]  # type: ignore[assignment]
    ord: int = Field(description="position of the event in its article's events")
    event_date: str | None = Field(description="the date the text gave, if any")
    date: str | None = Field(description="event_date, else the article's issue date: what from/to filter")  # type: ignore[assignment]
    article_id: str
    paper: str
    issue_date: str | None
    headline: str
    url: str | None


class EventList(BaseModel):
    items: list[EventItem]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null on the last page")
    total: int | None
    limit: int


def item_from_hit(hit: EventHit) -> EventItem:
    data = hit.event.to_dict()
    data["event_date"] = data["date"]
    data["date"] = hit.date.isoformat() if hit.date else None
    data["places"] = [UnitOut(province=u.province, city=u.city, county=u.county) for u in hit.places]
    return EventItem(
        **data,
        ord=hit.ord,
        article_id=hit.article_id,
        paper=hit.paper,
        issue_date=hit.issue_date.isoformat() if hit.issue_date else None,
        headline=hit.headline,
        url=hit.url,
    )


@router.get("", response_model=EventList, responses=ERROR_RESPONSES)
def list_events(
    kb: KBDep,
    settings: SettingsDep,
    event_type: Annotated[
        str | None, Query(alias="type", description="event type from docs/events.md: 赠送, 慰问, 培训…")
    ] = None,
    province: Annotated[str | None, Query(description="province name or code of the event's place")] = None,
    city: Annotated[str | None, Query(description="city name or code (佛山市 includes 南海, 顺德)")] = None,
    county: Annotated[str | None, Query(description="county-level unit name or code")] = None,
    org: Annotated[str | None, Query(description="part of an organiser's or participant's full name")] = None,
    programme: Annotated[
        str | None, Query(description="programme name or alias (二次医保), or part of a name")
    ] = None,
    date_from: Annotated[
        date | None, Query(alias="from", description="event date (else issue date) on or after")
    ] = None,
    date_to: Annotated[
        date | None, Query(alias="to", description="event date (else issue date) on or before")
    ] = None,
    paper: PaperParam = None,
    limit: LimitParam = None,
    cursor: CursorParam = None,
) -> EventList:
    size = page_size(limit, settings)
    check_dates(date_from, date_to)
    if event_type and event_type not in event_types():
        raise invalid("type", f"must be one of {', '.join(event_types())}", event_type)
    page = kb.search_events(
        EventQuery(
            type=event_type or None,
            province=province or None,
            city=city or None,
            county=county or None,
            org=org or None,
            programme=programme or None,
            date_from=date_from,
            date_to=date_to,
            paper=paper or None,
            limit=size,
            cursor=cursor or None,
        )
    )
    return EventList(
        items=[item_from_hit(h) for h in page.items],
        next_cursor=page.next_cursor,
        total=page.total,
        limit=size,
    )
