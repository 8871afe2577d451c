"""Notifications: the e-mail outbox (outbox.py, delivered by transport.py), what goes into it on
its own (notices.py), the worker's commands (commands.py) and the admins' page of it (views.py)."""
