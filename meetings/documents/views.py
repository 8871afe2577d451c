"""Pages of the documents archive. One blueprint; its pages are split by the rule they serve."""

from flask import Blueprint

bp = Blueprint("documents", __name__)

# The pages of each part register on bp when imported (after bp exists).
from meetings.documents import archive_views, silence_views  # noqa: E402, F401
