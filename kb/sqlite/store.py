"""The embedded SQLite backend, assembled from one mixin per job.

``connection`` opens the file and hands out connections and read snapshots;
``writes`` upserts; ``articles``, ``figures``, ``events`` (with the place
tree) and ``entities`` each answer their own searches. SQL fragments shared
by the searches live in ``sql``, row conversions in ``rows``.
"""

from __future__ import annotations

from kb.base import ContextManagedKB
from kb.sqlite.articles import ArticleReads
from kb.sqlite.entities import EntityReads
from kb.sqlite.events import EventReads
from kb.sqlite.figures import FigureReads
from kb.sqlite.writes import ArticleWrites


class SqliteKnowledgeBase(
    ArticleWrites, ArticleReads, FigureReads, EventReads, EntityReads, ContextManagedKB
):
    """One SQLite file with FTS5; see ``kb.sqlite.connection`` for the concurrency model."""
