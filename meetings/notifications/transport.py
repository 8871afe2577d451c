"""How a stored message leaves: over SMTP when MAIL_SERVER is set, else as an .eml file in
MAIL_FILE_DIR (development: nothing fails without a mail server, and the files can be opened)."""

import os
import smtplib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from email.utils import parseaddr
from pathlib import Path
from typing import Any

from meetings.models import OutboxMessage

Send = Callable[[OutboxMessage], None]


class PermanentError(OSError):
    """The server refused the message for good (a 5xx answer): trying again would not help."""


@contextmanager
def _smtp(config: Mapping[str, Any]) -> Iterator[Send]:
    sender = parseaddr(config["MAIL_SENDER"])[1]
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])

        def send(message: OutboxMessage) -> None:
            try:
                smtp.sendmail(sender, [message.recipient], message.content)
            except smtplib.SMTPRecipientsRefused as error:
                (code, reply), = error.recipients.values()
                if code >= 500:
                    raise PermanentError(f"{code} {reply.decode(errors='replace')}") from error
                raise
            except smtplib.SMTPResponseException as error:
                if error.smtp_code >= 500:
                    raise PermanentError(f"{error.smtp_code} {error.smtp_error.decode(errors='replace')}") from error
                raise

        yield send


@contextmanager
def _files(config: Mapping[str, Any]) -> Iterator[Send]:
    folder = Path(config["MAIL_FILE_DIR"])
    folder.mkdir(parents=True, exist_ok=True)

    def send(message: OutboxMessage) -> None:
        # Named by creation time and id, so a listing reads in order and no file is overwritten.
        path = folder / f"{message.created_at:%Y%m%d-%H%M%S}-{message.id}-{message.kind.value}.eml"
        partial = path.with_suffix(".part")
        partial.write_bytes(message.content)
        os.replace(partial, path)  # never a half-written .eml, even if the worker dies

    yield send


def open_transport(config: Mapping[str, Any]):
    """A context giving ``send(message)``; raises OSError when the server cannot be reached."""
    return _smtp(config) if config["MAIL_SERVER"] else _files(config)
