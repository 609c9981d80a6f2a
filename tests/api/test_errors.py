"""Pins the one error shape: every error class the API can produce looks exactly alike."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from kb import KBError

Call = Callable[[TestClient], Response]

CASES: list[tuple[str, Call, int, str]] = [
    ("bad query syntax", lambda c: c.get("/articles", params={"q": '"unclosed'}), 400, "bad_query"),
    ("dangling operator", lambda c: c.get("/articles", params={"q": "x OR"}), 400, "bad_query"),
    ("bad cursor", lambda c: c.get("/articles", params={"cursor": "%%%"}), 400, "invalid_cursor"),
    ("unknown article", lambda c: c.get("/articles/missing"), 404, "not_found"),
    ("unknown route", lambda c: c.get("/nowhere"), 404, "not_found"),
    ("wrong method", lambda c: c.post("/articles"), 405, "method_not_allowed"),
    ("limit too large", lambda c: c.get("/articles", params={"limit": 500}), 422, "invalid_parameter"),
    ("limit not a number", lambda c: c.get("/articles", params={"limit": "ten"}), 422, "invalid_parameter"),
    ("bad date", lambda c: c.get("/articles", params={"from": "2024-13-01"}), 422, "invalid_parameter"),
    ("bad sort", lambda c: c.get("/articles", params={"sort": "random"}), 422, "invalid_parameter"),
    (
        "from after to",
        lambda c: c.get("/articles", params={"from": "2024-02-02", "to": "2024-02-01"}),
        422,
        None,
    ),
    ("unexpected exception", lambda c: c.get("/boom"), 500, "internal_error"),
    ("storage failure", lambda c: c.get("/storage-boom"), 500, "storage_error"),
]


@pytest.fixture
def error_client(app: FastAPI) -> TestClient:
    """The real app plus two routes that fail on purpose, to reach the 500 handlers."""

    def boom() -> None:
        raise RuntimeError("secret internals must not leak")

    def storage_boom() -> None:
        raise KBError("index unavailable")

    app.add_api_route("/boom", boom)
    app.add_api_route("/storage-boom", storage_boom)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client  # type: ignore[misc]


@pytest.mark.parametrize(("name", "call", "status", "code"), CASES, ids=[c[0] for c in CASES])
def test_every_error_has_the_same_shape(
    error_client: TestClient, name: str, call: Call, status: int, code: str | None
) -> None:
    response = call(error_client)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"status", "code", "message", "details"}
    assert error["status"] == status
    assert error["code"] == (code or "invalid_parameter")
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["details"], list) and all(isinstance(d, dict) for d in error["details"])
    assert "Traceback" not in response.text and "secret internals" not in response.text


def test_validation_errors_name_the_parameter(error_client: TestClient) -> None:
    error = error_client.get("/articles", params={"limit": "ten"}).json()["error"]
    assert error["message"].startswith("limit: ")
    assert error["details"][0]["field"] == "limit" and error["details"][0]["input"] == "ten"
    bad_date = error_client.get("/articles", params={"to": "soon"}).json()["error"]
    assert bad_date["message"].startswith("to: ")


def test_405_keeps_the_allow_header(error_client: TestClient) -> None:
    response = error_client.delete("/articles/art-00")
    assert response.status_code == 405 and "GET" in response.headers.get("allow", "")
