"""The entity data files (``extract/data/entities/*.json``), loaded once and compiled into regexes.

Everything a reader might want to extend (suffixes, aliases, platforms,
programme aliases, titles) lives in those files; this module only turns the
lists into longest-first alternations so that each text is scanned once per
kind of entity, never once per name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any


def read_json(name: str) -> dict[str, Any]:
    """One data file from the ``extract.data.entities`` package."""
    text = resources.files("extract.data.entities").joinpath(name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def alternation(words: Iterable[str]) -> str:
    """A regex alternation that prefers the longest word at each position."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def organisations_data() -> dict[str, Any]:
    return read_json("organisations.json")


@lru_cache(maxsize=1)
def programmes_data() -> dict[str, Any]:
    return read_json("programmes.json")


@lru_cache(maxsize=1)
def people_data() -> dict[str, Any]:
    return read_json("people.json")


@lru_cache(maxsize=1)
def events_data() -> dict[str, Any]:
    return read_json("events.json")
