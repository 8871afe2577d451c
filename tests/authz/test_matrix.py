"""The authorization matrix: every route of the URL map x every role x every object, each answer
compared with the one table of the policy (tests/authz/policy.py).

A route missing from the table fails, and so does a row whose route is gone. GETs are asked of
one world, then the POSTs (with an empty form, CSRF off as in TestConfig); a request that wrote
to the database is followed by a restore of the whole database to the world as it was built, so
no answer depends on the order of the requests. Each request runs in a fresh client holding only
the role's login cookie, so a logout or a session change of one request does not carry over.
"""

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from flask import url_for
from sqlalchemy import event, select

from meetings.extensions import db
from meetings.models import Base
from meetings.printing import pdf as printing_pdf
from tests.authz.policy import ALLOWED, LOGIN, POLICY, rule_for
from tests.authz.world import ANONYMOUS, ROLES, World, build_world
from tests.conftest import PASSWORD, outside_the_test

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def routes(app) -> list[tuple[str, str, object]]:
    """(endpoint, method, rule) of every route but the static files."""
    return sorted((rule.endpoint, method, rule) for rule in app.url_map.iter_rules() if rule.endpoint != "static"
                  for method in METHODS if method in rule.methods)


def test_every_route_has_one_row_and_every_row_a_route(app):
    in_map = {endpoint for endpoint, _method, _rule in routes(app)}
    missing = sorted(in_map - set(POLICY))
    gone = sorted(set(POLICY) - in_map)
    assert not missing, f"routes without a row in tests/authz/policy.py POLICY: {missing}"
    assert not gone, f"rows of tests/authz/policy.py POLICY whose route is gone: {gone}"
    methods = {(endpoint, method) for endpoint, method, _rule in routes(app)}
    for endpoint, rule in POLICY.items():
        if isinstance(rule, dict):
            extra = {m for m in rule if (endpoint, m) not in methods}
            assert not extra, f"POLICY[{endpoint!r}] names methods the route does not take: {extra}"
            assert {m for e, m in methods if e == endpoint} <= set(rule), f"POLICY[{endpoint!r}] lacks a method"


@dataclass
class Answer:
    endpoint: str
    method: str
    role: str
    obj: str
    expected: object
    got: object
    url: str

    def line(self) -> str:
        return f"{self.endpoint} {self.method} | {self.role} | {self.obj} | expected {self.expected} | got {self.got}" \
               f" | {self.method} {self.url}"


class Matrix:
    def __init__(self, app, world: World) -> None:
        self.app = app
        self.world = world
        self.cookie_name = app.config["SESSION_COOKIE_NAME"]
        self.cookies = {role: self._login(user) for role, user in world.users.items()}
        self.cookies[ANONYMOUS] = None
        with app.test_request_context():
            self.login_path = url_for("accounts.login")
        self.saved = self._snapshot()
        self.mismatches: list[Answer] = []
        self.asked = 0
        self.writes = 0
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", self._count_writes)

    def _count_writes(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            self.writes += 1

    def _login(self, user) -> str:
        client = self.app.test_client()
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, f"{user.email} cannot log in"
        return client.get_cookie(self.cookie_name).value

    # --- the database as built, and back ------------------------------------------------------

    def _snapshot(self) -> dict:
        def read():
            with self.app.app_context():
                return {table: [dict(row) for row in db.session.execute(select(table)).mappings()]
                        for table in Base.metadata.sorted_tables}

        return outside_the_test(read)

    def restore(self) -> None:
        def write():  # its own writes are not the requests': counted, then forgotten below
            with self.app.app_context(), db.engine.begin() as conn:
                for table in reversed(Base.metadata.sorted_tables):
                    conn.execute(table.delete())
                for table, rows in self.saved.items():
                    if rows:
                        conn.execute(table.insert(), rows)

        outside_the_test(write)
        self.writes = 0

    # --- asking ---------------------------------------------------------------------------------

    def outcome(self, response):
        status = response.status_code
        if status == 302 and urlsplit(response.headers.get("Location", "")).path == self.login_path:
            return LOGIN
        if status < 400:
            return ALLOWED
        return status

    def ask(self, endpoint: str, method: str, url_rule) -> None:
        rule = rule_for(endpoint, method)
        objects = self.world.objects_for(url_rule.arguments)
        if objects is None:
            self.mismatches.append(Answer(endpoint, method, "-", "-", "objects for the URL arguments "
                                          f"{sorted(url_rule.arguments)} (tests/authz/world.py)", "none", url_rule.rule))
            return
        for obj in objects:
            url = url_rule.build(obj.args)[1]
            for role in ROLES:
                client = self.app.test_client()
                if self.cookies[role]:
                    client.set_cookie(self.cookie_name, self.cookies[role])
                self.writes = 0
                # An empty form, or to the JSON API an empty JSON body.
                body = {} if method == "GET" else ({"json": {}} if url.startswith("/api/") else {"data": {}})
                response = client.open(url, method=method, **body)
                response.close()  # as a server does: a file sent from disk is closed then
                self.asked += 1
                if self.writes:
                    self.restore()  # the next request sees the world as built
                expected, got = rule(role, obj), self.outcome(response)
                # An empty form may be a bad request, an empty API body unprocessable, a change without
                # If-Match refused for that: none is a refusal of access.
                if method != "GET" and got in (400, 422, 428):
                    got = ALLOWED
                if got != expected:
                    self.mismatches.append(Answer(endpoint, method, role, obj.name, expected, got, url))

    def report(self) -> str:
        lines = [a.line() for a in self.mismatches]
        return f"{len(lines)} of {self.asked} answers differ from tests/authz/policy.py:\n" + "\n".join(lines)


@pytest.fixture
def matrix(app, build, monkeypatch):
    # Who may have a PDF is decided before it is rendered; WeasyPrint's second per document would
    # be most of the matrix's time. The PDFs themselves: tests/printing and the day in the life.
    monkeypatch.setattr(printing_pdf, "render_pdf", lambda html: b"%PDF-1.7 (not rendered by the matrix)")
    matrix = Matrix(app, build_world(build))
    yield matrix
    with app.app_context():
        event.remove(db.engine, "before_cursor_execute", matrix._count_writes)


def test_every_route_answers_every_role_as_the_policy_says(app, matrix):
    started = time.monotonic()
    for method in METHODS:  # the GETs first: they change nothing that a POST could undo
        for endpoint, route_method, url_rule in routes(app):
            if route_method == method and endpoint in POLICY:
                matrix.ask(endpoint, method, url_rule)
    print(f"authorization matrix: {matrix.asked} answers in {time.monotonic() - started:.1f} s")
    if matrix.mismatches:
        print(matrix.report())
    assert not matrix.mismatches, matrix.report()
