"""``GET /figures`` on the real app and a real SQLite file: filters, exact bounds, provenance, errors."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api import create_app
from extract.records import Article, Figure
from kb import SourceInfo, StoredArticle, open_kb
from unionkb.settings import Settings, get_settings

FS_BODY = "佛山市南海区总工会发放慰问金98972499.99元，慰问困难职工1200名，累计投入资金1.5亿元。"


def _fig(body: str, text: str, value: str, unit: str, **fields: Any) -> Figure:
    start = body.index(text)
    return Figure(
        text=text,
        value=Decimal(value),
        unit=unit,
        approx=fields.pop("approx", "exact"),
        start=start,
        end=start + len(text),
        sentence=body,
        **fields,
    )


def _article(figures: tuple[Figure, ...]) -> StoredArticle:
    return StoredArticle(
        id="art-20",
        paper="gdgr",
        issue_date=date(2024, 4, 10),
        issue_number=None,
        page_number="2",
        page_name="综合",
        page_pdf_url=None,
        seq=0,
        article=Article(title="佛山南海送温暖", body=FS_BODY, figures=figures),
        source=SourceInfo(
            kind="pdf", url=None, path="/data/gdgr-0410-02.pdf", raw_sha256="f" * 64, fetched_at=None
        ),
        ingested_at=datetime(2024, 6, 1, 8, 0, tzinfo=UTC),
    )


@pytest.fixture
def client(api_settings: Settings) -> Iterator[TestClient]:
    """The shared API corpus (one figure: 9897.25万元) plus an article with three more."""
    extra = _article(
        (
            _fig(FS_BODY, "98972499.99元", "98972499.99", "元", measure="慰问金"),
            _fig(FS_BODY, "1200名", "1200", "人", measure="慰问人数"),
            _fig(FS_BODY, "1.5亿元", "150000000", "元", measure="投入资金", cumulative=True, approx="about"),
        )
    )
    with open_kb(api_settings) as kb:
        kb.upsert_articles([extra])
    app = create_app()
    app.dependency_overrides[get_settings] = lambda: api_settings
    with TestClient(app) as test_client:
        yield test_client


def get(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/figures", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def texts(client: TestClient, **params: Any) -> list[str]:
    return [item["text"] for item in get(client, limit=50, **params)["items"]]


def test_lists_every_figure_newest_first_with_provenance(client: TestClient) -> None:
    body = get(client, limit=50)
    assert body["total"] == 4 and body["next_cursor"] is None and body["limit"] == 50
    assert [i["text"] for i in body["items"]] == ["98972499.99元", "1200名", "1.5亿元", "9897.25 万元"]
    zj = body["items"][-1]
    zj_body = zj["sentence"]
    assert zj == {
        "article_id": "art-00",
        "paper": "nfgb",
        "issue_date": "2024-03-15",
        "headline": "聚焦民生 “工会二次医保”惠及湛江职工",
        "url": "https://example.org/0.html",
        "page": "1",
        "text": "9897.25 万元",
        "value": 98972500,
        "value_text": "98972500",
        "unit": "元",
        "approx": "exact",
        "measure": "受益总金额",
        "cumulative": True,
        "period": None,
        "period_years": None,
        "subject": None,
        "per": None,
        "is_duration": False,
        "field": "body",
        "start": zj_body.index("9897.25"),
        "end": zj_body.index("9897.25") + len("9897.25 万元"),
        "sentence": zj_body,
    }
    fs = body["items"][0]
    assert (fs["url"], fs["page"], fs["headline"]) == (None, "2", "佛山南海送温暖")
    article = client.get(f"/articles/{zj['article_id']}").json()
    assert article["body"][zj["start"] : zj["end"]] == zj["text"]


def test_value_is_a_number_and_value_text_is_exact(client: TestClient) -> None:
    item = get(client, measure="慰问金")["items"][0]
    assert item["value"] == 98972499.99 and isinstance(item["value"], float)
    assert item["value_text"] == "98972499.99"
    assert isinstance(get(client, unit="人")["items"][0]["value"], int)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"unit": "元"}, ["98972499.99元", "1.5亿元", "9897.25 万元"]),
        ({"unit": "人"}, ["1200名"]),
        ({"measure": "投入资金"}, ["1.5亿元"]),
        ({"cumulative": "true"}, ["1.5亿元", "9897.25 万元"]),
        ({"cumulative": "false"}, ["98972499.99元", "1200名"]),
        ({"paper": "nfgb"}, ["9897.25 万元"]),
        ({"from": "2024-04-01"}, ["98972499.99元", "1200名", "1.5亿元"]),
        ({"to": "2024-03-31"}, ["9897.25 万元"]),
        ({"q": "二次医保"}, ["9897.25 万元"]),
        ({"q": "慰问金", "unit": "人"}, ["1200名"]),
        ({"q": ""}, ["98972499.99元", "1200名", "1.5亿元", "9897.25 万元"]),
        ({"min": "98972500"}, ["1.5亿元", "9897.25 万元"]),
        ({"min": "9897.25万"}, ["1.5亿元", "9897.25 万元"]),
        ({"min": "98,972,500.00", "max": "98972500"}, ["9897.25 万元"]),
        ({"max": "98972499.99", "unit": "元"}, ["98972499.99元"]),
        ({"min": "1.5亿", "max": "1.5e8"}, ["1.5亿元"]),
        ({"min": "1201"}, ["98972499.99元", "1.5亿元", "9897.25 万元"]),
    ],
)
def test_filters(client: TestClient, params: dict[str, str], expected: list[str]) -> None:
    assert texts(client, **params) == expected


def test_keyset_pagination_over_http(client: TestClient) -> None:
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 1, "unit": "元"}
        if cursor:
            params["cursor"] = cursor
        body = get(client, **params)
        assert body["total"] == 3
        seen += [i["text"] for i in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == ["98972499.99元", "1.5亿元", "9897.25 万元"]


def _error(client: TestClient, status: int, **params: Any) -> dict[str, Any]:
    response = client.get("/figures", params=params)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) == {"status", "code", "message", "details"} and error["status"] == status
    return error


@pytest.mark.parametrize(
    ("params", "field", "fragment"),
    [
        ({"min": "abc"}, "min", "not a number"),
        ({"max": "NaN"}, "max", "not a number"),
        ({"min": "inf"}, "min", "not a number"),
        ({"min": "1e99999"}, "min", "not a number"),
        ({"min": "200", "max": "100"}, "min", "greater than max"),
        ({"from": "2024-05-01", "to": "2024-01-01"}, "from", "after"),
        ({"limit": 0}, "limit", "between 1 and 50"),
        ({"cumulative": "maybe"}, "cumulative", "bool"),
        ({"from": "2024-13-01"}, "from", "date"),
    ],
)
def test_bad_parameters_are_422_naming_the_field(
    client: TestClient, params: dict[str, Any], field: str, fragment: str
) -> None:
    error = _error(client, 422, **params)
    assert error["code"] == "invalid_parameter"
    assert error["details"][0]["field"] == field
    assert fragment in error["message"].lower() or fragment in str(error["details"]).lower()


def test_bad_query_and_cursor_are_400(client: TestClient) -> None:
    error = _error(client, 400, q='"unclosed')
    assert error["code"] == "bad_query" and "quote" in error["message"]
    assert _error(client, 400, cursor="garbage")["code"] == "invalid_cursor"
    cursor = get(client, limit=1)["next_cursor"]
    assert _error(client, 400, limit=1, unit="元", cursor=cursor)["code"] == "invalid_cursor"
    article_cursor = client.get("/articles", params={"limit": 1}).json()["next_cursor"]
    assert _error(client, 400, limit=1, cursor=article_cursor)["code"] == "invalid_cursor"


def test_reingest_replaces_figures(client: TestClient, api_settings: Settings) -> None:
    with open_kb(api_settings) as kb:
        stored = kb.get_article("art-20")
        assert stored is not None
        kb.upsert_articles(
            [replace(stored, article=replace(stored.article, figures=stored.article.figures[:1]))]
        )
    assert texts(client, paper="gdgr") == ["98972499.99元"]


def test_openapi_documents_the_endpoint(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    params = {p["name"] for p in spec["paths"]["/figures"]["get"]["parameters"]}
    assert params == {
        "q",
        "unit",
        "measure",
        "min",
        "max",
        "cumulative",
        "from",
        "to",
        "paper",
        "limit",
        "cursor",
    }
