"""A realistic large programme: 500 entries over 5 days, in English and Russian, with parallel
sessions in 3-4 rooms at the same times (the shape of a Summit week with its side events).

``large_programme()`` describes it (pure data, deterministic); ``build_large_meeting(build)`` makes
it through the scheduling services, as the builders make everything else.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from meetings.models import AgendaItemKind, MeetingStatus

DAYS = 5
ITEMS = 500
START = datetime(2026, 12, 7, 4, 0, tzinfo=UTC)  # Monday, 08:00 in Baku (UTC+4)

ROOMS = (
    ("Plenary Hall", "Пленарный зал"),
    ("Conference Room A", "Конференц-зал А"),
    ("Conference Room B", "Конференц-зал Б"),
    ("Conference Room C", "Конференц-зал В"),
)

# Topics and aspects combine into 500 different titles of 50-130 characters.
TOPICS = (
    ("Energy security and the diversification of transit routes", "Энергетическая безопасность и диверсификация транзитных маршрутов"),
    ("Countering the financing of terrorism", "Противодействие финансированию терроризма"),
    ("Food security and sustainable agriculture", "Продовольственная безопасность и устойчивое сельское хозяйство"),
    ("Cybersecurity of critical infrastructure", "Кибербезопасность критически важной инфраструктуры"),
    ("Illicit trafficking in narcotic drugs and precursors", "Незаконный оборот наркотических средств и прекурсоров"),
    ("Water resources management in transboundary basins", "Управление водными ресурсами трансграничных бассейнов"),
    ("Transport corridors connecting Asia and Europe", "Транспортные коридоры между Азией и Европой"),
    ("Emergency response and disaster risk reduction", "Реагирование на чрезвычайные ситуации и снижение риска бедствий"),
    ("Youth exchanges and cooperation between universities", "Молодёжные обмены и сотрудничество университетов"),
    ("Tourism and the preservation of cultural heritage", "Туризм и сохранение культурного наследия"),
    ("Small and medium-sized enterprises and trade facilitation", "Малые и средние предприятия и упрощение процедур торговли"),
    ("Information and communication technologies in public administration", "Информационно-коммуникационные технологии в государственном управлении"),
    ("Environmental protection and the green economy", "Охрана окружающей среды и «зелёная» экономика"),
    ("Public health and epidemiological surveillance", "Общественное здравоохранение и эпидемиологический надзор"),
    ("Border security and management", "Безопасность и охрана границ"),
    ("Migration and the rights of migrant workers", "Миграция и права трудящихся-мигрантов"),
    ("Interfaith and intercultural dialogue", "Межрелигиозный и межкультурный диалог"),
    ("Non-proliferation of weapons of mass destruction", "Нераспространение оружия массового уничтожения"),
    ("Financial cooperation and payment systems", "Финансовое сотрудничество и платёжные системы"),
    ("Gender equality and the empowerment of women", "Гендерное равенство и расширение прав и возможностей женщин"),
)
ASPECTS = (
    ("national experience and best practices", "национальный опыт и передовая практика"),
    ("review of the implementation of confidence building measures", "обзор осуществления мер доверия"),
    ("priorities of the Chairmanship for 2027", "приоритеты Председательства на 2027 год"),
    ("presentation of the draft concept paper", "представление проекта концептуального документа"),
    ("the role of regional organisations", "роль региональных организаций"),
    ("capacity building and technical assistance", "наращивание потенциала и техническая помощь"),
    ("exchange of views", "обмен мнениями"),
    ("proposals of the Member States", "предложения государств-членов"),
    ("report of the Special Working Group", "доклад Специальной рабочей группы"),
    ("public-private partnership", "государственно-частное партнёрство"),
    ("statistics, indicators and monitoring", "статистика, показатели и мониторинг"),
    ("the way forward", "дальнейшие шаги"),
    ("lessons learned since the last Summit", "уроки, извлечённые после предыдущего саммита"),
    ("cooperation with the United Nations", "сотрудничество с Организацией Объединённых Наций"),
    ("legal framework and harmonisation of legislation", "правовая база и гармонизация законодательства"),
    ("financing of joint projects", "финансирование совместных проектов"),
    ("the contribution of think tanks and academia", "вклад аналитических центров и научного сообщества"),
    ("round table of the heads of delegation", "круглый стол глав делегаций"),
    ("presentations of the Observer States", "выступления государств-наблюдателей"),
    ("adoption of the recommendations", "принятие рекомендаций"),
    ("training of experts", "подготовка экспертов"),
    ("digital solutions", "цифровые решения"),
    ("regional dimension", "региональное измерение"),
    ("involvement of civil society", "участие гражданского общества"),
    ("conclusions of the moderator", "выводы модератора"),
)
DESCRIPTIONS = (
    ("Delegations present their national approaches and exchange views on possible joint activities.",
     "Делегации представляют национальные подходы и обмениваются мнениями о возможных совместных мероприятиях."),
    ("The Secretariat introduces the draft document circulated to the Member States in advance. "
     "Comments are invited in writing by the end of the week.",
     "Секретариат представляет проект документа, заранее направленный государствам-членам. "
     "Замечания просьба направить в письменном виде до конца недели."),
    ("Experts of the coordinating countries report on the activities carried out since the last meeting. "
     "A discussion follows. Interpretation into English and Russian is provided.",
     "Эксперты стран-координаторов докладывают о мероприятиях, проведённых после предыдущего заседания. "
     "Затем проводится обсуждение. Обеспечивается перевод на английский и русский языки."),
)
PEOPLE = (
    ("H.E. Mr.", "Elnur Mammadli", "Эльнур Мамедли"),
    ("Ms.", "Anna Morozova", "Анна Морозова"),
    ("Mr.", "Kairat Sarsenbayev", "Кайрат Сарсенбаев"),
    ("H.E. Ms.", "Nilufar Rashidova", "Нилуфар Рашидова"),
    ("Dr.", "Wang Lei", "Ван Лэй"),
    ("Mr.", "Rajesh Kumar Sharma", "Раджеш Кумар Шарма"),
    ("Ms.", "Aigerim Tokayeva", "Айгерим Токаева"),
    ("H.E. Mr.", "Mehmet Yilmaz", "Мехмет Йылмаз"),
    ("Mr.", "Farrukh Kholmatov", "Фаррух Холматов"),
    ("Ms.", "Oyunchimeg Batbayar", "Оюунчимэг Батбаяр"),
    ("Dr.", "Ali Reza Hosseini", "Али Реза Хоссейни"),
    ("Mr.", "Nguyen Van Minh", "Нгуен Ван Минь"),
)
# A day: the opening plenary, then slots of 20 minutes with a session in each of 3 or 4 rooms,
# a coffee break in the morning and in the afternoon, a lunch break.
BREAKS = {6: ("Coffee break", "Перерыв на кофе", 20), 13: ("Lunch", "Обед", 60), 21: ("Coffee break", "Перерыв на кофе", 20)}


@dataclass(frozen=True)
class Entry:
    start: datetime  # an instant
    minutes: int
    room: int | None  # an index of ROOMS
    kind: AgendaItemKind
    title_en: str
    title_ru: str
    description_en: str = ""
    description_ru: str = ""
    chair: int | None = None  # an index of PEOPLE
    speakers: tuple[int, ...] = ()


def _session(n: int, start: datetime, room: int) -> Entry:
    topic, aspect = TOPICS[n % len(TOPICS)], ASPECTS[(n // len(TOPICS)) % len(ASPECTS)]
    description = DESCRIPTIONS[(n // 3) % len(DESCRIPTIONS)] if n % 3 == 0 else ("", "")
    return Entry(start, 20, room, (AgendaItemKind.WORKING_SESSION, AgendaItemKind.PLENARY,
                                   AgendaItemKind.CLOSED_SESSION)[room % 3],
                 f"{topic[0]}: {aspect[0]}", f"{topic[1]}: {aspect[1]}", *description,
                 chair=n % len(PEOPLE), speakers=tuple((n + k) % len(PEOPLE) for k in range(1, 1 + n % 4)))


def large_programme() -> list[Entry]:
    """The 500 entries, ordered by start and room."""
    entries: list[Entry] = []
    per_day = ITEMS // DAYS
    sessions = 0
    for day in range(DAYS):
        at = START + timedelta(days=day, hours=1)  # 09:00
        opening = "Opening plenary of the day" if day else "Opening of the Summit week"
        opening_ru = "Открытие пленарного заседания дня" if day else "Открытие недели Саммита"
        entries.append(Entry(at, 30, 0, AgendaItemKind.PLENARY, f"{opening} ({day + 1})", f"{opening_ru} ({day + 1})",
                             chair=day, speakers=(day + 1, day + 2)))
        at += timedelta(minutes=30)
        count, slot = 1, 0
        while count < per_day:
            if slot in BREAKS:
                title_en, title_ru, minutes = BREAKS[slot]
                entries.append(Entry(at, minutes, None, AgendaItemKind.BREAK, title_en, title_ru))
                count += 1
                at += timedelta(minutes=minutes)
            else:
                rooms = 4 if slot % 3 else 3
                for room in range(min(rooms, per_day - count)):
                    entries.append(_session(sessions, at, room))
                    sessions += 1
                    count += 1
                at += timedelta(minutes=20)
            slot += 1
    assert len(entries) == ITEMS
    return entries


def build_large_meeting(build, *, status: MeetingStatus = MeetingStatus.CONFIRMED):
    """The meeting with the large programme, its rooms and people (through the services)."""
    meeting = build.meeting(title_en="7th CICA Summit week", title_ru="Неделя VII Саммита СВМДА", number=7,
                            starts_at=START, ends_at=START + timedelta(days=DAYS - 1, hours=14), status=status)
    venue = build.venue("Baku Congress Centre")
    rooms = [build.room(name, name_ru=name_ru, venue=venue) for name, name_ru in ROOMS]
    people = [build.person(honorific=honorific, printed_name=name, printed_name_ru=name_ru)
              for honorific, name, name_ru in PEOPLE]
    for entry in large_programme():
        build.item(meeting, entry.start, entry.title_en, entry.title_ru, minutes=entry.minutes, kind=entry.kind,
                   room=rooms[entry.room] if entry.room is not None else None,
                   chair=people[entry.chair] if entry.chair is not None else None,
                   speakers=[people[k] for k in entry.speakers],
                   description_en=entry.description_en, description_ru=entry.description_ru)
    return meeting
