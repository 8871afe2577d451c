"""Badge photos: shown to whom may see them, uploaded and removed by the Secretariat and the
person's own focal point (the rules: meetings/participants/photos.py)."""

from flask import Response, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from meetings.domain import found
from meetings.formtools import attempt
from meetings.names import display_name
from meetings.participants import photos
from meetings.participants.forms import PhotoForm
from meetings.participants.views import bp


@bp.get("/people/<int:person_id>/photo")
@login_required
def photo(person_id: int):
    """The badge photo, for whom may see it (photos.person_for_photo); never cached by others."""
    kept = found(photos.photo_of(photos.person_for_photo(current_user, person_id)))
    response = Response(kept.data, mimetype=kept.content_type)
    response.headers["Content-Disposition"] = f'inline; filename="photo-{person_id}.jpg"'
    return response


def _back_from_photo(person) -> str:
    """Where the photo's page leads back to: the desk a focal point came from, or the person's page."""
    if current_user.is_secretariat:
        return url_for("participants.person", person_id=person.id)
    return url_for("desks.party")


@bp.route("/people/<int:person_id>/photo/edit", methods=["GET", "POST"])
@login_required
def edit_photo(person_id: int):
    person = photos.person_for_photo(current_user, person_id, change=True)
    form = PhotoForm()
    if form.validate_on_submit():
        data = form.photo.data.read(current_app.config["PHOTO_MAX_BYTES"] + 1)
        saved, _warnings = attempt(form, lambda: photos.save_photo(current_user, person, data))
        if saved is not None:
            flash(_("The photo of %(name)s is saved.", name=str(display_name(person))), "success")
            return redirect(_back_from_photo(person))
    return render_template("participants/photo.html", person=person, form=form, remove_form=FlaskForm(),
                           taken=photos.photo_times([person.id]).get(person.id), back=_back_from_photo(person),
                           max_mb=current_app.config["PHOTO_MAX_BYTES"] // (1024 * 1024))


@bp.post("/people/<int:person_id>/photo/delete")
@login_required
def delete_photo(person_id: int):
    person = photos.person_for_photo(current_user, person_id, change=True)
    if FlaskForm().validate_on_submit() and photos.remove_photo(current_user, person):
        flash(_("The photo of %(name)s is removed.", name=str(display_name(person))), "success")
    return redirect(_back_from_photo(person))
