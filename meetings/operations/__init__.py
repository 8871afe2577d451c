"""Running the service: health check, request log, masking of secrets in logs, backup and restore."""

from flask import Flask

from meetings.operations import commands, masking, requestlog


def init_app(app: Flask) -> None:
    masking.mask_server_logs()
    requestlog.init_app(app)
    app.cli.add_command(commands.backup_command)
    app.cli.add_command(commands.restore_command)
