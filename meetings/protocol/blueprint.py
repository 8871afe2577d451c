"""The protocol area's blueprint: every part's views add their routes to it."""

from flask import Blueprint

bp = Blueprint("protocol", __name__)
