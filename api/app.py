"""Application factory.

The KB is opened once per process in the lifespan and shared through
``app.state``: opening SQLite runs migrations and opening ES checks the index,
neither of which belongs in a request.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.deps import resolve_settings
from api.errors import install_error_handlers
from api.routers import articles, entities, events, figures, health, places, ui
from kb import open_kb

log = logging.getLogger(__name__)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    kb = open_kb(resolve_settings(app))
    app.state.kb = kb
    log.info("serving the %s knowledge base (%d articles)", kb.backend, kb.count_articles())
    try:
        yield
    finally:
        kb.close()


def create_app() -> FastAPI:
    app = FastAPI(
        title="unionkb",
        summary="Articles from Chinese trade-union newspapers, searchable in Chinese",
        version="0.1.0",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(articles.router)
    app.include_router(figures.router)
    app.include_router(events.router)
    app.include_router(places.router)
    app.include_router(entities.router)
    app.include_router(ui.router)
    return app
