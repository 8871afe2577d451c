"""Interpretation: the interpreters (shared by all meetings) and a meeting's languages per item."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from meetings.formtools import attempt
from meetings.i18n import language_name, localized
from meetings.logistics.access import require_organizer, require_secretariat, secretariat_meeting
from meetings.logistics.blueprint import bp
from meetings.logistics.interpretation import checks, services
from meetings.logistics.interpretation.forms import InterpreterForm, item_languages_form
from meetings.logistics.interpretation.languages import COMMON_LANGUAGES, DEFAULT_LANGUAGES
from meetings.pagination import paginate

PROBLEMS = ("missing", "booths", "double", "capacity")


# --- interpreters -------------------------------------------------------------------------------


@bp.get("/logistics/interpreters")
@login_required
def interpreters():
    require_secretariat(current_user)  # e-mail addresses and phones
    page = paginate(services.interpreter_list())
    return render_template("logistics/interpretation/interpreters.html", interpreters=page.items, page=page,
                           language_name=language_name)


def _interpreter_page(interpreter):
    require_organizer(current_user)
    require_secretariat(current_user)  # e-mail addresses and phones
    form = InterpreterForm(obj=interpreter) if request.method == "GET" else InterpreterForm()
    if form.validate_on_submit():
        saved, _warnings = attempt(form, lambda: services.save_interpreter(interpreter, form.to_input(),
                                                                             user=current_user))
        if saved is not None:
            flash(_("The interpreter was saved.") if interpreter else _("The interpreter was added."), "success")
            return redirect(url_for("logistics.interpreters"))
    return render_template("logistics/interpretation/interpreter_form.html", form=form, interpreter=interpreter)


@bp.route("/logistics/interpreters/new", methods=["GET", "POST"])
@login_required
def new_interpreter():
    return _interpreter_page(None)


@bp.route("/logistics/interpreters/<int:interpreter_id>/edit", methods=["GET", "POST"])
@login_required
def edit_interpreter(interpreter_id: int):
    require_organizer(current_user)
    return _interpreter_page(services.get_interpreter(interpreter_id))


# --- a meeting's interpretation -----------------------------------------------------------------


@bp.get("/meetings/<int:meeting_id>/logistics/interpretation")
@login_required
def interpretation(meeting_id: int):
    meeting = secretariat_meeting(current_user, meeting_id)
    problem = request.args.get("show") if request.args.get("show") in PROBLEMS else None
    plan = checks.plan(meeting)
    return render_template("logistics/interpretation/interpretation.html", meeting=meeting, plan=plan,
                           shown=plan.shown(problem), problem=problem, problems=PROBLEMS,
                           defaults_form=FlaskForm(), language_name=language_name,
                           pending_defaults=sum(1 for p in plan.items if p.default))


@bp.post("/meetings/<int:meeting_id>/logistics/interpretation/defaults")
@login_required
def apply_default_languages(meeting_id: int):
    meeting = secretariat_meeting(current_user, meeting_id)
    require_organizer(current_user)
    form = FlaskForm()
    if form.validate_on_submit():
        count = services.apply_defaults(meeting, user=current_user)
        flash(ngettext("English and Russian were applied to %(num)d session.",
                       "English and Russian were applied to %(num)d sessions.", count), "success")
    else:
        flash(_("The form expired: please try again."), "error")
    return redirect(url_for("logistics.interpretation", meeting_id=meeting.id))


@bp.route("/meetings/<int:meeting_id>/logistics/interpretation/<int:item_id>", methods=["GET", "POST"])
@login_required
def item_interpretation(meeting_id: int, item_id: int):
    meeting = secretariat_meeting(current_user, meeting_id)
    require_organizer(current_user)
    item = services.meeting_item(meeting, item_id)
    rows = services.item_rows(item)
    current = [row.language for row in rows] or (
        list(DEFAULT_LANGUAGES) if item.kind in checks.INTERPRETED_KINDS else [])
    offered = current + [tag for tag in COMMON_LANGUAGES if tag not in current]
    everyone = services.interpreters()
    form = item_languages_form(offered, everyone, services.speaks)
    if request.method == "GET":
        form.languages.data = current
        for row in rows:
            form.interpreters_of(row.language).data = [i.id for i in row.interpreters]
    elif form.validate_on_submit():
        saved, _warnings = attempt(form, lambda: services.set_item_languages(item, form.to_input(), user=current_user))
        if saved is not None:
            flash(_("The interpretation of “%(item)s” was saved.", item=localized(item, "title")), "success")
            return redirect(url_for("logistics.interpretation", meeting_id=meeting.id) + f"#item-{item.id}")
    plan = checks.plan(meeting)
    return render_template("logistics/interpretation/item_form.html", meeting=meeting, item=item, form=form,
                           plan=plan, item_plan=next(p for p in plan.items if p.item.id == item.id),
                           has_interpreters=bool(everyone))
