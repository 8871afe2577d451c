"""The desks: each role's home page after login, with what needs their attention.

``/desk`` sends each user to theirs: focal points to their party's desk (party.py), the
Secretariat to the organizer's desk (secretariat.py), everyone else to the calendar."""

from flask import Blueprint

bp = Blueprint("desks", __name__)

from meetings.desks import party, secretariat, views  # noqa: E402, F401  (routes on bp)
