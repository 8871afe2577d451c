"""Commands: ``flask --app wsgi seed | demo | users create | purge | outbox send | outbox work |
jobs work | jobs failed | bench-data``."""

import sys

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from meetings.accounts.services import create_user
from meetings.bench_data import bench_data_command
from meetings.demo import load_demo
from meetings.domain import RuleError
from meetings.extensions import db
from meetings.jobs_commands import jobs_group
from meetings.models import Party, UserRole
from meetings.notifications.commands import outbox_group
from meetings.printing import storage
from meetings.privacy import retention
from meetings.reference import seed


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(users)
    app.cli.add_command(purge_command)
    app.cli.add_command(outbox_group)
    app.cli.add_command(jobs_group)
    app.cli.add_command(bench_data_command)


@click.command("seed")
@with_appcontext
def seed_command() -> None:
    """Load parties and meeting types (idempotent)."""
    created = seed()
    click.echo(f"Reference data: {created} rows created or completed." if created else "Reference data: up to date.")


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


@click.command("purge")
@with_appcontext
@click.option("--dry-run", is_flag=True, help="Say what would be cleared; change nothing.")
def purge_command(dry_run: bool) -> None:
    """Clear passport data, dates of birth and phones past their retention period (audited)."""
    click.echo("Retention after a meeting's end, in days (passport, date of birth, phone):")
    for mtype in retention.periods():
        days = [getattr(mtype, kind.period) for kind in retention.RETAINED]
        click.echo(f"  {mtype.code:<10} {', '.join('not set' if d is None else str(d) for d in days):<16} {mtype.name_en}")
    report = retention.purge(dry_run=dry_run)
    verb = "Would clear" if dry_run else "Cleared"
    for person_id, (name, fields) in report.cleared.items():
        click.echo(f"  {verb.lower()} person {person_id} ({name}): {', '.join(fields)}")
    counts = ", ".join(f"{kind.name}: {report.count(kind)}" for kind in retention.RETAINED)
    click.echo(f"{verb} the data of {len(report.cleared)} people ({counts}).")
    click.echo(f"Kept for a meeting still within its period (or a period not set): {report.kept} people.")
    click.echo(f"Left alone, registered for no meeting: {report.unregistered} people.")
    if dry_run:
        click.echo("Dry run: nothing was changed.")
    else:
        click.echo(f"Stored PDFs removed (old, or beyond the newest of their document): {storage.clean()}.")
