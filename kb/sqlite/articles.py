"""Article reads: by id, counts, and the full-text search with its keyset pages."""

from __future__ import annotations

import sqlite3
from typing import Any

from extract.records import Figure
from kb.base import ArticleHit, ArticleQuery, Page, StoredArticle
from kb.cursor import checked_key, decode_cursor, is_number, is_str, query_fingerprint
from kb.query import parse_query
from kb.snippet import make_snippet
from kb.sqlite.connection import SqliteConnections
from kb.sqlite.fts import BODY_WEIGHT, HEADLINE_WEIGHT, compile_search
from kb.sqlite.rows import ARTICLE_COLUMNS, ARTICLE_FROM, article_from_row, figure_from_row
from kb.sqlite.sql import date_range, next_page, unit_match, where_sql


class ArticleReads(SqliteConnections):
    """Whole articles (with figures) and article search."""

    def get_article(self, article_id: str) -> StoredArticle | None:
        conn = self._reader()
        conn.execute("BEGIN")  # the article row and its figures from one snapshot
        try:
            found = self._load(conn, "a.id = ?", [article_id])
        finally:
            conn.execute("COMMIT")
        return found[0][1] if found else None

    def count_articles(self) -> int:
        return int(self._reader().execute("SELECT count(*) FROM articles").fetchone()[0])

    def papers(self) -> list[str]:
        rows = self._reader().execute(
            "SELECT code FROM papers WHERE EXISTS (SELECT 1 FROM articles WHERE paper = code) ORDER BY code"
        )
        return [r[0] for r in rows]

    def _load(
        self, conn: sqlite3.Connection, where: str, params: list[Any]
    ) -> list[tuple[int, StoredArticle]]:
        rows = conn.execute(f"SELECT {ARTICLE_COLUMNS} FROM {ARTICLE_FROM} WHERE {where}", params).fetchall()
        if not rows:
            return []
        pks = [r["pk"] for r in rows]
        figures: dict[int, list[Figure]] = {pk: [] for pk in pks}
        marks = ",".join("?" * len(pks))
        for f in conn.execute(
            f"SELECT * FROM figures WHERE article_pk IN ({marks}) ORDER BY article_pk, ord", pks
        ):
            figures[f["article_pk"]].append(figure_from_row(f))
        return [(r["pk"], article_from_row(r, figures[r["pk"]])) for r in rows]

    def search_articles(self, query: ArticleQuery) -> Page[ArticleHit]:
        if query.limit < 1:
            raise ValueError(f"limit must be at least 1, got {query.limit}")
        fingerprint = query_fingerprint(query, self.backend)
        position = decode_cursor(query.cursor, fingerprint) if query.cursor else None
        parsed = parse_query(query.q) if query.q is not None else None
        compiled = compile_search(parsed) if parsed is not None else None

        params: list[Any] = []
        where: list[str] = []
        if compiled is not None and compiled.match is not None:
            source = (
                "WITH m AS MATERIALIZED (SELECT rowid AS pk, "
                f"bm25(articles_fts, {HEADLINE_WEIGHT}, {BODY_WEIGHT}) AS rank "
                "FROM articles_fts WHERE articles_fts MATCH ?) "
            )
            params.append(compiled.match)
            from_sql, rank_sql = "m JOIN articles a ON a.pk = m.pk", "m.rank"
        else:
            source, from_sql, rank_sql = "", "articles a", "0.0"
        if compiled is not None:
            where.append(compiled.verify_sql)
            params.extend(compiled.verify_params)
        if query.paper is not None:
            where.append("a.paper = ?")
            params.append(query.paper)
        dates_where, dates_params = date_range(query.date_from, query.date_to, "a.issue_date")
        where += dates_where
        params += dates_params
        unit_sql, unit_params = unit_match("u", query.province, query.city, query.county)
        if unit_sql:
            where.append(f"EXISTS (SELECT 1 FROM article_units u WHERE u.article_pk = a.pk AND {unit_sql})")
            params.extend(unit_params)

        by_relevance = query.effective_sort == "relevance"
        sort_sql = rank_sql if by_relevance else "ifnull(a.issue_date, '')"
        order = f"{sort_sql}, a.id" if by_relevance else f"{sort_sql} DESC, a.id"
        page_where, page_params = list(where), list(params)
        if position is not None:
            key = checked_key(position, is_number if by_relevance else is_str)
            op = ">" if by_relevance else "<"
            page_where.append(f"({sort_sql} {op} ? OR ({sort_sql} = ? AND a.id > ?))")
            page_params.extend([key[0], key[0], position.last_id])

        count_sql = f"{source}SELECT count(*) FROM {from_sql}{where_sql(where)}"
        page_sql = (
            f"{source}SELECT a.pk, a.id, {sort_sql} AS sort_key, {rank_sql} AS rank FROM {from_sql}"
            f"{where_sql(page_where)} ORDER BY {order} LIMIT ?"
        )
        with self._snapshot("search") as conn:
            total = int(conn.execute(count_sql, params).fetchone()[0])
            rows = conn.execute(page_sql, [*page_params, query.limit + 1]).fetchall()
            page_rows, next_cursor = next_page(
                rows, query.limit, fingerprint, lambda last: [last["sort_key"]], "id"
            )
            pks = [r["pk"] for r in page_rows]
            loaded = dict(self._load(conn, f"a.pk IN ({','.join('?' * len(pks))})", pks))

        needles = [atom.needle for atom in parsed.positive_atoms] if parsed is not None else []
        scored = by_relevance and compiled is not None and compiled.match is not None
        items = [
            ArticleHit(
                article=loaded[r["pk"]],
                snippet=make_snippet(loaded[r["pk"]].article.body, needles),
                score=-float(r["rank"]) if scored else None,
            )
            for r in page_rows
        ]
        return Page(items=items, next_cursor=next_cursor, total=total)
