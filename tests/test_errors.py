"""One place turns a service's refusal into an answer (meetings/errors.py), whatever the area:
a page, a flash on the page the user came from, problem+json for the API, plain text for files."""

import pytest

from meetings.domain import ConflictError, NotAllowedError, NotFoundError, RuleError


@pytest.fixture
def refusing(app):
    """Routes that call a service which refuses, as pages, API and files would."""

    def refuse(kind: str):
        raise {"missing": NotFoundError(), "forbidden": NotAllowedError(),
               "rule": RuleError("The end must be after the start.", "ends_at"),
               "conflict": ConflictError("Plenary Hall is taken then.", "room_id")}[kind]

    for prefix, suffix in (("/_refuse", ""), ("/api/v1/_refuse", ""), ("/_refuse", ".ics")):
        app.add_url_rule(f"{prefix}/<kind>{suffix}", f"refuse{prefix}{suffix}", refuse, methods=["GET", "POST"])
    return app


@pytest.mark.parametrize(("kind", "status"), [("missing", 404), ("forbidden", 403)])
def test_not_found_and_not_allowed_are_error_pages(refusing, client, kind, status):
    response = client.get(f"/_refuse/{kind}")
    assert response.status_code == status
    assert response.mimetype == "text/html" and f"({status})" in response.get_data(as_text=True)


def test_a_broken_rule_goes_back_to_the_page_with_its_message(refusing, client):
    response = client.post("/_refuse/rule", headers={"Referer": "http://localhost/manage/meetings?status=planned"})
    assert response.status_code == 302 and response.headers["Location"] == "/manage/meetings?status=planned"
    page = client.get("/").get_data(as_text=True)
    assert "The end must be after the start." in page


def test_a_foreign_referrer_is_never_followed(refusing, client):
    response = client.post("/_refuse/rule", headers={"Referer": "https://evil.example.com/phish"})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_the_api_answers_problem_json_with_the_field(refusing, client):
    response = client.post("/api/v1/_refuse/conflict")
    assert response.status_code == 409 and response.mimetype == "application/problem+json"
    assert response.json == {"title": "Conflict", "status": 409, "detail": "Plenary Hall is taken then.",
                             "errors": {"room_id": ["Plenary Hall is taken then."]}}
    assert client.get("/api/v1/_refuse/rule").json["status"] == 422
    assert client.get("/api/v1/_refuse/missing").status_code == 404


def test_files_get_a_short_text(refusing, client):
    response = client.get("/_refuse/rule.ics")
    assert response.status_code == 422 and response.mimetype == "text/plain"
    assert "The end must be after the start." in response.get_data(as_text=True)
