"""Tasks: a meeting's checklist, its forms, and each Secretariat member's own tasks."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from meetings.domain import NotAllowedError, RuleError
from meetings.formtools import attempt, options
from meetings.i18n import after_colon, localized
from meetings.labels import label
from meetings.logistics.access import require_organizer, require_secretariat, secretariat_meeting
from meetings.logistics.blueprint import bp
from meetings.logistics.tasks import listing, services
from meetings.logistics.tasks.forms import OwnTaskForm, TaskFilterForm, TaskForm, TaskStatusForm, owner_options
from meetings.models import TaskStatus, utcnow
from meetings.models.base import MAX_ID
from meetings.query import choice_arg, int_arg


def _filters(args) -> dict[str, str | int]:
    """The list's filters as arguments of a link back to it: known names with readable values only."""
    values = {"status": choice_arg(args, "status", TaskStatus), "owner": int_arg(args, "owner", 0, MAX_ID),
              "overdue": "1" if args.get("overdue") in ("1", "y", "on") else None}
    return {name: getattr(value, "value", value) for name, value in values.items() if value is not None}


def _back(meeting_id: int):
    """Where a row's change returns: the user's own tasks, or the meeting's list as filtered."""
    if request.args.get("back") == "mine":
        return redirect(url_for("logistics.my_tasks"))
    return redirect(url_for("logistics.tasks", meeting_id=meeting_id, **_filters(request.args)))


def _flash_errors(form) -> None:
    for error in [*form.form_errors, *(e for field in form for e in field.errors)]:
        flash(str(error), "error")


@bp.get("/meetings/<int:meeting_id>/logistics/tasks")
@login_required
def tasks(meeting_id: int):
    meeting = secretariat_meeting(current_user, meeting_id)
    people = services.owners()
    form = TaskFilterForm(request.args)
    form.owner.choices = options([("", _("All owners")), (listing.NOBODY, _("Nobody yet"))]) \
        + owner_options(people)[1:]
    form.validate()
    rows = listing.meeting_tasks(meeting, utcnow(), status=form.value("status"), owner_id=form.value("owner"),
                                 overdue=bool(form.value("overdue")))
    changeable = {r.task.id for r in rows if services.may_change_status(current_user, r.task)}
    return render_template("logistics/tasks/list.html", meeting=meeting, form=form, rows=rows,
                           changeable=changeable, status_form=TaskStatusForm(), filters=_filters(request.args),
                           filtered=bool(_filters(request.args)))


@bp.route("/meetings/<int:meeting_id>/logistics/tasks/new", methods=["GET", "POST"])
@login_required
def new_task(meeting_id: int):
    meeting = secretariat_meeting(current_user, meeting_id)
    require_organizer(current_user)
    form = TaskForm()
    form.owner_id.choices = owner_options(services.owners())
    if form.validate_on_submit():
        task, _warnings = attempt(form, lambda: services.create_task(meeting, form.to_input(), user=current_user))
        if task is not None:
            flash(_("The task “%(title)s” is added.", title=localized(task, "title")), "success")
            return redirect(url_for("logistics.tasks", meeting_id=meeting.id))
    return render_template("logistics/tasks/form.html", meeting=meeting, form=form, task=None)


@bp.route("/meetings/<int:meeting_id>/logistics/tasks/<int:task_id>/edit", methods=["GET", "POST"])
@login_required
def edit_task(meeting_id: int, task_id: int):
    meeting = secretariat_meeting(current_user, meeting_id)
    task = services.get_task(meeting, task_id)
    own = not current_user.is_organizer  # a staff member: the status and note of their own task
    if own and not services.may_change_status(current_user, task):
        raise NotAllowedError()
    form = OwnTaskForm(obj=task) if own else TaskForm(obj=task)
    if not own:
        form.owner_id.choices = owner_options(services.owners(keep=task.owner_id))

    def save():
        if own:
            return services.change_status(task, form.status.data, note=form.note.data or "", user=current_user)
        return services.update_task(task, form.to_input(), user=current_user)

    if form.validate_on_submit():
        saved, _warnings = attempt(form, save)
        if saved is not None:
            flash(_("The task “%(title)s” is saved.", title=localized(saved, "title")), "success")
            return redirect(url_for("logistics.tasks", meeting_id=meeting.id))
    return render_template("logistics/tasks/form.html", meeting=meeting, form=form, task=task)


@bp.post("/meetings/<int:meeting_id>/logistics/tasks/<int:task_id>/status")
@login_required
def task_status(meeting_id: int, task_id: int):
    meeting = secretariat_meeting(current_user, meeting_id)
    task = services.get_task(meeting, task_id)
    if not services.may_change_status(current_user, task):
        raise NotAllowedError()
    form = TaskStatusForm()
    if not form.validate_on_submit():
        flash(_("Choose a valid status."), "error")
    else:
        try:
            services.change_status(task, form.status.data, user=current_user)
        except RuleError as error:  # the transaction is already rolled back; the list says why
            flash(str(error), "error")
        else:
            flash(_("%(title)s: %(status)s.", title=localized(task, "title"), status=after_colon(label(task.status))), "success")
    return _back(meeting.id)


@bp.post("/meetings/<int:meeting_id>/logistics/tasks/<int:task_id>/delete")
@login_required
def delete_task(meeting_id: int, task_id: int):
    meeting = secretariat_meeting(current_user, meeting_id)
    require_organizer(current_user)
    task = services.get_task(meeting, task_id)
    form = FlaskForm()
    if form.validate_on_submit():
        title, _warnings = attempt(form, lambda: services.delete_task(task, user=current_user))
        if title is not None:
            flash(_("The task “%(title)s” is deleted.", title=title), "success")
    _flash_errors(form)
    return _back(meeting.id)


@bp.post("/meetings/<int:meeting_id>/logistics/tasks/template")
@login_required
def apply_task_template(meeting_id: int):
    meeting = secretariat_meeting(current_user, meeting_id)
    require_organizer(current_user)
    form = FlaskForm()
    if form.validate_on_submit():
        added, _warnings = attempt(form, lambda: services.apply_template(meeting, user=current_user))
        if added is not None:
            flash(ngettext("%(num)d task of the standard checklist added.",
                           "%(num)d tasks of the standard checklist added.", len(added))
                  if added else _("The standard checklist is already there: nothing added."), "success")
    _flash_errors(form)
    return redirect(url_for("logistics.tasks", meeting_id=meeting.id))


@bp.get("/logistics/tasks/mine")
@login_required
def my_tasks():
    require_secretariat(current_user)
    return render_template("logistics/tasks/mine.html", rows=listing.my_tasks(current_user, utcnow()),
                           status_form=TaskStatusForm())
