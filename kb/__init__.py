"""The knowledge base: stores extracted articles and answers searches, behind one interface.

Callers import from here; which backend answers is decided by ``open_kb``.
"""

from kb.base import (
    ArticleHit,
    ArticleQuery,
    EntityDetail,
    EntityHit,
    EntityQuery,
    EventHit,
    EventQuery,
    FigureHit,
    FigureQuery,
    InvalidCursorError,
    KBError,
    KnowledgeBase,
    Page,
    PlaceNode,
    QuerySyntaxError,
    SourceInfo,
    StoredArticle,
    UpsertResult,
)
from kb.factory import open_kb

__all__ = [
    "ArticleHit",
    "ArticleQuery",
    "EntityDetail",
    "EntityHit",
    "EntityQuery",
    "EventHit",
    "EventQuery",
    "FigureHit",
    "FigureQuery",
    "InvalidCursorError",
    "KBError",
    "KnowledgeBase",
    "Page",
    "PlaceNode",
    "QuerySyntaxError",
    "SourceInfo",
    "StoredArticle",
    "UpsertResult",
    "open_kb",
]
