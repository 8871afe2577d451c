"""Language choice, plural forms and date formats in both languages."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale, ngettext

from meetings.i18n import format_date_range
from meetings.models import UserRole

CATALOGUE = Path(__file__).resolve().parents[2] / "translations" / "ru" / "LC_MESSAGES" / "messages.po"


def test_accept_language_then_user_preference_then_switch(client, auth, build):
    assert '<html lang="ru">' in client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "de, en;q=0.5"}).get_data(as_text=True)
    auth.login(UserRole.STAFF)
    client.post("/account/language", data={"locale": "ru"})
    assert '<html lang="ru">' in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    client.post("/language", data={"lang": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert '<html lang="ru">' in client.get("/?lang=ru").get_data(as_text=True)


def test_unknown_language_values_are_ignored(client, auth, build):
    user = auth.login(UserRole.STAFF)
    client.post("/account/language", data={"locale": "xx"})
    assert user.locale == ""
    response = client.get("/?lang=<script>")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="en">' in body and "<script>" not in body  # the refused choice is not kept: English
    assert client.post("/language", data={"lang": "klingon", "next": "https://evil.example/"}).headers["Location"] == "/"


# Russian has three plural forms: "one" (1, 21, 101: ends in 1 but not 11), "few" (2-4, 22-24:
# ends in 2-4 but not 12-14) and "many" (the rest: 5-20, 11-14, 25, 111). Written out by hand,
# not computed, so a wrong Plural-Forms rule in the catalogue cannot agree with itself.
ONE, FEW, MANY = 0, 1, 2
NUMBERS = {1: ONE, 2: FEW, 4: FEW, 5: MANY, 11: MANY, 12: MANY, 14: MANY, 21: ONE, 22: FEW, 24: FEW, 25: MANY,
           101: ONE, 111: MANY}
# Every message with plural forms the app uses: (singular, plural) -> the Russian one, few, many.
RUSSIAN_PLURALS = {
    ("%(num)d participant accredited.", "%(num)d participants accredited."):
        ("{} участник аккредитован.", "{} участника аккредитованы.", "{} участников аккредитованы."),
    ("%(num)d participant declined.", "%(num)d participants declined."):
        ("Отказ оформлен для {} участника.", "Отказ оформлен для {} участников.", "Отказ оформлен для {} участников."),
    ("%(num)d participant registered", "%(num)d participants registered"):
        ("{} участник зарегистрирован", "{} участника зарегистрированы", "{} участников зарегистрированы"),
    ("%(num)d party invited", "%(num)d parties invited"):
        ("{} сторона приглашена", "{} стороны приглашены", "{} сторон приглашено"),
    ("%(num)d replied", "%(num)d replied"): ("{} сторона ответила", "{} стороны ответили", "{} сторон ответили"),
    ("%(num)d selected row is not in this list and was left out.",
     "%(num)d selected rows are not in this list and were left out."):
        ("{} выбранная строка не относится к этому списку и пропущена.",
         "{} выбранные строки не относятся к этому списку и пропущены.",
         "{} выбранных строк не относятся к этому списку и пропущены."),
    ("All %(num)d shown", "All %(num)d shown"): ("Все показанные ({})", "Все показанные ({})", "Все показанные ({})"),
    ("English and Russian were applied to %(num)d session.", "English and Russian were applied to %(num)d sessions."):
        ("Английский и русский языки назначены {} заседанию.", "Английский и русский языки назначены {} заседаниям.",
         "Английский и русский языки назначены {} заседаниям."),
    ("%(num)d Member State invited.", "%(num)d Member States invited."):
        ("Приглашено {} государство-член.", "Приглашено {} государства-члена.", "Приглашено {} государств-членов."),
    ("%(num)d accredited", "%(num)d accredited"):
        ("{} аккредитован", "{} аккредитованы", "{} аккредитованы"),
    ("%(num)d already registered and updated", "%(num)d already registered and updated"):
        ("{} уже зарегистрирован и обновлён", "{} уже зарегистрированы и обновлены",
         "{} уже зарегистрированы и обновлены"),
    ("%(num)d delegation", "%(num)d delegations"):
        ("{} делегация", "{} делегации", "{} делегаций"),
    ("%(num)d account", "%(num)d accounts"):
        ("{} учётная запись", "{} учётные записи", "{} учётных записей"),
    ("%(num)d head of delegation at ministerial level", "%(num)d heads of delegation at ministerial level"):
        ("{} глава делегации на министерском уровне", "{} главы делегаций на министерском уровне",
         "{} глав делегаций на министерском уровне"),
    ("%(num)d meeting", "%(num)d meetings"):
        ("{} мероприятие", "{} мероприятия", "{} мероприятий"),
    ("%(num)d participant", "%(num)d participants"):
        ("{} участник", "{} участника", "{} участников"),
    ("%(num)d party", "%(num)d parties"):
        ("{} сторона", "{} стороны", "{} сторон"),
    ("%(num)d party invited.", "%(num)d parties invited."):
        ("Приглашена {} сторона.", "Приглашено {} стороны.", "Приглашено {} сторон."),
    ("%(num)d person found", "%(num)d people found"):
        ("Найден {} человек", "Найдено {} человека", "Найдено {} человек"),
    ("%(num)d registration created", "%(num)d registrations created"):
        ("создана {} регистрация", "создано {} регистрации", "создано {} регистраций"),
    ("Invitation queued for %(num)d participant.", "Invitations queued for %(num)d participants."):
        ("Приглашение поставлено в очередь для {} участника.", "Приглашения поставлены в очередь для {} участников.",
         "Приглашения поставлены в очередь для {} участников."),
    ("%(num)d task of the standard checklist added.", "%(num)d tasks of the standard checklist added."):
        ("Добавлена {} задача из типового перечня.", "Добавлены {} задачи из типового перечня.",
         "Добавлено {} задач из типового перечня."),
    ("Send to %(num)d participant", "Send to all %(num)d participants"):
        ("Отправить {} участнику", "Отправить всем {} участникам", "Отправить всем {} участникам"),
    # logistics: accommodation
    ("%(num)d assignment lies outside these nights: change or remove it first.",
     "%(num)d assignments lie outside these nights: change or remove them first."):
        ("{} размещение выходит за пределы этих ночей: сначала измените или удалите его.",
         "{} размещения выходят за пределы этих ночей: сначала измените или удалите их.",
         "{} размещений выходят за пределы этих ночей: сначала измените или удалите их."),
    ("%(num)d room is assigned on the busiest night: the block cannot have fewer.",
     "%(num)d rooms are assigned on the busiest night: the block cannot have fewer."):
        ("В самую загруженную ночь занят {} номер: в блоке не может быть меньше.",
         "В самую загруженную ночь занято {} номера: в блоке не может быть меньше.",
         "В самую загруженную ночь занято {} номеров: в блоке не может быть меньше."),
    ("%(num)d guest", "%(num)d guests"): ("{} гость", "{} гостя", "{} гостей"),
    ("%(num)d room-night", "%(num)d room-nights"): ("{} номеро-ночь", "{} номеро-ночи", "{} номеро-ночей"),
    ("%(num)d room-night unused", "%(num)d room-nights unused"):
        ("{} номеро-ночь не использована", "{} номеро-ночи не использованы", "{} номеро-ночей не использовано"),
    ("released %(num)d day ago", "released %(num)d days ago"):
        ("снят с брони {} день назад", "снят с брони {} дня назад", "снят с брони {} дней назад"),
    ("in %(num)d day", "in %(num)d days"): ("через {} день", "через {} дня", "через {} дней"),
    # the logistics dashboard's attention items
    ('%(num)d accredited participant without a hotel', '%(num)d accredited participants without a hotel'):
        ('{} аккредитованный участник без гостиницы', '{} аккредитованных участника без гостиницы', '{} аккредитованных участников без гостиницы'),
    ('%(num)d accredited participant without an arrival', '%(num)d accredited participants without an arrival'):
        ('{} аккредитованный участник без сведений о прибытии', '{} аккредитованных участника без сведений о прибытии', '{} аккредитованных участников без сведений о прибытии'),
    ('%(num)d arrival in the next 48 hours', '%(num)d arrivals in the next 48 hours'):
        ('{} прибытие в ближайшие 48 часов', '{} прибытия в ближайшие 48 часов', '{} прибытий в ближайшие 48 часов'),
    ('%(num)d arrival without a pick-up decision', '%(num)d arrivals without a pick-up decision'):
        ('{} прибытие без решения о встрече', '{} прибытия без решения о встрече', '{} прибытий без решения о встрече'),
    ('%(num)d interpreter booked in two rooms at once', '%(num)d interpreters booked in two rooms at once'):
        ('{} переводчик назначен в два зала одновременно', '{} переводчика назначены в два зала одновременно', '{} переводчиков назначены в два зала одновременно'),
    ('%(num)d overdue task', '%(num)d overdue tasks'):
        ('{} просроченная задача', '{} просроченные задачи', '{} просроченных задач'),
    ('%(num)d room block past its release date with rooms unused', '%(num)d room blocks past their release date with rooms unused'):
        ('{} блок номеров с истёкшим сроком снятия брони и незанятыми номерами', '{} блока номеров с истёкшим сроком снятия брони и незанятыми номерами', '{} блоков номеров с истёкшим сроком снятия брони и незанятыми номерами'),
    ('%(num)d room block to release within 7 days with rooms unused', '%(num)d room blocks to release within 7 days with rooms unused'):
        ('{} блок номеров со снятием брони в ближайшие 7 дней и незанятыми номерами', '{} блока номеров со снятием брони в ближайшие 7 дней и незанятыми номерами', '{} блоков номеров со снятием брони в ближайшие 7 дней и незанятыми номерами'),
    ('%(num)d room under capacity for the expected attendance', '%(num)d rooms under capacity for the expected attendance'):
        ('{} зал не вмещает ожидаемое число участников', '{} зала не вмещают ожидаемое число участников', '{} залов не вмещают ожидаемое число участников'),
    ('%(num)d session missing interpretation', '%(num)d sessions missing interpretation'):
        ('{} заседание без устного перевода', '{} заседания без устного перевода', '{} заседаний без устного перевода'),
    ('%(num)d session with fewer interpretation booths than languages', '%(num)d sessions with fewer interpretation booths than languages'):
        ('{} заседание, где кабин для перевода меньше, чем языков', '{} заседания, где кабин для перевода меньше, чем языков', '{} заседаний, где кабин для перевода меньше, чем языков'),
    ('%(num)d task due in the next 7 days', '%(num)d tasks due in the next 7 days'):
        ('{} задача со сроком в ближайшие 7 дней', '{} задачи со сроком в ближайшие 7 дней', '{} задач со сроком в ближайшие 7 дней'),
    ('%(num)d visa letter issued but not sent', '%(num)d visa letters issued but not sent'):
        ('{} визовое письмо выдано, но не отправлено', '{} визовых письма выданы, но не отправлены', '{} визовых писем выданы, но не отправлены'),
    ('%(num)d visa letter requested but not issued', '%(num)d visa letters requested but not issued'):
        ('{} визовое письмо запрошено, но не выдано', '{} визовых письма запрошены, но не выданы', '{} визовых писем запрошены, но не выданы'),
    # the organizer's desk
    ("%(num)d day", "%(num)d days"): ("{} день", "{} дня", "{} дней"),
    ("%(num)d day overdue", "%(num)d days overdue"):
        ("просрочено на {} день", "просрочено на {} дня", "просрочено на {} дней"),
    ("Deadlines in the next %(num)d day", "Deadlines in the next %(num)d days"):
        ("Сроки в ближайший {} день", "Сроки в ближайшие {} дня", "Сроки в ближайшие {} дней"),
    ("Changes by focal points in the last %(num)d day", "Changes by focal points in the last %(num)d days"):
        ("Изменения, внесённые координаторами за последний {} день",
         "Изменения, внесённые координаторами за последние {} дня",
         "Изменения, внесённые координаторами за последние {} дней"),
    # the focal point's desk
    ('%(num)d invitation to a meeting to come', '%(num)d invitations to meetings to come'):
        ('{} приглашение на предстоящее мероприятие', '{} приглашения на предстоящие мероприятия', '{} приглашений на предстоящие мероприятия'),
    ('%(num)d item still missing', '%(num)d items still missing'):
        ('{} сведение ещё не представлено', '{} сведения ещё не представлены', '{} сведений ещё не представлено'),
    ('%(num)d reply pending', '%(num)d replies pending'):
        ('{} ответ ожидается', '{} ответа ожидаются', '{} ответов ожидаются'),
    ('%(num)d person of the delegation is still registered: decline or cancel the registration in the list of '
     'participants.', '%(num)d people of the delegation are still registered: decline or cancel their registrations '
     'in the list of participants.'):
        ('{} член делегации по-прежнему зарегистрирован: отклоните или отмените регистрацию в списке участников.',
         '{} члена делегации по-прежнему зарегистрированы: отклоните или отмените их регистрацию в списке участников.',
         '{} членов делегации по-прежнему зарегистрированы: отклоните или отмените их регистрацию в списке участников.'),
}


def test_every_plural_message_of_the_catalogue_is_checked():
    with open(CATALOGUE, "rb") as f:
        catalogue = read_po(f, locale="ru")
    assert catalogue.num_plurals == 3
    assert {message.id for message in catalogue if message.pluralizable} == set(RUSSIAN_PLURALS)


def test_no_translation_is_said_twice():
    """A merge of two branches once joined both sides of an entry: «…мероприятия (%(zone)s).Даты и время…»."""
    with open(CATALOGUE, "rb") as f:
        catalogue = read_po(f, locale="ru")
    doubled = []
    for message in catalogue:
        for text in message.string if isinstance(message.string, tuple) else (message.string,):
            half = len(text) // 2
            if text and text[:half] == text[half:]:
                doubled.append(message.id)
    assert doubled == []


def test_russian_plural_forms(app):
    # Through the app's own ngettext and compiled catalogue; every message, every number, one diff.
    with app.test_request_context(), force_locale("ru"):
        got = {(singular, n): ngettext(singular, plural, n) for singular, plural in RUSSIAN_PLURALS for n in NUMBERS}
    assert got == {(message[0], n): forms[NUMBERS[n]].format(n)
                   for message, forms in RUSSIAN_PLURALS.items() for n in NUMBERS}


def test_english_plural_forms(app):
    with app.test_request_context(), force_locale("en"):
        got = {n: ngettext("Invitation queued for %(num)d participant.", "Invitations queued for %(num)d participants.",
                           n) for n in (0, 1, 2, 11, 21, 101)}
    assert got == {0: "Invitations queued for 0 participants.", 1: "Invitation queued for 1 participant.",
                   2: "Invitations queued for 2 participants.", 11: "Invitations queued for 11 participants.",
                   21: "Invitations queued for 21 participants.", 101: "Invitations queued for 101 participants."}


@pytest.mark.parametrize(
    ("lang", "start", "end", "expected"),
    [
        ("en", datetime(2022, 10, 12, 4, tzinfo=UTC), datetime(2022, 10, 13, 12, tzinfo=UTC), "12–13 October 2022"),
        ("ru", datetime(2022, 10, 12, 4, tzinfo=UTC), datetime(2022, 10, 13, 12, tzinfo=UTC), "12–13 октября 2022\u00a0г."),
        ("en", datetime(2023, 9, 21, 4, tzinfo=UTC), datetime(2023, 9, 21, 10, tzinfo=UTC), "21 September 2023"),
        ("ru", datetime(2024, 11, 30, 4, tzinfo=UTC), datetime(2024, 12, 2, 12, tzinfo=UTC), "30 ноября – 2 декабря 2024\u00a0г."),
        ("en", datetime(2025, 12, 31, 4, tzinfo=UTC), datetime(2026, 1, 1, 12, tzinfo=UTC), "31 December 2025 – 1 January 2026"),
    ],
)
def test_date_ranges_in_both_languages(lang, start, end, expected):
    assert format_date_range(start, end, "Asia/Almaty", lang) == expected


def test_local_dates_follow_the_meeting_zone():
    # 20:00 UTC on 11 October is already 12 October in Astana (UTC+5).
    start = datetime(2022, 10, 11, 20, tzinfo=UTC)
    assert format_date_range(start, datetime(2022, 10, 12, 10, tzinfo=UTC), "Asia/Almaty", "en") == "12 October 2022"
