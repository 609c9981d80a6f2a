"""The embedded default backend: one SQLite file with FTS5 (see ``store`` and ``fts``)."""

from kb.sqlite.store import SqliteKnowledgeBase

__all__ = ["SqliteKnowledgeBase"]
