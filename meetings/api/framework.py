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
import json

from flask import Response, g, request
from flask_babel import gettext as _
from flask_smorest import Api
from flask_smorest import Blueprint as SmorestBlueprint
from flask_smorest.etag import _get_etag_ctx
from flask_smorest.exceptions import NotModified, PreconditionFailed, PreconditionRequired
from flask_smorest.utils import prepare_response, resolve_schema_instance
from webargs.flaskparser import FlaskParser

from meetings.api.schemas import ProblemSchema
from meetings.errors import PROBLEM

# The operations' groups in the reference, in this order (each operation names its own).
TAGS = (
    {"name": "Meetings", "description": "The calendar: meetings as the pages show them; organizers create and change them"},
    {"name": "Timetable", "description": "A meeting's entries; organizers add, change and remove them"},
    {"name": "Parties", "description": "Member States, observers and partners"},
    {"name": "Participants", "description": "A meeting's registrations, for the Secretariat"},
)


class MeetingsApi(Api):
    ERROR_SCHEMA = ProblemSchema

    def register_blueprint(self, blp, **options) -> None:
        """flask-smorest tags a blueprint's operations with its name ("api") unless they name their
        own, as ours all do: the document lists our groups instead."""
        super().register_blueprint(blp, **options)
        self.spec._tags[:] = TAGS  # apispec's list of tags (APISpec.tag only appends to it)
        # flask-smorest's own pagination schema: our lists say their pages in the body and Link.
        self.spec.components.schemas.pop("PaginationMetadata", None)

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


# The suffixes compression adds to an ETag (meetings/http.py).
COMPRESSED = (":gzip", ":br", ":deflate", ":zstd")


class QueryParser(FlaskParser):
    # A query string the schema refuses is a bad request (400), like the HTML pages' filters,
    # rather than webargs' 422.
    DEFAULT_VALIDATION_STATUS = 400

    def _raw_load_json(self, req):
        """JSON that Python's reader gives up on (nested a hundred thousand deep, a number of
        thousands of digits) is unreadable JSON like any other: a 400, not a 500."""
        try:
            return super()._raw_load_json(req)
        except (RecursionError, ValueError) as error:
            if isinstance(error, json.JSONDecodeError):
                raise
            # webargs takes a decoding error of an empty document for "no body": name the body.
            raise json.JSONDecodeError(str(error), "(the request body)", 0) from None


class Blueprint(SmorestBlueprint):
    ARGUMENTS_PARSER = QueryParser()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.register_error_handler(NotModified, _not_modified)
        # Who asks decides the answer (a token's user, else the public): no cache may give one
        # caller's answer to another.
        self.after_request(_vary_on_authorization)

    def _store_endpoint_docs(self, endpoint, obj, parameters, tags, **options) -> None:
        """Every operation is named by its view (``operationId``: what OpenAPI links and generated
        clients refer to)."""
        super()._store_endpoint_docs(endpoint, obj, parameters, tags, **options)
        for method, doc in self._docs[endpoint].items():
            if method != "parameters":
                doc.setdefault("manual_doc", {}).setdefault("operationId", endpoint)

    def refusals(self, *statuses: int):
        """Document error answers of an operation, each a problem document (the shared responses of
        MeetingsApi, by their HTTP names: 401 is UNAUTHORIZED)."""

        def decorate(view):
            for status in statuses:
                view = self.alt_response(status, response=http.HTTPStatus(status).name)(view)
            return view

        return decorate

    def _check_precondition(self) -> None:
        """If-Match is required in check_etag, once the view found the object: what does not exist
        (or may not be seen) is a 404 with or without it."""

    def check_etag(self, etag_data, etag_schema=None) -> None:
        """A change without If-Match: 428; with one that is not the ETag of the object as it is
        now: 412. Each says what to do. The ETag a client holds may carry the suffix compression
        gave it (Flask-Compress turns "x" into "x:gzip" or "x:br", meetings/http.py): the same
        version of the object, so it matches."""
        if not request.if_match:
            raise PreconditionRequired(_("Send If-Match with the ETag of your last GET of what you change: "
                                         "a change names the version it was made from."))
        if etag_schema is not None:
            etag_data = resolve_schema_instance(etag_schema).dump(etag_data)
        current = self._generate_etag(etag_data)
        _get_etag_ctx()["etag_checked"] = True
        held = {tag.rsplit(":", 1)[0] if tag.endswith(COMPRESSED) else tag for tag in request.if_match.as_set()}
        if not (request.if_match.star_tag or current in held):
            raise PreconditionFailed(_("It changed since you read it (If-Match is not its ETag now): "
                                       "read it again, then make your change on what is there."))

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
