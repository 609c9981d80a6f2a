"""The query language, cursors, snippets and the per-backend compilers, without any storage."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.base import ArticleQuery, InvalidCursorError, QuerySyntaxError, StoredArticle
from kb.cursor import decode_cursor, encode_cursor, query_fingerprint
from kb.elasticsearch import PROPERTIES, build_query, build_sort, from_document, to_document
from kb.query import MAX_QUERY_CHARS, Atom, ParsedQuery, fold_width, parse_query
from kb.snippet import make_snippet
from kb.sqlite.fts import compile_search


def shape(parsed: ParsedQuery) -> tuple[list[list[str]], list[str]]:
    return [[a.text for a in g] for g in parsed.required], [a.text for a in parsed.excluded]


@pytest.mark.parametrize(
    ("raw", "required", "excluded"),
    [
        ("二次医保", [["二次医保"]], []),
        ("湛江  职工", [["湛江"], ["职工"]], []),
        ("湛江 AND 职工", [["湛江"], ["职工"]], []),
        ("湛江 OR 佛山 职工", [["湛江", "佛山"], ["职工"]], []),
        ("a OR b OR c", [["a", "b", "c"]], []),
        ("医保 -二次医保", [["医保"]], ["二次医保"]),
        ("医保 NOT 二次医保", [["医保"]], ["二次医保"]),
        ('医保 -"工会 二次医保"', [["医保"]], ["工会 二次医保"]),
        ('"9897.25 万元"', [["9897.25 万元"]], []),
        ('"9897.25   万元"', [["9897.25 万元"]], []),  # runs of spaces collapse
        ('湛江"工会二次医保"', [["湛江"], ["工会二次医保"]], []),
        ("COVID-19", [["COVID-19"]], []),
        ("or and not", [["or"], ["and"], ["not"]], []),  # operators are upper-case only
        ("９８９７．２５", [["9897.25"]], []),  # full-width digits fold like the stored text
        ("湛江 -霞山 AND 职工", [["湛江"], ["职工"]], ["霞山"]),
    ],
)
def test_parses(raw: str, required: list[list[str]], excluded: list[str]) -> None:
    assert shape(parse_query(raw)) == (required, excluded)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ('"unclosed', "unclosed quote at position 0"),
        ('湛江 "unclosed', "unclosed quote at position 3"),
        ("AND OR", "operator AND at position 0 has no term before it"),
        ("OR x", "operator OR at position 0 has no term before it"),
        ("x OR", "operator OR at position 2 has no term after it"),
        ("x AND", "operator AND at position 2 has no term after it"),
        ("x AND OR y", "adjacent operators AND and OR at positions 2 and 6"),
        ("x OR OR y", "adjacent operators OR and OR at positions 2 and 5"),
        ("x OR AND y", "adjacent operators OR and AND at positions 2 and 5"),
        ("NOT NOT x", "adjacent operators NOT and NOT at positions 0 and 4"),
        ("x NOT", "operator NOT at position 2 has no term after it"),
        ("x OR -y", "cannot take an excluded term"),
        ("-x OR y", "cannot follow an excluded term"),
        ("*", "term '*' at position 0 has no searchable characters"),
        ("湛江 *", "term '*' at position 3 has no searchable characters"),
        ("医保*", "wildcard '*' at position 2 is not supported"),
        ("(湛江 OR 佛山)", "parentheses are not supported (position 0)"),
        ('""', "empty phrase at position 0"),
        ('" "', "empty phrase at position 0"),
        ('"，。"', "phrase '，。' at position 0 has no searchable characters"),
        ("", "empty query"),
        ("  \t ", "empty query"),
        ("-湛江 NOT 佛山", "only excludes"),
        (
            "x" * (MAX_QUERY_CHARS + 1),
            f"too long: {MAX_QUERY_CHARS + 1} characters, at most {MAX_QUERY_CHARS}",
        ),
        (" ".join(f"w{n}" for n in range(21)), "query has 21 terms, at most 20"),
    ],
)
def test_rejects_with_a_precise_message(raw: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError) as err:
        parse_query(raw)
    assert message in str(err.value)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab湛江 "-*()OR ANDNOT，')), max_size=40))
def test_any_input_parses_or_raises_query_syntax_error(raw: str) -> None:
    try:
        parsed = parse_query(raw)
    except QuerySyntaxError:
        return
    assert parsed.required and all(a.text.strip() for a in parsed.positive_atoms)


def test_fold_width_keeps_length_and_chinese_punctuation() -> None:
    assert fold_width("ＡＩ赋能１００％，（湛江）") == "AI赋能100%，（湛江）"


def test_atom_needle_folds_ascii_only() -> None:
    assert Atom("AI赋能Ä", phrase=False, position=0).needle == "ai赋能Ä"


# -- SQLite compiler ---------------------------------------------------------------------------


def test_sqlite_compiler_never_puts_user_syntax_into_match() -> None:
    compiled = compile_search(parse_query('工会二次医保 OR 湛江市 -霞山区 "9897.25 万元"'))
    assert compiled.match == '(("工会二次医保") OR ("湛江市")) AND ("万元")'
    assert compiled.verify_sql.count("instr(") == 8  # 4 atoms x (headline, body)
    assert (
        compiled.verify_params
        == ["工会二次医保"] * 2 + ["湛江市"] * 2 + ["9897.25 万元"] * 2 + ["霞山区"] * 2
    )


def test_sqlite_compiler_scans_when_a_term_cannot_narrow() -> None:
    assert compile_search(parse_query("江市")).match is None  # 江/市: single characters
    assert compile_search(parse_query("ai")).match is None
    assert compile_search(parse_query("湛江 OR ai")).match is None  # one alternative unindexable
    assert compile_search(parse_query('湛江 "a""b"')).match == '("湛江")'


# -- Elasticsearch compiler (no cluster needed) ------------------------------------------------


def test_es_query_filters_by_substring_and_scores_by_tokens() -> None:
    parsed = parse_query('二次医保 -"线?上*"')
    query = build_query(parsed, ArticleQuery(q="x", paper="nfgb", date_from=date(2024, 1, 1)))
    bool_ = query["bool"]
    atom = bool_["must"][0]["bool"]
    wildcards = atom["filter"][0]["bool"]["should"]
    assert wildcards == [
        {"wildcard": {"headline_raw": {"value": "*二次医保*"}}},
        {"wildcard": {"body_raw": {"value": "*二次医保*"}}},
    ]
    assert atom["should"][0]["match"]["headline_tokens"]["boost"] > 1
    excluded = bool_["must_not"][0]["bool"]["should"][1]["wildcard"]["body_raw"]["value"]
    assert excluded == "*线\\?上\\**"
    assert {"term": {"paper": "nfgb"}} in bool_["filter"]
    assert {"range": {"issue_date": {"gte": "2024-01-01"}}} in bool_["filter"]


def test_es_query_without_text_and_sorts() -> None:
    assert build_query(None, ArticleQuery()) == {"match_all": {}}
    assert build_sort(ArticleQuery(q="x"))[0] == {"_score": {"order": "desc"}}
    assert build_sort(ArticleQuery(q=None, sort="relevance"))[0]["issue_date"]["missing"] == "_last"
    assert build_sort(ArticleQuery(q="x"))[-1] == {"id": {"order": "asc"}}


# -- cursors -----------------------------------------------------------------------------------


def test_cursor_round_trip_and_binding() -> None:
    query = ArticleQuery(q="医保", paper="nfgb")
    fp = query_fingerprint(query, "sqlite")
    token = encode_cursor(fp, [-1.2345678901234567e-06], "zj-ins")
    assert "=" not in token and "+" not in token and "/" not in token
    position = decode_cursor(token, fp)
    assert position.key == [-1.2345678901234567e-06] and position.last_id == "zj-ins"
    assert query_fingerprint(ArticleQuery(q="医保", paper="nfgb", limit=50), "sqlite") == fp
    for other in (ArticleQuery(q="医保"), ArticleQuery(q="医保", paper="nfgb", sort="date")):
        with pytest.raises(InvalidCursorError, match="different query"):
            decode_cursor(token, query_fingerprint(other, "sqlite"))
    with pytest.raises(InvalidCursorError, match="different query"):
        decode_cursor(token, query_fingerprint(query, "elasticsearch"))


@pytest.mark.parametrize(
    "token", ["", "!!!", "bm90IGpzb24", "eyJ2IjoyfQ", "W10", "eyJ2IjoxLCJmIjoiIiwiayI6MSwiaSI6MX0"]
)
def test_damaged_cursors_are_rejected(token: str) -> None:
    with pytest.raises(InvalidCursorError, match="not valid"):
        decode_cursor(token, "whatever")


# -- snippets ----------------------------------------------------------------------------------


def test_snippet_window_marks_and_escapes() -> None:
    body = "甲" * 100 + "工会二次医保<b>" + "乙" * 100
    snippet = make_snippet(body, ["二次医保", "工会二次医保"])
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>工会二次医保</mark>&lt;b&gt;" in snippet
    assert 70 <= len(snippet.replace("<mark>", "").replace("</mark>", "")) <= 95


def test_snippet_without_match_is_the_body_start() -> None:
    body = "第一段。\n\n第二段" + "字" * 100
    snippet = make_snippet(body, [])
    assert snippet.startswith("第一段。 第二段") and snippet.endswith("…") and "<mark>" not in snippet
    assert make_snippet("短", ["长"]) == "短"


def test_snippet_marks_adjacent_terms_separately() -> None:
    assert make_snippet("二次医保理赔", ["二次医保", "理赔"]) == "<mark>二次医保</mark><mark>理赔</mark>"


def test_es_document_round_trips_and_folds_only_the_search_copies(articles: list[StoredArticle]) -> None:
    for original in articles:
        doc = to_document(original)
        assert from_document(doc) == original
        assert doc["content_hash"] == original.content_hash()
        assert set(doc) <= set(PROPERTIES)
    ai = to_document(next(a for a in articles if a.id == "ai"))
    assert (
        ai["headline_raw"] == "ai赋能工会服务" and "AI" in ai["headline_tokens"].split()
    )  # analyzer lowercases
