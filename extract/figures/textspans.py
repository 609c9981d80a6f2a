"""Sentence, clause and quote boundaries shared by the figure classifiers.

Scopes and cues travel within a sentence or paragraph, so every classifier
needs the same notion of where those end; computing them once per text keeps
extraction linear in the text length.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

SENTENCE_END = "。！？；!?;"
CLAUSE_END = SENTENCE_END + "，,：:、\n"
CLAUSE_BREAK = SENTENCE_END + "，,：:\n"
OPEN_QUOTES = '“‘「『《〈"'


@dataclass(frozen=True, slots=True)
class Spans:
    """Boundary offsets of one text, searchable by bisection."""

    text: str
    sentence_starts: tuple[int, ...]
    paragraph_starts: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> Spans:
        sentences = [0]
        paragraphs = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                sentences.append(i + 1)
                paragraphs.append(i + 1)
            elif ch in SENTENCE_END:
                j = i + 1
                while j < len(text) and text[j] in "”’」』）)":
                    j += 1
                sentences.append(j)
        return cls(text, tuple(sorted(set(sentences))), tuple(paragraphs))

    def sentence_bounds(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.sentence_starts, pos) - 1
        start = self.sentence_starts[i]
        end = self.sentence_starts[i + 1] if i + 1 < len(self.sentence_starts) else len(self.text)
        return start, end

    def sentence(self, pos: int) -> str:
        start, end = self.sentence_bounds(pos)
        return self.text[start:end].strip()

    def paragraph_start(self, pos: int) -> int:
        return self.paragraph_starts[bisect.bisect_right(self.paragraph_starts, pos) - 1]


def clause_start(text: str, pos: int, breaks: str = CLAUSE_BREAK) -> int:
    """Offset just after the last clause break before ``pos``."""
    i = pos - 1
    while i >= 0 and text[i] not in breaks:
        i -= 1
    return i + 1


def clause_end(text: str, pos: int, breaks: str = CLAUSE_BREAK) -> int:
    i = pos
    n = len(text)
    while i < n and text[i] not in breaks:
        i += 1
    return i


def quoted_names(text: str, pairs: tuple[tuple[str, str], ...], max_len: int) -> list[tuple[int, int]]:
    """Spans inside short quotes with no clause punctuation: programme names and slogans, not speech."""
    out: list[tuple[int, int]] = []
    for open_, close in pairs:
        pos = 0
        while True:
            a = text.find(open_, pos)
            if a < 0:
                break
            b = text.find(close, a + 1)
            if b < 0:
                break
            inner = text[a + 1 : b]
            limit = max_len * 2 if open_ == "《" else max_len
            if len(inner) <= limit and not any(ch in CLAUSE_END for ch in inner):
                out.append((a, b + 1))
            pos = b + 1
    return out
