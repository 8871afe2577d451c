"""Language choice and bilingual data.

The language of a request: ``?lang=`` (exports and links), then the choice made with the switch
in the navigation (kept in the session), then the user's preference, then Accept-Language.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from babel import Locale
from babel.core import get_global
from babel.dates import format_date, format_datetime, format_time, get_timezone, get_timezone_location
from babel.numbers import format_decimal
from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape

from meetings.extensions import babel
from meetings.labels import label
from meetings.timeutil import is_valid_timezone, local_dates, to_local, utc_offset


def select_locale() -> str:
    if not has_request_context():  # CLI, imports, tests calling services: the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    for candidate in (request.args.get("lang"), session.get("lang")):
        if candidate in languages:
            return candidate
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    g.language_negotiated = True  # so the response says Vary: Accept-Language (meetings/http.py)
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
        format_dates=format_dates,
        rescheduled_from=rescheduled_from,
        format_local_time=format_local_time,
        format_moment=format_moment,
        zone_label=zone_label,
        zone_city=zone_city,
    )
    app.jinja_env.filters["format_day"] = format_day
    app.jinja_env.filters["format_full_date"] = format_full_date
    app.jinja_env.filters["format_instant"] = format_instant
    app.jinja_env.filters["format_number"] = format_number


# Day-month-year, as international organisations write dates. CLDR's interval skeletons
# abbreviate months in Russian ("12–13 окт."), which official documents never do. A no-break
# space keeps «г.» on the line of its year, as Russian typesetting requires.
NBSP = "\u00a0"
FULL_DATE = {"en": "d MMMM y", "ru": f"d MMMM y'{NBSP}г'."}
DAY_MONTH = {"en": "d MMMM", "ru": "d MMMM"}
MONTH_YEAR = {"en": "LLLL y", "ru": f"LLLL y'{NBSP}г'."}  # the stand-alone month name: «декабрь»


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
    """"Wednesday, 9 December 2026" / "Среда, 9 декабря 2026 г.": a day as a heading (capital first,
    as in the PDFs). Never inside a sentence: a Russian weekday there needs a case of its own."""
    lang = lang or current_language()
    text = format_date(day, f"EEEE, {FULL_DATE[lang]}", locale=lang)
    return text[:1].upper() + text[1:]


def format_month(day, lang: str | None = None, *, heading: bool = True) -> str:
    """"December 2026" / «Декабрь 2026 г.» as a heading; after a colon (``heading=False``) the Russian
    month stays lowercase: «Календарь мероприятий: декабрь 2026 г.»."""
    lang = lang or current_language()
    text = format_date(day, MONTH_YEAR[lang], locale=lang)
    return text[:1].upper() + text[1:] if heading else text


def format_number(number, lang: str | None = None) -> str:
    """A count or a limit with its thousands grouped: "10,000" / «10 000» (a no-break space in Russian)."""
    return format_decimal(number, locale=lang or current_language())


def whole_number_range(low: int, high: int) -> str:
    """The message for a count out of its bounds, the bounds grouped as every number shown."""
    return _("Enter a whole number from %(low)s to %(high)s.", low=format_number(low), high=format_number(high))


def zone_city(tz: str, lang: str | None = None) -> str:
    """The city a zone is named after, in the reader's language ("Baku" / «Баку»), never the raw
    IANA identifier, which means nothing to a delegate (the stored value stays IANA)."""
    return get_timezone_location(get_timezone(tz), locale=lang or current_language(), return_city=True)


def zone_label(tz: str, at: datetime | None = None, lang: str | None = None) -> str:
    """"Baku, UTC+4" / «Баку, UTC+4»: the city with the zone's offset at ``at`` (the meeting's
    start; now for a zone of no meeting), since a zone with summer time changes its offset."""
    city = zone_city(tz, lang)
    offset = utc_offset(tz, at or datetime.now(UTC))
    return offset if city == "UTC" else f"{city}, {offset}"


def territory_zones() -> dict[str, tuple[str, ...]]:
    """The IANA zones of each country (ISO 3166 code), from Babel's CLDR data."""
    return get_global("territory_zones")


def canonical_zone(name: str | None) -> str | None:
    """A zone's canonical identifier for an alias of it ("Asia/Calcutta" -> "Asia/Kolkata"), from
    CLDR: the two name one city, and a list of zones by city must show it once."""
    target = get_global("zone_aliases").get(name or "")
    return target if target and is_valid_timezone(target) else name


def format_instant(instant, lang: str | None = None) -> str:
    """"2 December 2026, 00:53 (UTC)" / «2 декабря 2026 г., 00:53 (UTC)»: an instant for the reader,
    in UTC (the reader's zone is unknown to the server), with the full date as everywhere else."""
    lang = lang or current_language()
    return format_datetime(instant, f"{FULL_DATE[lang]}, HH:mm '(UTC)'", tzinfo=None, locale=lang)


def format_moment(instant, tz: str, lang: str | None = None) -> str:
    """"8 December, 23:30" / «8 декабря, 23:30»: an instant's local day and time in the meeting's zone
    (months in full, as in every date the documents print)."""
    lang = lang or current_language()
    local = to_local(instant, tz).replace(tzinfo=None)  # babel must not move it to UTC
    return format_datetime(local, f"{DAY_MONTH[lang]}, HH:mm", locale=lang)


def format_wall_time(local: datetime, lang: str | None = None) -> str:
    """"9 December 2026, 09:00" / «9 декабря 2026 г., 09:00»: a wall-clock time of the meeting's zone,
    as a message to the reader says it (not the ISO form a machine reads)."""
    lang = lang or current_language()
    return format_datetime(local.replace(tzinfo=None), f"{FULL_DATE[lang]}, HH:mm", locale=lang)


def format_local_time(instant, tz: str, lang: str | None = None) -> str:
    return format_time(to_local(instant, tz), "HH:mm", locale=lang or current_language())


def language_name(tag: str, lang: str | None = None) -> str:
    """The language's name in the reader's language ("Chinese", "китайский"), else the tag."""
    locale = Locale(lang or current_language())
    language = tag.split("-")[0]
    return locale.languages.get(tag) or locale.languages.get(language) or tag


def after_colon(text: str) -> str:
    """A label written after a colon ("Status: Held"): Russian writes it in lower case («Статус:
    подтверждено → состоялось», «Абенов: аккредитован(а).»), English keeps its capital; an
    abbreviation («СМИД») stays."""
    first = text.split(" ", 1)[0]
    if current_language() == "ru" and not (len(first) > 1 and first.isupper()):  # «В работе», not «СМИД»
        return text[:1].lower() + text[1:]
    return text
