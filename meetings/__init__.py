"""CICA Meetings: the application factory."""

from flask import Flask
from werkzeug.routing import IntegerConverter

from config import BASE_DIR, INSTANCE_DIR, Config
from meetings.models.base import MAX_ID


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: a row's id. A number no column can hold reads as 0, which no
    row has, so the view answers 404 as for any id not found. (Refusing the number instead made
    Werkzeug answer 405 to a PATCH or DELETE, as if the path existed for other methods only, and
    PostgreSQL cannot even be asked for such an id.)"""

    def __init__(self, url_map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_ID)  # also the bound the API's description gives
        super().__init__(url_map, *args, **kwargs)

    def to_python(self, value: str) -> int:
        number = int(value)
        return number if number <= MAX_ID else 0


def create_app(config_class: type[Config] | Config = Config) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(INSTANCE_DIR),
        template_folder=str(BASE_DIR / "templates"),
        static_folder=str(BASE_DIR / "static"),
    )
    app.url_map.converters["int"] = IdConverter  # before any route is added
    app.config.from_object(config_class)
    INSTANCE_DIR.mkdir(exist_ok=True)  # the default SQLite database lives there
    # Forwarded headers are trusted only behind as many proxies as PROXY_HOPS says: without a
    # proxy, anyone could claim any address (and so dodge the rate limits) or scheme.
    if app.config["PROXY_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    # timeutil pins tzdata; calendar_fields hooks the session so shown changes raise SEQUENCE;
    # audit hooks it so that no session changes or deletes an audit entry; changes keeps the
    # counter that feeds are cached under.
    from meetings import (  # noqa: F401
        api,
        audit,
        calendar_fields,
        changes,
        cli,
        errors,
        http,
        i18n,
        names,
        operations,
        reference,
        security,
        timeutil,
    )
    from meetings.accounts.bearer import init_app as init_bearer
    from meetings.extensions import csrf, db, limiter, migrate
    from meetings.jobs import init_app as init_jobs
    from meetings.models.base import render_migration_item
    from meetings.notifications import worker as notifications_worker

    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(BASE_DIR / "migrations"),
        render_as_batch=True,  # SQLite can only change tables by copying them
        compare_type=True,
        render_item=render_migration_item,
    )
    csrf.init_app(app)
    limiter.init_app(app)
    operations.init_app(app)  # first, so the request log and its id see every other hook's answer
    http.init_app(app)  # next: compression and the public policy act on every other hook's answer
    security.init_app(app)
    init_bearer(app)  # tokens for /api/, after the rate limits' hook
    i18n.init_app(app)
    names.init_app(app)
    reference.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    init_jobs(app)  # before anything enqueues
    notifications_worker.init_app(app)  # delivers, without a worker, after the response

    from meetings.accounts.views import bp as accounts_bp
    from meetings.audit_log.views import bp as audit_log_bp
    from meetings.calendar.views import bp as calendar_bp
    from meetings.desks import bp as desks_bp
    from meetings.documents.views import bp as documents_bp
    from meetings.feeds.views import bp as feeds_bp
    from meetings.logistics.views import bp as logistics_bp
    from meetings.notifications.views import bp as notifications_bp
    from meetings.operations.views import bp as operations_bp
    from meetings.participants.views import bp as participants_bp
    from meetings.printing.views import bp as printing_bp
    from meetings.protocol.views import bp as protocol_bp
    from meetings.scheduling.views import bp as scheduling_bp

    app.register_blueprint(accounts_bp)
    app.register_blueprint(calendar_bp)
    app.register_blueprint(scheduling_bp)
    app.register_blueprint(participants_bp)
    app.register_blueprint(printing_bp)
    app.register_blueprint(logistics_bp)
    app.register_blueprint(protocol_bp)
    app.register_blueprint(desks_bp)
    app.register_blueprint(documents_bp)
    app.register_blueprint(feeds_bp)
    api.init_app(app)  # the JSON API: its blueprints and OpenAPI description
    app.register_blueprint(audit_log_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(operations_bp)
    return app
