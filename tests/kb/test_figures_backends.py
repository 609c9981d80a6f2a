"""Figure storage below the contract: exact value keys, the SQLite migration, ES documents and queries.

The ES parts run without a cluster: the query body, the documents and the
bulk actions of a write are pure data, checked here; the live behaviour is
the contract suite's job when ``UNIONKB_ES_URL`` is set.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.records import Figure
from kb.base import ArticleQuery, FigureQuery, InvalidCursorError, StoredArticle
from kb.cursor import encode_cursor, figure_query_fingerprint, query_fingerprint
from kb.query import parse_query
from kb.sqlite import SqliteKnowledgeBase
from kb.sqlite.schema import SCHEMA_VERSION, migrate
from kb.values import decimal_key, parse_bound

Make = Callable[..., StoredArticle]

# -- exact value keys --------------------------------------------------------------------------

decimals = st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**15), max_value=10**15, places=4)


@given(st.lists(decimals, min_size=2, max_size=20))
def test_decimal_key_orders_exactly_like_the_numbers(values: list[Decimal]) -> None:
    assert sorted(values, key=decimal_key) == sorted(values)
    for a in values:
        for b in values:
            assert (decimal_key(a) == decimal_key(b)) == (a == b)


@given(decimals, st.integers(min_value=0, max_value=6))
def test_decimal_key_ignores_how_a_value_is_written(value: Decimal, extra_zeros: int) -> None:
    padded = value.quantize(Decimal(1).scaleb(-extra_zeros - 4)) if value else value
    assert decimal_key(padded) == decimal_key(value) == decimal_key(value.normalize())


def test_decimal_key_examples() -> None:
    assert decimal_key(Decimal("9897.25") * 10000) == decimal_key(Decimal("98972500"))
    assert (
        decimal_key(Decimal("98972499.99"))
        < decimal_key(Decimal("98972500"))
        < decimal_key(Decimal("98972500.01"))
    )
    assert decimal_key(Decimal("-1.2")) > decimal_key(Decimal("-1.25"))
    assert decimal_key(Decimal("-0.001")) < decimal_key(Decimal(0)) < decimal_key(Decimal("0.001"))
    assert decimal_key(Decimal(0)) == decimal_key(Decimal("-0.00"))
    assert all(c.isascii() for c in decimal_key(Decimal("-123.456")))
    for bad in (Decimal("NaN"), Decimal("Infinity"), Decimal("1e100000")):
        with pytest.raises(ValueError):
            decimal_key(bad)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("98972500", "98972500"),
        (" 9897.25万 ", "98972500"),
        ("1,300", "1300"),
        ("1，300", "1300"),
        ("1.5亿", "150000000"),
        ("2万亿", "2000000000000"),
        ("1e8", "100000000"),
        ("0.50", "0.5"),
        ("-3", "-3"),
        (".5", "0.5"),
        ("0.000", "0"),
        ("123456789012345678901234567890.123", "123456789012345678901234567890.123"),  # never rounded
    ],
)
def test_parse_bound(text: str, value: str) -> None:
    parsed = parse_bound(text)
    assert parsed == Decimal(value) and str(parsed) == value


@pytest.mark.parametrize(
    "text", ["", " ", "abc", "NaN", "inf", "-Infinity", "1e99999", "1..2", "万", "1万万", "9" * 41]
)
def test_parse_bound_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_bound(text)


# -- cursors -----------------------------------------------------------------------------------


def test_figure_fingerprint_binds_every_filter_but_limit() -> None:
    base = FigureQuery(q="医保", unit="元", min=Decimal("1"), paper="nfgb")
    fp = figure_query_fingerprint(base, "sqlite")
    assert figure_query_fingerprint(replace(base, limit=99), "sqlite") == fp
    assert figure_query_fingerprint(replace(base, min=Decimal("1.00")), "sqlite") == fp
    others = [
        replace(base, q=None),
        replace(base, unit="人"),
        replace(base, measure="慰问金"),
        replace(base, min=Decimal("2")),
        replace(base, max=Decimal("2")),
        replace(base, cumulative=True),
        replace(base, cumulative=False),
        replace(base, date_from=date(2024, 1, 1)),
        replace(base, date_to=date(2024, 1, 1)),
        replace(base, paper=None),
    ]
    prints = {figure_query_fingerprint(o, "sqlite") for o in others}
    assert len(prints) == len(others) and fp not in prints
    assert figure_query_fingerprint(base, "elasticsearch") != fp
    assert figure_query_fingerprint(FigureQuery(), "sqlite") != query_fingerprint(ArticleQuery(), "sqlite")


def test_sqlite_rejects_a_forged_cursor_key(tmp_path: Path) -> None:
    with SqliteKnowledgeBase(tmp_path / "kb.sqlite") as kb:
        fp = figure_query_fingerprint(FigureQuery(), "sqlite")
        for key in ([], ["2024-01-01"], ["2024-01-01", "0"], [1, 0], ["2024-01-01", 1.5]):
            with pytest.raises(InvalidCursorError):
                kb.search_figures(FigureQuery(cursor=encode_cursor(fp, key, "x")))  # type: ignore[arg-type]


# -- SQLite migration 3 ------------------------------------------------------------------------


def test_migration_3_keys_figures_stored_by_version_2(tmp_path: Path) -> None:
    path = tmp_path / "kb.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, target=2) == 2
    conn.execute("INSERT INTO papers (code) VALUES ('nfgb')")
    conn.execute(
        "INSERT INTO issues (paper, issue_key, issue_date) VALUES ('nfgb', '2024-03-15', '2024-03-15')"
    )
    conn.execute("INSERT INTO pages (issue_pk, page_key, number) VALUES (1, '1', '1')")
    body = "累计受益金额达9897.25万元，另有98972499.99元。"
    conn.execute(
        "INSERT INTO articles (id, page_pk, paper, issue_date, seq, title, body, source_kind, raw_sha256,"
        " ingested_at, content_hash) VALUES ('old', 1, 'nfgb', '2024-03-15', 0, '旧文', ?, 'text', ?,"
        " '2024-06-01T08:00:00+00:00', '')",
        (body, "a" * 64),
    )
    for n, (text, value) in enumerate((("9897.25万元", "98972500"), ("98972499.99元", "98972499.99"))):
        start = body.index(text)
        conn.execute(
            'INSERT INTO figures (article_pk, ord, text, value, unit, approx, start, "end", sentence)'
            " VALUES (1, ?, ?, ?, '元', 'exact', ?, ?, ?)",
            (n, text, value, start, start + len(text), body),
        )
    conn.close()
    with SqliteKnowledgeBase(path) as kb:
        found = kb.search_figures(FigureQuery(min=Decimal("98972500")))
        assert [h.figure.text for h in found.items] == ["9897.25万元"]
        assert found.items[0].figure.value == Decimal("98972500")
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 3
        assert raw.execute("SELECT count(*) FROM figures WHERE value_key IS NULL").fetchone()[0] == 0
        plan = raw.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM figures WHERE unit = '元' AND value_key >= ?", ("2",)
        ).fetchall()
        assert any("figures_by_unit_value" in str(row) for row in plan)


# -- Elasticsearch, without a cluster -----------------------------------------------------------


def _zj(make: Make) -> StoredArticle:
    body = "今年全市“工会二次医保”累计受益金额达9897.25万元，惠及职工3.2万人次。"
    figures = tuple(
        Figure(
            text=t,
            value=Decimal(v),
            unit=u,
            approx="exact",
            start=body.index(t),
            end=body.index(t) + len(t),
            sentence=body,
            measure=m,
            cumulative=True,
        )
        for t, v, u, m in (
            ("9897.25万元", "98972500", "元", "受益总金额"),
            ("3.2万人次", "32000", "人次", "受益人次"),
        )
    )
    return make("zj", "湛江AI工会", body, kicker="聚焦", figures=figures)


def test_es_figure_documents_and_hits_round_trip(make: Make) -> None:
    from kb.elasticsearch import FIGURE_PROPERTIES, figure_documents, figure_hit_from_document

    item = _zj(make)
    docs = figure_documents(item)
    assert list(docs) == ["zj#0", "zj#1"]
    doc = docs["zj#0"]
    assert set(doc) == set(FIGURE_PROPERTIES)
    assert doc["value_key"] == decimal_key(Decimal("98972500"))
    assert (
        doc["article_raw"] == "聚焦\n湛江ai工会\n" + item.article.body
    )  # ASCII folded, like the article copies
    hit = figure_hit_from_document(doc)
    assert hit.figure == item.article.figures[0]
    assert (hit.article_id, hit.paper, hit.issue_date, hit.headline, hit.url, hit.page_number) == (
        "zj",
        "nfgb",
        item.issue_date,
        "聚焦 湛江AI工会",
        item.source.url,
        "1",
    )


def test_es_figure_query_body() -> None:
    from kb.elasticsearch import FIGURE_SORT, build_figure_query

    assert build_figure_query(None, FigureQuery()) == {"match_all": {}}
    query = FigureQuery(
        q="x",
        unit="元",
        measure="慰问金",
        min=Decimal("98972500.00"),
        max=Decimal("1e8"),
        cumulative=False,
        date_from=date(2024, 1, 1),
        paper="nfgb",
    )
    body = build_figure_query(parse_query('二次医保 AI OR 湛江 -"线?上"'), query)["bool"]
    filters = body["filter"]
    assert {"term": {"unit": "元"}} in filters and {"term": {"measure": "慰问金"}} in filters
    assert {"term": {"paper": "nfgb"}} in filters and {"term": {"cumulative": False}} in filters
    assert {
        "range": {"value_key": {"gte": decimal_key(Decimal(98972500)), "lte": decimal_key(Decimal(10**8))}}
    } in filters
    assert {"range": {"issue_date": {"gte": "2024-01-01"}}} in filters
    assert {"wildcard": {"article_raw": {"value": "*二次医保*"}}} in filters
    assert {
        "bool": {
            "should": [
                {"wildcard": {"article_raw": {"value": "*ai*"}}},
                {"wildcard": {"article_raw": {"value": "*湛江*"}}},
            ],
            "minimum_should_match": 1,
        }
    } in filters
    assert body["must_not"] == [{"wildcard": {"article_raw": {"value": "*线\\?上*"}}}]
    assert [next(iter(s)) for s in FIGURE_SORT] == ["issue_date", "article_id", "ord"]


class _FakeIndices:
    def exists(self, index: str) -> bool:
        return True

    def get_mapping(self, index: str) -> Any:
        """Every index already at its latest mapping, so opening runs no migration or backfill."""
        from types import SimpleNamespace

        import kb.elasticsearch as es

        latest = {
            "figures": es.FIGURE_MAPPING_VERSION,
            "events": es.EVENT_MAPPING_VERSION,
            "mentions": es.MENTION_MAPPING_VERSION,
        }.get(index.rsplit("-", 1)[-1], es.MAPPING_VERSION)
        return SimpleNamespace(body={index: {"mappings": {"_meta": {"unionkb_mapping": latest}}}})


class FakeClient:
    """Just enough of ``Elasticsearch`` for the code paths below; records what it is asked."""

    def __init__(self, search_hits: list[dict[str, Any]] | None = None) -> None:
        self.indices = _FakeIndices()
        self.sources: dict[str, dict[str, Any]] = {}
        self.search_hits = search_hits or []
        self.searches: list[dict[str, Any]] = []

    def mget(self, index: str, ids: list[str]) -> dict[str, Any]:
        return {"docs": [{"_id": i, "found": i in self.sources, "_source": self.sources.get(i)} for i in ids]}

    def search(self, **kwargs: Any) -> dict[str, Any]:
        self.searches.append(kwargs)
        hits = self.search_hits[: kwargs["size"]]
        return {"hits": {"hits": hits, "total": {"value": len(self.search_hits)}}}

    def close(self) -> None:
        pass


def test_es_write_replaces_figures_and_undoes_them_on_failure(
    make: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kb.elasticsearch as es_module
    from kb.base import KBError

    calls: list[list[dict[str, Any]]] = []
    fail_next = {"on": False}

    def fake_bulk(client: Any, actions: Any, **kwargs: Any) -> tuple[int, list[Any]]:
        batch = list(actions)
        calls.append(batch)
        if fail_next["on"]:
            fail_next["on"] = False
            return 0, [{"index": {"_id": batch[0]["_id"], "error": "boom"}}]
        return len(batch), []

    monkeypatch.setattr(es_module.helpers, "bulk", fake_bulk)
    client = FakeClient()
    kb = es_module.ElasticsearchKnowledgeBase("http://fake", index_prefix="t", client=client)  # type: ignore[arg-type]
    item = _zj(make)
    assert kb.upsert_articles([item]).new == 1
    ops = [(a["_op_type"], a["_index"], a["_id"]) for a in calls[-1]]
    assert ops == [
        ("index", "t-articles", "zj"),
        ("index", "t-figures", "zj#0"),
        ("index", "t-figures", "zj#1"),
    ]

    client.sources["zj"] = es_module.to_document(item)
    fewer = replace(item, article=replace(item.article, figures=item.article.figures[:1]))
    assert kb.upsert_articles([fewer]).updated == 1
    ops = [(a["_op_type"], a["_id"]) for a in calls[-1]]
    assert ops == [("index", "zj"), ("index", "zj#0"), ("delete", "zj#1")]  # the stale position goes

    fail_next["on"] = True
    with pytest.raises(KBError, match="nothing was stored"):
        kb.upsert_articles([fewer])
    undo = calls[-1]
    assert [(a["_op_type"], a["_id"]) for a in undo] == [
        ("index", "zj"),
        ("index", "zj#0"),
        ("index", "zj#1"),
    ]
    assert undo[0]["_source"] == client.sources["zj"]  # the previous article and both of its figures return
    assert undo[2]["_source"]["stored"]["figure"]["text"] == "3.2万人次"


def test_es_search_figures_pages_with_search_after(make: Make) -> None:
    import kb.elasticsearch as es_module

    docs = es_module.figure_documents(_zj(make))
    hits = [{"_source": doc, "sort": [1710460800000, "zj", n]} for n, doc in enumerate(docs.values())]
    client = FakeClient(hits)
    kb = es_module.ElasticsearchKnowledgeBase("http://fake", index_prefix="t", client=client)  # type: ignore[arg-type]
    page = kb.search_figures(FigureQuery(limit=1, unit="元"))
    assert page.total == 2 and [h.figure.text for h in page.items] == ["9897.25万元"]
    request = client.searches[-1]
    assert request["index"] == "t-figures" and request["size"] == 2 and request["search_after"] is None
    assert page.next_cursor is not None
    kb.search_figures(FigureQuery(limit=1, unit="元", cursor=page.next_cursor))
    assert client.searches[-1]["search_after"] == [1710460800000, "zj", 0]
    with pytest.raises(InvalidCursorError):
        kb.search_figures(FigureQuery(limit=1, unit="人次", cursor=page.next_cursor))
