"""People: officials with their titles, reporters from the byline, and named beneficiaries.

A union report names an official as ``<organisation><title>(、<title>)*<name>``
(``湛江市总工会党组书记、常务副主席曾海``) and a beneficiary as ``<worker noun><name>``
(``环卫工人黄丽萍``). A name is a common surname plus one or two characters, and
where it ends is fixed by the word that follows (出席, 表示, 、…): the shortest
name that the next word fits is taken, which separates 曾海|出席 from 钟建华|出席.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from extract.entities.data import alternation, people_data
from extract.records import FigureField, Organisation, Person

__all__ = ["find_people", "reporters"]


@dataclass(frozen=True, slots=True)
class _Patterns:
    official: re.Pattern[str]
    worker: re.Pattern[str]
    non_names: frozenset[str]
    non_name_end: re.Pattern[str]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    d = people_data()
    title = f"(?:{alternation(d['titles'])})"
    surname = "[" + d["surnames"] + "]"
    follow = f"(?={alternation(d['follow'])}|$)"
    worker_follow = f"(?={alternation(d['worker_follow'])}|$)"
    name = rf"(?P<name>{surname}[\u4e00-\u9fff]{{1,2}}?)"
    # a chain of titles, each optionally preceded by the short organisation it belongs to (、市总工会主席)
    chain = rf"(?P<title>{title}(?:[、，][^，。；、\s]{{0,12}}?{title})*)"
    return _Patterns(
        official=re.compile(chain + name + follow),
        worker=re.compile(rf"(?P<title>{alternation(d['worker_nouns'])}){name}{worker_follow}"),
        non_names=frozenset(d["non_names"]),
        non_name_end=re.compile(d["non_name_end"]),
    )


def find_people(text: str, field: FigureField = "body", orgs: Sequence[Organisation] = ()) -> list[Person]:
    """Officials and named beneficiaries in ``text``; ``orgs`` (same field) attach officials to bodies."""
    p = _patterns()
    out: list[Person] = []
    taken: list[tuple[int, int]] = []
    for m in p.official.finditer(text):
        if _not_a_name(m.group("name")):
            continue
        start, end = m.start("title"), m.end("name")
        title = m.group("title")
        org = _org_before(orgs, start, m.start("title"), text, title)
        out.append(Person(text[start:end], start, end, field, m.group("name"), title, org, "official"))
        taken.append((start, end))
    for m in p.worker.finditer(text):
        start, end = m.start(), m.end("name")
        if any(s < end and start < e for s, e in taken) or _not_a_name(m.group("name")):
            continue
        out.append(
            Person(text[start:end], start, end, field, m.group("name"), m.group("title"), None, "beneficiary")
        )
    return sorted(out, key=lambda x: x.start)


def _not_a_name(name: str) -> bool:
    p = _patterns()
    return name in p.non_names or bool(p.non_name_end.search(name))


def _org_before(
    orgs: Sequence[Organisation], start: int, _title_start: int, text: str, title: str
) -> str | None:
    """The body an official serves: the organisation right before the last title, else before the first."""
    inner = [o for o in orgs if start <= o.start and o.end <= start + len(title)]
    if inner:
        return inner[-1].name
    for o in orgs:
        if o.end == start:
            return o.name
    return None


def reporters(
    body: str, names: Sequence[str], title: str, field: FigureField = "body", limit: int = 120
) -> list[Person]:
    """Byline names as people (role ``reporter``), located in the opener so they carry offsets."""
    out: list[Person] = []
    pos = 0
    for name in names:
        i = body.find(name, pos, limit)
        if i < 0:
            continue
        out.append(Person(name, i, i + len(name), field, name, title, None, "reporter"))
        pos = i + len(name)
    return out
