"""Assemble the province → city → county tree from per-level counts, for every backend.

Backends count each level on their own (``GROUP BY`` in SQLite, aggregations
in Elasticsearch), because a parent's count is the number of *distinct*
articles or events below it, not the sum of its children. This module only
nests the counted units, so both backends return the same shape and order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kb.base import PlaceLevel, PlaceNode

Key = tuple[str | None, ...]


@dataclass
class _Node:
    level: PlaceLevel
    name: str
    code: str | None = None
    articles: int = 0
    events: int = 0
    children: list[Key] = field(default_factory=list)


class TreeCounts:
    """Collects ``(level, key, code, metric, count)`` rows; ``tree()`` nests them.

    Keys are ``(province,)``, ``(province, city)`` and ``(province, city,
    county)``. A county whose city is unknown (a county-level unit directly
    under its province) hangs under the province.
    """

    def __init__(self) -> None:
        self._nodes: dict[Key, _Node] = {}

    def add(self, level: PlaceLevel, key: Key, code: str | None, metric: str, count: int) -> None:
        name = key[-1]
        if name is None:
            return
        node = self._nodes.get(key)
        if node is None:
            node = self._nodes[key] = _Node(level=level, name=name)
        node.code = node.code or code
        if metric == "articles":
            node.articles = count
        else:
            node.events = count

    def _parent(self, key: Key) -> Key | None:
        if len(key) == 1:
            return None
        if len(key) == 3 and key[1] is None:
            return key[:1]
        return key[:-1]

    def tree(self) -> list[PlaceNode]:
        for key in sorted(self._nodes, key=len, reverse=True):
            parent = self._parent(key)
            if parent is None:
                continue
            if parent not in self._nodes:  # a unit counted only below: keep it reachable
                level: PlaceLevel = "province" if len(parent) == 1 else "city"
                self.add(level, parent, None, "articles", 0)
            self._nodes[parent].children.append(key)
        roots = [k for k in self._nodes if len(k) == 1]
        return [self._freeze(k) for k in _ordered(roots, self._nodes)]

    def _freeze(self, key: Key) -> PlaceNode:
        node = self._nodes[key]
        return PlaceNode(
            level=node.level,
            name=node.name,
            code=node.code,
            articles=node.articles,
            events=node.events,
            children=tuple(self._freeze(k) for k in _ordered(node.children, self._nodes)),
        )


def _ordered(keys: list[Key], nodes: dict[Key, _Node]) -> list[Key]:
    """Administrative order (by GB/T 2260 code), units without a code last by name: stable for a UI."""
    return sorted(keys, key=lambda k: (nodes[k].code is None, nodes[k].code or "", nodes[k].name))
