"""Password rules, in one place for every way a password is set: the forms, `users create`,
an admin's reset (whose temporary password obeys them too)."""

import functools
import secrets
from pathlib import Path

from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash

from meetings.domain import RuleError

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200  # hashing a megabyte on every login attempt would be a way to slow us down
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "common_passwords.txt"


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped list (its header says where it comes from), lower-cased."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("# "))


def check_password_rules(password: str, *, email: str = "", name: str = "") -> None:
    """Refuse a password that is too short, too long, the account's own e-mail or name (or the
    e-mail's local part), or on the list of common passwords; case does not matter."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise RuleError(_l("The password must have at least %(n)s characters.", n=MIN_PASSWORD_LENGTH),
                        field="password")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise RuleError(_l("The password may have at most %(n)s characters.", n=MAX_PASSWORD_LENGTH),
                        field="password")
    folded = password.strip().casefold()
    own = {email.casefold(), email.split("@")[0].casefold(), name.strip().casefold()} - {""}
    if folded in own:
        raise RuleError(_l("The password must not be your e-mail address or name."), field="password")
    if folded in common_passwords():
        raise RuleError(_l("This password is on a list of common passwords that attackers try first. "
                           "Choose another one."), field="password")


def temporary_password() -> str:
    """A random password for an admin to hand over once; it obeys the rules like any other."""
    while True:
        password = secrets.token_urlsafe(12)  # 16 characters, 96 random bits
        if password.casefold() not in common_passwords():
            return password


@functools.cache
def _dummy_hash() -> str:
    return generate_password_hash(secrets.token_urlsafe(16))


def check_unknown_account_password(password: str) -> bool:
    """The work a real check does, for an e-mail without an account: the answer's timing must
    not tell whether an account exists. Always False."""
    check_password_hash(_dummy_hash(), password)
    return False
