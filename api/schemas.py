"""Response models: the public JSON shapes, documented in OpenAPI at ``/docs``.

They are built from ``kb`` records here rather than in the routers so list and
detail views cannot drift apart on the shared fields.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from extract.records import Article, decimal_to_json
from kb import ArticleHit, StoredArticle
from kb.base import entity_id


class PageInfo(BaseModel):
    number: str | None
    name: str | None
    pdf_url: str | None


class IssueInfo(BaseModel):
    date: date | None
    number: str | None


class SourceOut(BaseModel):
    kind: str
    url: str | None
    path: str | None
    raw_sha256: str
    fetched_at: datetime | None


class FigureOut(BaseModel):
    text: str
    value: int | float = Field(description="exact value; integral values are integers")
    value_text: str = Field(description="the exact decimal as a string, for consumers that need no rounding")
    unit: str
    approx: str
    measure: str | None
    cumulative: bool
    period: str | None
    period_years: list[int] | None
    subject: str | None
    per: str | None
    is_duration: bool
    field: str
    start: int
    end: int
    sentence: str


class PlaceCodes(BaseModel):
    province: str | None
    city: str | None
    county: str | None


class PlaceOut(BaseModel):
    """A place as printed, resolved to the admin tree; ``role`` says where the activity happened."""

    text: str
    province: str | None
    city: str | None
    county: str | None
    town: str | None
    codes: PlaceCodes = Field(description="GB/T 2260 codes of each level")
    role: str = Field(description="activity: where it happened | mention: named in passing")
    field: str
    start: int
    end: int


class EventPlace(BaseModel):
    city: str | None
    county: str | None


class EventOut(BaseModel):
    """One reported activity; ``type`` is from the taxonomy in docs/events.md."""

    type: str
    date: str | None = Field(description="ISO date from the text; approximate when date_precision says so")
    month_day: str | None
    date_text: str | None
    date_precision: str | None
    places: list[EventPlace]
    organisers: list[str]
    participants: list[str]
    programmes: list[str]
    figure_indexes: list[int] = Field(description="positions in the article's figures")
    cues: list[str]
    start: int
    end: int


class OrganisationOut(BaseModel):
    id: str = Field(description="entity id, for /entities/{id}")
    text: str
    name: str
    kind: str
    role: str
    field: str
    start: int
    end: int


class ProgrammeOut(BaseModel):
    id: str
    text: str
    name: str
    aliases: list[str]
    field: str
    start: int
    end: int


class PersonOut(BaseModel):
    id: str
    text: str
    name: str
    title: str | None
    org: str | None
    role: str
    field: str
    start: int
    end: int


class EntitiesOut(BaseModel):
    organisations: list[OrganisationOut]
    programmes: list[ProgrammeOut]
    people: list[PersonOut]


class ArticleRecords(BaseModel):
    """Places, events and entities: shared by summaries and details so they cannot drift."""

    places: list[PlaceOut]
    events: list[EventOut]
    entities: EntitiesOut


class ArticleSummary(ArticleRecords):
    id: str
    paper: str
    issue_date: date | None
    page: PageInfo
    kicker: str | None
    title: str
    subtitle: str | None
    headline: str
    reporters: list[str]
    correspondents: list[str]
    byline_end: str | None
    snippet: str = Field(description="HTML: escaped body text, matches wrapped in <mark>")
    score: float | None = Field(description="relevance, higher is better; null when sorted by date")
    source_kind: str
    url: str | None


class ArticleList(BaseModel):
    items: list[ArticleSummary]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null on the last page")
    total: int | None
    limit: int


class ArticleDetail(ArticleRecords):
    id: str
    paper: str
    issue: IssueInfo
    page: PageInfo
    seq: int
    kicker: str | None
    title: str
    subtitle: str | None
    headline: str
    reporters: list[str]
    correspondents: list[str]
    byline_end: str | None
    photo_credits: list[str]
    body: str
    figures: list[FigureOut]
    source: SourceOut
    ingested_at: datetime


class Health(BaseModel):
    status: str
    articles: int
    backend: str


def _page(item: StoredArticle) -> PageInfo:
    return PageInfo(number=item.page_number, name=item.page_name, pdf_url=item.page_pdf_url)


def records_of(art: Article) -> dict[str, Any]:
    """The ``ArticleRecords`` fields of one article, entity ids included."""
    return {
        "places": [PlaceOut.model_validate(p.to_dict()) for p in art.places],
        "events": [EventOut.model_validate(e.to_dict()) for e in art.events],
        "entities": EntitiesOut(
            organisations=[
                OrganisationOut(id=entity_id("organisation", o.name), **o.to_dict())
                for o in art.organisations
            ],
            programmes=[
                ProgrammeOut(id=entity_id("programme", g.name), **g.to_dict()) for g in art.programmes
            ],
            people=[PersonOut(id=entity_id("person", x.name), **x.to_dict()) for x in art.people],
        ),
    }


def summary_from_hit(hit: ArticleHit) -> ArticleSummary:
    item, art = hit.article, hit.article.article
    return ArticleSummary(
        id=item.id,
        paper=item.paper,
        issue_date=item.issue_date,
        page=_page(item),
        kicker=art.kicker,
        title=art.title,
        subtitle=art.subtitle,
        headline=art.headline,
        reporters=list(art.reporters),
        correspondents=list(art.correspondents),
        byline_end=art.byline_end,
        snippet=hit.snippet,
        score=hit.score,
        source_kind=item.source.kind,
        url=item.source.url,
        **records_of(art),
    )


def detail_from_article(item: StoredArticle) -> ArticleDetail:
    art = item.article
    figures: list[dict[str, Any]] = []
    for f in art.figures:
        data = f.to_dict()
        data["value"] = decimal_to_json(f.value)
        data["value_text"] = str(f.value)
        figures.append(data)
    return ArticleDetail(
        id=item.id,
        paper=item.paper,
        issue=IssueInfo(date=item.issue_date, number=item.issue_number),
        page=_page(item),
        seq=item.seq,
        kicker=art.kicker,
        title=art.title,
        subtitle=art.subtitle,
        headline=art.headline,
        reporters=list(art.reporters),
        correspondents=list(art.correspondents),
        byline_end=art.byline_end,
        photo_credits=list(art.photo_credits),
        body=art.body,
        figures=[FigureOut.model_validate(f) for f in figures],
        source=SourceOut(
            kind=item.source.kind,
            url=item.source.url,
            path=item.source.path,
            raw_sha256=item.source.raw_sha256,
            fetched_at=item.source.fetched_at,
        ),
        ingested_at=item.ingested_at,
        **records_of(art),
    )
