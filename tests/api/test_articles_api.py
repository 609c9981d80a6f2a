"""/health, /articles and /articles/{id} through HTTP on a real SQLite file."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient


def get_json(client: TestClient, url: str, status: int = 200, **params: Any) -> Any:
    response = client.get(url, params=params)
    assert response.status_code == status, response.text
    return response.json()


def test_health_reports_backend_and_count(client: TestClient) -> None:
    assert get_json(client, "/health") == {"status": "ok", "articles": 11, "backend": "sqlite"}


def test_list_without_query_is_by_date_with_default_limit(client: TestClient) -> None:
    body = get_json(client, "/articles")
    assert body["limit"] == 5 and body["total"] == 11 and len(body["items"]) == 5
    assert body["next_cursor"]
    dates = [item["issue_date"] for item in body["items"]]
    assert dates == sorted(dates, reverse=True)
    first = body["items"][0]
    assert set(first) == {
        "id",
        "paper",
        "issue_date",
        "page",
        "kicker",
        "title",
        "subtitle",
        "headline",
        "reporters",
        "correspondents",
        "byline_end",
        "snippet",
        "score",
        "source_kind",
        "url",
        "places",
        "events",
        "entities",
    }
    assert first["page"] == {"number": "1", "name": "要闻", "pdf_url": "https://example.org/p1.pdf"}


def test_search_finds_exactly_the_matching_articles_with_marks(client: TestClient) -> None:
    body = get_json(client, "/articles", q="二次医保")
    assert {i["id"] for i in body["items"]} == {"art-00", "art-01"}
    assert body["total"] == 2 and body["next_cursor"] is None
    hit = next(i for i in body["items"] if i["id"] == "art-01")
    assert "<mark>二次医保</mark>" in hit["snippet"] and hit["score"] > 0
    zj = next(i for i in body["items"] if i["id"] == "art-00")
    assert zj["headline"] == "聚焦民生 “工会二次医保”惠及湛江职工" and zj["reporters"] == ["王艳"]
    assert zj["source_kind"] == "html" and zj["url"] == "https://example.org/0.html"
    phrase = get_json(client, "/articles", q='"9897.25 万元"')
    assert [i["id"] for i in phrase["items"]] == ["art-00"]


def test_filters_and_sort(client: TestClient) -> None:
    assert get_json(client, "/articles", q="湛江", paper="gdgr")["total"] == 2
    dated = get_json(client, "/articles", q="湛江", **{"from": "2024-01-01", "to": "2024-12-31"})
    assert {i["id"] for i in dated["items"]} == {"art-00", "art-03"}
    by_date = get_json(client, "/articles", q="医保", sort="date")
    assert [i["id"] for i in by_date["items"]] == ["art-00", "art-01", "art-02"]
    assert all(i["score"] is None for i in by_date["items"])
    assert get_json(client, "/articles", q="   ")["total"] == 11  # an empty box lists everything


def test_keyset_pagination_over_http(client: TestClient) -> None:
    seen: list[str] = []
    params: dict[str, Any] = {"q": "湛江", "limit": 2}
    while True:
        body = get_json(client, "/articles", **params)
        assert body["total"] == 9 and body["limit"] == 2
        seen += [i["id"] for i in body["items"]]
        if not body["next_cursor"]:
            break
        params["cursor"] = body["next_cursor"]
    assert len(seen) == len(set(seen)) == 9


def test_detail_has_body_figures_source_issue_and_page(client: TestClient) -> None:
    body = get_json(client, "/articles/art-00")
    assert body["body"].startswith("本报讯")
    assert body["issue"] == {"date": "2024-03-15", "number": "5095"}
    assert body["page"]["name"] == "要闻"
    assert body["source"] == {
        "kind": "html",
        "url": "https://example.org/0.html",
        "path": None,
        "raw_sha256": "0" * 64,
        "fetched_at": "2024-06-01T07:00:00Z",
    }
    [figure] = body["figures"]
    assert figure["value"] == 98972500 and figure["value_text"] == "98972500"
    assert figure["text"] == "9897.25 万元" and figure["cumulative"] is True
    assert body["body"][figure["start"] : figure["end"]] == figure["text"]


def test_unknown_article_is_404(client: TestClient) -> None:
    body = get_json(client, "/articles/nope", 404)
    assert body["error"]["code"] == "not_found" and "nope" in body["error"]["message"]


def test_limit_outside_range_is_422_naming_the_range(client: TestClient) -> None:
    for bad in (0, 51, 500):
        body = get_json(client, "/articles", 422, limit=bad)
        assert body["error"]["message"] == f"limit: must be between 1 and 50, got {bad}"
    assert get_json(client, "/articles", limit=50)["limit"] == 50


def test_bad_query_syntax_is_400_with_the_parser_message(client: TestClient) -> None:
    for q, fragment in (
        ('"unclosed', "unclosed quote at position 0"),
        ("AND OR", "AND"),
        ("*", "searchable"),
    ):
        body = get_json(client, "/articles", 400, q=q)
        assert body["error"]["code"] == "bad_query" and fragment in body["error"]["message"]


def test_cursor_errors_are_400(client: TestClient) -> None:
    cursor = get_json(client, "/articles", q="湛江", limit=1)["next_cursor"]
    body = get_json(client, "/articles", 400, q="医保", cursor=cursor)
    assert body["error"]["code"] == "invalid_cursor" and "different query" in body["error"]["message"]
    assert get_json(client, "/articles", 400, cursor="garbage")["error"]["code"] == "invalid_cursor"


def test_from_after_to_is_422(client: TestClient) -> None:
    body = get_json(client, "/articles", 422, **{"from": "2024-05-01", "to": "2024-04-01"})
    assert body["error"]["message"] == "from: must not be after to (2024-05-01 > 2024-04-01)"


def test_openapi_and_docs(client: TestClient) -> None:
    spec = get_json(client, "/openapi.json")
    assert {"/health", "/articles", "/articles/{article_id}"} <= set(spec["paths"])
    params = {p["name"] for p in spec["paths"]["/articles"]["get"]["parameters"]}
    assert {"q", "from", "to", "paper", "sort", "limit", "cursor"} <= params
    assert client.get("/docs").status_code == 200
