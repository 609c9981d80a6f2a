"""One jieba, configured once, shared by the extractor and the search index.

spaCy's Chinese tokenizer calls the module-level ``jieba`` functions, and the
search index must cut text exactly as queries are cut, so both go through the
global jieba dictionary extended with our domain words (``data/userdict.txt``).
"""

from __future__ import annotations

import logging
from functools import lru_cache
from importlib import resources

import jieba

_PUNCT_OR_SPACE = frozenset(" \t\r\n\u3000，。！？；：、“”‘’（）《》〈〉【】—…·,.!?;:()[]\"'")


@lru_cache(maxsize=1)
def ensure_jieba() -> None:
    """Load jieba's dictionary and our user dictionary exactly once per process."""
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    userdict = resources.files("extract.data").joinpath("userdict.txt")
    with resources.as_file(userdict) as path:
        jieba.load_userdict(str(path))


def index_tokens(text: str) -> list[str]:
    """Words for the search index: each word, then every dictionary word inside it.

    jieba's own search mode only adds the 2- and 3-character words inside a long
    word, so 工会二次医保 would not be found by 二次医保; we add every inner
    dictionary word, which makes a query word match wherever the text holds it.
    """
    ensure_jieba()
    freq = jieba.dt.FREQ
    out: list[str] = []
    for word in jieba.cut(text, HMM=False):
        if not word.strip() or word in _PUNCT_OR_SPACE:
            continue
        out.append(word)
        n = len(word)
        if n < 3:
            continue
        for size in range(n - 1, 1, -1):
            for i in range(n - size + 1):
                sub = word[i : i + size]
                if freq.get(sub):
                    out.append(sub)
    return out


def words(text: str) -> list[str]:
    """Words in accurate mode, without whitespace and punctuation: how a query is read."""
    ensure_jieba()
    return [t for t in jieba.cut(text, HMM=False) if t.strip() and t not in _PUNCT_OR_SPACE]
