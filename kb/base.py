"""The knowledge-base contract: record types, errors and the backend protocol.

Everything above ``kb/`` (ingest, CLI, API) talks to this module only, so the
SQLite and Elasticsearch backends stay interchangeable and neither SQL nor
the ES query DSL leaks upwards. The contract tests in
``tests/kb/test_contract.py`` pin the behaviour both backends must share.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from types import TracebackType
from typing import Generic, Literal, Protocol, Self, TypeVar, runtime_checkable

from extract.records import Article, Event, Figure
from kb.codec import article_to_json, canonical_json

SourceKind = Literal["html", "pdf", "text"]
SOURCE_KINDS: frozenset[str] = frozenset({"html", "pdf", "text"})
SortOrder = Literal["relevance", "date"]

T = TypeVar("T")


class KBError(Exception):
    """Anything the knowledge base cannot do; messages are meant for end users."""


class QuerySyntaxError(KBError):
    """The search query is malformed; the message says what is wrong and where."""


class InvalidCursorError(KBError):
    """A pagination cursor was damaged or belongs to a different query."""


@dataclass(frozen=True, slots=True)
class SourceInfo:
    kind: SourceKind
    url: str | None
    path: str | None
    raw_sha256: str
    fetched_at: datetime | None


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An extracted article with the issue/page/source context it was found in."""

    id: str
    paper: str
    issue_date: date | None
    issue_number: str | None
    page_number: str | None
    page_name: str | None
    page_pdf_url: str | None
    seq: int
    article: Article
    source: SourceInfo
    ingested_at: datetime

    def content_json(self) -> dict[str, object]:
        """Everything stored except timestamps, which must not make a re-ingest look like an update."""
        return {
            "id": self.id,
            "paper": self.paper,
            "issue_date": self.issue_date.isoformat() if self.issue_date else None,
            "issue_number": self.issue_number,
            "page_number": self.page_number,
            "page_name": self.page_name,
            "page_pdf_url": self.page_pdf_url,
            "seq": self.seq,
            "article": article_to_json(self.article),
            "source": {
                "kind": self.source.kind,
                "url": self.source.url,
                "path": self.source.path,
                "raw_sha256": self.source.raw_sha256,
            },
        }

    def content_hash(self) -> str:
        return hashlib.sha256(canonical_json(self.content_json()).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class UpsertResult:
    new: int
    updated: int
    unchanged: int


@dataclass(frozen=True, slots=True)
class ArticleQuery:
    """``q`` uses the query language of ``kb.query``; ``sort="relevance"`` without ``q`` means date order.

    ``province``/``city``/``county`` select articles with an *activity* place
    in that unit (``Place.role == "activity"``): a worker's home province or a
    company's registered city named in passing must not put an article under
    it. Each value is a full name (``佛山市``, ``南海区``) or its GB/T 2260 code;
    given together they must hold for the same place. Places are stored
    resolved, so ``city=佛山市`` finds articles that only print 南海 or 顺德.
    """

    q: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    paper: str | None = None
    sort: SortOrder = "relevance"
    limit: int = 20
    cursor: str | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None

    @property
    def effective_sort(self) -> SortOrder:
        return "relevance" if self.q is not None and self.sort == "relevance" else "date"


@dataclass(frozen=True, slots=True)
class ArticleHit:
    article: StoredArticle
    snippet: str  # HTML: escaped body text with matches in <mark>
    score: float | None  # higher is better; None when no relevance was computed


@dataclass(frozen=True, slots=True)
class FigureQuery:
    """Filters over stored figures; every given filter must hold (AND).

    ``q`` selects *articles* exactly as ``ArticleQuery.q`` does (our query
    language, substring of headline or body) and returns every figure of
    each matching article: a figure's own sentence is often too short to
    name the topic (``惠及职工3.2万人次`` does not say 二次医保), while the
    article does. Narrow further with ``measure``/``unit``.

    ``unit`` and ``measure`` match the normalised label exactly (``元``,
    ``人次``; ``受益总金额``). ``min``/``max`` are inclusive and compare the
    exact decimal value (``9897.25万元`` is 98972500), never a float.
    Dates filter the issue date and, as for articles, exclude undated issues.
    Results are ordered by issue date (newest first, undated last), article
    id, then the figure's position in its article.
    """

    q: str | None = None
    unit: str | None = None
    measure: str | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    cumulative: bool | None = None
    date_from: date | None = None
    date_to: date | None = None
    paper: str | None = None
    limit: int = 20
    cursor: str | None = None


@dataclass(frozen=True, slots=True)
class FigureHit:
    """One stored figure with the provenance a reader needs to check it in the paper."""

    figure: Figure
    article_id: str
    paper: str
    issue_date: date | None
    headline: str  # kicker, title and subtitle on one line (``Article.headline``)
    url: str | None  # the article's source URL, when it was fetched from the web
    page_number: str | None


EntityKind = Literal["organisation", "programme", "person"]
ENTITY_KINDS: tuple[EntityKind, ...] = ("organisation", "programme", "person")
_ENTITY_PREFIX: dict[str, str] = {"organisation": "org", "programme": "prog", "person": "person"}


def entity_id(kind: EntityKind, name: str) -> str:
    """A durable id from kind + normalised name, so ``/entities/{id}`` survives re-ingest and rebuilds.

    Names arrive normalised by the extractor (``区总工会`` → ``佛山市南海区总工会``,
    programme aliases → canonical name); only surrounding whitespace is
    dropped here. A hash, not the name, keeps ids URL-safe and fixed-length.
    Two people with one name share an id: the extractor has nothing better
    to tell them apart by.
    """
    if kind not in _ENTITY_PREFIX:
        raise ValueError(f"entity kind must be one of {list(ENTITY_KINDS)}, got {kind!r}")
    digest = hashlib.sha256(f"{kind}\x1f{name.strip()}".encode()).hexdigest()[:16]
    return f"{_ENTITY_PREFIX[kind]}-{digest}"


@dataclass(frozen=True, slots=True)
class PlaceUnit:
    """One admin unit an activity happened in; a level is None when the text did not resolve it."""

    province: str | None
    city: str | None
    county: str | None


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Filters over stored events; every given filter must hold (AND).

    ``province``/``city``/``county`` match the event's own places (names or
    codes, one place must match all given levels). ``org`` is a substring of
    an organiser's or participant's normalised name (``南海区总工会`` finds
    佛山市南海区总工会). ``programme`` is first mapped through the extractor's
    alias dictionary (``二次医保`` → its canonical name), then matched as a
    substring of the event's programme names. The date filters use the
    event's own date and fall back to the article's issue date when the text
    gave none; events with neither are left out of date-filtered results.
    Results are ordered by that date (newest first, undated last), article
    id, then the event's position in its article.
    """

    type: str | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    org: str | None = None
    programme: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    paper: str | None = None
    limit: int = 20
    cursor: str | None = None


@dataclass(frozen=True, slots=True)
class EventHit:
    """One stored event with its article's provenance; ``date`` is what the filters and sort used."""

    event: Event
    ord: int  # position in ``Article.events``
    date: date | None  # the event's date, else the issue date
    places: tuple[PlaceUnit, ...]  # ``event.places`` with their province
    article_id: str
    paper: str
    issue_date: date | None
    headline: str
    url: str | None


PlaceLevel = Literal["province", "city", "county"]


@dataclass(frozen=True, slots=True)
class PlaceNode:
    """One unit of the province → city → county tree.

    ``articles`` counts articles with at least one activity place in this
    unit (mentions in passing do not count, as for the article filter);
    ``events`` counts events with a place in it. A parent's counts are
    distinct articles/events, not the sum of its children: one article may
    report from two cities, and some places resolve no lower than a city.
    """

    level: PlaceLevel
    name: str
    code: str | None
    articles: int
    events: int
    children: tuple[PlaceNode, ...] = ()


@dataclass(frozen=True, slots=True)
class EntityQuery:
    """``q`` is a substring of the entity's name; ordered by articles mentioning it (most first), then id."""

    q: str | None = None
    kind: EntityKind | None = None
    limit: int = 20
    cursor: str | None = None


@dataclass(frozen=True, slots=True)
class EntityHit:
    """An organisation, programme or person with how often and when it was mentioned.

    ``mentions`` counts occurrences, ``articles`` the distinct articles; the
    dates are issue dates (undated articles count but set no date).
    """

    id: str
    kind: EntityKind
    name: str
    mentions: int
    articles: int
    first_date: date | None
    last_date: date | None


@dataclass(frozen=True, slots=True)
class EntityMention:
    """One occurrence: offsets index the article field named by ``field``."""

    article_id: str
    paper: str
    issue_date: date | None
    headline: str
    role: str  # organiser/participant/mention; official/reporter/beneficiary/other; mention
    text: str
    field: str
    start: int
    end: int
    detail: str | None  # organisation kind, or a person's title


@dataclass(frozen=True, slots=True)
class MonthCount:
    month: str  # "YYYY-MM" of the issue date
    mentions: int
    articles: int


@dataclass(frozen=True, slots=True)
class EntityDetail:
    """An entity over time: per-month counts (dated issues, oldest first) and its latest mentions."""

    entity: EntityHit
    months: tuple[MonthCount, ...]
    latest: tuple[EntityMention, ...]  # newest issue first, then article id, then position


LATEST_MENTIONS = 20


def validate_limit(limit: int) -> None:
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")


def validate_entity_query(query: EntityQuery) -> None:
    validate_limit(query.limit)
    if query.kind is not None and query.kind not in ENTITY_KINDS:
        raise ValueError(f"kind must be one of {list(ENTITY_KINDS)}, got {query.kind!r}")


def validate_figure_query(query: FigureQuery) -> None:
    """Caller mistakes both backends must refuse alike (the API and CLI check first, with nicer words)."""
    validate_limit(query.limit)
    for name in ("min", "max"):
        bound = getattr(query, name)
        if bound is not None and not (isinstance(bound, Decimal) and bound.is_finite()):
            raise ValueError(f"{name} must be a finite Decimal, got {bound!r}")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None
    total: int | None


@runtime_checkable
class KnowledgeBase(Protocol):
    """What ingest and the API may ask of a backend."""

    backend: str  # "sqlite" | "elasticsearch", reported by /health

    def upsert_articles(self, articles: Sequence[StoredArticle]) -> UpsertResult: ...

    def get_article(self, article_id: str) -> StoredArticle | None: ...

    def search_articles(self, query: ArticleQuery) -> Page[ArticleHit]: ...

    def search_figures(self, query: FigureQuery) -> Page[FigureHit]: ...

    def search_events(self, query: EventQuery) -> Page[EventHit]: ...

    def place_tree(
        self, paper: str | None = None, date_from: date | None = None, date_to: date | None = None
    ) -> list[PlaceNode]: ...

    def search_entities(self, query: EntityQuery) -> Page[EntityHit]: ...

    def get_entity(self, entity_id: str) -> EntityDetail | None: ...

    def count_articles(self) -> int: ...

    def papers(self) -> list[str]: ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...


class ContextManagedKB:
    """Mixin giving every backend ``with open_kb(...) as kb:`` for free."""

    def close(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def validate_article(item: StoredArticle) -> None:
    """Reject records no backend should store; raised mid-batch so the batch rolls back."""
    if not isinstance(item, StoredArticle):
        raise KBError(f"expected a StoredArticle, got {type(item).__name__}")
    if not item.id or not isinstance(item.id, str):
        raise KBError("article id must be a non-empty string")
    if not item.paper or not isinstance(item.paper, str):
        raise KBError(f"article {item.id!r}: paper must be a non-empty string")
    if item.source.kind not in SOURCE_KINDS:
        raise KBError(
            f"article {item.id!r}: source kind must be one of {sorted(SOURCE_KINDS)}, "
            f"got {item.source.kind!r}"
        )
    if not isinstance(item.article.title, str) or not isinstance(item.article.body, str):
        raise KBError(f"article {item.id!r}: title and body must be strings")
    if not isinstance(item.seq, int):
        raise KBError(f"article {item.id!r}: seq must be an int")
