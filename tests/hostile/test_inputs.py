"""Malformed and hostile input through HTTP against a running server: every one answers a coded GraphQL
error (400 for a body that is not a GraphQL request, BAD_USER_INPUT for a bad variable), never a 500 and
never INTERNAL."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest

from tests.project_flow import application

JSON = {"content-type": "application/json"}
ITEMS = "query($first: Int) { serviceItems(first: $first) { edges { node { code } } } }"
AGENCIES = "query($search: String) { agencies(first: 1, filter: {search: $search}) { totalCount } }"
PROJECT_BUDGET = (
    """mutation($input: CreateProjectInput!) { createProject(input: $input) { errors { code } } }"""
)


def _codes(response: httpx.Response) -> list[str]:
    body = response.json()
    return [error.get("extensions", {}).get("code") for error in body.get("errors", [])]


MALFORMED_BODIES: dict[str, bytes] = {
    "a string": b'"{ __typename }"',
    "a number": b"5",
    "null": b"null",
    "true": b"true",
    "a list of numbers": b"[1, 2]",
    "an empty list": b"[]",
    "deeply nested lists": b"[" * 100_000 + b"]" * 100_000,
    "deeply nested objects": b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    "invalid UTF-8": b'{"query": "{ __typename \xff\xfe }"}',
    "truncated JSON": b'{"query": "{ __typename }"',
    "a query that is a number": b'{"query": 5}',
    "a query that is a list": b'{"query": ["{ __typename }"]}',
    "variables that are a string": b'{"query": "{ __typename }", "variables": "x"}',
    "variables that are a list": b'{"query": "{ __typename }", "variables": [1]}',
    "an operation name that is a number": b'{"query": "{ __typename }", "operationName": 5}',
    "extensions that are a string": b'{"query": "{ __typename }", "extensions": "x"}',
    "a persisted query that is a string": b'{"extensions": {"persistedQuery": "x"}}',
    "a persisted query of an unknown version": (
        b'{"extensions": {"persistedQuery": {"version": 2, "sha256Hash": "' + b"0" * 64 + b'"}}}'
    ),
    "a persisted query version that is a string": (
        b'{"extensions": {"persistedQuery": {"version": "1", "sha256Hash": "' + b"0" * 64 + b'"}}}'
    ),
    "a persisted query version that is true": (
        b'{"extensions": {"persistedQuery": {"version": true, "sha256Hash": "' + b"0" * 64 + b'"}}}'
    ),
    "a persisted query hash that is not hex": (
        b'{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "zz"}}}'
    ),
    "a persisted query hash that is a number": (
        b'{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": 5}}}'
    ),
    "a persisted query with a mismatched document": (
        b'{"query": "{ __typename }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "'
        + b"0" * 64
        + b'"}}}'
    ),
    "an empty document": b'{"query": ""}',
    "a document of blanks": b'{"query": "  \\n "}',
    "NUL in the document": b'{"query": "{ __typename \\u0000 }"}',
    "a subscription": b'{"query": "subscription { projectResults { cursor } }"}',
}


@pytest.mark.parametrize("body", sorted(MALFORMED_BODIES))
async def test_a_malformed_body_is_a_coded_error(server, body: str) -> None:
    response = await server.post("/graphql", content=MALFORMED_BODIES[body], headers=JSON)
    assert 400 <= response.status_code < 500 or response.status_code == 200, response.text[:300]
    codes = _codes(response)
    assert codes and None not in codes and "INTERNAL" not in codes, response.text[:300]


@pytest.mark.parametrize(
    "query_string",
    [
        "query=%7B__typename%7D&variables=not-json",
        "query=%7B__typename%7D&variables=%5B1%5D",
        "query=%7B__typename%7D&extensions=%7B",
        "query=%7B__typename%7D&extensions=%7B%22persistedQuery%22%3A5%7D",
        "query=%7B__typename%7D&operationName=%00",
        "query=%ff%fe",
    ],
)
async def test_a_malformed_get_is_a_coded_error(server, query_string: str) -> None:
    response = await server.get(f"/graphql?{query_string}", headers={"accept": "application/json"})
    assert response.status_code < 500, response.text[:300]
    codes = _codes(response)
    assert codes and "INTERNAL" not in codes and None not in codes, response.text[:300]


def _variable_error(response: httpx.Response, name: str) -> dict[str, Any]:
    assert response.status_code in (200, 400), response.text[:300]
    errors = response.json()["errors"]
    assert [e["extensions"]["code"] for e in errors] == ["BAD_USER_INPUT"], errors
    assert errors[0]["extensions"]["variable"] == name, errors
    return errors[0]


@pytest.mark.parametrize("value", [1e300, "5", 1.5, True, -(2**40), 10**20])
async def test_a_bad_int_variable_is_bad_user_input_naming_it(server, value: Any) -> None:
    response = await server.post("/graphql", json={"query": ITEMS, "variables": {"first": value}})
    _variable_error(response, "first")


@pytest.mark.parametrize(
    "value", ["abc", "1e400", "NaN", "Infinity", "-inf", "1e-400", "0.0000000000001", [1]]
)
async def test_a_bad_money_variable_is_bad_user_input_naming_it(server, test_issuer, value: Any) -> None:
    owner = test_issuer.token(roles=["owner"], org_code="HOSTILE-OWNER", region="370100")
    project = application(budget=value)
    response = await server.post(
        "/graphql",
        json={"query": PROJECT_BUDGET, "variables": {"input": {"project": project}}},
        headers={"authorization": f"Bearer {owner}"},
    )
    assert response.status_code in (200, 400), response.text[:300]
    errors = response.json()["errors"]
    assert [e["extensions"]["code"] for e in errors] == ["BAD_USER_INPUT"], errors
    assert errors[0]["extensions"]["variable"] == "input", errors


@pytest.mark.parametrize(
    "text", ["\ud800", "a\udfffb", "\x00", "\x1b[31mred", "\x1b]0;pwn\x07", "\u202eexe.pdf", "a\x85b"]
)
async def test_unstorable_text_in_a_variable_is_bad_user_input(server, text: str) -> None:
    body = json.dumps({"query": AGENCIES, "variables": {"search": text}})  # escapes the surrogate
    response = await server.post("/graphql", content=body, headers=JSON)
    assert response.status_code in (200, 400)
    assert _codes(response) == ["BAD_USER_INPUT"], response.text[:300]


@pytest.mark.parametrize(
    "path",
    [
        "/letters/%00.json",
        "/letters/%00.pdf",
        "/letters/%ff%fe.json",
        "/draws/%00/1.json",
        "/draws/x/%00.json",
    ],
)
async def test_hostile_paths_answer_a_client_error(server, path: str) -> None:
    response = await server.get(path)
    assert 400 <= response.status_code < 500, (path, response.status_code, response.text[:200])


async def test_a_subscription_over_http_is_refused_with_a_code(server) -> None:
    response = await server.post(
        "/graphql",
        json={"query": "subscription { projectResults { cursor } }"},
        headers={"accept": "application/graphql-response+json"},
    )
    assert response.status_code in (400, 405), response.text[:300]
    assert _codes(response) == ["BAD_USER_INPUT"]


# found by trying the API from outside after the first round of fixes


async def test_a_huge_list_in_the_variables_is_refused_before_coercion(server) -> None:
    query = "query($c: [CreditLevel!]) { agencies(first: 1, filter: {creditLevels: $c}) { totalCount } }"
    body = json.dumps({"query": query, "variables": {"c": ["A"] * 200_000}}, separators=(",", ":"))
    response = await server.post("/graphql", content=body, headers=JSON)
    assert response.status_code == 400 and _codes(response) == ["BAD_USER_INPUT"], response.text[:300]


@pytest.mark.parametrize(
    "since", ["9999-12-31T23:59:59-14:00", "0001-01-01", "0001-01-01T00:00:00%2B14:00", "2026-13-01"]
)
async def test_an_ocds_moment_out_of_range_is_a_client_error(server, since: str) -> None:
    response = await server.get(f"/ocds/releases?since={since}")
    assert response.status_code == 400, response.text[:300]


def _cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _agencies_after(cursor: str, by_creation: bool = False) -> str:
    order = ", orderBy: {field: CREATED_AT, direction: ASC}" if by_creation else ""
    return f'{{ agencies(first: 2, after: "{_cursor(cursor)}"{order}) {{ totalCount }} }}'


def _events_after(cursor: str) -> str:
    return f'{{ events(first: 1, after: "{_cursor(cursor)}") {{ events {{ cursor }} }} }}'


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("{ agencies(first: %s) { totalCount } }" % ("9" * 4301), id="integer of 4301 digits"),
        pytest.param("{ workingCalendar(year: %s) { year } }" % ("1" * 5000), id="year of 5000 digits"),
        pytest.param(
            "query($f: Int = %s) { agencies(first: $f) { totalCount } }" % ("9" * 5000),
            id="default value of 5000 digits",
        ),
        pytest.param("{ agencies(first: 99999999999999999999) { totalCount } }", id="integer beyond Int"),
        pytest.param(
            _agencies_after('["NAME:ASC","x",99999999999999999999999999]'),
            id="connection cursor of a huge key",
        ),
        pytest.param(
            _agencies_after('["CREATED_AT:ASC","9999-12-31T23:59:59-14:00",1]', by_creation=True),
            id="connection cursor after the last instant",
        ),
        pytest.param(
            _agencies_after('["CREATED_AT:ASC","0001-01-01T00:00:00+14:00",1]', by_creation=True),
            id="connection cursor before the first instant",
        ),
        pytest.param(_events_after("ev1:1:99999999999999999999999"), id="event cursor of a huge id"),
        pytest.param(_events_after("ev1:١:٢"), id="event cursor in other digits"),
        pytest.param(
            '{ agencies(first: 1, filter: {search: "\\u001b[31m"}) { totalCount } }',
            id="control characters in a literal",
        ),
    ],
)
async def test_a_literal_or_cursor_out_of_range_or_form_is_bad_user_input(server, query: str) -> None:
    response = await server.post("/graphql", json={"query": query})
    assert _codes(response) == ["BAD_USER_INPUT"], response.text[:300]


@pytest.mark.parametrize("text", ["١٢٣٤٥", "５０００", "1_000", " 5000", "5000 "])
async def test_a_decimal_in_other_digits_or_spacing_is_bad_user_input(server, test_issuer, text: str) -> None:
    owner = test_issuer.token(roles=["owner"], org_code="HOSTILE-OWNER", region="370100")
    response = await server.post(
        "/graphql",
        json={"query": PROJECT_BUDGET, "variables": {"input": {"project": application(budget=text)}}},
        headers={"authorization": f"Bearer {owner}"},
    )
    assert _codes(response) == ["BAD_USER_INPUT"], response.text[:300]


async def test_an_unused_variable_is_a_document_error_not_a_bad_value(server) -> None:
    response = await server.post("/graphql", json={"query": "query($x: Int) { __typename }", "variables": {}})
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and "variable" not in error["extensions"]


@pytest.mark.parametrize(
    "query",
    [
        "{ serviceItems(frist: 1) { totalCount } }",
        '{ agencies(first: 1, filter: {serch: "a"}) { totalCount } }',
        "query($f: ServiceItemFiltr) { serviceItems(first: 1, filter: $f) { totalCount } }",
        '{ node(id: "x") { ... on Agenc { id } } }',
    ],
)
async def test_no_schema_hints_outside_demo_mode(server, query: str) -> None:
    response = await server.post("/graphql", json={"query": query})
    message = response.json()["errors"][0]["message"]
    assert "Did you mean" not in message and "'first'" not in message, message


@pytest.mark.parametrize("document", ["", "   \n\t"])
async def test_an_empty_document_is_a_400(server, document: str) -> None:
    response = await server.post("/graphql", json={"query": document})
    assert response.status_code == 400 and _codes(response) == ["BAD_USER_INPUT"], response.text[:300]
