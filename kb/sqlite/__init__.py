"""The embedded default backend: one SQLite file with FTS5.

``store`` assembles the class from ``connection``, ``writes`` and one read module per
record kind (``articles``, ``figures``, ``events``, ``entities``); ``fts`` compiles searches.
"""

from kb.sqlite.store import SqliteKnowledgeBase

__all__ = ["SqliteKnowledgeBase"]
