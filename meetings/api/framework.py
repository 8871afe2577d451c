"""The API's framework: flask-smorest on the plain Flask app.

Why flask-smorest rather than apiflask: apiflask wants its own application class (APIFlask) in
place of create_app's Flask, while flask-smorest binds to the app we have like any extension; it
derives the OpenAPI 3.1 document from marshmallow schemas, parses query strings and (later) request
bodies with the same schemas, and computes ETags from the dumped body with If-None-Match (304) and
If-Match (412/428) built in, which the write endpoints of the next step need for optimistic locking.

Errors are not flask-smorest's: meetings/errors.py answers every error under /api/ as
application/problem+json, so this Api registers no handler of its own.
"""

import http

from flask import Response, g
from flask_smorest import Api
from flask_smorest import Blueprint as SmorestBlueprint
from flask_smorest.exceptions import NotModified
from flask_smorest.utils import prepare_response
from webargs.flaskparser import FlaskParser

from meetings.api.schemas import ProblemSchema
from meetings.errors import PROBLEM


class MeetingsApi(Api):
    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self) -> None:
        """meetings/errors.py is the one place that maps errors to answers."""

    def _register_responses(self) -> None:
        """The shared error answers, as flask-smorest registers them but as problem+json."""
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Default error response", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


class QueryParser(FlaskParser):
    # A query string the schema refuses is a bad request (400), like the HTML pages' filters,
    # rather than webargs' 422.
    DEFAULT_VALIDATION_STATUS = 400


class Blueprint(SmorestBlueprint):
    ARGUMENTS_PARSER = QueryParser()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.register_error_handler(NotModified, _not_modified)
        # Who asks decides the answer (a token's user, else the public): no cache may give one
        # caller's answer to another.
        self.after_request(_vary_on_authorization)

    def _check_not_modified(self, etag: str) -> None:
        g.api_etag = etag  # for the 304, which must carry the ETag the 200 would (RFC 9110, 15.4.5)
        super()._check_not_modified(etag)


def _not_modified(_error: NotModified) -> Response:
    response = Response(status=304)
    response.set_etag(g.api_etag)
    return response


def _vary_on_authorization(response: Response) -> Response:
    response.vary.add("Authorization")
    return response
