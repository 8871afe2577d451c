"""Accounts: creating users and checking their credentials.

Each change is an operation (meetings/transaction.py): its caller's transaction, or its own.
"""

from sqlalchemy import func, select

from meetings.domain import RuleError
from meetings.extensions import db
from meetings.models import Party, Person, User, UserRole, utcnow
from meetings.transaction import operation

MIN_PASSWORD_LENGTH = 10


class AccountError(RuleError):
    """A request about accounts that cannot be carried out, with a message for the user."""


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalize_email(email)))


@operation
def create_user(
    email: str,
    password: str,
    role: UserRole,
    *,
    name: str = "",
    party_id: int | None = None,
    person_id: int | None = None,
) -> User:
    email = normalize_email(email)
    if "@" not in email or len(email) > 254:
        raise AccountError(f"not an e-mail address: {email!r}", field="email")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters", field="password")
    if role is UserRole.FOCAL_POINT and party_id is None:
        raise AccountError("a focal point must be linked to a party")
    if role is UserRole.DELEGATE and person_id is None:
        raise AccountError("a delegate must be linked to a person")
    if party_id is not None and db.session.get(Party, party_id) is None:
        raise AccountError(f"no party with id {party_id}")
    if person_id is not None and db.session.get(Person, person_id) is None:
        raise AccountError(f"no person with id {person_id}")
    if find_user(email) is not None:
        raise AccountError(f"a user with e-mail {email} exists already", field="email")
    user = User(email=email, name=name, role=role, party_id=party_id, person_id=person_id)
    user.set_password(password)
    db.session.add(user)
    return user


@operation
def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None; never says which part was wrong."""
    user = find_user(email)
    if user is None or not user.active or not user.check_password(password):
        return None
    user.last_login_at = utcnow()
    return user


@operation
def set_locale(user: User, locale: str) -> None:
    user.locale = locale
