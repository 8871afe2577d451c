"""Accounts: users, their roles and links, their passwords, and checking credentials.

Each change is an operation (meetings/transaction.py): its caller's transaction, or its own, and
is audited in it (object type "user"; never a password or its hash). Password rules live in
passwords.py, login sessions in sessions.py.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import selectinload

from meetings import audit
from meetings.accounts import sessions
from meetings.accounts.passwords import check_password_rules, check_unknown_account_password, temporary_password
from meetings.collation import collation_key
from meetings.domain import RuleError, found
from meetings.extensions import db
from meetings.i18n import current_language, localized
from meetings.models import ApiToken, FeedToken, Party, Person, User, UserRole, utcnow
from meetings.names import name_key, sorted_name
from meetings.text import without_control_characters
from meetings.transaction import operation

# The fields an admin edits; what the audit compares.
EDITABLE = ("email", "name", "role", "party_id", "person_id")


class AccountError(RuleError):
    """A request about accounts that cannot be carried out, with a message for the user."""


@dataclass(frozen=True)
class UserInput:
    email: str
    name: str
    role: UserRole
    party_id: int | None = None
    person_id: int | None = None


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalize_email(email)))


def _check(data: UserInput, user: User | None = None) -> UserInput:
    """The input as stored (e-mail normalised), or an AccountError beside the field it concerns."""
    email = normalize_email(data.email)
    if "@" not in email or len(email) > 254:
        raise AccountError(_l("Not an e-mail address: %(email)s", email=email), field="email")
    if data.role is UserRole.FOCAL_POINT and data.party_id is None:
        raise AccountError(_l("A focal point must be linked to a party."), field="party_id")
    if data.role is UserRole.DELEGATE and data.person_id is None:
        raise AccountError(_l("A delegate must be linked to a person."), field="person_id")
    if data.party_id is not None and db.session.get(Party, data.party_id) is None:
        raise AccountError(_l("No party with id %(id)s.", id=data.party_id), field="party_id")
    if data.person_id is not None and db.session.get(Person, data.person_id) is None:
        raise AccountError(_l("No person with id %(id)s.", id=data.person_id), field="person_id")
    other = find_user(email)
    if other is not None and other is not user:
        raise AccountError(_l("A user with e-mail %(email)s exists already.", email=email), field="email")
    return UserInput(email, data.name.strip(), data.role, data.party_id, data.person_id)


def _keep_an_admin(user: User, actor: User | None, *, role: UserRole, active: bool) -> None:
    """Someone must always be able to manage accounts: no admin demotes or deactivates themselves,
    and the last active admin stays one."""
    if user.role is not UserRole.ADMIN or not user.active or (role is UserRole.ADMIN and active):
        return
    field = "role" if active else None
    if actor is not None and actor.id == user.id:
        raise AccountError(_l("You cannot demote or deactivate your own account."), field=field)
    others = db.session.scalar(select(func.count()).select_from(User).where(
        User.role == UserRole.ADMIN, User.active.is_(True), User.id != user.id))
    if not others:
        raise AccountError(_l("This is the last active admin: make another admin first."), field=field)


def _record(actor: User | None, user: User, verb: str, changes: dict | None = None) -> None:
    audit.record(actor, "user", verb, object_id=user.id, meeting_id=None, summary=f"User {user.email}",
                 changes=changes)


@operation
def create_user(email: str, password: str, role: UserRole, *, name: str = "", party_id: int | None = None,
                person_id: int | None = None, actor: User | None = None, must_change_password: bool = False) -> User:
    data = _check(UserInput(email, name, role, party_id, person_id))
    check_password_rules(password, email=data.email, name=data.name)
    user = User(email=data.email, name=data.name, role=role, party_id=party_id, person_id=person_id,
                must_change_password=must_change_password)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    _record(actor, user, "created", {name: [None, audit.jsonable(getattr(user, name))] for name in EDITABLE})
    return user


@operation
def create_account(data: UserInput, actor: User) -> tuple[User, str]:
    """An admin creates an account: (the user, a temporary password to hand over once), which the
    user changes at their first login."""
    password = temporary_password()
    user = create_user(data.email, password, data.role, name=data.name, party_id=data.party_id,
                       person_id=data.person_id, actor=actor, must_change_password=True)
    return user, password


@operation
def update_user(user: User, data: UserInput, actor: User) -> User:
    data = _check(data, user)
    _keep_an_admin(user, actor, role=data.role, active=user.active)
    values = {name: getattr(data, name) for name in EDITABLE}
    changes = audit.diff(user, values)
    if changes:
        for name, value in values.items():
            setattr(user, name, value)
        if changes.keys() & {"role", "party_id", "person_id"}:
            # Such tokens stopped working (api_tokens.authenticate): revoked, so that they neither
            # count against the limit nor come back to life with the old role.
            _revoke_api_tokens(user)
        _record(actor, user, "edited", changes)
    return user


@operation
def set_active(user: User, active: bool, actor: User) -> None:
    """Deactivation ends the user's sessions and revokes their feed addresses and API tokens at
    once; reactivation gives back none (they log in again and make new ones)."""
    if user.active == active:
        return
    _keep_an_admin(user, actor, role=user.role, active=active)
    user.active = active
    if not active:
        sessions.end_sessions(user)
        db.session.execute(update(FeedToken).where(FeedToken.user_id == user.id, FeedToken.revoked_at.is_(None))
                           .values(revoked_at=utcnow()), execution_options={"synchronize_session": False})
        _revoke_api_tokens(user)
    _record(actor, user, "reactivated" if active else "deactivated", {"active": [not active, active]})


def _revoke_api_tokens(user: User) -> None:
    db.session.execute(update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
                       .values(revoked_at=utcnow()), execution_options={"synchronize_session": False})


@operation
def reset_password(user: User, actor: User) -> str:
    """A temporary password, shown once to the admin; every session of the user ends and the user
    must choose a new password at their next login."""
    password = temporary_password()
    user.set_password(password)
    user.must_change_password = True
    sessions.end_sessions(user)
    # The account may be in wrong hands: a token made with it must not outlive the reset. (Calendar
    # addresses stay: they show the user's meetings, not the account, and calendars depend on them.)
    _revoke_api_tokens(user)
    _record(actor, user, "password_reset")
    return password


@operation
def change_password(user: User, current: str, new: str) -> User:
    """The user's own change: the current password proves it is them; every other session ends."""
    if not user.check_password(current):
        raise AccountError(_l("This is not your current password."), field="current_password")
    check_password_rules(new, email=user.email, name=user.name)
    if user.check_password(new):
        raise AccountError(_l("Choose a password other than the current one."), field="password")
    user.set_password(new)
    user.must_change_password = False
    sessions.end_sessions(user, keep=user.login_session_id)
    _record(user, user, "password_changed")
    return user


@operation
def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None; never says which part was wrong, and
    takes as long for an unknown e-mail (a hash is checked either way)."""
    user = find_user(email)
    correct = user.check_password(password) if user is not None else check_unknown_account_password(password)
    if user is None or not user.active or not correct:
        return None
    user.last_login_at = utcnow()
    return user


@operation
def set_locale(user: User, locale: str) -> None:
    user.locale = locale


def list_users(*, search: str = "", role: UserRole | None = None, active: bool | None = None):
    """The statement of the users, by e-mail (unique: a stable order for pages); ``search`` in
    name or e-mail. The view pages through it (meetings/pagination)."""
    query = select(User).options(selectinload(User.party), selectinload(User.person)).order_by(User.email)
    search = " ".join(without_control_characters(search).split()).lower()  # PostgreSQL refuses a NUL
    if search:
        query = query.where(or_(func.lower(User.email).contains(search, autoescape=True),
                                func.lower(User.name).contains(search, autoescape=True),
                                User.name.contains(search, autoescape=True)))  # SQLite lowers ASCII only
    if role is not None:
        query = query.where(User.role == role)
    if active is not None:
        query = query.where(User.active.is_(active))
    return query


def get_user(user_id: int) -> User:
    return found(db.session.get(User, user_id))


def party_options() -> list[tuple[int, str]]:
    """Parties by their name in the page's language (the Russian alphabet on Russian pages)."""
    lang = current_language()
    named = [(str(localized(p, "name", lang)), p) for p in db.session.scalars(select(Party))]
    return [(p.id, f"{name} ({p.code})") for name, p in sorted(named, key=lambda np: collation_key(np[0], lang))]


def person_options() -> list[tuple[int, str]]:
    """Every person, by name, in one light query: a delegate's account is linked to one of them."""
    people = sorted(db.session.scalars(select(Person)), key=lambda p: (name_key(p), p.id))
    return [(p.id, str(sorted_name(p)) + (f" <{p.email}>" if p.email else "") + f" #{p.id}") for p in people]
