"""Language choice and bilingual data.

The language of a request: ``?lang=`` (exports and links), then the choice made with the switch
in the navigation (kept in the session), then the user's preference, then Accept-Language.
"""

from dataclasses import dataclass

from babel.core import get_global
from babel.dates import format_date, format_datetime, format_time
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape

from meetings.extensions import babel
from meetings.labels import label
from meetings.timeutil import local_dates, to_local


def select_locale() -> str:
    if not has_request_context():  # CLI, imports, tests calling services: the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    for candidate in (request.args.get("lang"), session.get("lang")):
        if candidate in languages:
            return candidate
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    return str(get_locale() or "en")


@dataclass(frozen=True)
class LocalizedText:
    """A bilingual value in the asked language; ``fallback`` when the other language stood in."""

    text: str
    lang: str
    fallback: bool

    def __str__(self) -> str:
        return self.text

    def __html__(self) -> str:
        if not self.fallback:
            return str(escape(self.text))
        # Never a blank: show the other language, marked so a reader knows why.
        return str(
            Markup('<span lang="{0}" class="fallback" title="{0}">{1} <small>[{2}]</small></span>').format(
                self.lang, self.text, self.lang.upper()
            )
        )


def localized(obj, field: str, lang: str | None = None) -> LocalizedText:
    """``obj.<field>_<lang>``, or the other language's value marked as a fallback."""
    lang = lang or current_language()
    other = "ru" if lang == "en" else "en"
    value = getattr(obj, f"{field}_{lang}", "") or ""
    if value.strip():
        return LocalizedText(value, lang, False)
    return LocalizedText(getattr(obj, f"{field}_{other}", "") or "", other, True)


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals.update(
        label=label,
        localized=localized,
        current_language=current_language,
        format_date_range=format_date_range,
        rescheduled_from=rescheduled_from,
        format_local_time=format_local_time,
        format_moment=format_moment,
    )
    app.jinja_env.filters["format_day"] = format_day
    app.jinja_env.filters["format_day_until"] = format_day_until
    app.jinja_env.filters["format_instant"] = format_instant


# Day-month-year, as international organisations write dates. CLDR's interval skeletons
# abbreviate months in Russian ("12–13 окт."), which official documents never do.
FULL_DATE = {"en": "d MMMM y", "ru": "d MMMM y 'г'."}
DAY_MONTH = {"en": "d MMMM", "ru": "d MMMM"}


def format_full_date(day, lang: str | None = None) -> str:
    """"9 December 2026" / "9 декабря 2026 г."."""
    lang = lang or current_language()
    return format_date(day, FULL_DATE[lang], locale=lang)


def format_date_range(start, end, tz: str, lang: str | None = None) -> str:
    """Local dates of [start, end): "12–13 October 2022", "12–13 октября 2022 г."."""
    return format_dates(*local_dates(start, end, tz), lang)


def format_dates(first, last, lang: str | None = None) -> str:
    """The days from ``first`` to ``last``: "12–13 October 2022", "12–13 октября 2022 г."."""
    lang = lang or current_language()
    full = format_full_date(last, lang)
    if first == last:
        return full
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{full}"
    if first.year == last.year:
        return f"{format_date(first, DAY_MONTH[lang], locale=lang)} – {full}"
    return f"{format_full_date(first, lang)} – {full}"


def rescheduled_from(meeting, lang: str | None = None) -> str:
    """"Rescheduled from 11–12 November 2024" for a meeting moved to new dates, else "": one text
    for its pages, feeds and documents (in the locale of the moment: feeds force theirs)."""
    if meeting.rescheduled_from_start is None:
        return ""
    return _("Rescheduled from %(dates)s",
             dates=format_dates(meeting.rescheduled_from_start,
                                meeting.rescheduled_from_end or meeting.rescheduled_from_start, lang))


def format_day(day, lang: str | None = None) -> str:
    """"Wednesday, 9 December 2026" / "среда, 9 декабря 2026 г." (day-month-year, not US order)."""
    lang = lang or current_language()
    return format_date(day, f"EEEE, {FULL_DATE[lang]}", locale=lang)


def territory_zones() -> dict[str, tuple[str, ...]]:
    """The IANA zones of each country (ISO 3166 code), from Babel's CLDR data."""
    return get_global("territory_zones")


# After «до» (until) a Russian weekday is in the genitive: «до воскресенья, 13 декабря».
GENITIVE_WEEKDAYS = {"понедельник": "понедельника", "вторник": "вторника", "среда": "среды", "четверг": "четверга",
                     "пятница": "пятницы", "суббота": "субботы", "воскресенье": "воскресенья"}


def format_day_until(day, lang: str | None = None) -> str:
    """A day as it follows "until": "Sunday, 13 December 2026" / "воскресенья, 13 декабря 2026 г."."""
    lang = lang or current_language()
    weekday, rest = format_day(day, lang).split(", ", 1)
    return f"{GENITIVE_WEEKDAYS.get(weekday, weekday) if lang == 'ru' else weekday}, {rest}"


def format_instant(instant, lang: str | None = None) -> str:
    """An instant for the reader, in UTC (the reader's zone is unknown to the server)."""
    return format_datetime(instant, "d MMM y, HH:mm 'UTC'", tzinfo=None, locale=lang or current_language())


def format_moment(instant, tz: str, lang: str | None = None) -> str:
    """"8 Dec, 23:30": an instant's local day and time in the meeting's zone."""
    local = to_local(instant, tz).replace(tzinfo=None)  # babel must not move it to UTC
    return format_datetime(local, "d MMM, HH:mm", locale=lang or current_language())


def format_local_time(instant, tz: str, lang: str | None = None) -> str:
    return format_time(to_local(instant, tz), "HH:mm", locale=lang or current_language())
