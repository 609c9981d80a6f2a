"""The province → city → county tree with article and event counts.

``articles`` counts articles whose *activity* happened in a unit (places
named in passing do not count, as for ``/articles?city=``); ``events`` counts
events placed there. A parent counts distinct articles/events, so it can be
less than the sum of its children (one article from two cities) or more
(places resolved only to the city).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api.deps import KBDep
from api.errors import ERROR_RESPONSES
from api.params import PaperParam, check_dates
from kb import PlaceNode

router = APIRouter(prefix="/places", tags=["places"])


class PlaceNodeOut(BaseModel):
    level: str = Field(description="province | city | county")
    name: str
    code: str | None = Field(description="GB/T 2260 code")
    articles: int
    events: int
    children: list[PlaceNodeOut]


class PlaceTree(BaseModel):
    items: list[PlaceNodeOut] = Field(description="provinces in code order")


def node_out(node: PlaceNode) -> PlaceNodeOut:
    return PlaceNodeOut(
        level=node.level,
        name=node.name,
        code=node.code,
        articles=node.articles,
        events=node.events,
        children=[node_out(c) for c in node.children],
    )


@router.get("", response_model=PlaceTree, responses=ERROR_RESPONSES)
def place_tree(
    kb: KBDep,
    paper: PaperParam = None,
    date_from: Annotated[
        date | None, Query(alias="from", description="issue date (events: event date) on or after")
    ] = None,
    date_to: Annotated[
        date | None, Query(alias="to", description="issue date (events: event date) on or before")
    ] = None,
) -> PlaceTree:
    check_dates(date_from, date_to)
    return PlaceTree(items=[node_out(n) for n in kb.place_tree(paper or None, date_from, date_to)])
