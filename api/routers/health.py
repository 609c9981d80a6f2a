"""Liveness plus the one number an operator checks first: how many articles are served."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import KBDep
from api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
def health(kb: KBDep) -> Health:
    return Health(status="ok", articles=kb.count_articles(), backend=kb.backend)
