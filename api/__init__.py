"""HTTP API over the knowledge base: ``create_app()`` builds the FastAPI application."""

from api.app import create_app

__all__ = ["create_app"]
