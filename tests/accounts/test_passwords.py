"""Password rules: one place, used by every way a password is set."""

import pytest

from meetings.accounts.passwords import (
    COMMON_PASSWORDS_FILE,
    check_password_rules,
    common_passwords,
    temporary_password,
)
from meetings.domain import RuleError


@pytest.mark.parametrize("password, message", [
    ("short", "at least 10 characters"),
    ("x" * 201, "at most 200 characters"),
    ("Aliya.Nurpeisova@mfa.kz", "not be your e-mail address or name"),
    ("ALIYA.NURPEISOVA", "not be your e-mail address or name"),
    ("aliya nurpeisova", "not be your e-mail address or name"),
    ("1234567890", "common passwords"),
    ("QwertyUiop", "common passwords"),
    ("Password123", "common passwords"),
])
def test_refused_passwords(password, message):
    with pytest.raises(RuleError, match=message) as refused:
        check_password_rules(password, email="aliya.nurpeisova@mfa.kz", name="Aliya Nurpeisova")
    assert refused.value.field == "password"


@pytest.mark.parametrize("password", ["kx7-pq2-zm", "x" * 199 + "7", "correct horse battery", "Астана-2026, весна"])
def test_accepted_passwords(password):
    check_password_rules(password, email="aliya.nurpeisova@mfa.kz", name="Aliya Nurpeisova")


def test_the_shipped_list_is_read_whole_and_says_where_it_comes_from():
    listed = common_passwords()
    assert len(listed) > 19_000 and "password123" in listed and "#1pimp" in listed  # "#" alone is no comment
    assert not any(p.startswith("# ") for p in listed)
    header = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8")[:1000]
    assert "Source: Django" in header and "Licence: BSD 3-Clause" in header


def test_temporary_passwords_obey_the_rules_and_differ():
    made = {temporary_password() for _ in range(20)}
    assert len(made) == 20
    for password in made:
        check_password_rules(password, email="someone@example.org")


def test_users_create_applies_the_rules(runner, seeded):
    common = runner.invoke(args=["users", "create", "a@example.org", "--role", "staff"], input="qwertyuiop\n")
    assert common.exit_code != 0 and "common passwords" in common.output
    own = runner.invoke(args=["users", "create", "someone@example.org", "--role", "staff"], input="Someone@Example.org\n")
    assert own.exit_code != 0 and "e-mail address or name" in own.output
    long = runner.invoke(args=["users", "create", "b@example.org", "--role", "staff"], input="y" * 201 + "\n")
    assert long.exit_code != 0 and "at most 200" in long.output
