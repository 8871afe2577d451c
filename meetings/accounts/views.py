from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm

from meetings.accounts import services
from meetings.accounts.forms import LoginForm
from meetings.feeds import tokens as feed_tokens
from meetings.security import mark_private

bp = Blueprint("accounts", __name__)


def safe_next(target: str | None) -> str:
    """Only same-site paths, so the login form cannot be used to send people elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("calendar.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("calendar.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("Wrong e-mail or password."))
        else:
            lang = session.get("lang")
            session.clear()  # a fresh session on login: no fixation
            if lang:
                session["lang"] = lang
            login_user(user, remember=form.remember.data)
            flash(_("Welcome, %(name)s.", name=user.name or user.email), "success")
            return redirect(safe_next(request.args.get("next")))
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    form = FlaskForm()
    if form.validate_on_submit():
        logout_user()
        flash(_("You are logged out."), "info")
    return redirect(url_for("calendar.index"))


@bp.post("/language")
def set_language():
    """The language switch in the navigation; the choice is kept in the session."""
    form = FlaskForm()
    lang = request.form.get("lang", "")
    if form.validate_on_submit() and lang in ("en", "ru"):
        session["lang"] = lang
    return redirect(safe_next(request.form.get("next")))


@bp.get("/account")
@login_required
def account():
    mark_private()
    tokens = feed_tokens.tokens_of(current_user)
    return render_template("accounts/account.html", tokens=tokens, issuers=feed_tokens.issuers(tokens),
                           new_token=session.pop("new_feed_token", None))


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
