"""Request-scoped dependencies, declared once as ``Annotated`` aliases.

Endpoints depend on ``get_settings`` (never call it directly) so tests can swap
settings with ``app.dependency_overrides``; the lifespan resolves the same
override, so the KB a test sees is the one its settings point at.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, FastAPI, Request

from kb import KnowledgeBase
from unionkb.settings import Settings, get_settings


def resolve_settings(app: FastAPI) -> Settings:
    """Settings outside a request (the lifespan), honouring a test's dependency override."""
    factory = app.dependency_overrides.get(get_settings, get_settings)
    return factory()


def get_kb(request: Request) -> KnowledgeBase:
    return request.app.state.kb


SettingsDep = Annotated[Settings, Depends(get_settings)]
KBDep = Annotated[KnowledgeBase, Depends(get_kb)]
