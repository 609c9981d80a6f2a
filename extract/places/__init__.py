"""Places: admin divisions named in an article, resolved to province/city/county with GB/T 2260 codes.

``find_places`` is pure (the only I/O is loading the packaged gazetteer once),
so the CLI, the indexer and tests share one behaviour. See docs/places.md for
the data source and the resolution rules.
"""

from __future__ import annotations

from extract.places.api import PlaceContext, find_places
from extract.places.gazetteer import gazetteer

__all__ = ["PlaceContext", "find_places", "gazetteer"]
