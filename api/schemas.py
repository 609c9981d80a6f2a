"""Response models: the public JSON shapes, documented in OpenAPI at ``/docs``.

They are built from ``kb`` records here rather than in the routers so list and
detail views cannot drift apart on the shared fields.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from extract.records import decimal_to_json
from kb import ArticleHit, StoredArticle


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


class ArticleSummary(BaseModel):
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


class ArticleDetail(BaseModel):
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
    )
