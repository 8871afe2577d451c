"""``flask --app wsgi documents extract-texts``: extract the searchable text of files whose job was
lost (or of every file, ``--again``)."""

import click

from meetings.documents import extract
from meetings.documents.views import bp


@bp.cli.command("extract-texts")
@click.option("--again", is_flag=True, help="Every file, not only those whose text is still pending.")
def extract_texts_command(again: bool) -> None:
    """Queue the text extraction of files whose text is pending (--again: of every file)."""
    click.echo(f"Files queued for text extraction: {extract.queue_files(again=again)}.")
