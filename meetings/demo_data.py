"""The demo's facts: a realistic CICA calendar (real meetings of 2019-2025 and upcoming ones),
the shape of a day of a CICA meeting, fictional people and one account per role.

Meetings, places and dates follow shared/reference/CICA.md; meetings/demo.py loads them
through the same services as the pages.
"""

from dataclasses import dataclass
from datetime import date, time

from meetings.models import AgendaItemKind, MeetingFormat, MeetingStatus, UserRole, Visibility

# key: (name EN, name RU, city EN, city RU, zone, address EN, address RU,
#       rooms as (name EN, name RU, seats, interpretation booths))
VENUES = {
    "astana": ("Palace of Independence", "Дворец Независимости", "Astana", "Астана", "Asia/Almaty",
               "52 Tauelsizdik Ave", "просп. Тәуелсіздік, 52",
               [("Main Hall", "Главный зал", 400, 6), ("Hall A", "Зал А", 80, 2), ("Hall B", "Зал Б", 60, 2)]),
    "baku": ("Baku Congress Center", "Бакинский конгресс-центр", "Baku", "Баку", "Asia/Baku",
             "1 Heydar Aliyev Ave", "просп. Гейдара Алиева, 1",
             [("Plenary Hall", "Пленарный зал", 600, 8), ("Meeting Room 1", "Зал заседаний № 1", 60, 2),
              ("Meeting Room 2", "Зал заседаний № 2", 40, 0)]),
    "dushanbe": ("Kokhi Navruz", "Кохи Навруз", "Dushanbe", "Душанбе", "Asia/Dushanbe",
                 "Ismoili Somoni Ave", "просп. Исмоили Сомони", [("Grand Hall", "Большой зал", 500, 6)]),
    "xining": ("Qinghai International Conference Center", "Международный конференц-центр Цинхая", "Xining",
               "Синин", "Asia/Shanghai", "", "", [("Conference Hall", "Конференц-зал", 200, 4)]),
    "newyork": ("United Nations Headquarters", "Штаб-квартира ООН", "New York", "Нью-Йорк", "America/New_York",
                "405 E 42nd St", "Ист 42-я улица, 405", [("Conference Room 5", "Зал заседаний № 5", 120, 6)]),
}


@dataclass
class DemoMeeting:
    title_en: str
    title_ru: str
    type_code: str
    start: date
    end: date
    venue: str | None  # key of VENUES, None for online meetings
    host: str
    status: MeetingStatus = MeetingStatus.HELD
    number: int | None = None
    fmt: MeetingFormat = MeetingFormat.IN_PERSON
    visibility: Visibility = Visibility.PUBLIC
    tz: str | None = None  # for online meetings, the host's zone
    participants: bool = False  # delegations and people, for the meetings shown in detail
    # A real change of plans, made through the scheduling rules so the history is genuine:
    # (first planned date, venue key, format, reason) of a meeting moved to new dates, the reason of
    # a postponement until further notice (status POSTPONED), or a cancellation reason.
    postponed_from: tuple[date, str | None, MeetingFormat, str] | None = None
    postpone_reason: str = ""
    cancel_reason: str = ""
    # Indexes into the venue's rooms of the hall (plenaries, closed sessions) and of the room for
    # working sessions: meetings at one venue on one day keep to different rooms.
    rooms: tuple[int, int] = (0, -1)

    @property
    def end_time(self) -> time:
        return time(21, 0) if self.type_code == "SUMMIT" else time(18, 0)


# Meetings are named as meetings, not as the body that meets (a programme headed with the body's name
# printed it twice); bodies as named at the time (translations/GLOSSARY.md).
SOC_EN, SOC_RU = "Meeting of the CICA Senior Officials Committee", "Заседание Комитета старших должностных лиц (КСДЛ) СВМДА"
SWG_EN, SWG_RU = "Meeting of the CICA Special Working Group", "Заседание Специальной рабочей группы (СРГ) СВМДА"

# Titles of an earlier demo, by the new English title: a demo loaded before is renamed, not doubled.
FORMER_TITLES = {
    SOC_EN: ("Senior Officials Committee",), SWG_EN: ("Special Working Group",),
    "6th CICA Ministerial Meeting": ("6th Meeting of the CICA Ministerial Council",),
    "Meeting of the CICA Special Working Group and Senior Officials Committee":
        ("Special Working Group and Senior Officials Committee",),
}

MEETINGS = [
    DemoMeeting("5th CICA Summit", "Пятый саммит СВМДА", "SUMMIT", date(2019, 6, 14), date(2019, 6, 15),
                "dushanbe", "TJ", number=5),
    DemoMeeting("6th CICA Ministerial Meeting", "Шестое Совещание министров иностранных дел СВМДА", "MC",
                date(2021, 10, 11), date(2021, 10, 12), "astana", "KZ", number=6),
    DemoMeeting("6th CICA Summit", "Шестой саммит СВМДА", "SUMMIT", date(2022, 10, 12), date(2022, 10, 13),
                "astana", "KZ", number=6),
    DemoMeeting(SWG_EN, SWG_RU, "SWG", date(2023, 8, 21), date(2023, 8, 21),
                "astana", "KZ"),
    DemoMeeting(SOC_EN, SOC_RU, "SOC", date(2023, 8, 22),
                date(2023, 8, 22), "astana", "KZ"),
    DemoMeeting("11th CICA Think Tank Forum", "11-й Форум аналитических центров СВМДА", "TTF", date(2023, 8, 28),
                date(2023, 8, 29), "xining", "CN", number=11),
    DemoMeeting("Informal Meeting of the CICA Ministerial Council",
                "Неформальное заседание Совета министров иностранных дел (СМИД) СВМДА",
                "IMC", date(2023, 9, 21), date(2023, 9, 21), "newyork", "KZ"),
    DemoMeeting(SOC_EN, SOC_RU, "SOC", date(2023, 12, 12),
                date(2023, 12, 12), "astana", "KZ"),
    DemoMeeting(SWG_EN, SWG_RU, "SWG", date(2024, 3, 12), date(2024, 3, 12),
                "astana", "KZ"),
    DemoMeeting(SOC_EN, SOC_RU, "SOC", date(2024, 3, 14),
                date(2024, 3, 14), "astana", "KZ"),
    DemoMeeting(SWG_EN, SWG_RU, "SWG", date(2024, 6, 25), date(2024, 6, 25),
                None, "KZ", fmt=MeetingFormat.ONLINE, tz="Asia/Almaty"),
    DemoMeeting(SOC_EN, SOC_RU, "SOC", date(2024, 6, 27),
                date(2024, 6, 27), "astana", "KZ"),
    DemoMeeting(SWG_EN, SWG_RU, "SWG", date(2024, 12, 3), date(2024, 12, 3),
                "astana", "AZ"),
    DemoMeeting(SOC_EN, SOC_RU, "SOC", date(2024, 12, 4),
                date(2024, 12, 4), "astana", "AZ"),
    # Planned for Baku on 11 November 2024, held online on 17 December 2024: one meeting that moved.
    DemoMeeting("7th Meeting of the CICA Ministerial Council",
                "Седьмое заседание Совета министров иностранных дел (СМИД) СВМДА", "MC",
                date(2024, 12, 17), date(2024, 12, 17), None, "AZ", number=7, fmt=MeetingFormat.ONLINE,
                tz="Asia/Baku",
                postponed_from=(date(2024, 11, 11), "baku", MeetingFormat.IN_PERSON,
                                "Planned for Baku on 11 November 2024; held online on 17 December 2024.")),
    DemoMeeting(SWG_EN, SWG_RU, "SWG", date(2025, 2, 26), date(2025, 2, 26),
                "baku", "AZ"),
    DemoMeeting(SOC_EN, SOC_RU, "SOC", date(2025, 2, 27),
                date(2025, 2, 27), "baku", "AZ"),
    DemoMeeting("Meeting of the CICA Special Working Group and Senior Officials Committee",
                "Заседание Специальной рабочей группы (СРГ) и Комитета старших должностных лиц (КСДЛ) СВМДА",
                "SOC", date(2025, 7, 21),
                date(2025, 7, 21), "astana", "AZ"),
    DemoMeeting("13th CICA Think Tank Forum", "13-й Форум аналитических центров СВМДА", "TTF", date(2025, 9, 9),
                date(2025, 9, 10), "baku", "AZ", number=13),
    DemoMeeting("Informal Meeting of the CICA Ministerial Council",
                "Неформальное заседание Совета министров иностранных дел (СМИД) СВМДА",
                "IMC", date(2025, 9, 25), date(2025, 9, 25), "newyork", "AZ"),
    DemoMeeting("Expert Meeting on Energy Security", "Совещание экспертов по энергетической безопасности",
                "WORKSHOP", date(2026, 10, 20), date(2026, 10, 21), "baku", "AZ", status=MeetingStatus.CANCELLED,
                cancel_reason="Cancelled at the request of the coordinating states."),
    DemoMeeting(SWG_EN, SWG_RU, "SWG", date(2026, 12, 8), date(2026, 12, 8),
                None, "AZ", status=MeetingStatus.CONFIRMED, fmt=MeetingFormat.ONLINE, tz="Asia/Baku"),
    DemoMeeting(SOC_EN, SOC_RU, "SOC", date(2026, 12, 9),
                date(2026, 12, 10), "baku", "AZ", status=MeetingStatus.CONFIRMED, participants=True),
    DemoMeeting("Consultations on the Secretariat budget for 2027",
                "Консультации по бюджету Секретариата на 2027 год", "OTHER", date(2026, 12, 10), date(2026, 12, 10),
                "baku", "AZ", status=MeetingStatus.CONFIRMED, visibility=Visibility.RESTRICTED, participants=True,
                rooms=(1, 1)),
    DemoMeeting("7th CICA Summit", "Седьмой саммит СВМДА", "SUMMIT", date(2026, 12, 17), date(2026, 12, 18),
                "baku", "AZ", status=MeetingStatus.PLANNED, number=7, participants=True),
    DemoMeeting("Workshop on Countering the Use of ICT for Terrorist Purposes",
                "Семинар по противодействию использованию ИКТ в террористических целях", "WORKSHOP",
                date(2027, 2, 17), date(2027, 2, 18), "astana", "KZ", status=MeetingStatus.POSTPONED,
                visibility=Visibility.MEMBERS,
                postpone_reason="Postponed until further notice at the request of the coordinating states; "
                                "new dates will be agreed at the next SOC."),
    DemoMeeting(SOC_EN, SOC_RU, "SOC", date(2027, 3, 16),
                date(2027, 3, 17), "astana", "AZ", status=MeetingStatus.DRAFT),
]

# (party, honorific, given names, family name (Latin, as in the passport), given names, family name
# (Cyrillic: as in the documents of CIS countries, transliterated as the Secretariat writes the others),
# position EN, position RU, ministerial)
PEOPLE = [
    ("AZ", "H.E. Mr.", "Elnur", "Mammadli", "Эльнур", "Маммадли", "Deputy Minister of Foreign Affairs",
     "Заместитель министра иностранных дел", True),
    ("AZ", "Ms.", "Leyla", "Hasanova", "Лейла", "Гасанова", "Head of Division, MFA", "Начальник отдела МИД", False),
    ("KZ", "H.E. Mr.", "Nurlan", "Abenov", "Нурлан", "Абенов", "Deputy Minister of Foreign Affairs",
     "Заместитель министра иностранных дел", True),
    ("KZ", "Mr.", "Daniyar", "Seitkali", "Данияр", "Сейткали", "Counsellor, MFA", "Советник МИД", False),
    ("CN", "Mr.", "Wei", "Zhang", "Вэй", "Чжан", "Director-General, MFA", "Генеральный директор МИД", False),
    ("CN", "Ms.", "Lin", "Chen", "Линь", "Чэнь", "First Secretary", "Первый секретарь", False),
    ("RU", "Mr.", "Sergey", "Volkov", "Сергей", "Волков", "Director, Department of Asian Security, MFA",
     "Директор Департамента азиатской безопасности МИД", False),
    ("RU", "Ms.", "Anna", "Morozova", "Анна", "Морозова", "Counsellor, MFA", "Советник МИД", False),
    ("IN", "Mr.", "Rahul", "Mehta", "Рахул", "Мехта", "Joint Secretary, MEA", "Объединённый секретарь МИД Индии", False),
    ("TR", "Ms.", "Elif", "Yılmaz", "Элиф", "Йылмаз", "Head of Department, MFA", "Начальник департамента МИД", False),
    ("IR", "Mr.", "Reza", "Karimi", "Реза", "Карими", "Director-General, MFA", "Генеральный директор МИД", False),
    ("KR", "Mr.", "Min-jun", "Park", "Мин Джун", "Пак", "Director, MOFA", "Директор департамента МИД", False),
    ("TJ", "Mr.", "Farrukh", "Rahimov", "Фаррух", "Рахимов", "Ambassador-at-Large", "Посол по особым поручениям",
     False),
    ("UZ", "Mr.", "Bekzod", "Tursunov", "Бекзод", "Турсунов", "Head of Department, MFA", "Начальник управления МИД",
     False),
    ("KG", "Ms.", "Aizada", "Bekova", "Айзада", "Бекова", "Deputy Head of Department, MFA",
     "Заместитель начальника управления МИД", False),
    ("MN", "Mr.", "Bat-Erdene", "Ganbold", "Бат-Эрдэнэ", "Ганболд", "Director, MFA", "Директор департамента МИД", False),
    ("PS", "Mr.", "Omar", "Haddad", "Омар", "Хаддад", "Ambassador", "Посол", False),
    ("TH", "Ms.", "Siriporn", "Chaiyasit", "Сирипорн", "Чайясит", "Minister Counsellor", "Советник-посланник", False),
    ("VN", "Mr.", "Minh", "Nguyen", "Минь", "Нгуен", "Deputy Director-General, MOFA",
     "Заместитель генерального директора МИД", False),
    ("QA", "Mr.", "Khalid", "Al-Thani", "Халид", "Аль-Тани", "Director, MFA", "Директор департамента МИД", False),
    ("UN", "Ms.", "Maria", "Santos", "Мария", "Сантос", "Political Affairs Officer",
     "Сотрудник по политическим вопросам", False),
    ("CICA", "Mr.", "Arman", "Zhaksybekov", "Арман", "Жаксыбеков", "Director, CICA Secretariat",
     "Директор Секретариата СВМДА", False),
    ("CICA", "Ms.", "Saule", "Nurpeisova", "Сауле", "Нурпеисова", "Protocol Officer, CICA Secretariat",
     "Сотрудник протокольной службы Секретариата СВМДА", False),
    ("CICA", "Ms.", "Irina", "Kovalenko", "Ирина", "Коваленко", "Interpreter (EN/RU)", "Переводчик (англ./рус.)", False),
    # Registered by the focal point in Cyrillic only: English pages show the Cyrillic name.
    ("KZ", "Mr.", "", "", "Аскар", "Токаев", "Expert, MFA", "Эксперт МИД", False),
]

DEMO_PASSWORD = "cica-demo-2026"
DEMO_ACCOUNTS = [
    ("admin@example.org", "Demo Administrator", UserRole.ADMIN),
    ("organizer@example.org", "Demo Organizer", UserRole.ORGANIZER),
    ("staff@example.org", "Demo Staff", UserRole.STAFF),
    ("focal.kz@example.org", "Demo Focal Point (Kazakhstan)", UserRole.FOCAL_POINT),
    ("delegate@example.org", "Demo Delegate", UserRole.DELEGATE),
]


def slots(day_index: int, last_day: bool, type_code: str) -> list[tuple[time, time, str, str, AgendaItemKind]]:
    """The shape of a day of a CICA meeting, as in past programmes."""
    if day_index == 0:
        day = [
            (time(9, 0), time(9, 30), "Registration of delegations", "Регистрация делегаций", AgendaItemKind.OTHER),
            (time(9, 30), time(10, 0), "Opening of the meeting", "Открытие заседания", AgendaItemKind.PLENARY),
            (time(10, 0), time(10, 15), "Family photo", "Совместное фотографирование", AgendaItemKind.PHOTO),
            (time(10, 15), time(12, 30), "Statements of heads of delegation", "Выступления глав делегаций",
             AgendaItemKind.PLENARY),
        ]
    else:
        day = [
            (time(9, 30), time(12, 30), "Working session: Confidence Building Measures",
             "Рабочее заседание: меры доверия", AgendaItemKind.WORKING_SESSION),
        ]
    day.append((time(12, 30), time(14, 0), "Lunch break", "Перерыв на обед", AgendaItemKind.BREAK))
    if last_day:
        day += [
            (time(14, 0), time(16, 0), "Adoption of the final documents", "Принятие итоговых документов",
             AgendaItemKind.CLOSED_SESSION),
            (time(16, 0), time(16, 30), "Closing of the meeting", "Закрытие заседания", AgendaItemKind.PLENARY),
        ]
        if type_code == "SUMMIT":
            day.append((time(19, 0), time(21, 0), "Official reception", "Официальный приём", AgendaItemKind.RECEPTION))
    else:
        day.append((time(14, 0), time(17, 30), "Working session: draft documents", "Рабочее заседание: проекты документов",
                    AgendaItemKind.WORKING_SESSION))
    return day
