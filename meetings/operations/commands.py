"""Commands: ``flask --app wsgi backup FILE`` and ``flask --app wsgi restore FILE [--replace]``."""

import click
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from meetings.domain import RuleError
from meetings.operations import backup as backups


@click.command("backup")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
def backup_command(file: str) -> None:
    """Write every row of every table to FILE (JSON), with the schema revision."""
    try:
        counts = backups.write_backup(file)
    except (OSError, SQLAlchemyError) as error:  # no such folder, no database, no schema yet
        raise click.ClickException(f"backup failed, nothing written: {error.__class__.__name__}: "
                                   f"{str(error).splitlines()[0]}") from error
    click.echo(f"Backup written to {file}: {sum(counts.values())} rows in {len(counts)} tables.")


@click.command("restore")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--replace", is_flag=True, help="Delete everything in the database first (same transaction).")
def restore_command(file: str, replace: bool) -> None:
    """Load a backup FILE into an empty database at the same schema revision, all or nothing."""
    try:
        counts = backups.restore(file, replace=replace)
    except RuleError as refusal:
        raise click.ClickException(f"restore refused, nothing changed: {refusal}") from refusal
    click.echo(f"Restored from {file}: {sum(counts.values())} rows in {len(counts)} tables.")
