"""The project's spaCy pipeline: blank Chinese with jieba, plus our registered components.

Built once per process (jieba's dictionary load dominates start-up) and
shared. Other components (places, dates) register their factories in their
own modules and are added here by name, after ``unionkb_figures``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language

from extract.segmenter import ensure_jieba

# (factory name, module that registers it, config) in pipeline order; extend to add components.
COMPONENTS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("unionkb_figures", "extract.figures.component", {}),
)


def _register(module: str) -> None:
    __import__(module)


def new_nlp(components: tuple[tuple[str, str, dict[str, Any]], ...] = COMPONENTS) -> Language:
    """A fresh pipeline (tests that change component config use this instead of the shared one)."""
    ensure_jieba()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    for factory, module, config in components:
        _register(module)
        nlp.add_pipe(factory, config=config)
    return nlp


@lru_cache(maxsize=1)
def build_nlp() -> Language:
    """The shared pipeline; built on first use."""
    return new_nlp()
