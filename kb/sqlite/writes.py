"""Upserts: articles, their FTS rows, figures, places, events and mentions in one transaction.

Every upsert batch is one ``BEGIN IMMEDIATE`` transaction, FTS rows and
figures included, so a failed record leaves the file exactly as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from extract.records import Article
from kb.base import KBError, StoredArticle, UpsertResult, validate_article
from kb.codec import event_to_json, offset_map_to_json, records_to_json
from kb.derived import activity_units, entity_mentions, event_date_key, event_units, iter_entities
from kb.sqlite.connection import SqliteConnections
from kb.sqlite.fts import index_text
from kb.sqlite.rows import dumps, figure_row, unit_values

_UPSERT_ARTICLE = """
INSERT INTO articles (
    id, page_pk, paper, issue_date, seq, kicker, title, subtitle, body, reporters, correspondents,
    byline_end, photo_credits, body_map, extra, source_kind, source_url, source_path, raw_sha256,
    fetched_at, ingested_at, content_hash, records
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
    page_pk = excluded.page_pk, paper = excluded.paper, issue_date = excluded.issue_date,
    seq = excluded.seq, kicker = excluded.kicker, title = excluded.title, subtitle = excluded.subtitle,
    body = excluded.body, reporters = excluded.reporters, correspondents = excluded.correspondents,
    byline_end = excluded.byline_end, photo_credits = excluded.photo_credits, body_map = excluded.body_map,
    extra = excluded.extra, source_kind = excluded.source_kind, source_url = excluded.source_url,
    source_path = excluded.source_path, raw_sha256 = excluded.raw_sha256, fetched_at = excluded.fetched_at,
    ingested_at = excluded.ingested_at, content_hash = excluded.content_hash, records = excluded.records
WHERE articles.content_hash IS NOT excluded.content_hash
RETURNING pk
"""

_INSERT_FIGURE = """
INSERT INTO figures (
    article_pk, ord, text, value, unit, approx, start, "end", sentence, field, measure, cumulative,
    period, period_from, period_to, subject, per, is_duration, value_key
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""


def _headline(article: Article) -> str:
    return "\n".join(p for p in (article.kicker, article.title, article.subtitle) if p)


def _issue_key(item: StoredArticle) -> str:
    if item.issue_date is not None:
        return item.issue_date.isoformat()
    return f"no:{item.issue_number}" if item.issue_number else "undated"


class ArticleWrites(SqliteConnections):
    """``upsert_articles`` and the rows it replaces for each new or changed article."""

    def upsert_articles(self, articles: Sequence[StoredArticle]) -> UpsertResult:
        if self._closed:
            raise KBError("knowledge base is closed")
        new = updated = unchanged = 0
        with self._write_lock:
            conn = self._writer
            conn.execute("BEGIN IMMEDIATE")
            try:
                for item in articles:
                    validate_article(item)
                    digest = item.content_hash()
                    row = conn.execute(
                        "SELECT content_hash FROM articles WHERE id = ?", (item.id,)
                    ).fetchone()
                    if row is not None and row[0] == digest:
                        unchanged += 1
                        continue
                    self._write_article(conn, item, digest)
                    if row is None:
                        new += 1
                    else:
                        updated += 1
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                conn.execute("ROLLBACK")
                raise KBError(f"upsert failed, nothing was stored: {exc}") from exc
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return UpsertResult(new=new, updated=updated, unchanged=unchanged)

    def _write_article(self, conn: sqlite3.Connection, item: StoredArticle, digest: str) -> None:
        art = item.article
        page_pk = self._ensure_page(conn, item)
        row = conn.execute(
            _UPSERT_ARTICLE,
            (
                item.id,
                page_pk,
                item.paper,
                item.issue_date.isoformat() if item.issue_date else None,
                item.seq,
                art.kicker,
                art.title,
                art.subtitle,
                art.body,
                dumps(list(art.reporters)),
                dumps(list(art.correspondents)),
                art.byline_end,
                dumps(list(art.photo_credits)),
                None if art.body_map is None else dumps(offset_map_to_json(art.body_map)),
                dumps(art.extra),
                item.source.kind,
                item.source.url,
                item.source.path,
                item.source.raw_sha256,
                item.source.fetched_at.isoformat() if item.source.fetched_at else None,
                item.ingested_at.isoformat(),
                digest,
                dumps(records_to_json(art)),
            ),
        ).fetchone()
        if row is None:  # content hash equal after all: the conflict clause wrote nothing
            return
        pk = int(row[0])
        conn.execute("DELETE FROM articles_fts WHERE rowid = ?", (pk,))
        conn.execute(
            "INSERT INTO articles_fts (rowid, headline, body) VALUES (?, ?, ?)",
            (pk, index_text(_headline(art)), index_text(art.body)),
        )
        conn.execute("DELETE FROM figures WHERE article_pk = ?", (pk,))
        conn.executemany(_INSERT_FIGURE, [figure_row(pk, n, f) for n, f in enumerate(art.figures)])
        self._write_records(conn, pk, item)

    def _write_records(self, conn: sqlite3.Connection, pk: int, item: StoredArticle) -> None:
        """Replace the article's place, event and mention rows (same transaction as the article row).

        Rows are deleted and re-inserted rather than diffed: an article has a
        handful of each, and replacing makes duplicates after re-ingest impossible.
        Entities left without mentions are dropped so searches never list ghosts.
        """
        art = item.article
        conn.execute("DELETE FROM article_units WHERE article_pk = ?", (pk,))
        conn.executemany(
            "INSERT INTO article_units VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(pk, n, *unit_values(u)) for n, u in enumerate(activity_units(art))],
        )
        conn.execute("DELETE FROM events WHERE article_pk = ?", (pk,))  # cascades to units and names
        for n, event in enumerate(art.events):
            event_pk = conn.execute(
                "INSERT INTO events (article_pk, ord, type, date_key, data) VALUES (?, ?, ?, ?, ?)"
                " RETURNING pk",
                (pk, n, event.type, event_date_key(event, item.issue_date), dumps(event_to_json(event))),
            ).fetchone()[0]
            conn.executemany(
                "INSERT INTO event_units VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(event_pk, k, *unit_values(u)) for k, u in enumerate(event_units(art, event))],
            )
            names = [("organiser", x) for x in event.organisers]
            names += [("participant", x) for x in event.participants]
            names += [("programme", x) for x in event.programmes]
            conn.executemany(
                "INSERT INTO event_names (event_pk, kind, name) VALUES (?, ?, ?)",
                [(event_pk, kind, name) for kind, name in names],
            )
        old_sql = "SELECT DISTINCT entity_id FROM mentions WHERE article_pk = ?"
        old = [r[0] for r in conn.execute(old_sql, (pk,))]
        conn.execute("DELETE FROM mentions WHERE article_pk = ?", (pk,))
        rows = entity_mentions(art)
        conn.executemany(
            "INSERT INTO entities (id, kind, name) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
            list(iter_entities(rows)),
        )
        conn.executemany(
            'INSERT INTO mentions (article_pk, ord, entity_id, role, text, field, start, "end", detail) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(pk, r.ord, r.entity_id, r.role, r.text, r.field, r.start, r.end, r.detail) for r in rows],
        )
        current = {r.entity_id for r in rows}
        gone = [e for e in old if e not in current]
        if gone:
            conn.execute(
                f"DELETE FROM entities WHERE id IN ({','.join('?' * len(gone))}) "
                "AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = entities.id)",
                gone,
            )

    def _ensure_page(self, conn: sqlite3.Connection, item: StoredArticle) -> int:
        conn.execute("INSERT INTO papers (code) VALUES (?) ON CONFLICT (code) DO NOTHING", (item.paper,))
        key = _issue_key(item)
        issue = conn.execute(
            "SELECT pk, number FROM issues WHERE paper = ? AND issue_key = ?", (item.paper, key)
        ).fetchone()
        if issue is None:
            issue_pk = conn.execute(
                "INSERT INTO issues (paper, issue_key, issue_date, number) VALUES (?, ?, ?, ?) RETURNING pk",
                (
                    item.paper,
                    key,
                    item.issue_date.isoformat() if item.issue_date else None,
                    item.issue_number,
                ),
            ).fetchone()[0]
        else:
            issue_pk = issue["pk"]
            if item.issue_number and issue["number"] != item.issue_number:
                conn.execute("UPDATE issues SET number = ? WHERE pk = ?", (item.issue_number, issue_pk))
        page_key = item.page_number or ""
        page = conn.execute(
            "SELECT pk, name, pdf_url FROM pages WHERE issue_pk = ? AND page_key = ?", (issue_pk, page_key)
        ).fetchone()
        if page is None:
            return int(
                conn.execute(
                    "INSERT INTO pages (issue_pk, page_key, number, name, pdf_url) "
                    "VALUES (?, ?, ?, ?, ?) RETURNING pk",
                    (issue_pk, page_key, item.page_number, item.page_name, item.page_pdf_url),
                ).fetchone()[0]
            )
        name = item.page_name or page["name"]
        pdf_url = item.page_pdf_url or page["pdf_url"]
        if (name, pdf_url) != (page["name"], page["pdf_url"]):
            conn.execute("UPDATE pages SET name = ?, pdf_url = ? WHERE pk = ?", (name, pdf_url, page["pk"]))
        return int(page["pk"])
