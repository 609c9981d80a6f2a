"""Fixtures shared by the composition-layer tests: a real SQLite file per test, free loopback ports."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from unionkb.settings import get_settings

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_PAGES = ROOT / "unionkb" / "samples" / "pages"


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Points UNIONKB_DB at a fresh file and drops the cached settings around the test."""
    path = tmp_path / "kb" / "unionkb.sqlite"
    monkeypatch.setenv("UNIONKB_DB", str(path))
    monkeypatch.delenv("UNIONKB_ES_URL", raising=False)
    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()


@pytest.fixture
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
