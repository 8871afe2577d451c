"""The archive search across meetings: by symbol, words of the title or text, party, category,
year, language; open to everyone, each seeing the documents they may (meetings/visibility.py)."""

from flask import render_template, request
from flask_login import current_user

# extract and its command: imported for the job that an upload queues by name (documents.extract_text).
from meetings.documents import extract, extract_commands, search  # noqa: F401
from meetings.documents.archive_forms import ArchiveSearchForm, language_name
from meetings.documents.links import document_url
from meetings.documents.views import bp
from meetings.pagination import paginate


@bp.get("/documents")
def archive():
    parties, languages = search.filter_choices(current_user)
    form = ArchiveSearchForm(request.args).setup(parties, languages)
    form.validate()
    page = paginate(search.archive_statement(current_user, form.to_query()))
    return render_template("documents/archive.html", form=form, page=page, filters=form.as_args(),
                           searched=bool(form.as_args()),
                           language_name=language_name, document_url=document_url)

