"""Realistic CICA calendars used by the golden-file tests and others."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from calendar_export import (
    Calendar,
    Entry,
    Person,
    build_calendar,
    build_invitation,
    load_zone,
)
from tests.calendar_export.parsers import ParsedEvent

HOST = "cica.example"
DTSTAMP = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
CREATED = datetime(2026, 1, 15, 8, 30, tzinfo=UTC)
MODIFIED = datetime(2026, 4, 20, 12, 45, 10, tzinfo=UTC)
SECRETARIAT = Person("secretariat@cica.example", "CICA Secretariat")

# Every special case of TEXT at once: Cyrillic, Chinese, emoji, the escaped characters
# (comma, semicolon, backslash) and line breaks (one given as CRLF, as browsers send them).
TRICKY = "Совещание СВМДА, 亚信会议; C:\\CICA\\New docs 🌏🇰🇿\r\nВторая строка\nthird line, ; \\"
TRICKY_LINE = "СВМДА, 亚信; back\\slash 🌏"  # for single-line fields


def feed(name: str, entries: tuple[Entry, ...], description: str = "") -> Calendar:
    return Calendar(
        name=name,
        description=description,
        source_url=f"https://{HOST}/calendar.ics",
        refresh=timedelta(hours=6),
        entries=entries,
    )


def summit() -> Calendar:
    """A two-day Summit without session times: all-day, exclusive end."""
    return feed(
        "CICA meetings",
        (
            Entry(
                uid=f"meeting-7@{HOST}",
                summary="Seventh CICA Summit",
                start=date(2026, 10, 14),
                end=date(2026, 10, 16),
                timezone="Asia/Almaty",
                created=CREATED,
                last_modified=MODIFIED,
                location="Palace of Independence, Astana, Kazakhstan",
                description=f"Council of Heads of State or Government.\nhttps://{HOST}/meetings/7",
                url=f"https://{HOST}/meetings/7",
                categories=("Summit",),
            ),
        ),
    )


def soc_almaty() -> Calendar:
    """Timed sessions of a Senior Officials Committee in Almaty (UTC+05:00 since March 2024)."""
    almaty = load_zone("Asia/Almaty")
    return feed(
        "CICA meetings",
        (
            Entry(
                uid=f"agenda-item-101@{HOST}",
                summary="SOC: opening plenary",
                start=datetime(2026, 7, 1, 10, 0, tzinfo=almaty),
                end=datetime(2026, 7, 1, 13, 0, tzinfo=almaty),
                timezone="Asia/Almaty",
                sequence=1,
                created=CREATED,
                last_modified=MODIFIED,
                location="Conference hall, Almaty",
                categories=("SOC", "plenary"),
            ),
            Entry(
                uid=f"agenda-item-102@{HOST}",
                summary="SOC: working session",
                # given in UTC: the builder writes it as Almaty wall time
                start=datetime(2026, 7, 1, 10, 0, tzinfo=UTC),
                end=datetime(2026, 7, 1, 13, 0, tzinfo=UTC),
                timezone="Asia/Almaty",
                created=CREATED,
                last_modified=MODIFIED,
                location="Room 2, Almaty",
                categories=("SOC",),
                classification="PRIVATE",
                status="TENTATIVE",
            ),
        ),
    )


def new_york_dst() -> Calendar:
    """Sessions in New York on either side of the end of daylight saving time (1 Nov 2026)."""
    new_york = load_zone("America/New_York")
    return feed(
        "CICA events at the United Nations",
        tuple(
            Entry(
                uid=f"agenda-item-{number}@{HOST}",
                summary=f"CICA side event, day {number - 200}",
                start=datetime(day.year, day.month, day.day, 10, 0, tzinfo=new_york),
                end=datetime(day.year, day.month, day.day, 12, 30, tzinfo=new_york),
                timezone="America/New_York",
                location="United Nations Headquarters, New York",
                url=f"https://{HOST}/meetings/12",
            )
            for number, day in ((201, date(2026, 10, 31)), (202, date(2026, 11, 3)))
        ),
    )


def cancelled() -> Calendar:
    """A cancelled meeting stays in the feed, with STATUS:CANCELLED and a higher SEQUENCE."""
    baku = load_zone("Asia/Baku")
    return feed(
        "CICA meetings",
        (
            Entry(
                uid=f"meeting-31@{HOST}",
                summary="CANCELLED: Special Working Group",
                start=datetime(2026, 6, 9, 9, 30, tzinfo=baku),
                end=datetime(2026, 6, 9, 17, 0, tzinfo=baku),
                timezone="Asia/Baku",
                sequence=3,
                status="CANCELLED",
                created=CREATED,
                last_modified=MODIFIED,
                location="Baku, Azerbaijan",
                categories=("SWG",),
            ),
        ),
    )


def postponed(after: bool) -> Calendar:
    """A Ministerial Council before and after its postponement: same UIDs, new dates,
    higher SEQUENCEs."""
    dushanbe = load_zone("Asia/Dushanbe")
    first_day = date(2026, 11, 10) if after else date(2026, 9, 22)
    return feed(
        "CICA meetings",
        (
            Entry(
                uid=f"meeting-40@{HOST}",
                summary="Ministerial Council",
                start=first_day,
                end=first_day + timedelta(days=2),
                timezone="Asia/Dushanbe",
                sequence=1 if after else 0,
                created=CREATED,
                last_modified=datetime(2026, 8, 1, 9, 0, tzinfo=UTC) if after else MODIFIED,
                location="Dushanbe, Tajikistan",
                categories=("Ministerial Council",),
            ),
            Entry(
                uid=f"agenda-item-401@{HOST}",
                summary="Ministerial Council: plenary",
                start=datetime(first_day.year, first_day.month, first_day.day, 10, 0, tzinfo=dushanbe),
                end=datetime(first_day.year, first_day.month, first_day.day, 13, 0, tzinfo=dushanbe),
                timezone="Asia/Dushanbe",
                sequence=1 if after else 0,
                created=CREATED,
                last_modified=datetime(2026, 8, 1, 9, 0, tzinfo=UTC) if after else MODIFIED,
                location="Dushanbe, Tajikistan",
            ),
        ),
    )


def tricky_texts() -> Calendar:
    """Every text field full of characters that need escaping, folding or multi-byte care."""
    shanghai = load_zone("Asia/Shanghai")
    return Calendar(
        name=TRICKY_LINE,
        description=TRICKY,
        source_url=f"https://{HOST}/calendar.ics?lang=ru&type=SOC",
        refresh=timedelta(days=1),
        entries=(
            Entry(
                uid=f"meeting-55@{HOST}",
                summary=TRICKY,
                start=datetime(2026, 8, 18, 9, 0, tzinfo=shanghai),
                end=datetime(2026, 8, 18, 18, 0, tzinfo=shanghai),
                timezone="Asia/Shanghai",
                location=TRICKY,
                description=TRICKY + "\n" + TRICKY,
                url=f"https://{HOST}/meetings/55?lang=ru",
                categories=(TRICKY_LINE.replace(",", ""), "Семинар; 研讨会 \\ 🤝"),
            ),
        ),
    )


LONG_TITLE = (
    "Workshop on confidence-building measures in the economic dimension: "
    "Семинар по мерам доверия в экономическом измерении, "
    "亚信经济领域信任措施研讨会 — with delegations of Member States, Observers and partner "
    "organisations (session 3 of 5) 🌏"
)


def long_title() -> Calendar:
    """A title far longer than a line, with multi-byte characters at fold points."""
    tashkent = load_zone("Asia/Tashkent")
    return feed(
        "CICA meetings",
        (
            Entry(
                uid=f"agenda-item-777@{HOST}",
                summary=LONG_TITLE,
                start=datetime(2026, 3, 3, 14, 0, tzinfo=tashkent),
                end=datetime(2026, 3, 3, 15, 30, tzinfo=tashkent),
                timezone="Asia/Tashkent",
                description=LONG_TITLE * 3,
            ),
        ),
    )


def sessions(zone_name: str, uid_prefix: str, starts: tuple[datetime, ...], hours: int = 3) -> tuple[Entry, ...]:
    """Timed sessions at the given wall times (naive, read in ``zone_name``), ``hours`` long."""
    zone = load_zone(zone_name)
    return tuple(
        Entry(
            uid=f"{uid_prefix}-{start:%Y%m%d%H%M}@{HOST}",
            summary=f"Session of {start:%d %B %Y}",
            start=start.replace(tzinfo=zone),
            end=start.replace(tzinfo=zone) + timedelta(hours=hours),
            timezone=zone_name,
            location=zone_name.rsplit("/", 1)[-1].replace("_", " "),
        )
        for start in starts
    )


# Feeds whose events span a change of their zone's rules (see calendar_export/zones.py).
def almaty_across_2024() -> Calendar:
    """Almaty before and after Kazakhstan moved from +06 to +05 (1 March 2024)."""
    starts = (datetime(2021, 6, 15, 10), datetime(2023, 9, 12, 10), datetime(2025, 4, 8, 10))
    return feed("CICA meetings", sessions("Asia/Almaty", "almaty", starts))


def new_york_years() -> Calendar:
    """New York in spring and autumn of 2019-2026: one DST rule all along."""
    starts = tuple(datetime(year, month, 12, 10) for year in range(2019, 2027) for month in (3, 11))
    return feed("CICA events at the United Nations", sessions("America/New_York", "un", starts))


def new_york_since_2005() -> Calendar:
    """New York in 2005-2006 (DST from April to October) and 2026 (March to November)."""
    starts = (
        datetime(2005, 3, 20, 10), datetime(2005, 10, 31, 10), datetime(2006, 7, 4, 10),
        datetime(2026, 3, 20, 10), datetime(2026, 10, 31, 10),
    )  # fmt: skip
    return feed("CICA events at the United Nations", sessions("America/New_York", "un", starts))


def istanbul_2015_2017() -> Calendar:
    """Istanbul under the EU rule in 2015 (summer time until 8 November, for the election),
    and in 2017 at +03 all year (Türkiye kept summer time in 2016)."""
    starts = (
        datetime(2015, 1, 20, 10), datetime(2015, 7, 7, 10), datetime(2015, 11, 3, 10),
        datetime(2017, 1, 17, 10), datetime(2017, 7, 11, 10),
    )  # fmt: skip
    return feed("CICA meetings", sessions("Europe/Istanbul", "istanbul", starts))


def sao_paulo_2018_2020() -> Calendar:
    """São Paulo with southern summer time in 2018, and at -03 all year since 2019."""
    starts = (
        datetime(2018, 1, 16, 10), datetime(2018, 7, 10, 10), datetime(2018, 12, 4, 10),
        datetime(2020, 1, 14, 10), datetime(2020, 12, 1, 10),
    )  # fmt: skip
    return feed("CICA meetings", sessions("America/Sao_Paulo", "saopaulo", starts))


def moscow_2010_2016() -> Calendar:
    """Moscow with summer time (2010), at +04 all year (2012), at +03 (2016)."""
    starts = (datetime(2010, 1, 19, 10), datetime(2010, 7, 6, 10), datetime(2012, 1, 17, 10), datetime(2016, 7, 5, 10))
    return feed("CICA meetings", sessions("Europe/Moscow", "moscow", starts))


def tehran_2021_2023() -> Calendar:
    """Tehran with summer time on fixed calendar days (2021), none since 2023."""
    starts = (datetime(2021, 1, 19, 10), datetime(2021, 7, 6, 10), datetime(2023, 7, 4, 10))
    return feed("CICA meetings", sessions("Asia/Tehran", "tehran", starts))


def mixed_changes() -> Calendar:
    """Several zones with changes in one feed, with a session the day before Almaty's change,
    another just after it, and one that lasts across it."""
    almaty = load_zone("Asia/Almaty")
    across = Entry(
        uid=f"almaty-across@{HOST}",
        summary="Night session across the change of offset",
        start=datetime(2024, 2, 29, 22, 0, tzinfo=almaty),
        end=datetime(2024, 3, 1, 2, 0, tzinfo=almaty),
        timezone="Asia/Almaty",
    )
    return feed(
        "CICA meetings",
        almaty_across_2024().entries
        + sessions("Asia/Almaty", "almaty-edge", (datetime(2024, 2, 29, 10), datetime(2024, 3, 1, 10)))
        + (across,)
        + istanbul_2015_2017().entries
        + new_york_since_2005().entries[:2]
        + new_york_years().entries[-2:],
    )


# name -> calendar, for the tests that read every feed the way Outlook does
RULE_CHANGES = {
    "almaty_across_2024": almaty_across_2024,
    "new_york_years": new_york_years,
    "new_york_since_2005": new_york_since_2005,
    "istanbul_2015_2017": istanbul_2015_2017,
    "sao_paulo_2018_2020": sao_paulo_2018_2020,
    "moscow_2010_2016": moscow_2010_2016,
    "tehran_2021_2023": tehran_2021_2023,
    "mixed_changes": mixed_changes,
}


def invitation_entry(*, cancelled: bool) -> Entry:
    almaty = load_zone("Asia/Almaty")
    return Entry(
        uid=f"agenda-item-101@{HOST}",
        summary="CANCELLED: SOC: opening plenary" if cancelled else "SOC: opening plenary",
        start=datetime(2026, 7, 1, 10, 0, tzinfo=almaty),
        end=datetime(2026, 7, 1, 13, 0, tzinfo=almaty),
        timezone="Asia/Almaty",
        sequence=2 if cancelled else 1,
        status="CANCELLED" if cancelled else "CONFIRMED",
        created=CREATED,
        last_modified=MODIFIED,
        location="Conference hall, Almaty",
    )


ATTENDEES = (
    Person("focal.point@mfa.example.kz", "Айгерим Сейтказы"),
    Person("delegate@mfa.example.cn", "王伟, Delegation of China"),
)


def invitation(*, cancelled: bool) -> bytes:
    return build_invitation(
        invitation_entry(cancelled=cancelled),
        method="CANCEL" if cancelled else "REQUEST",
        organizer=SECRETARIAT,
        attendees=ATTENDEES,
        dtstamp=DTSTAMP,
    )


def calendar_bytes(calendar: Calendar) -> bytes:
    return build_calendar(calendar, dtstamp=DTSTAMP)


# name of the golden file (without .ics) -> its bytes
GOLDEN = {
    "summit": lambda: calendar_bytes(summit()),
    "soc_almaty": lambda: calendar_bytes(soc_almaty()),
    "new_york_dst": lambda: calendar_bytes(new_york_dst()),
    "cancelled": lambda: calendar_bytes(cancelled()),
    "postponed_before": lambda: calendar_bytes(postponed(after=False)),
    "postponed_after": lambda: calendar_bytes(postponed(after=True)),
    "tricky_texts": lambda: calendar_bytes(tricky_texts()),
    "long_title": lambda: calendar_bytes(long_title()),
    "almaty_across_2024": lambda: calendar_bytes(almaty_across_2024()),
    "invitation_request": lambda: invitation(cancelled=False),
    "invitation_cancel": lambda: invitation(cancelled=True),
}


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# name of the golden file -> (uid, start, end) of each event, as every parser must read them
EXPECTED_EVENTS = {
    "summit": [ParsedEvent(f"meeting-7@{HOST}", date(2026, 10, 14), date(2026, 10, 16))],
    "soc_almaty": [  # Almaty is UTC+05:00
        ParsedEvent(f"agenda-item-101@{HOST}", utc(2026, 7, 1, 5), utc(2026, 7, 1, 8)),
        ParsedEvent(f"agenda-item-102@{HOST}", utc(2026, 7, 1, 10), utc(2026, 7, 1, 13)),
    ],
    "new_york_dst": [  # EDT (UTC-04:00) on 31 October, EST (UTC-05:00) on 3 November
        ParsedEvent(f"agenda-item-201@{HOST}", utc(2026, 10, 31, 14), utc(2026, 10, 31, 16, 30)),
        ParsedEvent(f"agenda-item-202@{HOST}", utc(2026, 11, 3, 15), utc(2026, 11, 3, 17, 30)),
    ],
    "cancelled": [  # Baku is UTC+04:00
        ParsedEvent(f"meeting-31@{HOST}", utc(2026, 6, 9, 5, 30), utc(2026, 6, 9, 13)),
    ],
    "postponed_before": [  # Dushanbe is UTC+05:00
        ParsedEvent(f"meeting-40@{HOST}", date(2026, 9, 22), date(2026, 9, 24)),
        ParsedEvent(f"agenda-item-401@{HOST}", utc(2026, 9, 22, 5), utc(2026, 9, 22, 8)),
    ],
    "postponed_after": [
        ParsedEvent(f"meeting-40@{HOST}", date(2026, 11, 10), date(2026, 11, 12)),
        ParsedEvent(f"agenda-item-401@{HOST}", utc(2026, 11, 10, 5), utc(2026, 11, 10, 8)),
    ],
    "tricky_texts": [  # Shanghai is UTC+08:00
        ParsedEvent(f"meeting-55@{HOST}", utc(2026, 8, 18, 1), utc(2026, 8, 18, 10)),
    ],
    "long_title": [  # Tashkent is UTC+05:00
        ParsedEvent(f"agenda-item-777@{HOST}", utc(2026, 3, 3, 9), utc(2026, 3, 3, 10, 30)),
    ],
    "almaty_across_2024": [  # +06 until 1 March 2024, +05 since
        ParsedEvent(f"almaty-202106151000@{HOST}", utc(2021, 6, 15, 4), utc(2021, 6, 15, 7)),
        ParsedEvent(f"almaty-202309121000@{HOST}", utc(2023, 9, 12, 4), utc(2023, 9, 12, 7)),
        ParsedEvent(f"almaty-202504081000@{HOST}", utc(2025, 4, 8, 5), utc(2025, 4, 8, 8)),
    ],
    "invitation_request": [
        ParsedEvent(f"agenda-item-101@{HOST}", utc(2026, 7, 1, 5), utc(2026, 7, 1, 8)),
    ],
    "invitation_cancel": [
        ParsedEvent(f"agenda-item-101@{HOST}", utc(2026, 7, 1, 5), utc(2026, 7, 1, 8)),
    ],
}
