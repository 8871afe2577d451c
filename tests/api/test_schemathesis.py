"""Schemathesis against the OpenAPI document, in-process through the app's WSGI interface: every
operation, anonymous and as an organizer, with generated valid and invalid parameters and with
the ids of a small world (so real bodies are checked too). Every answer: no 5xx, a documented
status code and content type, headers and body conforming to the schema.

Bounded and deterministic: a few examples per operation, derandomized, no deadline."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import OpenAPIV31SpecValidator
from schemathesis.generation import GenerationMode

from meetings.models import MeetingStatus, UserRole, Visibility

EXAMPLES = 10
# The WSGI transport hands back the bytes as sent: ask for them uncompressed (Flask-Compress).
PLAIN = {"Accept-Encoding": "identity"}
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


@pytest.fixture
def world(build):
    meetings = [build.meeting(title_en="Public"), build.meeting(visibility=Visibility.MEMBERS),
                build.meeting(visibility=Visibility.RESTRICTED), build.meeting(status=MeetingStatus.DRAFT)]
    build.item(meetings[0], title_en="Opening", title_ru="Открытие")
    build.registration(meetings[0], "KZ")
    return [m.id for m in meetings]


@pytest.fixture
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def session_cookie(app, client, auth, role):
    if role is None:
        return {}
    auth.login(role)
    return {app.config["SESSION_COOKIE_NAME"]: client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value}


def test_the_document_is_openapi_3_1(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    OpenAPIV31SpecValidator(document).validate()  # raises on any breach of the 3.1 schema
    assert set(document["paths"]) == {"/api/v1/meetings", "/api/v1/meetings/{meeting_id}",
                                      "/api/v1/meetings/{meeting_id}/participants", "/api/v1/parties"}
    # Callers learn from the document how to authenticate: a personal token, or nothing (the public's view).
    assert document["components"]["securitySchemes"]["personalToken"] == {
        "type": "http", "scheme": "bearer", "description": "A personal API token from your account page (cica_...)."}
    assert document["security"] == [{}, {"personalToken": []}]


@pytest.mark.parametrize("role", [None, UserRole.ORGANIZER], ids=["anonymous", "organizer"])
def test_every_operation_conforms(app, client, auth, world, api_schema, role):
    cookies = session_cookie(app, client, auth, role)
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 4
    for operation in operations:
        for meeting_id in world if "meeting_id" in operation.path else [None]:
            case = operation.Case(path_parameters={"meeting_id": meeting_id} if meeting_id else None, cookies=cookies)
            case.call_and_validate(headers=PLAIN)
        # Without query or path parameters there is no invalid request to make (headers are not varied).
        for mode in MODES if any(p.location in ("query", "path") for p in operation.iter_parameters()) else MODES[:1]:
            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            def check(case):
                case.cookies = cookies
                case.call_and_validate(headers=PLAIN)

            check()
