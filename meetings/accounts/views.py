import hashlib
import time
from urllib.parse import urlencode, urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm

from meetings.accounts import api_tokens, services, sessions
from meetings.accounts.forms import ApiTokenForm, ChangePasswordForm, LoginForm, UserFilterForm, UserForm
from meetings.accounts.passwords import MIN_PASSWORD_LENGTH
from meetings.extensions import limiter
from meetings.feeds import tokens as feed_tokens
from meetings.formtools import attempt
from meetings.models import utcnow
from meetings.pagination import paginate
from meetings.security import admin_required, mark_private

bp = Blueprint("accounts", __name__)

# Where a user whose password an admin reset may go before choosing a new one. Feeds by their
# address too: they are open to anyone with it, so they need (and load) no logged-in user.
OPEN_UNTIL_PASSWORD_CHANGED = frozenset({"accounts.change_password", "accounts.logout", "accounts.set_language",
                                         "static", "feeds.public_feed", "feeds.personal_feed"})


def safe_next(target: str | None, default: str | None = None) -> str:
    """Only same-site paths, so the login form cannot be used to send people elsewhere (browsers
    read a backslash as a slash: "/\\evil.example" is another host; control characters, which
    urlsplit drops and a Location header refuses, are no path either)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target \
            and target.isprintable() and not urlsplit(target).netloc:
        return target
    return default or url_for("calendar.index")


# --- login, with failed attempts limited per account and per client address ------------------


def _account_key() -> str:
    # Per e-mail typed, known account or not (so the answer tells nothing); hashed: no addresses in Redis.
    email = services.normalize_email(request.form.get("email", ""))[:254]
    return "account:" + hashlib.sha256(email.encode()).hexdigest()


def _address_key() -> str:
    return "address:" + (get_remote_address() or "unknown")


def _login_failed(response) -> bool:
    return g.get("login_failed", False)


def _locked_out(limit):
    """The login page again, with the e-mail typed, saying when to try again (the right
    password is refused too until then)."""
    form = LoginForm()
    # Rounded, not ceil: Flask-Limiter's reset_at is a second late (int(reset + 1)), which would
    # turn a fresh 15-minute window into "16 minutes".
    minutes = max(1, round((limit.reset_at - time.time()) / 60))
    form.form_errors.append(_("Too many failed logins. For your security, logging in is paused: "
                              "try again in %(minutes)s minutes.", minutes=minutes))
    return make_response(render_template("accounts/login.html", form=form), 429)


def _failure_limit(setting: str, key_func):
    return limiter.limit(lambda: current_app.config[setting], key_func=key_func, methods=["POST"],
                         scope=f"login:{setting}", deduct_when=_login_failed, on_breach=_locked_out)


@bp.route("/login", methods=["GET", "POST"])
@_failure_limit("LOGIN_FAILURE_LIMIT_PER_ACCOUNT", _account_key)
@_failure_limit("LOGIN_FAILURE_LIMIT_PER_ADDRESS", _address_key)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("desks.desk"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            g.login_failed = True
            form.password.errors.append(_("Wrong e-mail or password."))
        else:
            lang = session.get("lang")
            session.clear()  # a fresh session on login: no fixation
            if lang:
                session["lang"] = lang
            sessions.start_session(user, request.headers.get("User-Agent", ""))
            login_user(user, remember=form.remember.data)
            flash(_("Welcome, %(name)s.", name=user.name or user.email), "success")
            # Without a page asked for, each role lands on its desk: what needs them today.
            return redirect(safe_next(request.args.get("next"), url_for("desks.desk")))
    return render_template("accounts/login.html", form=form)


@bp.before_app_request
def require_password_change():
    """After an admin's reset, the temporary password opens nothing but the page to change it."""
    # An API token is a credential of its own (its user may revoke it): the reset concerns the password.
    if request.endpoint not in OPEN_UNTIL_PASSWORD_CHANGED and not g.get("api_token") and current_user.is_authenticated \
            and current_user.must_change_password:
        return redirect(url_for("accounts.change_password"))
    return None


@bp.post("/logout")
@login_required
def logout():
    form = FlaskForm()
    if form.validate_on_submit():
        sessions.end_sessions(current_user, only=current_user.login_session_id)
        logout_user()
        flash(_("You are logged out."), "info")
    return redirect(url_for("calendar.index"))


@bp.get("/language/<lang>")
def set_language(lang: str):
    """The language switch in the navigation: plain links, so that pages need no CSRF token (and
    so no session cookie) for it; the choice is kept in the session only when one is clicked.
    A link followed from another site changes nothing: the worst a forged one could do is switch
    a reader's language, and browsers say where a navigation came from (Sec-Fetch-Site)."""
    if lang in current_app.config["LANGUAGES"] and request.headers.get("Sec-Fetch-Site") != "cross-site":
        session["lang"] = lang
    return redirect(safe_next(request.args.get("next")))


@bp.app_template_global()
def language_switch_url(lang: str) -> str:
    """The switch's link back to this page, without a ``?lang=`` that would outvote the choice."""
    args = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
    here = request.path + ("?" + urlencode(args) if args else "")
    return url_for("accounts.set_language", lang=lang, next=here)


# --- the user's own account ---------------------------------------------------------------------


def _account_page(api_form: ApiTokenForm):
    mark_private()
    tokens = feed_tokens.tokens_of(current_user)
    return render_template("accounts/account.html", tokens=tokens, issuers=feed_tokens.issuers(tokens),
                           new_token=session.pop("new_feed_token", None),
                           login_sessions=sessions.open_sessions(current_user),
                           api_form=api_form, api_tokens=api_tokens.tokens_of(current_user), now=utcnow())


@bp.get("/account")
@login_required
def account():
    return _account_page(ApiTokenForm(formdata=None))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        changed, _warnings = attempt(form, lambda: services.change_password(
            current_user, form.current_password.data, form.password.data))
        if changed is not None:
            flash(_("Your password is changed. Your other sessions are logged out."), "success")
            return redirect(url_for("accounts.account"))
    return render_template("accounts/change_password.html", form=form, min_length=MIN_PASSWORD_LENGTH)


@bp.post("/account/sessions/end-all")
@login_required
def end_all_sessions():
    """Log out everywhere: every session of this user, this one included."""
    form = FlaskForm()
    if form.validate_on_submit():
        sessions.end_sessions(current_user)
        logout_user()
        flash(_("You are logged out everywhere."), "info")
        return redirect(url_for("calendar.index"))
    return redirect(url_for("accounts.account"))


@bp.post("/account/sessions/<int:session_id>/end")
@login_required
def end_session(session_id: int):
    form = FlaskForm()
    if session_id not in {s.id for s in sessions.open_sessions(current_user)}:
        abort(404)
    if form.validate_on_submit():
        sessions.end_sessions(current_user, only=session_id)
        if session_id == current_user.login_session_id:
            logout_user()
            flash(_("You are logged out."), "info")
            return redirect(url_for("calendar.index"))
        flash(_("That session is logged out."), "info")
    return redirect(url_for("accounts.account"))


@bp.post("/account/api-tokens")
@login_required
def create_api_token():
    """The secret is shown on this answer only, never redirected through the session cookie."""
    form = ApiTokenForm()
    if form.validate_on_submit():
        created, _warnings = attempt(form, lambda: api_tokens.create_token(current_user, form.to_input()))
        if created is not None:
            token, secret = created
            mark_private()
            return render_template("accounts/api_token_created.html", token=token, secret=secret)
    return _account_page(form)


@bp.post("/account/api-tokens/<int:api_token_id>/revoke")
@login_required
def revoke_api_token(api_token_id: int):
    """One's own token, from the account page; an admin's of anyone, from the user's page."""
    if not FlaskForm().validate_on_submit():
        return redirect(url_for("accounts.account"))
    token = api_tokens.revoke_token(api_token_id, by=current_user)  # another's, to a non-admin: 404
    flash(_("The API token \u201c%(name)s\u201d is revoked: programs using it are refused from now on.",
            name=token.name), "info")
    if token.user_id != current_user.id:
        return redirect(url_for("accounts.edit_user", user_id=token.user_id))
    return redirect(url_for("accounts.account"))


@bp.post("/account/feeds")
@login_required
def create_feed():
    form = FlaskForm()
    if form.validate_on_submit():
        token = feed_tokens.issue_token(user_id=current_user.id, label=request.form.get("label", "").strip(),
                                        issued_by=current_user)
        # Shown once, on the next page: only its hash is kept.
        session["new_feed_token"] = token
        flash(_("Your personal calendar address is ready. Copy it now: it is shown only once."), "success")
    return redirect(url_for("accounts.account"))


@bp.post("/account/feeds/<int:token_id>/revoke")
@login_required
def revoke_feed(token_id: int):
    """Any token that serves the user (their own, one issued for them, their party's), whoever issued it."""
    if FlaskForm().validate_on_submit():
        feed_tokens.revoke_token(token_id, by=current_user)
        flash(_("The calendar address was revoked; calendars subscribed to it stop updating."), "info")
    return redirect(url_for("accounts.account"))


@bp.post("/account/language")
@login_required
def set_preferred_language():
    """The user's own preference; it applies on every device they log in from."""
    form = FlaskForm()
    lang = request.form.get("locale", "")
    if form.validate_on_submit() and lang in ("", "en", "ru"):
        services.set_locale(current_user, lang)
        session.pop("lang", None)  # the preference just chosen takes over from the switch
        flash(_("Your language preference is saved."), "success")
    return redirect(url_for("accounts.account"))


# --- accounts, for admins ---------------------------------------------------------------------


@bp.get("/admin/users")
@admin_required
def users():
    filters = UserFilterForm(request.args)
    filters.validate()
    active = filters.value("active")
    page = paginate(services.list_users(search=filters.value("q") or "", role=filters.value("role"),
                                        active=None if active is None else bool(active)))
    args = {"q": filters.value("q") or None, "role": filters.value("role") or None, "active": filters.value("active")}
    return render_template("accounts/users.html", filters=filters, page=page, args=args)


def _user_form(user=None) -> UserForm:
    form = UserForm(obj=user)
    form.set_choices(services.party_options(), services.person_options())
    return form


def _password_shown_once(user, password: str):
    """The temporary password, on this answer only: it is not kept anywhere the admin could
    open it again (a redirect would have to carry it in the session cookie)."""
    return render_template("accounts/temporary_password.html", user=user, password=password)


@bp.route("/admin/users/new", methods=["GET", "POST"])
@admin_required
def new_user():
    form = _user_form()
    if form.validate_on_submit():
        created, _warnings = attempt(form, lambda: services.create_account(form.to_input(), current_user))
        if created is not None:
            user, password = created
            flash(_("The account %(email)s is created.", email=user.email), "success")
            return _password_shown_once(user, password)
    return render_template("accounts/user_form.html", form=form, user=None)


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@admin_required
def edit_user(user_id: int):
    user = services.get_user(user_id)
    form = _user_form(user)
    if form.validate_on_submit():
        saved, _warnings = attempt(form, lambda: services.update_user(user, form.to_input(), current_user))
        if saved is not None:
            flash(_("The account %(email)s is saved.", email=saved.email), "success")
            return redirect(url_for("accounts.edit_user", user_id=user.id))
    return render_template("accounts/user_form.html", form=form, user=user, api_tokens=api_tokens.tokens_of(user),
                           now=utcnow())


@bp.post("/admin/users/<int:user_id>/deactivate")
@bp.post("/admin/users/<int:user_id>/reactivate", endpoint="reactivate_user")
@admin_required
def deactivate_user(user_id: int):
    user = services.get_user(user_id)
    active = request.endpoint == "accounts.reactivate_user"
    if FlaskForm().validate_on_submit():
        services.set_active(user, active, current_user)  # a refusal is flashed (meetings/errors.py)
        flash(_("The account is active again.") if active else
              _("The account is deactivated: its sessions are ended and its calendar addresses revoked."), "info")
    return redirect(url_for("accounts.edit_user", user_id=user.id))


@bp.post("/admin/users/<int:user_id>/reset-password")
@admin_required
def reset_password(user_id: int):
    user = services.get_user(user_id)
    if not FlaskForm().validate_on_submit():
        return redirect(url_for("accounts.edit_user", user_id=user.id))
    return _password_shown_once(user, services.reset_password(user, current_user))
