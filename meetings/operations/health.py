"""Is the service fit to answer? For load balancers and monitoring: the database answers ``SELECT 1``."""

from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from meetings.errors import DRIVER_CONNECTION_ERRORS
from meetings.extensions import db


def database_answers() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
    except (SQLAlchemyError, *DRIVER_CONNECTION_ERRORS) as error:
        current_app.logger.warning("health check: the database does not answer (%s)", type(error).__name__)
        db.session.remove()  # a fresh connection next time, not this one's broken transaction
        return False
    return True
