"""Entity search and detail: organisations, programmes and people with their mention counts."""

from __future__ import annotations

from typing import Any

from kb.base import (
    LATEST_MENTIONS,
    EntityDetail,
    EntityHit,
    EntityMention,
    EntityQuery,
    MonthCount,
    Page,
    validate_entity_query,
)
from kb.cursor import checked_key, decode_cursor, entity_query_fingerprint, is_int
from kb.query import ascii_lower
from kb.sqlite.connection import SqliteConnections
from kb.sqlite.rows import entity_hit, joined_headline, parse_date
from kb.sqlite.sql import next_page, where_sql


class EntityReads(SqliteConnections):
    """``search_entities`` and ``get_entity``."""

    def search_entities(self, query: EntityQuery) -> Page[EntityHit]:
        """Entities with their counts, most-mentioned (by articles) first; keyset on (articles, id)."""
        validate_entity_query(query)
        fingerprint = entity_query_fingerprint(query, self.backend)
        position = decode_cursor(query.cursor, fingerprint) if query.cursor else None
        where: list[str] = []
        params: list[Any] = []
        if query.kind is not None:
            where.append("e.kind = ?")
            params.append(query.kind)
        if query.q is not None and query.q.strip():
            where.append("instr(lower(e.name), ?) > 0")
            params.append(ascii_lower(query.q.strip()))
        stats = (
            "WITH s AS (SELECT e.id, e.kind, e.name, count(*) AS mentions,"
            " count(DISTINCT m.article_pk) AS articles, min(a.issue_date) AS first_date,"
            " max(a.issue_date) AS last_date FROM entities e JOIN mentions m ON m.entity_id = e.id"
            f" JOIN articles a ON a.pk = m.article_pk{where_sql(where)} GROUP BY e.id) "
        )
        page_where: list[str] = []
        page_params = list(params)
        if position is not None:
            key = checked_key(position, is_int)
            page_where.append("(s.articles < ? OR (s.articles = ? AND s.id > ?))")
            page_params.extend([key[0], key[0], position.last_id])
        with self._snapshot("entity search") as conn:
            total = int(conn.execute(f"{stats}SELECT count(*) FROM s", params).fetchone()[0])
            rows = conn.execute(
                f"{stats}SELECT * FROM s{where_sql(page_where)} ORDER BY s.articles DESC, s.id LIMIT ?",
                [*page_params, query.limit + 1],
            ).fetchall()
        page_rows, next_cursor = next_page(
            rows, query.limit, fingerprint, lambda last: [last["articles"]], "id"
        )
        return Page(items=[entity_hit(r) for r in page_rows], next_cursor=next_cursor, total=total)

    def get_entity(self, entity_id: str) -> EntityDetail | None:
        with self._snapshot("entity lookup") as conn:
            row = conn.execute(
                "SELECT e.id, e.kind, e.name, count(*) AS mentions,"
                " count(DISTINCT m.article_pk) AS articles,"
                " min(a.issue_date) AS first_date, max(a.issue_date) AS last_date FROM entities e"
                " JOIN mentions m ON m.entity_id = e.id JOIN articles a ON a.pk = m.article_pk"
                " WHERE e.id = ? GROUP BY e.id",
                (entity_id,),
            ).fetchone()
            if row is None:
                return None
            months = conn.execute(
                "SELECT substr(a.issue_date, 1, 7) AS month, count(*) AS mentions,"
                " count(DISTINCT m.article_pk) AS articles FROM mentions m"
                " JOIN articles a ON a.pk = m.article_pk"
                " WHERE m.entity_id = ? AND a.issue_date IS NOT NULL GROUP BY month ORDER BY month",
                (entity_id,),
            ).fetchall()
            latest = conn.execute(
                'SELECT m.role, m.text, m.field, m.start, m."end", m.detail, a.id AS article_id, a.paper,'
                " a.issue_date, a.kicker, a.title, a.subtitle FROM mentions m"
                " JOIN articles a ON a.pk = m.article_pk WHERE m.entity_id = ?"
                " ORDER BY ifnull(a.issue_date, '') DESC, a.id, m.ord LIMIT ?",
                (entity_id, LATEST_MENTIONS),
            ).fetchall()
        return EntityDetail(
            entity=entity_hit(row),
            months=tuple(MonthCount(r["month"], r["mentions"], r["articles"]) for r in months),
            latest=tuple(
                EntityMention(
                    article_id=r["article_id"],
                    paper=r["paper"],
                    issue_date=parse_date(r["issue_date"]),
                    headline=joined_headline(r),
                    role=r["role"],
                    text=r["text"],
                    field=r["field"],
                    start=r["start"],
                    end=r["end"],
                    detail=r["detail"],
                )
                for r in latest
            ),
        )
