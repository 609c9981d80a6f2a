"""Runtime settings, read from ``UNIONKB_*`` environment variables.

A leaf module: every layer may read settings, none of it reaches back here.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="UNIONKB_", extra="ignore")

    db: Path = Field(default=Path("./data/unionkb.sqlite"), description="SQLite knowledge-base file")
    es_url: str | None = Field(
        default=None, description="Elasticsearch URL; when set, the ES backend is used"
    )
    es_index_prefix: str = Field(default="unionkb", description="prefix of the Elasticsearch index names")
    host: str = Field(default="127.0.0.1", description="API bind address")
    port: int = Field(default=8000, ge=1, le=65535, description="API port")
    page_size_max: int = Field(default=100, ge=1, le=1000, description="largest `limit` the API accepts")
    page_size_default: int = Field(default=20, ge=1, le=1000)
    max_file_bytes: int = Field(default=20 * 1024 * 1024, description="ingest refuses larger files")
    log_level: str = Field(default="INFO")
    # --- crawler (issue 5)
    raw_dir: Path = Field(
        default=Path("./data/raw"), description="content-addressed archive of every fetched body"
    )
    jobs_dir: Path = Field(
        default=Path("./data/jobs"), description="Scrapy JOBDIR state of unfinished crawls"
    )
    crawl_contact: str = Field(
        default="", description="contact (e-mail or URL) put in the crawler's User-Agent"
    )
    crawl_delay: float = Field(
        default=1.5, ge=1.5, description="seconds between requests to one site (min 1.5)"
    )


@lru_cache
def get_settings() -> Settings:
    """Cached so every request shares one parse; tests override it via FastAPI's dependency_overrides."""
    return Settings()
