"""Interpretation of a meeting: the rules.

Interpreters are shared by all meetings; each agenda item needs some languages (English and
Russian by default: checks.py) and has interpreters booked per language. Booking is never
refused: a clash or a shortage is a warning on the interpretation page and the dashboard, since
the Secretariat often books first and sorts rooms and relays out afterwards.
"""

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select

from meetings import audit
from meetings.domain import RuleError, found
from meetings.extensions import db
from meetings.i18n import language_name, localized
from meetings.logistics.interpretation import checks
from meetings.logistics.interpretation.inputs import InterpreterInput, ItemLanguagesInput
from meetings.logistics.interpretation.languages import DEFAULT_LANGUAGES, as_text, canonical, parse
from meetings.logistics.summary import Attention, Count, Section
from meetings.models import AgendaItem, Interpretation, Interpreter, Meeting
from meetings.scheduling import rules
from meetings.transaction import operation

EXAMPLES = 3


# --- interpreters -------------------------------------------------------------------------------


def interpreter_list():
    """The statement of the roster, by name (the id last: a stable order for pages)."""
    return select(Interpreter).order_by(Interpreter.name, Interpreter.id)


def interpreters() -> list[Interpreter]:
    return list(db.session.scalars(interpreter_list()))


def get_interpreter(interpreter_id: int) -> Interpreter:
    return found(db.session.get(Interpreter, interpreter_id))


def _interpreter_values(data: InterpreterInput) -> dict:
    languages = parse(rules.text(data.languages, "languages", Interpreter), "languages")
    if not languages:
        raise RuleError(_("Enter at least one language code, e.g. en, ru."), "languages")
    text = as_text(languages)
    if len(text) > Interpreter.__table__.c.languages.type.length:
        raise RuleError(_("At most %(n)d characters.", n=Interpreter.__table__.c.languages.type.length), "languages")
    return {
        "name": rules.text(data.name, "name", Interpreter, required=True),
        "languages": text,
        "email": rules.text(data.email, "email", Interpreter),
        "phone": rules.text(data.phone, "phone", Interpreter),
        "note": rules.long_text(data.note, "note", rules.REASON_LENGTH),
    }


@operation
def save_interpreter(interpreter: Interpreter | None, data: InterpreterInput, *, user) -> Interpreter:
    """Add an interpreter (None) or change one."""
    values = _interpreter_values(data)
    if interpreter is None:
        interpreter = Interpreter(**values)
        db.session.add(interpreter)
        db.session.flush()
        audit.record(user, "interpreter", "created", object_id=interpreter.id, meeting_id=None,
                     summary=f"Interpreter added: {interpreter.name}", changes=audit.created(values))
        return interpreter
    changes = audit.diff(interpreter, values)
    if changes:
        for name, value in values.items():
            setattr(interpreter, name, value)
        audit.record(user, "interpreter", "edited", object_id=interpreter.id, meeting_id=None,
                     summary=f"Interpreter edited: {interpreter.name}", changes=changes)
    return interpreter


def speaks(interpreter: Interpreter, tag: str) -> bool:
    spoken = interpreter.languages.replace(",", " ").split()
    return tag in spoken or tag.split("-")[0] in spoken


# --- languages of an item -----------------------------------------------------------------------


def meeting_item(meeting: Meeting, item_id: int) -> AgendaItem:
    return found(db.session.get(AgendaItem, item_id), lambda item: item.meeting_id == meeting.id)


def item_rows(item: AgendaItem) -> list[Interpretation]:
    return list(db.session.scalars(select(Interpretation).where(Interpretation.agenda_item_id == item.id)
                                   .order_by(Interpretation.id)))


def _lock_items(ids) -> None:
    """Lock the agenda items' rows until the transaction ends (PostgreSQL), in the order of their
    ids, before their languages are read: two saves (or a save and the defaults) at once take
    turns, and the second sees the first's rows instead of adding the same language again (the
    unique (item, language) of interpretation, a 500)."""
    db.session.execute(select(AgendaItem.id).where(AgendaItem.id.in_(ids)).order_by(AgendaItem.id).with_for_update())


def _describe(rows) -> dict[str, list[str]]:
    return {row.language: [i.name for i in row.interpreters] for row in rows}


@operation
def set_item_languages(item: AgendaItem, data: ItemLanguagesInput, *, user) -> list[Interpretation]:
    """The languages ``item`` needs and who interprets each: rows of languages no longer needed
    go, with their bookings. At least one language: without any, the defaults apply."""
    tags: list[str] = []
    for typed in data.languages:
        tag = canonical(typed, "languages")
        if tag not in tags:
            tags.append(tag)
    if not tags:
        raise RuleError(_("Choose at least one language (without any, English and Russian apply)."), "languages")
    wanted = sorted({int(i) for tag in tags for i in data.interpreters.get(tag, ())})
    found = {i.id: i for i in db.session.scalars(select(Interpreter).where(Interpreter.id.in_(wanted)))}
    if len(found) != len(wanted):
        raise RuleError(_("Choose a value from the list."), "languages")
    _lock_items(select(AgendaItem.id).where(AgendaItem.id == item.id))
    rows = {row.language: row for row in item_rows(item)}
    before = _describe(rows.values())
    for tag, row in rows.items():
        if tag not in tags:
            db.session.delete(row)
    for tag in tags:
        row = rows.get(tag) or Interpretation(agenda_item_id=item.id, language=tag)
        row.interpreters = sorted((found[int(i)] for i in set(data.interpreters.get(tag, ()))),
                                  key=lambda i: (i.name, i.id))
        db.session.add(row)
    db.session.flush()
    after = {tag: [i.name for i in sorted((found[int(i)] for i in set(data.interpreters.get(tag, ()))),
                                          key=lambda i: (i.name, i.id))] for tag in tags}
    if before != after:
        audit.record(user, "interpretation", "edited", object_id=item.id, meeting_id=item.meeting_id,
                     summary=f"Interpretation of {item.title_en}: {as_text(tags)}",
                     changes={"interpretation": [before or None, after]})
    return item_rows(item)


@operation
def apply_defaults(meeting: Meeting, *, user) -> int:
    """English and Russian on every interpreted item without languages yet; how many items."""
    _lock_items(select(AgendaItem.id).where(AgendaItem.meeting_id == meeting.id))
    with_rows = set(db.session.scalars(
        select(Interpretation.agenda_item_id).join(AgendaItem).where(AgendaItem.meeting_id == meeting.id)))
    items = [item for item in db.session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)
                                                 .order_by(AgendaItem.starts_at, AgendaItem.id))
             if item.kind in checks.INTERPRETED_KINDS and item.id not in with_rows]
    for item in items:
        for tag in DEFAULT_LANGUAGES:
            db.session.add(Interpretation(agenda_item_id=item.id, language=tag))
    if items:
        db.session.flush()
        audit.record(user, "interpretation", "defaults_applied", object_id=meeting.id, meeting_id=meeting.id,
                     summary=f"Interpretation: English and Russian applied to {len(items)} sessions",
                     changes={"items": [None, [item.title_en for item in items]]})
    return len(items)


# --- the dashboard ------------------------------------------------------------------------------


def summary(meeting, now) -> Section:
    """Counts and what needs attention, from one plan (a fixed number of queries)."""
    plan = checks.plan(meeting)
    page = "logistics.interpretation"
    interpreted = [p for p in plan.items if p.interpreted]
    tags = sorted({lang.tag for p in interpreted for lang in p.languages})
    section = Section(str(_l("Interpretation")), url_for(page, meeting_id=meeting.id), counts=[
        Count(str(_l("Sessions with interpretation")), len(interpreted)),
        Count(str(_l("Languages")), ", ".join(language_name(tag) for tag in tags) or "—"),
        Count(str(_l("Interpreters booked")),
              len({i.id for p in interpreted for lang in p.languages for i in lang.interpreters})),
        Count(str(_l("Expected participants")), plan.expected),
    ])

    def attention(label, problem, examples, level="warning"):
        if examples:
            section.attention.append(Attention(label(len(examples)), len(examples),
                                               url_for(page, meeting_id=meeting.id, show=problem),
                                               examples[:EXAMPLES], level))

    attention(lambda n: ngettext("%(num)d session missing interpretation", "%(num)d sessions missing interpretation",
                                 n), "missing", [str(localized(p.item, "title")) for p in plan.items if p.missing])
    attention(lambda n: ngettext("%(num)d session with fewer interpretation booths than languages",
                                 "%(num)d sessions with fewer interpretation booths than languages", n), "booths",
              [str(localized(p.item, "title")) for p in plan.items if p.booth_shortage])
    attention(lambda n: ngettext("%(num)d interpreter booked in two rooms at once",
                                 "%(num)d interpreters booked in two rooms at once", n), "double",
              sorted({c.interpreter.name for p in plan.items for c in p.clashes}))
    attention(lambda n: ngettext("%(num)d room under capacity for the expected attendance",
                                 "%(num)d rooms under capacity for the expected attendance", n), "capacity",
              sorted({str(localized(p.item.room, "name")) for p in plan.items if p.under_capacity}))
    return section
