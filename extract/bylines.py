"""Reporter and correspondent names from the 本报讯（…） opener of an article body."""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPENER_BYLINE_RE = re.compile(r"^本报\S{0,6}?(?:讯|电)\s*[（(]([^）)]{2,80})[）)]")
_ROLE_RE = re.compile(r"(?:全媒体|融媒体|见习|特约|实习)?(记者|通讯员)")
_SEPARATORS_RE = re.compile(r"[\s、，,]+")
_NAME_RE = re.compile(r"^[\u4e00-\u9fff·]{2,8}$")


@dataclass(frozen=True, slots=True)
class Byline:
    reporters: tuple[str, ...] = ()
    correspondents: tuple[str, ...] = ()
    end: int = 0  # where the opener's bracket closes in the body


def parse_opener(body: str) -> Byline:
    """Names after 记者 are reporters, after 通讯员 correspondents (a unit such as 海珠工 is one name)."""
    m = _OPENER_BYLINE_RE.match(body)
    if not m:
        return Byline()
    inner = m.group(1)
    roles = list(_ROLE_RE.finditer(inner))
    reporters: list[str] = []
    correspondents: list[str] = []
    for n, role in enumerate(roles):
        stop = roles[n + 1].start() if n + 1 < len(roles) else len(inner)
        names = [x for x in _SEPARATORS_RE.split(inner[role.end() : stop]) if _NAME_RE.match(x)]
        (reporters if role.group(1) == "记者" else correspondents).extend(names)
    return Byline(
        reporters=tuple(dict.fromkeys(reporters)),
        correspondents=tuple(dict.fromkeys(correspondents)),
        end=m.end(),
    )
