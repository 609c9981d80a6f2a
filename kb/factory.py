"""Choose and open the configured backend: Elasticsearch when a URL is set, else SQLite."""

from __future__ import annotations

from kb.base import KBError, KnowledgeBase
from unionkb.settings import Settings


def open_kb(settings: Settings) -> KnowledgeBase:
    """Only ``UNIONKB_ES_URL`` makes us connect anywhere; the default touches a local file only."""
    if settings.es_url:
        from kb.elasticsearch import ElasticsearchKnowledgeBase  # imported lazily: most runs never need it

        return ElasticsearchKnowledgeBase(settings.es_url, index_prefix=settings.es_index_prefix)
    from kb.sqlite import SqliteKnowledgeBase

    try:
        settings.db.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KBError(f"cannot create the directory for {settings.db}: {exc}") from exc
    return SqliteKnowledgeBase(settings.db)
