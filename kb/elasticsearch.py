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
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError, helpers

from extract.segmenter import index_tokens, words
from kb.base import (
    ArticleHit,
    ArticleQuery,
    ContextManagedKB,
    FigureHit,
    FigureQuery,
    InvalidCursorError,
    KBError,
    Page,
    SourceInfo,
    StoredArticle,
    UpsertResult,
    validate_article,
    validate_figure_query,
)
from kb.codec import article_from_json, figure_from_json, figure_to_json
from kb.cursor import decode_cursor, encode_cursor, figure_query_fingerprint, query_fingerprint
from kb.query import Atom, ParsedQuery, ascii_lower, parse_query
from kb.snippet import make_snippet
from kb.values import decimal_key

log = logging.getLogger(__name__)

MAPPING_VERSION = 1
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
        "stored": stored,
    }


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


class ElasticsearchKnowledgeBase(ContextManagedKB):
    backend = "elasticsearch"

    def __init__(self, url: str, index_prefix: str = "unionkb", client: Elasticsearch | None = None) -> None:
        self.url = url
        self.index = f"{index_prefix}-articles"
        self.figures_index = f"{index_prefix}-figures"
        self._client = client or Elasticsearch(url)
        try:
            self._ensure_index()
        except (ApiError, TransportError) as exc:
            self._client.close()
            raise KBError(f"cannot use Elasticsearch at {url}: {exc}") from exc

    def _ensure_index(self) -> None:
        articles_created = self._ensure_one(self.index, PROPERTIES, MAPPING_VERSION, MIGRATIONS)
        figures_created = self._ensure_one(
            self.figures_index, FIGURE_PROPERTIES, FIGURE_MAPPING_VERSION, FIGURE_MIGRATIONS
        )
        if figures_created and not articles_created:
            self._backfill_figures()

    def _ensure_one(
        self, index: str, properties: dict[str, Any], latest: int, migrations: dict[int, dict[str, Any]]
    ) -> bool:
        """Create ``index`` or bring its mapping forward; True when it was created just now."""
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
            return True
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
        return False

    def _backfill_figures(self) -> None:
        """Index the figures of articles stored before the figures index existed."""
        log.info("filling %s from the articles in %s", self.figures_index, self.index)
        actions = (
            {"_op_type": "index", "_index": self.figures_index, "_id": fid, "_source": doc}
            for hit in helpers.scan(self._client, index=self.index, query={"query": {"match_all": {}}})
            for fid, doc in figure_documents(from_document(hit["_source"])).items()
        )
        helpers.bulk(self._client, actions, refresh="wait_for")

    def drop_index(self) -> None:
        """Delete this backend's index: for tests and for rebuilding from the sources."""
        self._client.indices.delete(index=self.index, ignore_unavailable=True)
        self._client.indices.delete(index=self.figures_index, ignore_unavailable=True)

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

    def _figure_actions(
        self, new: dict[str, dict[str, Any]], old: dict[str, dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """Index ``new`` figure documents and delete the ids of ``old`` that ``new`` no longer has."""
        actions = [
            {"_op_type": "index", "_index": self.figures_index, "_id": fid, "_source": doc}
            for fid, doc in new.items()
        ]
        actions += [
            {"_op_type": "delete", "_index": self.figures_index, "_id": fid} for fid in old if fid not in new
        ]
        return actions

    def _write(self, docs: dict[str, dict[str, Any]], previous: dict[str, dict[str, Any]]) -> None:
        """Articles and their figures in one bulk; any rejection restores every touched document."""
        old_figures = {i: figure_documents(from_document(previous[i])) if i in previous else {} for i in docs}
        new_figures = {i: figure_documents(from_document(d)) for i, d in docs.items()}
        actions: list[dict[str, Any]] = []
        for i, d in docs.items():
            actions.append({"_op_type": "index", "_index": self.index, "_id": i, "_source": d})
            actions += self._figure_actions(new_figures[i], old_figures[i])
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
            undo += self._figure_actions(old_figures[i], new_figures[i])
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
        search_after = None
        if position is not None:
            key = position.key
            if len(key) != 2 or type(key[1]) is not int:
                raise InvalidCursorError("cursor is not valid: it was damaged or not made by this server")
            search_after = [key[0], position.last_id, key[1]]
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
        next_cursor = None
        if len(hits) > query.limit:
            date_sort, article_id, ord_ = hits[query.limit - 1]["sort"]
            next_cursor = encode_cursor(fingerprint, [date_sort, int(ord_)], str(article_id))
        return Page(items=items, next_cursor=next_cursor, total=int(resp["hits"]["total"]["value"]))
