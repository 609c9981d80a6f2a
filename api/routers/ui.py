"""The search page: one static HTML file that talks to the JSON API, so the page adds no server logic."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter(tags=["ui"])


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def index() -> HTMLResponse:
    return HTMLResponse(resources.files("api").joinpath("static/index.html").read_text(encoding="utf-8"))
