"""One JSON error shape for every failure, whoever raised it.

Clients (and the test that pins this) can rely on::

    {"error": {"status": 422, "code": "invalid_parameter", "message": "...", "details": [...]}}

for our own errors, FastAPI's validation errors, Starlette's 404/405 and any
unexpected exception (logged with its traceback, answered without one).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from kb import InvalidCursorError, KBError, QuerySyntaxError

log = logging.getLogger(__name__)

_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    415: "unsupported_media_type",
    422: "invalid_parameter",
    500: "internal_error",
}


class ErrorDetail(BaseModel):
    status: int
    code: str
    message: str
    details: list[dict[str, Any]]


class ErrorResponse(BaseModel):
    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "Bad query syntax or cursor"},
    422: {"model": ErrorResponse, "description": "Invalid parameter"},
    500: {"model": ErrorResponse, "description": "Internal error"},
}


class ApiError(Exception):
    """Raised by endpoints for any error they detect themselves."""

    def __init__(
        self, status: int, code: str, message: str, details: list[dict[str, Any]] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or []


def error_response(
    status: int,
    code: str,
    message: str,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = {"error": {"status": status, "code": code, "message": message, "details": details or []}}
    return JSONResponse(body, status_code=status, headers=headers)


def _loc(loc: tuple[Any, ...] | list[Any]) -> str:
    """``("query", "limit")`` → ``limit``: the name the client actually sent."""
    parts = [str(p) for p in loc if p not in ("query", "path", "body", "header")]
    return ".".join(parts) or ".".join(str(p) for p in loc)


async def _api_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, exc.details)


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = []
    for err in exc.errors():
        field = _loc(err.get("loc", ()))
        detail: dict[str, Any] = {"field": field, "message": str(err.get("msg", "")), "type": err.get("type")}
        if "input" in err:
            detail["input"] = (
                err["input"] if isinstance(err["input"], str | int | float | None) else str(err["input"])
            )
        details.append(detail)
    first = details[0] if details else {"field": "request", "message": "invalid request"}
    message = f"{first['field']}: {first['message']}"
    if len(details) > 1:
        message += f" (and {len(details) - 1} more)"
    return error_response(422, "invalid_parameter", message, details)


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _CODES.get(exc.status_code, "http_error")
    return error_response(exc.status_code, code, str(exc.detail), headers=getattr(exc, "headers", None))


async def _query_error(_: Request, exc: Exception) -> JSONResponse:
    return error_response(400, "bad_query", str(exc))


async def _cursor_error(_: Request, exc: Exception) -> JSONResponse:
    return error_response(400, "invalid_cursor", str(exc))


async def _kb_error(_: Request, exc: Exception) -> JSONResponse:
    log.error("knowledge base error: %s", exc)
    return error_response(500, "storage_error", f"the knowledge base failed: {exc}")


async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    return error_response(500, "internal_error", "internal error; the server log has the details")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(QuerySyntaxError, _query_error)
    app.add_exception_handler(InvalidCursorError, _cursor_error)
    app.add_exception_handler(KBError, _kb_error)
    app.add_exception_handler(Exception, _unexpected)
