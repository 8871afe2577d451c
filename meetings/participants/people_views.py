"""The Secretariat's register of people: search, a person's page, their data export and edit."""

import json

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from meetings.formtools import attempt, options
from meetings.i18n import current_language
from meetings.participants import photos, services
from meetings.participants.forms import PersonForm
from meetings.participants.views import _party_choices, bp
from meetings.privacy.export import export_person
from meetings.security import organizer_required, secretariat_required

# --- people ----------------------------------------------------------------------------------

@bp.get("/people")
@secretariat_required
def people():
    q = request.args.get("q", "")[:200]
    found = services.search_people(q) if q.strip() else []
    return render_template("participants/people.html", q=q, people=found,
                           duplicates=services.duplicate_groups() if found else {},
                           limit=services.SEARCH_LIMIT)


@bp.get("/people/<int:person_id>")
@secretariat_required
def person(person_id: int):
    person = services.get_person(person_id)
    duplicate_ids = services.duplicate_groups().get(person.id, set())
    duplicates = [services.get_person(pid) for pid in sorted(duplicate_ids)]
    return render_template("participants/person.html", person=person, duplicates=duplicates,
                           registrations=services.person_registrations(person),
                           photo_taken=photos.photo_times([person.id]).get(person.id))


@bp.get("/people/<int:person_id>/export.json")
@organizer_required
def export_person_data(person_id: int):
    """Everything held about the person, for a request of theirs (the export is audited)."""
    body = json.dumps(export_person(person_id, current_user), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="person-{person_id}.json"'})


@bp.route("/people/<int:person_id>/edit", methods=["GET", "POST"])
@organizer_required
def edit_person(person_id: int):
    person = services.get_person(person_id)
    form = PersonForm(obj=person)
    form.party_id.choices = options([("", "—")]) + _party_choices(services.list_parties(current_language()))
    if form.validate_on_submit():
        saved, _warnings = attempt(form, lambda: services.update_person(person, form.to_input(), current_user))
        if saved is not None:
            flash(_("The person is saved."), "success")
            return redirect(url_for(".person", person_id=person.id))
    return render_template("participants/person_edit.html", person=person, form=form)
