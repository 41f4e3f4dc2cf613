"""The OpenAPI document's response schemas hold for real responses, and schemathesis finds no
server error or schema violation across every operation."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from tests.web.builder import Built

SLUG = "torrance-county-detention-facility"


def _validator(spec: dict[str, Any], path: str) -> jsonschema.protocols.Validator:
    ref = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    schema = {"$ref": ref["$ref"], "components": spec["components"]}
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize(
    ("path", "url"),
    [
        ("/api/facilities", "/api/facilities"),
        ("/api/facilities/{slug}", f"/api/facilities/{SLUG}"),
        ("/api/facilities/{slug}/timeline", f"/api/facilities/{SLUG}/timeline"),
        ("/api/recommendations", "/api/recommendations"),
        ("/api/sources", "/api/sources"),
        ("/api/search", "/api/search?q=staffing"),
        ("/api/openapi.json", "/api/openapi.json"),
    ],
)
def test_real_responses_match_their_documented_schema(
    client: FlaskClient, built: Built, path: str, url: str
) -> None:
    spec = client.get("/api/openapi.json").get_json()
    body = client.get(url).get_json()
    errors = [e.message for e in _validator(spec, path).iter_errors(body)]
    assert errors == []
    assert body  # not an empty object that would validate trivially


def test_detail_responses_match_their_documented_schema(client: FlaskClient, built: Built) -> None:
    spec = client.get("/api/openapi.json").get_json()
    recs = client.get("/api/recommendations").get_json()["items"]
    assert recs
    rec = client.get(f"/api/recommendations/{recs[0]['id']}").get_json()
    assert list(_validator(spec, "/api/recommendations/{rec_id}").iter_errors(rec)) == []
    doc = client.get(f"/api/documents/{recs[0]['document_id']}").get_json()
    assert list(_validator(spec, "/api/documents/{document_id}").iter_errors(doc)) == []


def test_a_wrong_shape_is_caught(client: FlaskClient, built: Built) -> None:
    spec = client.get("/api/openapi.json").get_json()
    body = client.get("/api/sources").get_json()
    body["items"][0]["document_count"] = "many"
    assert list(_validator(spec, "/api/sources").iter_errors(body))


def test_api_has_no_server_errors_and_keeps_its_schema(app: Flask, built: Built) -> None:
    """Every operation, with generated parameters, through schemathesis's own checks
    (no 5xx, documented status codes and content types, responses matching their schema)."""
    api = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    operations = [result.ok() for result in api.get_all_operations()]
    documented = app.test_client().get("/api/openapi.json").get_json()["paths"]
    # schemathesis leaves out the path that serves the schema itself
    assert {op.path for op in operations} == set(documented) - {"/api/openapi.json"}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case: Any) -> None:
            # Cross-parameter rules ('from' not after 'to') cannot be written in OpenAPI, so a
            # schema-valid request may be refused with a 400 that names the rule; every
            # other check stays on, not_a_server_error first among them.
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        check()
