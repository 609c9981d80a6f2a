"""Elasticsearch backend: the same contract as SQLite, on the official client.

No analysis plugin (smartcn, ik) is needed: text is cut by our own jieba
setup before indexing, exactly as for SQLite, and stored in
``headline_tokens``/``body_tokens`` under a whitespace + lowercase analyzer.

Exact substring semantics come from ``wildcard``-typed copies of the
(ASCII-lower-cased) headline and body: a term or phrase compiles to a
``wildcard`` query ``*needle*`` on those fields in *filter* context, which ES
answers from its n-gram index plus verification — so ES, unlike SQLite, has
no recall gap, and ``total`` and ``search_after`` work server-side. The word
tokens only score: they are ``should`` clauses (title boosted 4×), never a
filter. ``wildcard`` fields need the default distribution (basic licence),
which every official image has.

ES has no multi-document transaction. ``upsert_articles`` validates the
whole batch before writing, sends one ``bulk`` with ``refresh="wait_for"`` (so
the next read sees the writes), and if any document still fails, restores the
previous version of each written document (or deletes it when it was new)
before raising ``KBError``: all or nothing, by compensation.

Mapping versions live in the index ``_meta``; forward migrations are additive
``put_mapping`` steps; an index from a newer unionkb is refused.

Figures (issue 3) live in a second index, ``<prefix>-figures``, one document
per figure, id ``<article id>#<position>``, carrying the article fields the
filters and sort need (paper, issue date, id) and one ``wildcard`` copy of the
article's headline and body, so ``q`` has exactly the article search's
substring semantics in a single filter query. Nested documents inside the
article were rejected: ``search_after`` and ``total`` work on top-level hits,
so figures could not be paginated one by one. The copy costs index space,
not correctness: figure documents are written in the same ``bulk`` as their
article (stale positions deleted), and undone with it. ``value_key`` is the
exact ``kb.values.decimal_key`` of the value as a ``keyword``, so ``min``/
``max`` are byte-order ``range`` queries, identical to SQLite's. A figures
index created next to an existing articles index is filled from the stored
articles.

Events, places and entities (issue 4) follow the same pattern: article
documents gain ``activity_units`` (``nested``, so the province/city/county
filters hold for one place, as in SQLite), and two more indexes hold one
document per event (``<prefix>-events``) and per entity mention
(``<prefix>-mentions``), written and undone with their article. The place
tree is a nested terms aggregation whose ``reverse_nested`` doc counts are
distinct articles/events; entity search aggregates mentions per entity id
and ranks in Python (see ``ENTITY_AGG_MAX``). Indexes created next to an
existing articles index, and article documents from mapping 1, are rebuilt
from the article JSON every document stores, so no re-ingest is needed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError, helpers

from extract.segmenter import index_tokens, words
from kb.base import (
    LATEST_MENTIONS,
    ArticleHit,
    ArticleQuery,
    ContextManagedKB,
    EntityDetail,
    EntityHit,
    EntityMention,
    EntityQuery,
    EventHit,
    EventQuery,
    FigureHit,
    FigureQuery,
    InvalidCursorError,
    KBError,
    MonthCount,
    Page,
    PlaceNode,
    PlaceUnit,
    SourceInfo,
    StoredArticle,
    UpsertResult,
    validate_article,
    validate_entity_query,
    validate_figure_query,
    validate_limit,
)
from kb.codec import article_from_json, event_from_json, event_to_json, figure_from_json, figure_to_json
from kb.cursor import (
    CursorPosition,
    checked_key,
    decode_cursor,
    encode_cursor,
    entity_query_fingerprint,
    event_query_fingerprint,
    figure_query_fingerprint,
    is_any,
    is_int,
    query_fingerprint,
)
from kb.derived import (
    UnitRow,
    activity_units,
    entity_mentions,
    event_date_key,
    event_units,
    is_code,
    programme_needle,
)
from kb.query import Atom, ParsedQuery, ascii_lower, parse_query
from kb.snippet import make_snippet
from kb.tree import TreeCounts
from kb.values import decimal_key

log = logging.getLogger(__name__)

HEADLINE_BOOST = 4.0

SETTINGS: dict[str, Any] = {
    "number_of_shards": 1,
    "analysis": {
        "analyzer": {"unionkb_tokens": {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]}}
    },
}
PROPERTIES: dict[str, Any] = {
    "id": {"type": "keyword"},
    "paper": {"type": "keyword"},
    "issue_date": {"type": "date", "format": "strict_date"},
    "issue_number": {"type": "keyword"},
    "page_number": {"type": "keyword"},
    "seq": {"type": "integer"},
    "headline_tokens": {"type": "text", "analyzer": "unionkb_tokens"},
    "body_tokens": {"type": "text", "analyzer": "unionkb_tokens"},
    "headline_raw": {"type": "wildcard"},
    "body_raw": {"type": "wildcard"},
    "content_hash": {"type": "keyword"},
    "ingested_at": {"type": "date"},
    "stored": {"type": "object", "enabled": False},  # the full record, returned as-is
}
# Forward migrations: version -> properties to add. Never edit a released entry.
MIGRATIONS: dict[int, dict[str, Any]] = {}

FIGURE_MAPPING_VERSION = 1
FIGURE_PROPERTIES: dict[str, Any] = {
    "article_id": {"type": "keyword"},
    "ord": {"type": "integer"},
    "paper": {"type": "keyword"},
    "issue_date": {"type": "date", "format": "strict_date"},
    "unit": {"type": "keyword"},
    "measure": {"type": "keyword"},
    "cumulative": {"type": "boolean"},
    "value_key": {"type": "keyword"},  # kb.values.decimal_key: byte order is numeric order
    "article_raw": {"type": "wildcard"},  # ASCII-lower-cased headline + "\n" + body, for q
    "stored": {"type": "object", "enabled": False},  # figure JSON and provenance, returned as-is
}
FIGURE_MIGRATIONS: dict[int, dict[str, Any]] = {}

# Issue 4: events, places, entities. Mapping 2 adds the article's activity units as ``nested``
# objects, so province/city/county (names or codes) must hold for one place, as in SQLite's
# EXISTS; ``reverse_nested`` counts distinct articles per unit for the place tree. Documents
# written by mapping 1 lack the field: they are re-indexed from their stored article JSON.
UNIT_PROPERTIES: dict[str, Any] = {
    "type": "nested",
    "properties": {
        name: {"type": "keyword"}
        for name in ("province", "city", "county", "province_code", "city_code", "county_code")
    },
}
PROPERTIES["activity_units"] = UNIT_PROPERTIES  # new indexes get it at creation
MIGRATIONS[2] = {"activity_units": UNIT_PROPERTIES}  # older ones by put_mapping + backfill
MAPPING_VERSION = 2

# One document per event (id ``<article id>#<position>``) and one per entity mention (id
# ``<article id>#<position>``), written in the same bulk as their article and undone with it, for
# the reasons given above for figures. ``date_key`` is the event's date, else the issue date.
# ``org_names``/``programme_names`` are ``wildcard`` fields so ``org``/``programme`` are substring
# filters exactly like SQLite's ``instr``.
EVENT_MAPPING_VERSION = 1
EVENT_PROPERTIES: dict[str, Any] = {
    "article_id": {"type": "keyword"},
    "ord": {"type": "integer"},
    "paper": {"type": "keyword"},
    "issue_date": {"type": "date", "format": "strict_date"},
    "date_key": {"type": "date", "format": "strict_date"},
    "type": {"type": "keyword"},
    "units": UNIT_PROPERTIES,
    "org_names": {"type": "wildcard"},
    "programme_names": {"type": "wildcard"},
    "stored": {"type": "object", "enabled": False},
}
EVENT_MIGRATIONS: dict[int, dict[str, Any]] = {}

MENTION_MAPPING_VERSION = 1
MENTION_PROPERTIES: dict[str, Any] = {
    "entity_id": {"type": "keyword"},
    "kind": {"type": "keyword"},
    "name": {"type": "keyword"},
    "name_lower": {"type": "wildcard"},  # ASCII-lower-cased name, for q
    "article_id": {"type": "keyword"},
    "ord": {"type": "integer"},
    "paper": {"type": "keyword"},
    "issue_date": {"type": "date", "format": "strict_date"},
    "stored": {"type": "object", "enabled": False},
}
MENTION_MIGRATIONS: dict[int, dict[str, Any]] = {}

#: Entity search aggregates mentions per entity and ranks in Python (ES cannot keyset-paginate a
#: terms aggregation ordered by a metric); more matching entities than this are refused with a
#: message to narrow ``q``/``kind``. Article counts use ``cardinality`` with the maximum precision
#: threshold: exact up to that many articles per entity, within about 1% above.
ENTITY_AGG_MAX = 10000
CARDINALITY_PRECISION = 40000


def _unit_doc(u: UnitRow) -> dict[str, Any]:
    return {
        "province": u.province,
        "city": u.city,
        "county": u.county,
        "province_code": u.province_code,
        "city_code": u.city_code,
        "county_code": u.county_code,
    }


def event_documents(item: StoredArticle) -> dict[str, dict[str, Any]]:
    art = item.article
    docs: dict[str, dict[str, Any]] = {}
    for n, event in enumerate(art.events):
        units = event_units(art, event)
        docs[child_id(item.id, n)] = {
            "article_id": item.id,
            "ord": n,
            "paper": item.paper,
            "issue_date": item.issue_date.isoformat() if item.issue_date else None,
            "date_key": event_date_key(event, item.issue_date),
            "type": event.type,
            "units": [_unit_doc(u) for u in units],
            "org_names": [*event.organisers, *event.participants],
            "programme_names": list(event.programmes),
            "stored": {
                "event": event_to_json(event),
                "places": [[u.province, u.city, u.county] for u in units],
                "headline": art.headline,
                "url": item.source.url,
            },
        }
    return docs


def mention_documents(item: StoredArticle) -> dict[str, dict[str, Any]]:
    art = item.article
    return {
        child_id(item.id, m.ord): {
            "entity_id": m.entity_id,
            "kind": m.kind,
            "name": m.name,
            "name_lower": ascii_lower(m.name),
            "article_id": item.id,
            "ord": m.ord,
            "paper": item.paper,
            "issue_date": item.issue_date.isoformat() if item.issue_date else None,
            "stored": {
                "role": m.role,
                "text": m.text,
                "field": m.field,
                "start": m.start,
                "end": m.end,
                "detail": m.detail,
                "headline": art.headline,
            },
        }
        for m in entity_mentions(art)
    }


def event_hit_from_document(source: dict[str, Any]) -> EventHit:
    stored = source["stored"]
    return EventHit(
        event=event_from_json(stored["event"]),
        ord=int(source["ord"]),
        date=date.fromisoformat(source["date_key"]) if source.get("date_key") else None,
        places=tuple(PlaceUnit(*p) for p in stored["places"]),
        article_id=source["article_id"],
        paper=source["paper"],
        issue_date=date.fromisoformat(source["issue_date"]) if source.get("issue_date") else None,
        headline=stored["headline"],
        url=stored.get("url"),
    )


def _unit_filter(
    path: str, province: str | None, city: str | None, county: str | None
) -> dict[str, Any] | None:
    """One nested clause, so every given level must hold for the same place; six digits mean a code."""
    terms = []
    for level, value in (("province", province), ("city", city), ("county", county)):
        if value is not None:
            value = value.strip()
            field = f"{level}_code" if is_code(value) else level
            terms.append({"term": {f"{path}.{field}": value}})
    if not terms:
        return None
    return {"nested": {"path": path, "query": {"bool": {"filter": terms}}}}


def _range(field: str, low: date | None, high: date | None) -> dict[str, Any] | None:
    bounds: dict[str, str] = {}
    if low is not None:
        bounds["gte"] = low.isoformat()
    if high is not None:
        bounds["lte"] = high.isoformat()
    return {"range": {field: bounds}} if bounds else None


def build_event_query(query: EventQuery) -> dict[str, Any]:
    """Every event filter in filter context; pure, unit-tested without a cluster."""
    filters: list[dict[str, Any]] = []
    for field, value in (("type", query.type), ("paper", query.paper)):
        if value is not None:
            filters.append({"term": {field: value}})
    units = _unit_filter("units", query.province, query.city, query.county)
    if units is not None:
        filters.append(units)
    if query.org is not None:
        filters.append({"wildcard": {"org_names": {"value": f"*{_escape_wildcard(query.org.strip())}*"}}})
    if query.programme is not None:
        needle = _escape_wildcard(programme_needle(query.programme))
        filters.append({"wildcard": {"programme_names": {"value": f"*{needle}*"}}})
    dates = _range("date_key", query.date_from, query.date_to)
    if dates is not None:
        filters.append(dates)
    return {"bool": {"filter": filters}} if filters else {"match_all": {}}


EVENT_SORT: list[dict[str, Any]] = [
    {"date_key": {"order": "desc", "missing": "_last"}},
    {"article_id": {"order": "asc"}},
    {"ord": {"order": "asc"}},
]


def _tree_aggs(path: str) -> dict[str, Any]:
    """province → city → county terms inside ``path``; ``reverse_nested`` counts distinct root docs."""

    def level(name: str, inner: dict[str, Any] | None) -> dict[str, Any]:
        aggs: dict[str, Any] = {
            "roots": {"reverse_nested": {}},
            "code": {"terms": {"field": f"{path}.{name}_code", "size": 1}},
        }
        if inner:
            aggs.update(inner)
        return {"terms": {"field": f"{path}.{name}", "size": 10000, "missing": ""}, "aggs": aggs}

    county = {"county": level("county", None)}
    city = {"city": level("city", county)}
    return {"units": {"nested": {"path": path}, "aggs": {"province": level("province", city)}}}


def _walk_tree(aggs: dict[str, Any], metric: str, counts: TreeCounts) -> None:
    def key(bucket: dict[str, Any]) -> str | None:
        return bucket["key"] or None

    def code(bucket: dict[str, Any]) -> str | None:
        codes = bucket["code"]["buckets"]
        return codes[0]["key"] if codes else None

    for p in aggs["units"]["province"]["buckets"]:
        if key(p) is None:
            continue
        counts.add("province", (key(p),), code(p), metric, p["roots"]["doc_count"])
        for c in p["city"]["buckets"]:
            if key(c) is not None:
                counts.add("city", (key(p), key(c)), code(c), metric, c["roots"]["doc_count"])
            for k in c["county"]["buckets"]:
                if key(k) is not None:
                    counts.add("county", (key(p), key(c), key(k)), code(k), metric, k["roots"]["doc_count"])


def _entity_hit(entity_id: str, bucket: dict[str, Any]) -> EntityHit:
    def day(agg: dict[str, Any]) -> date | None:
        text = agg.get("value_as_string")
        return date.fromisoformat(text[:10]) if agg.get("value") is not None and text else None

    top = bucket["top"]["hits"]["hits"][0]["_source"]
    return EntityHit(
        id=entity_id,
        kind=top["kind"],
        name=top["name"],
        mentions=int(bucket["doc_count"]),
        articles=int(bucket["articles"]["value"]),
        first_date=day(bucket["first"]),
        last_date=day(bucket["last"]),
    )


ENTITY_STATS_AGGS: dict[str, Any] = {
    "articles": {"cardinality": {"field": "article_id", "precision_threshold": CARDINALITY_PRECISION}},
    "first": {"min": {"field": "issue_date", "format": "strict_date"}},
    "last": {"max": {"field": "issue_date", "format": "strict_date"}},
    "top": {"top_hits": {"size": 1, "_source": ["kind", "name"]}},
}


def _headline(item: StoredArticle) -> str:
    art = item.article
    return "\n".join(p for p in (art.kicker, art.title, art.subtitle) if p)


def to_document(item: StoredArticle) -> dict[str, Any]:
    content = item.content_json()
    stored = {
        **content,
        "fetched_at": item.source.fetched_at.isoformat() if item.source.fetched_at else None,
        "ingested_at": item.ingested_at.isoformat(),
    }
    headline = _headline(item)
    return {
        "id": item.id,
        "paper": item.paper,
        "issue_date": item.issue_date.isoformat() if item.issue_date else None,
        "issue_number": item.issue_number,
        "page_number": item.page_number,
        "seq": item.seq,
        "headline_tokens": " ".join(index_tokens(headline)),
        "body_tokens": " ".join(index_tokens(item.article.body)),
        "headline_raw": ascii_lower(headline),
        "body_raw": ascii_lower(item.article.body),
        "content_hash": item.content_hash(),
        "ingested_at": item.ingested_at.isoformat(),
        "activity_units": [_unit_doc(u) for u in activity_units(item.article)],
        "stored": stored,
    }


def child_id(article_id: str, ord_: int) -> str:
    """Id of a figure, event or mention document: the article id and the record's position."""
    return f"{article_id}#{ord_}"


def figure_id(article_id: str, ord_: int) -> str:
    return f"{article_id}#{ord_}"


def figure_documents(item: StoredArticle) -> dict[str, dict[str, Any]]:
    """The figures index documents of one article, by document id."""
    art = item.article
    article_raw = ascii_lower(_headline(item)) + "\n" + ascii_lower(art.body)
    docs: dict[str, dict[str, Any]] = {}
    for n, figure in enumerate(art.figures):
        docs[figure_id(item.id, n)] = {
            "article_id": item.id,
            "ord": n,
            "paper": item.paper,
            "issue_date": item.issue_date.isoformat() if item.issue_date else None,
            "unit": figure.unit,
            "measure": figure.measure,
            "cumulative": figure.cumulative,
            "value_key": decimal_key(figure.value),
            "article_raw": article_raw,
            "stored": {
                "figure": figure_to_json(figure),
                "headline": art.headline,
                "url": item.source.url,
                "page_number": item.page_number,
            },
        }
    return docs


def figure_hit_from_document(source: dict[str, Any]) -> FigureHit:
    stored = source["stored"]
    return FigureHit(
        figure=figure_from_json(stored["figure"]),
        article_id=source["article_id"],
        paper=source["paper"],
        issue_date=date.fromisoformat(source["issue_date"]) if source.get("issue_date") else None,
        headline=stored["headline"],
        url=stored.get("url"),
        page_number=stored.get("page_number"),
    )


def from_document(source: dict[str, Any]) -> StoredArticle:
    s = source["stored"]
    src = s["source"]
    return StoredArticle(
        id=s["id"],
        paper=s["paper"],
        issue_date=date.fromisoformat(s["issue_date"]) if s["issue_date"] else None,
        issue_number=s["issue_number"],
        page_number=s["page_number"],
        page_name=s["page_name"],
        page_pdf_url=s["page_pdf_url"],
        seq=s["seq"],
        article=article_from_json(s["article"]),
        source=SourceInfo(
            kind=src["kind"],
            url=src["url"],
            path=src["path"],
            raw_sha256=src["raw_sha256"],
            fetched_at=datetime.fromisoformat(s["fetched_at"]) if s.get("fetched_at") else None,
        ),
        ingested_at=datetime.fromisoformat(s["ingested_at"]),
    )


def _escape_wildcard(text: str) -> str:
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?")


def _contains(atom: Atom) -> dict[str, Any]:
    pattern = f"*{_escape_wildcard(atom.needle)}*"
    return {
        "bool": {
            "should": [
                {"wildcard": {"headline_raw": {"value": pattern}}},
                {"wildcard": {"body_raw": {"value": pattern}}},
            ],
            "minimum_should_match": 1,
        }
    }


def _atom_query(atom: Atom) -> dict[str, Any]:
    tokens = " ".join(words(atom.text))
    scoring = (
        [
            {"match": {"headline_tokens": {"query": tokens, "operator": "and", "boost": HEADLINE_BOOST}}},
            {"match": {"body_tokens": {"query": tokens, "operator": "and"}}},
        ]
        if tokens
        else []
    )
    return {"bool": {"filter": [_contains(atom)], "should": scoring}}


def build_query(parsed: ParsedQuery | None, query: ArticleQuery) -> dict[str, Any]:
    """Our AST and filters as an ES bool query; pure, so it is unit-tested without a cluster."""
    filters: list[dict[str, Any]] = []
    if query.paper is not None:
        filters.append({"term": {"paper": query.paper}})
    if query.date_from is not None or query.date_to is not None:
        bounds = {}
        if query.date_from is not None:
            bounds["gte"] = query.date_from.isoformat()
        if query.date_to is not None:
            bounds["lte"] = query.date_to.isoformat()
        filters.append({"range": {"issue_date": bounds}})
    units = _unit_filter("activity_units", query.province, query.city, query.county)
    if units is not None:
        filters.append(units)
    must: list[dict[str, Any]] = []
    must_not: list[dict[str, Any]] = []
    if parsed is not None:
        for group in parsed.required:
            alternatives = [_atom_query(a) for a in group]
            must.append(
                alternatives[0]
                if len(alternatives) == 1
                else {"bool": {"should": alternatives, "minimum_should_match": 1}}
            )
        must_not = [_contains(a) for a in parsed.excluded]
    if not (must or must_not or filters):
        return {"match_all": {}}
    body: dict[str, Any] = {}
    if must:
        body["must"] = must
    if must_not:
        body["must_not"] = must_not
    if filters:
        body["filter"] = filters
    return {"bool": body}


def _contains_raw(atom: Atom, field: str) -> dict[str, Any]:
    return {"wildcard": {field: {"value": f"*{_escape_wildcard(atom.needle)}*"}}}


def build_figure_query(parsed: ParsedQuery | None, query: FigureQuery) -> dict[str, Any]:
    """Every figure filter in filter context (no scoring: figures sort by date); pure, unit-tested."""
    filters: list[dict[str, Any]] = []
    for field, value in (("paper", query.paper), ("unit", query.unit), ("measure", query.measure)):
        if value is not None:
            filters.append({"term": {field: value}})
    if query.cumulative is not None:
        filters.append({"term": {"cumulative": query.cumulative}})
    bounds: dict[str, str] = {}
    if query.min is not None:
        bounds["gte"] = decimal_key(query.min)
    if query.max is not None:
        bounds["lte"] = decimal_key(query.max)
    if bounds:
        filters.append({"range": {"value_key": bounds}})
    dates: dict[str, str] = {}
    if query.date_from is not None:
        dates["gte"] = query.date_from.isoformat()
    if query.date_to is not None:
        dates["lte"] = query.date_to.isoformat()
    if dates:
        filters.append({"range": {"issue_date": dates}})
    must_not: list[dict[str, Any]] = []
    if parsed is not None:
        for group in parsed.required:
            alternatives = [_contains_raw(a, "article_raw") for a in group]
            filters.append(
                alternatives[0]
                if len(alternatives) == 1
                else {"bool": {"should": alternatives, "minimum_should_match": 1}}
            )
        must_not = [_contains_raw(a, "article_raw") for a in parsed.excluded]
    if not (filters or must_not):
        return {"match_all": {}}
    body: dict[str, Any] = {}
    if filters:
        body["filter"] = filters
    if must_not:
        body["must_not"] = must_not
    return {"bool": body}


FIGURE_SORT: list[dict[str, Any]] = [
    {"issue_date": {"order": "desc", "missing": "_last"}},
    {"article_id": {"order": "asc"}},
    {"ord": {"order": "asc"}},
]


def build_sort(query: ArticleQuery) -> list[dict[str, Any]]:
    if query.effective_sort == "relevance":
        return [{"_score": {"order": "desc"}}, {"id": {"order": "asc"}}]
    return [{"issue_date": {"order": "desc", "missing": "_last"}}, {"id": {"order": "asc"}}]


def _after_date_id_ord(position: CursorPosition | None) -> list[Any] | None:
    """``search_after`` for the (date, article id, position) order of figures and events."""
    if position is None:
        return None
    date_key, ord_ = checked_key(position, is_any, is_int)
    return [date_key, position.last_id, ord_]


def _next_date_id_ord(fingerprint: str, hits: list[dict[str, Any]], limit: int) -> str | None:
    """The cursor after the page's last hit, when one more hit than the page size came back."""
    if len(hits) <= limit:
        return None
    date_sort, article_id, ord_ = hits[limit - 1]["sort"]
    return encode_cursor(fingerprint, [date_sort, int(ord_)], str(article_id))


class ElasticsearchKnowledgeBase(ContextManagedKB):
    backend = "elasticsearch"

    def __init__(self, url: str, index_prefix: str = "unionkb", client: Elasticsearch | None = None) -> None:
        self.url = url
        self.index = f"{index_prefix}-articles"
        self.figures_index = f"{index_prefix}-figures"
        self.events_index = f"{index_prefix}-events"
        self.mentions_index = f"{index_prefix}-mentions"
        self._client = client or Elasticsearch(url)
        try:
            self._ensure_index()
        except (ApiError, TransportError) as exc:
            self._client.close()
            raise KBError(f"cannot use Elasticsearch at {url}: {exc}") from exc

    def _ensure_index(self) -> None:
        articles_from = self._ensure_one(self.index, PROPERTIES, MAPPING_VERSION, MIGRATIONS)
        figures_from = self._ensure_one(
            self.figures_index, FIGURE_PROPERTIES, FIGURE_MAPPING_VERSION, FIGURE_MIGRATIONS
        )
        events_from = self._ensure_one(
            self.events_index, EVENT_PROPERTIES, EVENT_MAPPING_VERSION, EVENT_MIGRATIONS
        )
        mentions_from = self._ensure_one(
            self.mentions_index, MENTION_PROPERTIES, MENTION_MAPPING_VERSION, MENTION_MIGRATIONS
        )
        if articles_from == 0:
            return  # a new index: nothing stored to backfill from
        if figures_from == 0:
            self._backfill_figures()
        if articles_from < 2 or events_from == 0 or mentions_from == 0:
            self._backfill_records(reindex_articles=articles_from < 2)

    def _ensure_one(
        self, index: str, properties: dict[str, Any], latest: int, migrations: dict[int, dict[str, Any]]
    ) -> int:
        """Create ``index`` or bring its mapping forward; returns the version it had (0: created now)."""
        if not self._client.indices.exists(index=index):
            self._client.indices.create(
                index=index,
                settings=SETTINGS,
                mappings={
                    "dynamic": "strict",
                    "_meta": {"unionkb_mapping": latest},
                    "properties": properties,
                },
            )
            return 0
        mapping = self._client.indices.get_mapping(index=index)
        meta = next(iter(mapping.body.values()))["mappings"].get("_meta", {})
        version = int(meta.get("unionkb_mapping", 0))
        if version > latest:
            raise KBError(
                f"index {index} has mapping version {version}, newer than this unionkb supports "
                f"({latest}); upgrade unionkb to open it"
            )
        for target in range(version + 1, latest + 1):
            log.info("migrating index %s to mapping %d", index, target)
            self._client.indices.put_mapping(
                index=index, properties=migrations.get(target, {}), meta={"unionkb_mapping": target}
            )
        return version

    def _backfill_figures(self) -> None:
        """Index the figures of articles stored before the figures index existed."""
        log.info("filling %s from the articles in %s", self.figures_index, self.index)
        actions = (
            {"_op_type": "index", "_index": self.figures_index, "_id": fid, "_source": doc}
            for hit in helpers.scan(self._client, index=self.index, query={"query": {"match_all": {}}})
            for fid, doc in figure_documents(from_document(hit["_source"])).items()
        )
        helpers.bulk(self._client, actions, refresh="wait_for")

    def _backfill_records(self, *, reindex_articles: bool) -> None:
        """Events and mentions (and, from mapping 1, the articles' activity units) from the stored JSON.

        Every article document keeps its whole article JSON under ``stored``,
        so no re-ingest is needed: the derived documents are rebuilt from it.
        """
        log.info("filling events, mentions and activity places from the articles in %s", self.index)

        def actions() -> Any:
            for hit in helpers.scan(self._client, index=self.index, query={"query": {"match_all": {}}}):
                item = from_document(hit["_source"])
                if reindex_articles:
                    yield {
                        "_op_type": "index",
                        "_index": self.index,
                        "_id": item.id,
                        "_source": to_document(item),
                    }
                for index, docs in (
                    (self.events_index, event_documents),
                    (self.mentions_index, mention_documents),
                ):
                    for cid, doc in docs(item).items():
                        yield {"_op_type": "index", "_index": index, "_id": cid, "_source": doc}

        helpers.bulk(self._client, actions(), refresh="wait_for")

    def drop_index(self) -> None:
        """Delete this backend's indexes: for tests and for rebuilding from the sources."""
        for index in (self.index, self.figures_index, self.events_index, self.mentions_index):
            self._client.indices.delete(index=index, ignore_unavailable=True)

    def close(self) -> None:
        self._client.close()

    # -- writes ------------------------------------------------------------------------------

    def upsert_articles(self, articles: Sequence[StoredArticle]) -> UpsertResult:
        items = list(articles)
        for item in items:
            validate_article(item)
        docs = [to_document(item) for item in items]
        ids = list(dict.fromkeys(item.id for item in items))
        try:
            previous = self._fetch_sources(ids)
            current = {i: src["content_hash"] for i, src in previous.items()}
            new = updated = unchanged = 0
            to_write: dict[str, dict[str, Any]] = {}
            for item, doc in zip(items, docs, strict=True):
                if current.get(item.id) == doc["content_hash"]:
                    unchanged += 1
                    continue
                if item.id in current:
                    updated += 1
                else:
                    new += 1
                current[item.id] = doc["content_hash"]
                to_write[item.id] = doc
            if to_write:
                self._write(to_write, previous)
        except (ApiError, TransportError) as exc:
            raise KBError(f"upsert failed: {exc}") from exc
        return UpsertResult(new=new, updated=updated, unchanged=unchanged)

    def _fetch_sources(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        if not ids:
            return {}
        resp = self._client.mget(index=self.index, ids=ids)
        return {d["_id"]: d["_source"] for d in resp["docs"] if d.get("found")}

    def _children(self, source: dict[str, Any] | None) -> dict[str, dict[str, dict[str, Any]]]:
        """Figure, event and mention documents of one stored article, by index then document id."""
        if source is None:
            return {self.figures_index: {}, self.events_index: {}, self.mentions_index: {}}
        item = from_document(source)
        return {
            self.figures_index: figure_documents(item),
            self.events_index: event_documents(item),
            self.mentions_index: mention_documents(item),
        }

    @staticmethod
    def _child_actions(
        new: dict[str, dict[str, dict[str, Any]]], old: dict[str, dict[str, dict[str, Any]]]
    ) -> list[dict[str, Any]]:
        """Index ``new`` child documents and delete the ids of ``old`` that ``new`` no longer has."""
        actions: list[dict[str, Any]] = []
        for index, docs in new.items():
            actions += [
                {"_op_type": "index", "_index": index, "_id": cid, "_source": doc}
                for cid, doc in docs.items()
            ]
            actions += [
                {"_op_type": "delete", "_index": index, "_id": cid} for cid in old[index] if cid not in docs
            ]
        return actions

    def _write(self, docs: dict[str, dict[str, Any]], previous: dict[str, dict[str, Any]]) -> None:
        """Articles with their figures, events and mentions in one bulk; any rejection restores them all."""
        old_children = {i: self._children(previous.get(i)) for i in docs}
        new_children = {i: self._children(d) for i, d in docs.items()}
        actions: list[dict[str, Any]] = []
        for i, d in docs.items():
            actions.append({"_op_type": "index", "_index": self.index, "_id": i, "_source": d})
            actions += self._child_actions(new_children[i], old_children[i])
        _, errors = helpers.bulk(
            self._client, actions, refresh="wait_for", raise_on_error=False, stats_only=False
        )
        if not errors:
            return
        failed = {next(iter(e.values())).get("_id") for e in errors if isinstance(e, dict)}
        undo: list[dict[str, Any]] = []
        for i in docs:
            if i in previous:
                undo.append({"_op_type": "index", "_index": self.index, "_id": i, "_source": previous[i]})
            else:
                undo.append({"_op_type": "delete", "_index": self.index, "_id": i})
            undo += self._child_actions(old_children[i], new_children[i])
        helpers.bulk(self._client, undo, refresh="wait_for", raise_on_error=False)
        raise KBError(f"upsert failed, nothing was stored: {len(failed)} document(s) rejected: {errors[:1]}")

    # -- reads -------------------------------------------------------------------------------

    def get_article(self, article_id: str) -> StoredArticle | None:
        try:
            resp = self._client.get(index=self.index, id=article_id)
        except NotFoundError:
            return None
        except (ApiError, TransportError) as exc:
            raise KBError(f"get failed: {exc}") from exc
        return from_document(resp["_source"])

    def count_articles(self) -> int:
        try:
            return int(self._client.count(index=self.index)["count"])
        except (ApiError, TransportError) as exc:
            raise KBError(f"count failed: {exc}") from exc

    def papers(self) -> list[str]:
        try:
            resp = self._client.search(
                index=self.index, size=0, aggs={"papers": {"terms": {"field": "paper", "size": 10000}}}
            )
        except (ApiError, TransportError) as exc:
            raise KBError(f"papers failed: {exc}") from exc
        return sorted(b["key"] for b in resp["aggregations"]["papers"]["buckets"])

    def search_articles(self, query: ArticleQuery) -> Page[ArticleHit]:
        if query.limit < 1:
            raise ValueError(f"limit must be at least 1, got {query.limit}")
        fingerprint = query_fingerprint(query, self.backend)
        position = decode_cursor(query.cursor, fingerprint) if query.cursor else None
        parsed = parse_query(query.q) if query.q is not None else None
        search_after = None
        if position is not None:
            if len(position.key) != 1:
                raise InvalidCursorError("cursor is not valid: it was damaged or not made by this server")
            search_after = [position.key[0], position.last_id]
        try:
            resp = self._client.search(
                index=self.index,
                query=build_query(parsed, query),
                sort=build_sort(query),
                search_after=search_after,
                size=query.limit + 1,
                track_total_hits=True,
            )
        except (ApiError, TransportError) as exc:
            raise KBError(f"search failed: {exc}") from exc
        hits = resp["hits"]["hits"]
        needles = [a.needle for a in parsed.positive_atoms] if parsed is not None else []
        by_relevance = query.effective_sort == "relevance"
        items = []
        for hit in hits[: query.limit]:
            stored = from_document(hit["_source"])
            score = hit.get("_score") if by_relevance else None
            items.append(
                ArticleHit(
                    article=stored,
                    snippet=make_snippet(stored.article.body, needles),
                    score=float(score) if score is not None else None,
                )
            )
        next_cursor = None
        if len(hits) > query.limit:
            last_sort = hits[query.limit - 1]["sort"]
            next_cursor = encode_cursor(fingerprint, [last_sort[0]], str(last_sort[1]))
        return Page(items=items, next_cursor=next_cursor, total=int(resp["hits"]["total"]["value"]))

    def search_figures(self, query: FigureQuery) -> Page[FigureHit]:
        validate_figure_query(query)
        fingerprint = figure_query_fingerprint(query, self.backend)
        position = decode_cursor(query.cursor, fingerprint) if query.cursor else None
        parsed = parse_query(query.q) if query.q is not None else None
        search_after = _after_date_id_ord(position)
        try:
            resp = self._client.search(
                index=self.figures_index,
                query=build_figure_query(parsed, query),
                sort=FIGURE_SORT,
                search_after=search_after,
                size=query.limit + 1,
                track_total_hits=True,
                source_excludes=["article_raw"],
            )
        except (ApiError, TransportError) as exc:
            raise KBError(f"figure search failed: {exc}") from exc
        hits = resp["hits"]["hits"]
        items = [figure_hit_from_document(hit["_source"]) for hit in hits[: query.limit]]
        next_cursor = _next_date_id_ord(fingerprint, hits, query.limit)
        return Page(items=items, next_cursor=next_cursor, total=int(resp["hits"]["total"]["value"]))

    # -- events, places, entities (issue 4) -------------------------------------------------

    def search_events(self, query: EventQuery) -> Page[EventHit]:
        validate_limit(query.limit)
        fingerprint = event_query_fingerprint(query, self.backend)
        position = decode_cursor(query.cursor, fingerprint) if query.cursor else None
        search_after = _after_date_id_ord(position)
        try:
            resp = self._client.search(
                index=self.events_index,
                query=build_event_query(query),
                sort=EVENT_SORT,
                search_after=search_after,
                size=query.limit + 1,
                track_total_hits=True,
            )
        except (ApiError, TransportError) as exc:
            raise KBError(f"event search failed: {exc}") from exc
        hits = resp["hits"]["hits"]
        items = [event_hit_from_document(hit["_source"]) for hit in hits[: query.limit]]
        next_cursor = _next_date_id_ord(fingerprint, hits, query.limit)
        return Page(items=items, next_cursor=next_cursor, total=int(resp["hits"]["total"]["value"]))

    def place_tree(
        self, paper: str | None = None, date_from: date | None = None, date_to: date | None = None
    ) -> list[PlaceNode]:
        counts = TreeCounts()
        for index, path, date_field, metric in (
            (self.index, "activity_units", "issue_date", "articles"),
            (self.events_index, "units", "date_key", "events"),
        ):
            filters = [c for c in (_range(date_field, date_from, date_to),) if c is not None]
            if paper is not None:
                filters.append({"term": {"paper": paper}})
            try:
                resp = self._client.search(
                    index=index,
                    size=0,
                    query={"bool": {"filter": filters}} if filters else {"match_all": {}},
                    aggs=_tree_aggs(path),
                )
            except (ApiError, TransportError) as exc:
                raise KBError(f"place tree failed: {exc}") from exc
            _walk_tree(resp["aggregations"], metric, counts)
        return counts.tree()

    def search_entities(self, query: EntityQuery) -> Page[EntityHit]:
        validate_entity_query(query)
        fingerprint = entity_query_fingerprint(query, self.backend)
        position = decode_cursor(query.cursor, fingerprint) if query.cursor else None
        if position is not None and (len(position.key) != 1 or type(position.key[0]) is not int):
            raise InvalidCursorError("cursor is not valid: it was damaged or not made by this server")
        filters: list[dict[str, Any]] = []
        if query.kind is not None:
            filters.append({"term": {"kind": query.kind}})
        if query.q is not None and query.q.strip():
            needle = _escape_wildcard(ascii_lower(query.q.strip()))
            filters.append({"wildcard": {"name_lower": {"value": f"*{needle}*"}}})
        try:
            resp = self._client.search(
                index=self.mentions_index,
                size=0,
                query={"bool": {"filter": filters}} if filters else {"match_all": {}},
                aggs={
                    "entities": {
                        "terms": {"field": "entity_id", "size": ENTITY_AGG_MAX + 1},
                        "aggs": ENTITY_STATS_AGGS,
                    }
                },
            )
        except (ApiError, TransportError) as exc:
            raise KBError(f"entity search failed: {exc}") from exc
        buckets = resp["aggregations"]["entities"]["buckets"]
        capped = len(buckets) > ENTITY_AGG_MAX
        ranked = sorted(
            (_entity_hit(b["key"], b) for b in buckets[:ENTITY_AGG_MAX]), key=lambda h: (-h.articles, h.id)
        )
        if position is not None:
            after, last_id = position.key[0], position.last_id
            assert isinstance(after, int)
            ranked = [h for h in ranked if h.articles < after or (h.articles == after and h.id > last_id)]
        page = ranked[: query.limit]
        next_cursor = None
        if len(ranked) > query.limit:
            next_cursor = encode_cursor(fingerprint, [page[-1].articles], page[-1].id)
        return Page(items=page, next_cursor=next_cursor, total=None if capped else len(buckets))

    def get_entity(self, entity_id: str) -> EntityDetail | None:
        try:
            resp = self._client.search(
                index=self.mentions_index,
                query={"term": {"entity_id": entity_id}},
                sort=[
                    {"issue_date": {"order": "desc", "missing": "_last"}},
                    {"article_id": {"order": "asc"}},
                    {"ord": {"order": "asc"}},
                ],
                size=LATEST_MENTIONS,
                track_total_hits=True,
                aggs={
                    **ENTITY_STATS_AGGS,
                    "months": {
                        "date_histogram": {
                            "field": "issue_date",
                            "calendar_interval": "month",
                            "format": "yyyy-MM",
                            "min_doc_count": 1,
                        },
                        "aggs": {"articles": ENTITY_STATS_AGGS["articles"]},
                    },
                },
            )
        except (ApiError, TransportError) as exc:
            raise KBError(f"entity lookup failed: {exc}") from exc
        total = int(resp["hits"]["total"]["value"])
        if total == 0:
            return None
        aggs = resp["aggregations"]
        latest = []
        for hit in resp["hits"]["hits"]:
            src, stored = hit["_source"], hit["_source"]["stored"]
            latest.append(
                EntityMention(
                    article_id=src["article_id"],
                    paper=src["paper"],
                    issue_date=date.fromisoformat(src["issue_date"]) if src.get("issue_date") else None,
                    headline=stored["headline"],
                    role=stored["role"],
                    text=stored["text"],
                    field=stored["field"],
                    start=int(stored["start"]),
                    end=int(stored["end"]),
                    detail=stored.get("detail"),
                )
            )
        return EntityDetail(
            entity=_entity_hit(entity_id, {**aggs, "doc_count": total}),
            months=tuple(
                MonthCount(b["key_as_string"], int(b["doc_count"]), int(b["articles"]["value"]))
                for b in aggs["months"]["buckets"]
            ),
            latest=tuple(latest),
        )
