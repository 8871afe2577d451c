"""Commands: ``flask --app wsgi seed | demo | users create``."""

import sys

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from meetings.accounts.services import create_user
from meetings.demo import load_demo
from meetings.domain import RuleError
from meetings.extensions import db
from meetings.models import Party, UserRole
from meetings.reference import seed


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(users)


@click.command("seed")
@with_appcontext
def seed_command() -> None:
    """Load parties and meeting types (idempotent)."""
    created = seed()
    click.echo(f"Reference data: {created} rows created." if created else "Reference data: up to date.")


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load a realistic CICA calendar and one account per role (idempotent; never in production)."""
    if not current_app.config.get("ALLOW_DEMO"):
        raise click.ClickException("demo data is refused under this configuration (production).")
    seed()
    report = load_demo()
    click.echo(report)


@click.group()
def users() -> None:
    """Manage user accounts."""


@users.command("create")
@with_appcontext
@click.argument("email")
@click.option("--role", required=True, type=click.Choice([r.value for r in UserRole]))
@click.option("--name", default="", help="Display name.")
@click.option("--party", "party_code", default=None, help="Party code (focal points), e.g. KZ.")
@click.option("--person-id", type=int, default=None, help="Person id (delegates).")
def create_user_command(email: str, role: str, name: str, party_code: str | None, person_id: int | None) -> None:
    """Create a user; the password is read from standard input."""
    password = sys.stdin.readline().rstrip("\r\n") if not sys.stdin.isatty() else click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    party_id = None
    if party_code:
        party = db.session.scalar(db.select(Party).where(Party.code == party_code.upper()))
        if party is None:
            raise click.ClickException(f"no party with code {party_code!r}")
        party_id = party.id
    try:
        user = create_user(email, password, UserRole(role), name=name, party_id=party_id, person_id=person_id)
    except RuleError as error:  # the password rules and the account rules alike
        raise click.ClickException(str(error)) from error
    click.echo(f"Created {user.role.value} {user.email}.")
