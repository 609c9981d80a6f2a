"""Our search-query language, parsed into a small AST that each backend compiles.

User text never reaches FTS5 ``MATCH`` or ES ``query_string`` directly: those
languages have their own operators and failure modes (an FTS5 syntax error is
an ``sqlite3.OperationalError``), and we promise one syntax on every backend.

Grammar (whitespace separates terms; operators are upper-case words)::

    query   := clause ( ["AND"] clause )*
    clause  := atom ( "OR" atom )*  |  ("NOT" | "-") atom
    atom    := WORD | '"' PHRASE '"'

* a WORD or PHRASE matches an article whose headline or body contains it as a
  substring (ASCII case-insensitive); a PHRASE may contain spaces;
* clauses are ANDed; ``OR`` binds tighter than the implicit AND;
* ``NOT x`` / ``-x`` excludes; an excluded term cannot be an ``OR`` operand,
  and a query must keep at least one term to search for.

The result is in conjunctive form: ``required`` OR-groups that must all hold,
and ``excluded`` atoms of which none may occur.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.base import QuerySyntaxError

MAX_QUERY_CHARS = 200
MAX_TERMS = 20
_OPERATORS = frozenset({"AND", "OR", "NOT"})
_WS = re.compile(r"\s+")
_KEEP_FULLWIDTH = frozenset("，；：！？（）")  # Chinese punctuation the extractor keeps full-width
_ASCII_UPPER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(text: str) -> str:
    """Fold only ASCII, exactly as SQLite's built-in ``lower()`` does, so both sides agree."""
    return text.translate(_ASCII_UPPER)


def fold_width(text: str) -> str:
    """Fold full-width ASCII forms as the extractor does for stored text, keeping Chinese punctuation."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch == "\u3000":
            out.append(" ")
        elif 0xFF01 <= code <= 0xFF5E and ch not in _KEEP_FULLWIDTH:
            out.append(chr(code - 0xFEE0))
        else:
            out.append(ch)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Atom:
    """A word or phrase to find as a substring; ``position`` points into the raw query."""

    text: str
    phrase: bool
    position: int

    @property
    def needle(self) -> str:
        return ascii_lower(self.text)


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    required: tuple[tuple[Atom, ...], ...]  # AND of OR-groups
    excluded: tuple[Atom, ...]

    @property
    def positive_atoms(self) -> tuple[Atom, ...]:
        return tuple(atom for group in self.required for atom in group)


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "WORD" | "PHRASE" | "AND" | "OR" | "NOT"
    text: str
    position: int

    @property
    def is_operator(self) -> bool:
        return self.kind in _OPERATORS

    def describe(self) -> str:
        return self.kind if self.is_operator else f"{self.text!r}"


def _tokenize(raw: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(raw)
    while i < n:
        ch = raw[i]
        if ch.isspace():
            i += 1
            continue
        if ch == "-" and i + 1 < n and not raw[i + 1].isspace():
            tokens.append(_Token("NOT", "-", i))
            i += 1
            continue
        if ch == '"':
            close = raw.find('"', i + 1)
            if close == -1:
                raise QuerySyntaxError(f"unclosed quote at position {i}")
            text = _WS.sub(" ", raw[i + 1 : close]).strip()
            if not text:
                raise QuerySyntaxError(f"empty phrase at position {i}")
            tokens.append(_Token("PHRASE", text, i))
            i = close + 1
            continue
        j = i
        while j < n and not raw[j].isspace() and raw[j] != '"':
            j += 1
        word = raw[i:j]
        kind = word if word in _OPERATORS else "WORD"
        tokens.append(_Token(kind, word, i))
        i = j
    return tokens


def _adjacent(first: _Token, second: _Token) -> QuerySyntaxError:
    return QuerySyntaxError(
        f"adjacent operators {first.kind} and {second.kind} "
        f"at positions {first.position} and {second.position}"
    )


def _check_word(token: _Token) -> None:
    """Inside quotes every character is literal; bare words reject syntax we do not have."""
    for offset, ch in enumerate(token.text if token.kind == "WORD" else ""):
        if ch in "()":
            raise QuerySyntaxError(f"parentheses are not supported (position {token.position + offset})")
        if ch == "*":
            if not any(c.isalnum() for c in token.text):
                break
            raise QuerySyntaxError(
                f"wildcard '*' at position {token.position + offset} is not supported: "
                "every term already matches anywhere inside words"
            )
    if not any(c.isalnum() for c in token.text):
        what = "phrase" if token.kind == "PHRASE" else "term"
        raise QuerySyntaxError(
            f"{what} {token.text!r} at position {token.position} has no searchable characters "
            "(letters or digits)"
        )


def _atom(tokens: list[_Token], i: int, after: _Token) -> Atom:
    """The operand following ``after``; errors name both tokens so the user sees the spot."""
    if i >= len(tokens):
        raise QuerySyntaxError(f"operator {after.kind} at position {after.position} has no term after it")
    token = tokens[i]
    if token.is_operator:
        raise _adjacent(after, token)
    _check_word(token)
    return Atom(text=token.text, phrase=token.kind == "PHRASE", position=token.position)


def parse_query(raw: str) -> ParsedQuery:
    """Parse or raise ``QuerySyntaxError`` with what is wrong and where (0-based character position)."""
    if len(raw) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(f"query is too long: {len(raw)} characters, at most {MAX_QUERY_CHARS}")
    tokens = _tokenize(fold_width(raw))
    if not tokens:
        raise QuerySyntaxError("empty query: give at least one term")
    required: list[list[Atom]] = []
    excluded: list[Atom] = []
    last_was_or_able = False  # the previous clause is a positive group an OR may extend
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.kind in ("AND", "OR"):
            if i == 0 or tokens[i - 1].is_operator:
                if i == 0:
                    raise QuerySyntaxError(
                        f"operator {token.kind} at position {token.position} has no term before it"
                    )
                raise _adjacent(tokens[i - 1], token)
            if token.kind == "AND":
                if i + 1 >= len(tokens):
                    raise QuerySyntaxError(f"operator AND at position {token.position} has no term after it")
                nxt = tokens[i + 1]
                if nxt.kind in ("AND", "OR"):
                    raise _adjacent(token, nxt)
                last_was_or_able = False
                i += 1
                continue
            if not last_was_or_able:
                raise QuerySyntaxError(
                    f"operator OR at position {token.position} cannot follow an excluded term; "
                    "write exclusions as separate terms"
                )
            if i + 1 < len(tokens) and tokens[i + 1].kind == "NOT":
                raise QuerySyntaxError(
                    f"operator OR at position {token.position} cannot take an excluded term; "
                    "write exclusions as separate terms"
                )
            required[-1].append(_atom(tokens, i + 1, token))
            i += 2
            continue
        if token.kind == "NOT":
            excluded.append(_atom(tokens, i + 1, token))
            last_was_or_able = False
            i += 2
            continue
        _check_word(token)
        required.append([Atom(text=token.text, phrase=token.kind == "PHRASE", position=token.position)])
        last_was_or_able = True
        i += 1
    count = sum(len(g) for g in required) + len(excluded)
    if count > MAX_TERMS:
        raise QuerySyntaxError(f"query has {count} terms, at most {MAX_TERMS}")
    if not required:
        raise QuerySyntaxError("query only excludes terms: add at least one term to search for")
    return ParsedQuery(required=tuple(tuple(g) for g in required), excluded=tuple(excluded))
