"""What only the SQLite backend promises: WAL, migrations, refusing newer files, FTS kept in sync."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kb.base import ArticleQuery, KBError, StoredArticle
from kb.factory import open_kb
from kb.sqlite import SqliteKnowledgeBase
from kb.sqlite.schema import SCHEMA_VERSION, migrate
from unionkb.settings import Settings

Make = Callable[..., StoredArticle]


def _raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def _tables(path: Path) -> set[str]:
    with _raw(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}


def test_file_is_wal_with_current_schema_and_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "kb.sqlite"
    with SqliteKnowledgeBase(path) as kb:
        reader = kb._reader()
        assert reader.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        assert reader.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert kb._writer.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    conn = _raw(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
    assert {"papers", "issues", "pages", "articles", "articles_fts", "figures"} <= _tables(path)


def test_factory_creates_parent_directories(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "kb.sqlite"
    with open_kb(Settings(db=path, es_url=None)) as kb:
        assert kb.backend == "sqlite" and kb.count_articles() == 0
    assert path.exists()


def test_migrates_an_empty_version_0_file(tmp_path: Path) -> None:
    path = tmp_path / "kb.sqlite"
    _raw(path).close()
    with SqliteKnowledgeBase(path) as kb:
        assert kb.count_articles() == 0
    with _raw(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_migrates_a_version_1_file_keeping_its_articles(tmp_path: Path, make: Make) -> None:
    path = tmp_path / "kb.sqlite"
    conn = _raw(path)
    assert migrate(conn, target=1) == 1
    assert "figures" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    # Write one article the way a version-1 unionkb did, then close the file.
    article = make("old-1", "工会二次医保宣讲", "湛江市总工会宣讲工会二次医保。")
    v1 = _raw(path)
    v1.execute("INSERT INTO papers (code) VALUES ('nfgb')")
    v1.execute(
        "INSERT INTO issues (paper, issue_key, issue_date) VALUES ('nfgb', '2024-03-15', '2024-03-15')"
    )
    v1.execute("INSERT INTO pages (issue_pk, page_key, number) VALUES (1, '1', '1')")
    v1.execute(
        "INSERT INTO articles (id, page_pk, paper, issue_date, seq, title, body, source_kind, raw_sha256,"
        " ingested_at, content_hash) VALUES (?, 1, 'nfgb', '2024-03-15', 0, ?, ?, 'text', ?, ?, ?)",
        (
            article.id,
            article.article.title,
            article.article.body,
            "a" * 64,
            article.ingested_at.isoformat(),
            article.content_hash(),
        ),
    )
    v1.execute(
        "INSERT INTO articles_fts (rowid, headline, body) VALUES (1, ?, ?)",
        (
            "工会二次医保 二次医保 工会 二次 医保 宣讲",
            "湛江市 湛江 总工会 工会 宣讲 工会二次医保 二次医保 医保",
        ),
    )
    v1.close()

    with SqliteKnowledgeBase(path) as kb:
        assert "figures" in _tables(path)
        assert kb.get_article("old-1") is not None
        assert [h.article.id for h in kb.search_articles(ArticleQuery(q="二次医保")).items] == ["old-1"]
        # v2 cleared the hashes: the next ingest rewrites the article so its figures get stored
        assert kb.upsert_articles([article]).updated == 1
        assert kb.upsert_articles([article]).unchanged == 1


def test_refuses_a_file_from_a_newer_unionkb(tmp_path: Path) -> None:
    path = tmp_path / "kb.sqlite"
    SqliteKnowledgeBase(path).close()
    with _raw(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    with pytest.raises(KBError, match=r"newer than this unionkb supports"):
        SqliteKnowledgeBase(path)


def test_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "kb.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(KBError, match="not a usable unionkb knowledge base"):
        SqliteKnowledgeBase(path)


def test_fts_and_figures_follow_updates_in_the_same_transaction(tmp_path: Path, make: Make) -> None:
    path = tmp_path / "kb.sqlite"
    from kb.sqlite.fts import index_text

    with SqliteKnowledgeBase(path) as kb:
        first = make("a1", "送温暖活动", "佛山市南海区总工会开展送温暖活动。")
        kb.upsert_articles([first])
        second = replace(
            first, article=replace(first.article, title="金秋助学", body="湛江市总工会发放助学金。")
        )
        assert kb.upsert_articles([second]).updated == 1
        assert kb.search_articles(ArticleQuery(q="南海")).total == 0
        assert kb.search_articles(ArticleQuery(q="助学金")).total == 1
        assert kb.search_articles(ArticleQuery(q="金秋助学")).total == 1
        conn = kb._reader()
        rows = conn.execute("SELECT rowid, headline, body FROM articles_fts").fetchall()
        assert len(rows) == 1
        assert tuple(rows[0])[1:] == (index_text("金秋助学"), index_text("湛江市总工会发放助学金。"))
        integrity = kb._writer.execute(
            "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)"
        ).fetchall()
        assert integrity == []


def test_unchanged_articles_are_not_rewritten(tmp_path: Path, make: Make) -> None:
    path = tmp_path / "kb.sqlite"
    with SqliteKnowledgeBase(path) as kb:
        kb.upsert_articles([make("a1", "职工书屋", "书屋开放。")])
        changes_before = kb._writer.total_changes
        later = replace(make("a1", "职工书屋", "书屋开放。"), ingested_at=datetime(2031, 1, 1, tzinfo=UTC))
        assert kb.upsert_articles([later]).unchanged == 1
        assert kb._writer.total_changes == changes_before
        stored = kb.get_article("a1")
        assert stored is not None and stored.ingested_at.year == 2024


def test_failed_batch_leaves_fts_untouched(tmp_path: Path, make: Make) -> None:
    path = tmp_path / "kb.sqlite"
    with SqliteKnowledgeBase(path) as kb:
        kb.upsert_articles([make("a1", "职工书屋", "书屋开放。")])
        edited = make("a1", "职工食堂", "食堂开放。")
        broken = replace(make("a2", "x", "y"), seq="not-an-int")  # type: ignore[arg-type]
        with pytest.raises(KBError):
            kb.upsert_articles([edited, broken])
        assert kb.search_articles(ArticleQuery(q="书屋")).total == 1
        assert kb.search_articles(ArticleQuery(q="食堂")).total == 0
        assert kb._reader().execute("SELECT count(*) FROM articles_fts").fetchone()[0] == 1


def test_reads_from_many_threads_while_writing(tmp_path: Path, make: Make) -> None:
    path = tmp_path / "kb.sqlite"
    errors: list[BaseException] = []
    with SqliteKnowledgeBase(path) as kb:
        kb.upsert_articles([make(f"s{n}", "职工书屋", f"第{n}家书屋开放。") for n in range(5)])

        def read() -> None:
            try:
                for _ in range(20):
                    assert kb.search_articles(ArticleQuery(q="书屋")).total >= 5
            except BaseException as exc:  # collected for the main thread
                errors.append(exc)

        threads = [threading.Thread(target=read) for _ in range(4)]
        for t in threads:
            t.start()
        for n in range(5, 25):
            kb.upsert_articles([make(f"s{n}", "职工书屋", f"第{n}家书屋开放。")])
        for t in threads:
            t.join()
        assert not errors
        assert kb.count_articles() == 25


def test_closed_kb_refuses_work(tmp_path: Path) -> None:
    kb = SqliteKnowledgeBase(tmp_path / "kb.sqlite")
    kb.close()
    kb.close()  # idempotent
    with pytest.raises(KBError, match="closed"):
        kb.count_articles()
