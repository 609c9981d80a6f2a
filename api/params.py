"""Query parameters and checks that every list endpoint shares.

The parameters are ``Annotated`` aliases rather than ``Depends`` classes on
purpose: FastAPI validates a sub-dependency's parameters (and runs it) before
the endpoint's own, so a ``PageParams`` dependency would reorder the
``details`` of a multi-field 422 (and its ``message``, which names the first)
and would let ``limit=0`` pre-empt a bad ``sort``. As plain parameters they
keep the declared order in both the 422 and the OpenAPI document; the range
checks run in the endpoint body, in the order each endpoint calls them.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Query

from api.errors import ApiError
from unionkb.settings import Settings

LimitParam = Annotated[
    int | None, Query(description="page size, 1..page_size_max (default page_size_default)")
]
CursorParam = Annotated[str | None, Query(description="next_cursor of the previous page")]
PaperParam = Annotated[str | None, Query(description="paper code")]
IssueDateFrom = Annotated[date | None, Query(alias="from", description="issue date on or after (YYYY-MM-DD)")]
IssueDateTo = Annotated[date | None, Query(alias="to", description="issue date on or before (YYYY-MM-DD)")]


def invalid(field: str, message: str, value: object, *, suffix: str = "") -> ApiError:
    """The 422 for a parameter that parsed but is out of range, shaped like FastAPI's own.

    ``suffix`` goes into the top-level message only, never into ``details``.
    """
    return ApiError(
        422,
        "invalid_parameter",
        f"{field}: {message}{suffix}",
        [{"field": field, "message": message, "input": value}],
    )


def page_size(limit: int | None, settings: Settings, *, echo: bool = False) -> int:
    """The requested page size, or the 422 every list endpoint gives for one out of range.

    ``echo`` appends ``, got N`` to the message: ``/articles`` has always said
    it and clients may match on it, the later endpoints never did.
    """
    size = settings.page_size_default if limit is None else limit
    maximum = settings.page_size_max
    if not 1 <= size <= maximum:
        suffix = f", got {size}" if echo else ""
        raise invalid("limit", f"must be between 1 and {maximum}", size, suffix=suffix)
    return size


def check_dates(date_from: date | None, date_to: date | None, *, bare_detail: bool = False) -> None:
    """Reject ``from`` after ``to`` instead of answering an always-empty page.

    ``bare_detail`` keeps the two dates out of ``details[0].message`` (only the
    top-level message shows them), as ``/articles`` has always answered.
    """
    if date_from is not None and date_to is not None and date_from > date_to:
        dates = f" ({date_from.isoformat()} > {date_to.isoformat()})"
        if bare_detail:
            raise invalid("from", "must not be after to", date_from.isoformat(), suffix=dates)
        raise invalid("from", "must not be after to" + dates, date_from.isoformat())
