"""The search page is served at / and only uses the JSON API (so API tests cover its data)."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_index_page_is_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert '<form id="search"' in page.text
    assert "fetch(url" in page.text and '"articles?"' in page.text
