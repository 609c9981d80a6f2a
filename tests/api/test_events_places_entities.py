"""``/events``, ``/places``, ``/entities`` and the article place filters, on the real app and a SQLite file.

Articles come from the extractor run on the bundled sample pages, so the
API is tested on the records real ingest stores.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api import create_app
from extract.page import extract_page
from kb import SourceInfo, StoredArticle, open_kb
from kb.base import entity_id
from unionkb.settings import Settings, get_settings

SAMPLES = Path(__file__).resolve().parents[2] / "unionkb" / "samples" / "pages"
NANHAI_UNION = entity_id("organisation", "佛山市南海区总工会")


@cache
def corpus() -> tuple[StoredArticle, ...]:
    items: list[StoredArticle] = []
    for page in sorted(SAMPLES.glob("*.txt")):
        year, month, day = (int(x) for x in page.stem.split("-")[1:4])
        issue = date(year, month, day)
        for n, art in enumerate(extract_page(page.read_text(encoding="utf-8"), issue_date=issue).articles):
            items.append(
                StoredArticle(
                    id=f"{page.stem}-{n}",
                    paper="lngr",
                    issue_date=issue,
                    issue_number=None,
                    page_number=page.stem.rsplit("-", 1)[-1],
                    page_name=None,
                    page_pdf_url=None,
                    seq=n,
                    article=art,
                    source=SourceInfo("text", f"https://example.org/{page.stem}/{n}", None, "d" * 64, None),
                    ingested_at=datetime(2025, 8, 1, tzinfo=UTC),
                )
            )
    return tuple(items)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(db=tmp_path / "kb.sqlite", es_url=None, page_size_max=50, page_size_default=5)
    with open_kb(settings) as kb:
        kb.upsert_articles(corpus())
    app = create_app()
    app.dependency_overrides[get_settings] = lambda: settings
    with TestClient(app) as test_client:
        yield test_client


def error_of(resp: Any, status: int) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message", "details"}
    assert body["error"]["status"] == status
    return body["error"]


# -- articles ------------------------------------------------------------------------------------


def test_city_filter_finds_nanhai_and_shunde(client: TestClient) -> None:
    body = client.get("/articles", params={"city": "佛山市", "limit": 50}).json()
    titles = [item["title"] for item in body["items"]]
    assert body["total"] == 2 and any("南海" in t for t in titles) and any("顺德" in t for t in titles)
    assert client.get("/articles", params={"city": "440600"}).json()["total"] == 2
    assert client.get("/articles", params={"city": "佛山市", "county": "顺德区"}).json()["total"] == 1
    assert client.get("/articles", params={"province": "湖南省"}).json()["total"] == 0


def test_article_responses_carry_places_events_and_entities(client: TestClient) -> None:
    summary = client.get("/articles", params={"county": "南海区"}).json()["items"][0]
    detail = client.get(f"/articles/{summary['id']}").json()
    for data in (summary, detail):
        assert {"places", "events", "entities"} <= set(data)
        assert any(p["county"] == "南海区" and p["role"] == "activity" for p in data["places"])
        assert data["places"][0]["codes"]["city"] == "440600"
        assert data["events"] and data["events"][0]["places"] == [{"city": "佛山市", "county": "南海区"}]
        orgs = data["entities"]["organisations"]
        assert any(o["id"] == NANHAI_UNION and o["role"] == "organiser" for o in orgs)
        assert {"programmes", "people"} <= set(data["entities"])
    assert summary["entities"] == detail["entities"]


# -- events --------------------------------------------------------------------------------------


def test_events_filters_and_provenance(client: TestClient) -> None:
    body = client.get("/events", params={"city": "佛山市", "limit": 50}).json()
    assert body["total"] == 2 and body["limit"] == 50 and body["next_cursor"] is None
    item = body["items"][0]
    assert item["places"][0]["province"] == "广东省" and item["places"][0]["city"] == "佛山市"
    assert item["article_id"] and item["headline"] and item["url"].startswith("https://example.org/")
    assert item["date"] == item["issue_date"] or item["event_date"] == item["date"]
    assert client.get("/events", params={"org": "南海区总工会"}).json()["total"] == 1
    assert client.get("/events", params={"programme": "二次医保"}).json()["total"] >= 1
    assert client.get("/events", params={"type": "慰问", "city": "清远市"}).json()["total"] == 1
    assert client.get("/events", params={"from": "2025-07-01"}).json()["total"] == sum(
        len(a.article.events) for a in corpus() if a.issue_date == date(2025, 7, 4)
    )


def test_events_page_with_cursors(client: TestClient) -> None:
    seen: list[tuple[str, int]] = []
    params: dict[str, Any] = {"limit": 4}
    while True:
        body = client.get("/events", params=params).json()
        seen += [(i["article_id"], i["ord"]) for i in body["items"]]
        if body["next_cursor"] is None:
            break
        params["cursor"] = body["next_cursor"]
    assert len(seen) == len(set(seen)) == sum(len(a.article.events) for a in corpus())
    err = error_of(
        client.get("/events", params={"limit": 4, "cursor": params["cursor"], "type": "慰问"}), 400
    )
    assert err["code"] == "invalid_cursor"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"type": "打麻将"}, "type"),
        ({"limit": 0}, "limit"),
        ({"limit": 51}, "limit"),
        ({"from": "2025-03-08", "to": "2025-03-01"}, "from"),
        ({"from": "yesterday"}, "from"),
    ],
)
def test_events_bad_parameters_are_422(client: TestClient, params: dict[str, Any], field: str) -> None:
    err = error_of(client.get("/events", params=params), 422)
    assert err["code"] == "invalid_parameter" and err["details"][0]["field"] == field


# -- places --------------------------------------------------------------------------------------


def test_place_tree(client: TestClient) -> None:
    items = client.get("/places").json()["items"]
    (gd,) = items
    assert (gd["level"], gd["name"], gd["code"]) == ("province", "广东省", "440000")
    foshan = next(c for c in gd["children"] if c["name"] == "佛山市")
    assert (foshan["level"], foshan["code"], foshan["articles"], foshan["events"]) == ("city", "440600", 2, 2)
    counties = {c["name"]: c for c in foshan["children"]}
    assert counties["南海区"]["articles"] == counties["顺德区"]["articles"] == 1
    assert counties["南海区"]["level"] == "county" and counties["南海区"]["children"] == []
    assert gd["articles"] >= max(c["articles"] for c in gd["children"])
    assert client.get("/places", params={"paper": "nope"}).json() == {"items": []}
    july = client.get("/places", params={"from": "2025-07-01"}).json()["items"][0]
    assert july["articles"] < gd["articles"]
    assert error_of(client.get("/places", params={"from": "2025-03-08", "to": "2025-03-01"}), 422)


# -- entities ------------------------------------------------------------------------------------


def test_entities_list_search_and_pages(client: TestClient) -> None:
    body = client.get("/entities", params={"q": "南海区总工会"}).json()
    assert [i["id"] for i in body["items"]] == [NANHAI_UNION]
    item = body["items"][0]
    assert item["kind"] == "organisation" and item["mentions"] >= item["articles"] == 1
    assert item["first_date"] == item["last_date"] == "2025-03-07"
    people = client.get("/entities", params={"kind": "person", "limit": 50}).json()
    assert people["items"] and {i["kind"] for i in people["items"]} == {"person"}
    seen: list[str] = []
    params: dict[str, Any] = {"limit": 10}
    while True:
        page = client.get("/entities", params=params).json()
        seen += [i["id"] for i in page["items"]]
        if page["next_cursor"] is None:
            break
        params["cursor"] = page["next_cursor"]
    assert len(seen) == len(set(seen)) == page["total"]
    err = error_of(client.get("/entities", params={"kind": "city"}), 422)
    assert err["details"][0]["field"] == "kind"


def test_entity_detail_and_404(client: TestClient) -> None:
    detail = client.get(f"/entities/{NANHAI_UNION}").json()
    assert detail["name"] == "佛山市南海区总工会"
    assert detail["months"] == [{"month": "2025-03", "mentions": detail["mentions"], "articles": 1}]
    mention = detail["latest"][0]
    assert mention["role"] in {"organiser", "participant", "mention"} and mention["detail"] == "union"
    article = client.get(f"/articles/{mention['article_id']}").json()
    field_text = article["body"] if mention["field"] == "body" else article[mention["field"]]
    assert field_text[mention["start"] : mention["end"]] == mention["text"]
    err = error_of(client.get("/entities/org-0000000000000000"), 404)
    assert err["code"] == "not_found"


def test_openapi_lists_the_new_endpoints(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/events", "/places", "/entities", "/entities/{entity_id}"} <= set(paths)
    article_params = {p["name"] for p in paths["/articles"]["get"]["parameters"]}
    assert {"province", "city", "county"} <= article_params
