"""Backend details behind the events/places/entities contract: SQLite migration 4, ES documents and queries.

The ES parts run without a cluster: documents must fit the strict mappings,
queries are pure functions, and the tree walker is fed a response shaped
like the aggregation it asks for.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import kb.elasticsearch as es
from extract.page import extract_page
from kb.base import ArticleQuery, EntityQuery, EventQuery, SourceInfo, StoredArticle, entity_id
from kb.sqlite import SqliteKnowledgeBase
from kb.sqlite.schema import SCHEMA_VERSION, migrate
from kb.tree import TreeCounts

SAMPLES = Path(__file__).resolve().parents[2] / "unionkb" / "samples" / "pages"


@cache
def corpus() -> tuple[StoredArticle, ...]:
    """Two bundled sample pages through the real extractor (the contract tests use them all)."""
    items: list[StoredArticle] = []
    for page in sorted(SAMPLES.glob("*.txt"))[:2]:
        issue = date(2025, 3, 7)
        for n, art in enumerate(extract_page(page.read_text(encoding="utf-8"), issue_date=issue).articles):
            items.append(
                StoredArticle(
                    id=f"{page.stem}-{n}",
                    paper="lngr",
                    issue_date=issue,
                    issue_number=None,
                    page_number="1",
                    page_name=None,
                    page_pdf_url=None,
                    seq=n,
                    article=art,
                    source=SourceInfo("text", None, None, "c" * 64, None),
                    ingested_at=datetime(2025, 8, 1, tzinfo=UTC),
                )
            )
    return tuple(items)


def test_entity_ids_are_stable_and_kind_scoped() -> None:
    assert entity_id("organisation", "佛山市南海区总工会") == entity_id(
        "organisation", " 佛山市南海区总工会 "
    )
    assert entity_id("organisation", "佛山市南海区总工会").startswith("org-")
    assert entity_id("person", "王艳") != entity_id("organisation", "王艳")
    assert entity_id("programme", "春风行动") == "prog-" + entity_id("programme", "春风行动")[5:]


def test_migration_4_clears_hashes_so_the_next_ingest_stores_records(tmp_path: Path) -> None:
    """A row written by version 3 (no records column) with the hash version 3 computed for it."""
    path = tmp_path / "kb.sqlite"
    item = next(a for a in corpus() if a.article.events)
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, target=3) == 3
    conn.execute("INSERT INTO papers (code) VALUES ('lngr')")
    conn.execute(
        "INSERT INTO issues (paper, issue_key, issue_date) VALUES ('lngr', '2025-03-07', '2025-03-07')"
    )
    conn.execute("INSERT INTO pages (issue_pk, page_key, number) VALUES (1, '1', '1')")
    conn.execute(
        "INSERT INTO articles (id, page_pk, paper, issue_date, seq, title, body, source_kind, raw_sha256,"
        " ingested_at, content_hash) VALUES (?, 1, 'lngr', '2025-03-07', ?, ?, ?, 'text', ?,"
        " '2025-08-01T00:00:00+00:00', ?)",
        (item.id, item.seq, item.article.title, item.article.body, "c" * 64, item.content_hash()),
    )
    conn.close()
    with SqliteKnowledgeBase(path) as kb:
        assert kb.search_events(EventQuery()).total == 0  # nothing stored to backfill from
        assert kb.upsert_articles([item]).updated == 1  # not "unchanged": migration 4 cleared the hash
        stored = kb.get_article(item.id)
        assert stored is not None and stored.article.events == item.article.events
        assert kb.search_events(EventQuery()).total == len(item.article.events)
        assert kb.upsert_articles([item]).unchanged == 1
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 4


def test_sqlite_uses_the_unit_indexes(tmp_path: Path) -> None:
    with SqliteKnowledgeBase(tmp_path / "kb.sqlite") as kb:
        kb.upsert_articles(corpus()[:3])
        assert kb.search_articles(ArticleQuery(city="no such city")).total == 0
    with sqlite3.connect(tmp_path / "kb.sqlite") as raw:
        plan = raw.execute("EXPLAIN QUERY PLAN SELECT * FROM article_units WHERE city = ?", ("x",)).fetchall()
        assert any("article_units_by_city" in str(row) for row in plan)


# -- Elasticsearch, without a cluster -----------------------------------------------------------


def test_es_documents_fit_their_strict_mappings() -> None:
    for item in corpus():
        assert set(es.to_document(item)) <= set(es.PROPERTIES)
        for doc in es.event_documents(item).values():
            assert set(doc) <= set(es.EVENT_PROPERTIES)
            hit = es.event_hit_from_document(doc)
            assert hit.event == item.article.events[hit.ord] and hit.article_id == item.id
        mentions = es.mention_documents(item)
        assert len(mentions) == len(item.article.organisations) + len(item.article.programmes) + len(
            item.article.people
        )
        for doc in mentions.values():
            assert set(doc) <= set(es.MENTION_PROPERTIES)
    assert "activity_units" in es.MIGRATIONS[es.MAPPING_VERSION]


def test_es_event_query_body() -> None:
    body = es.build_event_query(
        EventQuery(
            type="慰问",
            city="440600",
            county="南海区",
            org="区总*",
            programme="二次医保",
            date_from=date(2025, 3, 1),
        )
    )
    filters = body["bool"]["filter"]
    assert {"term": {"type": "慰问"}} in filters
    nested = next(f for f in filters if "nested" in f)["nested"]
    assert nested["path"] == "units"
    assert nested["query"]["bool"]["filter"] == [
        {"term": {"units.city_code": "440600"}},
        {"term": {"units.county": "南海区"}},
    ]
    assert {"wildcard": {"org_names": {"value": "*区总\\**"}}} in filters
    assert {"wildcard": {"programme_names": {"value": "*广东省在职职工住院医疗综合互助保障计划*"}}} in filters
    assert {"range": {"date_key": {"gte": "2025-03-01"}}} in filters
    assert es.build_event_query(EventQuery()) == {"match_all": {}}
    article = es.build_query(None, ArticleQuery(city="佛山市"))
    assert article["bool"]["filter"][0]["nested"]["path"] == "activity_units"


def _bucket(key: str, n: int, code: str | None, **children: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "key": key,
        "roots": {"doc_count": n},
        "code": {"buckets": [{"key": code}] if code else []},
    }
    for name, buckets in children.items():
        out[name] = {"buckets": buckets}
    return out


def test_es_tree_walk_matches_the_shared_tree() -> None:
    aggs = {
        "units": {
            "province": {
                "buckets": [
                    _bucket(
                        "广东省",
                        3,
                        "440000",
                        city=[
                            _bucket(
                                "佛山市",
                                2,
                                "440600",
                                county=[_bucket("南海区", 1, "440605"), _bucket("", 1, None)],
                            ),
                            _bucket("", 1, None, county=[]),
                        ],
                    )
                ]
            }
        }
    }
    counts = TreeCounts()
    es._walk_tree(aggs, "articles", counts)
    es._walk_tree(aggs, "events", counts)
    (gd,) = counts.tree()
    assert (gd.name, gd.articles, gd.events, gd.code) == ("广东省", 3, 3, "440000")
    (foshan,) = gd.children
    assert (foshan.name, foshan.articles) == ("佛山市", 2)
    assert [(c.name, c.articles, c.code) for c in foshan.children] == [("南海区", 1, "440605")]


def test_es_entity_ranking_and_cursor() -> None:
    def bucket(key: str, articles: int) -> dict[str, Any]:
        return {
            "key": key,
            "doc_count": articles + 1,
            "articles": {"value": articles},
            "first": {"value": 1.0, "value_as_string": "2025-03-07"},
            "last": {"value": None},
            "top": {"hits": {"hits": [{"_source": {"kind": "organisation", "name": key}}]}},
        }

    class Client:
        indices = None

        def search(self, **kwargs: Any) -> dict[str, Any]:
            buckets = [bucket("b", 2), bucket("a", 2), bucket("c", 5)]
            return {"aggregations": {"entities": {"buckets": buckets}}}

        def close(self) -> None:
            pass

    kb = es.ElasticsearchKnowledgeBase.__new__(es.ElasticsearchKnowledgeBase)
    kb._client = Client()  # type: ignore[assignment]
    kb.mentions_index = "t-mentions"
    first = kb.search_entities(EntityQuery(limit=2))
    assert [h.id for h in first.items] == ["c", "a"] and first.total == 3
    assert first.items[0].first_date == date(2025, 3, 7) and first.items[0].last_date is None
    rest = kb.search_entities(EntityQuery(limit=2, cursor=first.next_cursor))
    assert [h.id for h in rest.items] == ["b"] and rest.next_cursor is None
    assert replace(EntityQuery(), limit=2).limit == 2
