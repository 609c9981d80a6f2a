"""Known papers: a code, a display name and the home province that resolves 省总工会 and the like."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_CODE_RE = re.compile(r"^[a-z][a-z0-9_-]{1,31}$")


@dataclass(frozen=True, slots=True)
class Paper:
    code: str
    name: str
    province: str | None


class UnknownPaperError(ValueError):
    pass


@lru_cache(maxsize=1)
def known_papers() -> dict[str, Paper]:
    data = json.loads(resources.files("unionkb").joinpath("papers.json").read_text(encoding="utf-8"))
    return {code: Paper(code=code, name=v["name"], province=v["province"]) for code, v in data.items()}


def paper_for(code: str) -> Paper:
    """A registered paper, or an ad-hoc one for a well-formed new code (its name is its code)."""
    if code in known_papers():
        return known_papers()[code]
    if not _CODE_RE.match(code):
        raise UnknownPaperError(
            f"paper code {code!r} is not valid: use 2-32 lowercase letters, digits, '-' or '_' "
            f"(known: {', '.join(sorted(known_papers()))})"
        )
    return Paper(code=code, name=code, province=None)
