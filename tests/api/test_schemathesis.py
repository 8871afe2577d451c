"""Schemathesis against the OpenAPI document, in-process through the app's WSGI interface: every
operation, anonymous and as an organizer, with generated valid and invalid parameters and with
the ids of a small world (so real bodies are checked too). Every answer: no 5xx, a documented
status code and content type, headers and body conforming to the schema.

Bounded and deterministic: a few examples per operation, derandomized, no deadline."""

import json
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import OpenAPIV31SpecValidator
from schemathesis.generation import GenerationMode

from meetings.accounts import api_tokens
from meetings.models import MeetingStatus, UserRole, Visibility

EXAMPLES = 10
# The WSGI transport hands back the bytes as sent: ask for them uncompressed (Flask-Compress).
PLAIN = {"Accept-Encoding": "identity"}
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


@pytest.fixture
def world(build):
    meetings = [build.meeting(title_en="Public"), build.meeting(visibility=Visibility.MEMBERS),
                build.meeting(visibility=Visibility.RESTRICTED), build.meeting(status=MeetingStatus.DRAFT)]
    item = build.item(meetings[0], title_en="Opening", title_ru="Открытие")
    build.registration(meetings[0], "KZ")
    return [{"meeting_id": m.id, "item_id": item.id} for m in meetings]


# A body the schema accepts may still break a rule the schema cannot say (a time zone that does not
# exist, an end before the start, a type code the database lacks): the API's 422, which names the
# field, is then the right answer, not a rejection of valid data.
# Values are drawn from the schema only, not also from literals Schemathesis finds in the Python
# modules loaded so far: those depend on which tests ran before, which made the stateful run's data
# differ between Hypothesis's runs of one example ("inconsistent data generation").
def api_schema(app, build, role, **more):
    """The document as Schemathesis reads it, with an organizer's personal API token (how a script
    writes) given as the document's personalToken scheme, or none (the public). Given so, not as a
    header beside the call, Schemathesis knows it: where an operation requires it (the writes),
    it also sends the request without it and with a wrong one, and wants them refused."""
    config = {
        "analysis": {"constants": {"enabled": False}},
        "checks": {"positive_data_acceptance": {
            "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "412", "422", "428"]},
            # Its probes of the writes "without the token" still carry it in-process (the WSGI
            # transport re-applies the configured bearer to the probe): a refusal it cannot see.
            # tests/api/test_writing.py::test_who_may_write sends them without and with a wrong one.
            "ignored_auth": {"enabled": False}}}
    config.update(more)
    if role is not None:
        token = api_tokens.create_token(build.user(role), api_tokens.ApiTokenInput(name="schemathesis"))[1]
        config["auth"] = {"openapi": {"personalToken": {"bearer": token}}}
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app,
                                          config=schemathesis.config.SchemathesisConfig.from_dict(config))


def test_the_document_is_openapi_3_1(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    OpenAPIV31SpecValidator(document).validate()  # raises on any breach of the 3.1 schema
    assert set(document["paths"]) == {
        "/api/v1/meetings", "/api/v1/meetings/{meeting_id}", "/api/v1/meetings/{meeting_id}/status",
        "/api/v1/meetings/{meeting_id}/dates", "/api/v1/meetings/{meeting_id}/items",
        "/api/v1/meetings/{meeting_id}/items/{item_id}", "/api/v1/meetings/{meeting_id}/participants",
        "/api/v1/parties"}
    operations = [op for ops in document["paths"].values() for method, op in ops.items() if method != "parameters"]
    # Every operation says a token that does not work is a 401, and is grouped and named.
    assert all("401" in op["responses"] and op["tags"] and op["operationId"] for op in operations)
    assert [tag["name"] for tag in document["tags"]] == ["Meetings", "Timetable", "Parties", "Participants"]
    assert "PaginationMetadata" not in document["components"]["schemas"]  # not ours: nothing uses it
    # Callers learn from the document how to authenticate: a personal token, or nothing (the public's view).
    assert document["components"]["securitySchemes"]["personalToken"] == {
        "type": "http", "scheme": "bearer", "description": "A personal API token from your account page (cica_...)."}
    assert document["security"] == [{}, {"personalToken": []}]
    # Writing needs one: the writes say so (the reads keep the document's "token or nothing").
    writes = {(method, path) for path, ops in document["paths"].items() for method, op in ops.items()
              if method != "parameters" and op.get("security") == [{"personalToken": []}]}
    assert writes == {(method, path) for path, ops in document["paths"].items() for method in ops
                      if method in ("post", "put", "patch", "delete")}
    assert len(writes) == 7


@pytest.mark.parametrize("role", [None, UserRole.ORGANIZER], ids=["anonymous", "organizer"])
def test_every_operation_conforms(app, build, world, role):
    operations = [result.ok() for result in api_schema(app, build, role).get_all_operations()]
    assert len(operations) == 12
    for operation in operations:
        for ids in world if "meeting_id" in operation.path else [None]:
            case = operation.Case(path_parameters=ids and {name: ids[name] for name in ids if name in operation.path})
            case.call_and_validate(headers=PLAIN)
        # Without query or path parameters there is no invalid request to make (headers are not varied).
        for mode in MODES if any(p.location in ("query", "path") for p in operation.iter_parameters()) else MODES[:1]:
            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            def check(case):
                case.call_and_validate(headers=PLAIN)

            check()


MADE_AT = {"type": "SOC", "timezone": "Asia/Almaty", "start": "2027-03-01T09:00", "end": "2027-03-03T18:00",
           "accept_warnings": True}
ITEM_AT = {"start": "2027-03-02T10:00", "end": "2027-03-02T11:00", "accept_warnings": True}


def test_stateful_sequences_of_writes(app, build):
    """Schemathesis follows the document's links: a meeting made, then read, changed with its
    ETag, its status stepped, moved, entries added, read, changed and deleted, each answer checked
    (and a resource that a 201 made must then be readable)."""
    token = api_tokens.create_token(build.user(UserRole.ORGANIZER), api_tokens.ApiTokenInput(name="walk"))[1]
    headers = {**PLAIN, "Authorization": f"Bearer {token}"}
    answered = Counter()

    # The lists have no links to follow.
    # The token is sent beside each call (below), not configured: a configured one fills the
    # bundles differently from one run of an example to the next. Schemathesis then must not make
    # (or leave out, as invalid data) the Authorization header itself.
    writes = api_schema(app, build, None, generation={"with-security-parameters": False}).exclude(
        operation_id=["meetings", "parties", "participants"])

    class Writes(writes.as_state_machine()):
        def get_call_kwargs(self, case):
            # Random codes, zones, ids and dates almost never name what exists: a new meeting and a
            # new entry get real ones (sent as the caller's own body, which Schemathesis knows), the
            # rest of each body stays generated, so the sequences go on past their first step.
            if case.method.upper() != "POST" or not isinstance(case.body, dict):
                return {"headers": headers}
            body = {name: value for name, value in case.body.items() if name not in
                    ("venue_id", "host", "chair", "room_id", "chair_id", "speaker_ids")}
            body.update(MADE_AT if case.path == "/api/v1/meetings" else ITEM_AT)
            body["title"] = {**(body.get("title") if isinstance(body.get("title"), dict) else {}),
                             "en": "Made by Schemathesis"}
            # Serialized here with ASCII escapes: the generated texts hold lone surrogates ("\ud800"),
            # which are valid JSON escaped but cannot be encoded as UTF-8 by the test client.
            return {"headers": {**headers, "Content-Type": "application/json"}, "data": json.dumps(body)}

        def after_call(self, response, case):
            answered[case.method.upper(), case.path, response.status_code] += 1

    Writes.run(settings=settings(max_examples=EXAMPLES * 10, stateful_step_count=10, deadline=None,
                                 derandomize=True, database=None, suppress_health_check=list(HealthCheck)))
    print(sorted(answered.items()))
    # The links were followed to success, not only to refusals: meetings made and then read
    # and changed with the ETag of the answer.
    succeeded = {(method, path.removeprefix("/api/v1")) for method, path, status in answered if status < 300}
    assert {("POST", "/meetings"), ("GET", "/meetings/{meeting_id}"), ("POST", "/meetings/{meeting_id}/items")
            } <= succeeded, answered
    # And a change made with the ETag a link handed on (which one the walk takes varies with the ids).
    changes = {("PATCH", "/meetings/{meeting_id}"), ("PUT", "/meetings/{meeting_id}/status"),
               ("PUT", "/meetings/{meeting_id}/dates"), ("PATCH", "/meetings/{meeting_id}/items/{item_id}"),
               ("DELETE", "/meetings/{meeting_id}/items/{item_id}")}
    assert succeeded & changes, answered
