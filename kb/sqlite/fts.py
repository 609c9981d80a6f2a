"""Chinese full-text search on FTS5: jieba tokens find candidates, a substring check decides.

Index side: each article's headline (kicker, title, subtitle) and body are
indexed as ``" ".join(index_tokens(text))``. ``index_tokens`` emits every word
plus every dictionary word inside it (工会二次医保 → …, 二次医保, 工会, 二次, 医保),
and the ``unicode61`` tokenizer splits only on the spaces we put in, so a CJK
word is one FTS token. The title column is weighted 4× in ``bm25``.

Query side: a term or phrase is read with ``words()``. Its multi-character
Han words become FTS string tokens ANDed together (never user text in MATCH
syntax); the ``kb.query`` AST maps to FTS ``AND``/``OR``. That is only a
candidate filter: every candidate is then checked with ``instr`` on the
stored headline/body (ASCII case-folded), so precision is exact — 湛江霞山
does not match an article that merely has 湛江 and 霞山 apart.

Why only multi-character Han words: single characters, Latin and digit runs
are where jieba's cut of a query and of the text disagree (江市 → 江/市, while
湛江市 indexes as 湛江市/湛江; "9897" is not a token of "19897"). A term with no
such word cannot narrow the candidates, so its group scans the filtered rows
with ``instr`` alone — slower but still exact. Excluded terms are never put
into MATCH (an FTS ``NOT`` would drop articles that have the tokens but not
the substring); they are ``NOT instr(...)`` checks. Known limit: a Han word of
the query that straddles jieba's word boundary in the text (市区 in 湛江市|区域)
is not a token there and such an article is missed.
"""

from __future__ import annotations

from dataclasses import dataclass

from extract.segmenter import index_tokens, words
from kb.query import Atom, ParsedQuery

HEADLINE_WEIGHT = 4.0
BODY_WEIGHT = 1.0
HEADLINE_SQL = "(ifnull(a.kicker, '') || char(10) || a.title || char(10) || ifnull(a.subtitle, ''))"


def index_text(text: str) -> str:
    return " ".join(index_tokens(text))


def _is_han(ch: str) -> bool:
    code = ord(ch)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2FFFF


def candidate_words(atom: Atom) -> list[str]:
    return [w for w in words(atom.text) if len(w) > 1 and all(_is_han(c) for c in w)]


def _fts_string(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


@dataclass(frozen=True, slots=True)
class CompiledSearch:
    match: str | None  # FTS5 expression, None when no group can narrow candidates
    verify_sql: str  # boolean SQL over alias ``a`` (articles)
    verify_params: list[str]


def _contains(atom: Atom) -> tuple[str, list[str]]:
    sql = f"(instr(lower({HEADLINE_SQL}), ?) > 0 OR instr(lower(a.body), ?) > 0)"
    return sql, [atom.needle, atom.needle]


def compile_search(parsed: ParsedQuery) -> CompiledSearch:
    match_groups: list[str] = []
    verify: list[str] = []
    params: list[str] = []
    for group in parsed.required:
        alternatives: list[str] = []
        narrowable = True
        sqls: list[str] = []
        for atom in group:
            tokens = candidate_words(atom)
            if not tokens:
                narrowable = False
            else:
                alternatives.append("(" + " AND ".join(_fts_string(t) for t in dict.fromkeys(tokens)) + ")")
            sql, p = _contains(atom)
            sqls.append(sql)
            params.extend(p)
        if narrowable:
            match_groups.append(
                alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")"
            )
        verify.append("(" + " OR ".join(sqls) + ")")
    for atom in parsed.excluded:
        sql, p = _contains(atom)
        verify.append("NOT " + sql)
        params.extend(p)
    return CompiledSearch(
        match=" AND ".join(match_groups) if match_groups else None,
        verify_sql=" AND ".join(verify),
        verify_params=params,
    )
