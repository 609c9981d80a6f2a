"""The real app on a real SQLite file, driven through ``TestClient`` (httpx)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api import create_app
from extract.records import Article, Figure
from kb import SourceInfo, StoredArticle, open_kb
from unionkb.settings import Settings, get_settings

ZJ_BODY = "本报讯 湛江市总工会介绍，今年全市“工会二次医保”累计受益金额达9897.25 万元，惠及职工。"
FIGURE = Figure(
    text="9897.25 万元",
    value=Decimal("98972500"),
    unit="元",
    approx="exact",
    start=ZJ_BODY.index("9897.25"),
    end=ZJ_BODY.index("9897.25") + len("9897.25 万元"),
    sentence=ZJ_BODY,
    measure="受益总金额",
    cumulative=True,
)


def _article(
    n: int, title: str, body: str, issue_date: date | None, paper: str = "nfgb", **fields: object
) -> StoredArticle:
    return StoredArticle(
        id=f"art-{n:02d}",
        paper=paper,
        issue_date=issue_date,
        issue_number="5095" if n == 0 else None,
        page_number="1",
        page_name="要闻",
        page_pdf_url="https://example.org/p1.pdf",
        seq=n,
        article=Article(title=title, body=body, **fields),  # type: ignore[arg-type]
        source=SourceInfo(
            kind="html",
            url=f"https://example.org/{n}.html",
            path=None,
            raw_sha256=f"{n:064d}",
            fetched_at=datetime(2024, 6, 1, 7, 0, tzinfo=UTC),
        ),
        ingested_at=datetime(2024, 6, 1, 8, 0, tzinfo=UTC),
    )


def api_corpus() -> list[StoredArticle]:
    items = [
        _article(
            0,
            "“工会二次医保”惠及湛江职工",
            ZJ_BODY,
            date(2024, 3, 15),
            kicker="聚焦民生",
            reporters=("王艳",),
            figures=(FIGURE,),
        ),
        _article(1, "二次医保理赔更便捷", "职工二次医保理赔可以线上办理。", date(2024, 3, 10)),
        _article(2, "城乡居民医保参保指南", "城乡居民医保参保缴费期已经开始。", date(2024, 2, 1)),
        _article(3, "湛江举办职工运动会", "湛江各区职工运动会开幕。", date(2024, 1, 20), paper="gdgr"),
        _article(4, "湛江港务工会培训", "湛江港务集团工会开展安全培训。", None, paper="gdgr"),
    ]
    items += [
        _article(10 + n, f"职工书屋第{n}站", f"第{n}家职工书屋在湛江开放。", date(2023, 12, 1))
        for n in range(6)
    ]
    return items


@pytest.fixture
def api_settings(tmp_path: Path) -> Settings:
    settings = Settings(
        db=tmp_path / "data" / "unionkb.sqlite", es_url=None, page_size_max=50, page_size_default=5
    )
    with open_kb(settings) as kb:
        kb.upsert_articles(api_corpus())
    return settings


@pytest.fixture
def app(api_settings: Settings) -> FastAPI:
    application = create_app()
    application.dependency_overrides[get_settings] = lambda: api_settings
    return application


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client
