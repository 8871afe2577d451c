"""The logistics part of the day in the life (tests/test_day_in_the_life.py): each part's actions
through its real forms, as the roles who take them, each followed by ``t.look(...)`` of what it
could change. Called after the SOC's delegations are registered and accredited, before the
middle checkpoint; ``after_postponement`` once the SOC has moved by a week.
"""

from datetime import timedelta

from sqlalchemy import select

from meetings.extensions import db
from meetings.logistics.tasks.templates import template_for
from meetings.models import Meeting, Task, TaskStatus
from meetings.timeutil import local_dates


def hotels(t, soc: int) -> None:
    """Accommodation: TODO(#14)."""


def travel(t, soc: int) -> None:
    """Arrivals and departures: TODO(#14)."""


def interpretation(t, soc: int) -> None:
    """Interpretation: TODO(#14)."""


def visas(t, soc: int) -> None:
    """Visa support letters: TODO(#14)."""


def tasks(t, soc: int) -> None:
    """Tasks: the SOC's standard checklist applied, a task added and one given to the staff member,
    who moves it along from the list and from their own tasks; one deleted."""
    tasks_url = f"/meetings/{soc}/logistics/tasks"
    look = [tasks_url, f"/meetings/{soc}/logistics"]
    t.step("organizer applies the SOC's standard checklist")
    t.click("organizer", tasks_url, f"{tasks_url}/template")
    t.look(manage=look)
    with t.app.app_context():
        meeting = db.session.get(Meeting, soc)
        briefing_due = local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)[0] - timedelta(days=5)
    t.step("organizer adds a task for the staff member")
    t.save("organizer", f"{tasks_url}/new", {
        "title": "Brief the Chair's office", "owner_id": lambda form: form.option("owner_id", "staff@s-cica.org"),
        "due_date": briefing_due.isoformat(), "status": "open"})
    t.look(manage=look, pages=["/logistics/tasks/mine"], roles=("staff",))
    badges = t.id_of(Task, meeting_id=soc, title="Badges printed")
    t.step("organizer gives the badges to the staff member")
    t.save("organizer", f"{tasks_url}/{badges}/edit", {
        "owner_id": lambda form: form.option("owner_id", "staff@s-cica.org")})
    t.look(manage=look, pages=["/logistics/tasks/mine"], roles=("staff",))
    t.step("staff starts on the badges from the list")
    t.click("staff", tasks_url, f"{tasks_url}/{badges}/status", values={"status": "in_progress"})
    t.look(manage=look, pages=["/logistics/tasks/mine"], roles=("staff",))
    t.step("staff writes a note on the badges")
    t.save("staff", f"{tasks_url}/{badges}/edit", {"note": "Photos missing for two delegates."})
    t.look(manage=look, pages=["/logistics/tasks/mine"], roles=("staff",))
    notes = t.id_of(Task, meeting_id=soc, title="Notes verbales of invitation sent to Member States")
    t.step("organizer marks the notes verbales as sent")
    t.click("organizer", tasks_url, f"{tasks_url}/{notes}/status", values={"status": "done"})
    t.look(manage=look)
    t.step("staff marks their briefing done from their own tasks")
    briefing = t.id_of(Task, meeting_id=soc, title="Brief the Chair's office")
    t.click("staff", "/logistics/tasks/mine", f"{tasks_url}/{briefing}/status", values={"status": "done"})
    t.look(manage=look, pages=["/logistics/tasks/mine"], roles=("staff",))
    t.step("organizer deletes the agenda task (done elsewhere)")
    agenda = t.id_of(Task, meeting_id=soc, title="Draft agenda circulated")
    t.click("organizer", tasks_url, f"{tasks_url}/{agenda}/delete")
    t.look(manage=look)


def logistics_day(t, soc: int) -> None:
    for part in (hotels, travel, interpretation, visas, tasks):
        part(t, soc)


def after_postponement(t, soc: int) -> None:
    """What the SOC's postponement by a week moved: its unfinished tasks, by 7 days; the finished
    ones (the notes verbales, the briefing) keep their day."""
    with t.app.app_context():
        meeting = db.session.get(Meeting, soc)
        first, last = local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)
        expected = {item.title_en: item.due(first, last) for item in template_for(meeting.type.code)}
        for task in db.session.scalars(select(Task).where(Task.meeting_id == soc, Task.title.in_(expected))):
            week = timedelta(days=0 if task.status in (TaskStatus.DONE, TaskStatus.CANCELLED) else 7)
            assert task.due_date + timedelta(days=7) - week == expected[task.title], \
                f"{task.title} ({task.status.value}) is due {task.due_date}, not moved with the meeting"
        assert db.session.scalar(select(Task.status).where(Task.meeting_id == soc,
                                                           Task.title.like("Notes verbales%"))) is TaskStatus.DONE
    t.look(manage=[f"/meetings/{soc}/logistics/tasks", f"/meetings/{soc}/logistics"],
           pages=["/logistics/tasks/mine"], roles=("staff",))
