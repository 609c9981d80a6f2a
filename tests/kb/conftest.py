"""A small Chinese corpus and a ``kb`` fixture that runs each contract test on every backend.

The corpus is written for the substring contract: near-miss pairs
(二次医保 / 工会二次医保 / 医保, 湛江 / 湛江市 / 霞山区 / 湛江霞山, "9897.25 万元" with
and without the space) so a backend that matches by tokens alone fails.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from extract.records import Article, Figure, OffsetMap
from kb.base import KnowledgeBase, SourceInfo, StoredArticle

ES_SKIP_REASON = "UNIONKB_ES_URL not set: Elasticsearch contract tests need a live cluster"
INGESTED = datetime(2024, 6, 1, 8, 0, tzinfo=UTC)


def make_article(
    id: str,
    title: str,
    body: str,
    *,
    paper: str = "nfgb",
    issue_date: date | None = date(2024, 3, 15),
    kicker: str | None = None,
    subtitle: str | None = None,
    page: str = "1",
    seq: int = 0,
    figures: tuple[Figure, ...] = (),
) -> StoredArticle:
    return StoredArticle(
        id=id,
        paper=paper,
        issue_date=issue_date,
        issue_number=None,
        page_number=page,
        page_name=f"第{page}版",
        page_pdf_url=None,
        seq=seq,
        article=Article(title=title, body=body, kicker=kicker, subtitle=subtitle, figures=figures),
        source=SourceInfo(
            kind="text", url=f"https://example.org/{id}.html", path=None, raw_sha256="a" * 64, fetched_at=None
        ),
        ingested_at=INGESTED,
    )


ZJ_BODY = (
    "本报讯（记者王艳）湛江市霞山区总工会近日介绍，今年全市“工会二次医保”参保职工人数持续增长，"
    "累计受益金额达9897.25 万元，惠及职工3.2万人次。"
)
ZJ_FIGURE = Figure(
    text="9897.25 万元",
    value=Decimal("98972500"),
    unit="元",
    approx="exact",
    start=ZJ_BODY.index("9897.25"),
    end=ZJ_BODY.index("9897.25") + len("9897.25 万元"),
    sentence=ZJ_BODY,
    measure="受益总金额",
    cumulative=True,
    period="今年",
    period_years=(2024, 2024),
    subject="湛江市",
)


def corpus() -> list[StoredArticle]:
    zj = make_article("zj-ins", "湛江市“工会二次医保”惠及职工", ZJ_BODY, figures=(ZJ_FIGURE,))
    zj = replace(
        zj,
        issue_number="5095",
        article=replace(
            zj.article,
            reporters=("王艳",),
            body_map=OffsetMap(runs=((0, 0, len(ZJ_BODY)),)),
            extra={"note": "测试"},
        ),
    )
    return [
        zj,
        make_article(
            "claim",
            "二次医保理赔更便捷",
            "职工二次医保理赔可以线上办理，材料齐全的当天即可到账。",
            issue_date=date(2024, 3, 10),
        ),
        make_article(
            "resident",
            "城乡居民医保参保指南",
            "城乡居民医保参保缴费期已经开始，各地医保部门提醒群众及时缴费。",
            issue_date=date(2024, 2, 1),
        ),
        make_article(
            "zj-games",
            "湛江举办职工运动会",
            "湛江各区职工运动会近日开幕，2000余名职工参加比赛。",
            issue_date=date(2024, 1, 20),
        ),
        make_article(
            "xiashan",
            "霞山区职工书屋揭牌",
            "霞山区总工会为辖区企业职工书屋揭牌，藏书5000册。",
            issue_date=date(2023, 12, 5),
        ),
        make_article(
            "zjxs",
            "湛江霞山推进产业工人队伍建设",
            "湛江霞山的产业工人队伍建设取得新进展。",
            paper="gdgr",
            issue_date=date(2024, 4, 2),
        ),
        make_article(
            "foshan",
            "佛山南海送温暖",
            "佛山市南海区总工会春节送温暖活动共发放慰问金9897.25万元，覆盖困难职工家庭。",
            paper="gdgr",
            issue_date=date(2024, 4, 10),
        ),
        make_article(
            "ai",
            "AI赋能工会服务",
            "多地工会探索用AI助手解答职工咨询，Ai客服全天候在线，栏目名为<AI>。",
            paper="gdgr",
            issue_date=date(2024, 5, 1),
        ),
        make_article(
            "undated",
            "湛江港务工会开展安全培训",
            "湛江港务集团工会开展安全生产培训。",
            paper="gdgr",
            issue_date=None,
        ),
        make_article(
            "subtitle",
            "职工服务再升级",
            "多项服务实现网上办理。",
            kicker="聚焦民生",
            subtitle="二次医保线上办",
            issue_date=date(2024, 3, 20),
            page="2",
        ),
    ]


def _open_sqlite(tmp_path: Path) -> KnowledgeBase:
    from kb.sqlite import SqliteKnowledgeBase

    return SqliteKnowledgeBase(tmp_path / "kb.sqlite")


@pytest.fixture(params=["sqlite", pytest.param("es", marks=pytest.mark.es)])
def empty_kb(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[KnowledgeBase]:
    """A fresh, empty knowledge base: a real SQLite file, or a throw-away index on a live cluster."""
    if request.param == "sqlite":
        kb = _open_sqlite(tmp_path)
        yield kb
        kb.close()
        return
    url = os.environ.get("UNIONKB_ES_URL")
    if not url:
        pytest.skip(ES_SKIP_REASON)
    from kb.elasticsearch import ElasticsearchKnowledgeBase

    es = ElasticsearchKnowledgeBase(url, index_prefix=f"unionkb-test-{uuid.uuid4().hex[:12]}")
    try:
        yield es
    finally:
        es.drop_index()
        es.close()


@pytest.fixture
def kb(empty_kb: KnowledgeBase) -> KnowledgeBase:
    empty_kb.upsert_articles(corpus())
    return empty_kb


@pytest.fixture
def articles() -> list[StoredArticle]:
    """The corpus as stored by ``kb``; a fixture (not an import) so any pytest import mode works."""
    return corpus()


@pytest.fixture
def make() -> Callable[..., StoredArticle]:
    """``make_article`` for tests that need their own records."""
    return make_article
