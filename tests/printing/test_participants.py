import re

import pytest

from meetings.extensions import db
from meetings.models import AccreditationStatus, MeetingStatus, PartyKind, RegistrationRole, UserRole
from tests.printing.helpers import ARABIC, HEBREW, HOSTILE, LONG_WORD, in_order

URLS = ("/meetings/{id}/participants/print", "/meetings/{id}/participants/print.pdf", "/meetings/{id}/badges.pdf")


@pytest.fixture
def meeting(build):
    """China and Kazakhstan, whose order differs in English and Russian, and the Secretariat."""
    meeting = build.meeting(title_en="Senior Officials Committee", title_ru="Комитет старших должностных лиц",
                            status=MeetingStatus.CONFIRMED)
    # Registered in an order that is neither alphabetical nor head first; a head of delegation
    # becomes their delegation's head. Nobody is accredited now, so the badge sheet is empty
    # (badges are for the accredited; the one who attended got a number when accredited).
    build.registration(meeting, "KZ", family_name="Seitkali", honorific="Mr.", printed_name="Daniyar Seitkali",
                       printed_name_ru="Данияр Сейткали", position_en="Counsellor, MFA", position_ru="Советник МИД")
    build.registration(meeting, "KZ", role=RegistrationRole.HEAD_OF_DELEGATION, ministerial_level=True,
                       family_name="Zhakupov", honorific="H.E. Mr.", printed_name="H.E. Mr. Nurlan Zhakupov",
                       printed_name_ru="Нурлан Жакупов", position_en="Deputy Minister of Foreign Affairs",
                       position_ru="Заместитель министра иностранных дел")
    build.registration(meeting, "KZ", role=RegistrationRole.ADVISER, status=AccreditationStatus.REGISTERED,
                       family_name="Abenova", honorific="Ms.", printed_name="Aigerim Abenova",
                       printed_name_ru="Айгерим Абенова", position_en="Adviser", position_ru="Советник")
    build.registration(meeting, "CN", role=RegistrationRole.HEAD_OF_DELEGATION, status=AccreditationStatus.ATTENDED,
                       family_name="Zhang", honorific="Mr.", printed_name="Zhang Wei", printed_name_ru="Чжан Вэй",
                       position_en="Director-General, MFA", position_ru="Генеральный директор МИД")
    build.registration(meeting, "CICA", role=RegistrationRole.SECRETARIAT, family_name="Nurpeisova",
                       honorific="Ms.", printed_name="Saule Nurpeisova", printed_name_ru="Сауле Нурпеисова",
                       position_en="Protocol Officer", position_ru="Сотрудник протокола")
    # Not participants: invited, declined, cancelled.
    for status, name in ((AccreditationStatus.INVITED, "Invited Person"), (AccreditationStatus.DECLINED, "Declined Person"),
                         (AccreditationStatus.CANCELLED, "Cancelled Person")):
        build.registration(meeting, "KZ", status=status, printed_name=name, printed_name_ru=name)
    return meeting


@pytest.mark.parametrize("url", URLS)
def test_anonymous_users_are_sent_to_log_in(client, meeting, url):
    response = client.get(url.format(id=meeting.id))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("role", [UserRole.FOCAL_POINT, UserRole.DELEGATE])
def test_roles_outside_the_secretariat_are_refused(client, auth, meeting, url, role):
    auth.login(role)
    assert client.get(url.format(id=meeting.id)).status_code == 403
    assert client.get(url.format(id=999999)).status_code == 403  # refused before looking: no hint of existence


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("role", [UserRole.ADMIN, UserRole.ORGANIZER, UserRole.STAFF])
def test_secretariat_roles_print(client, auth, meeting, url, role, pdf_of):
    auth.login(role)
    missing = client.get(url.format(id=999999))
    assert missing.status_code == 404
    assert "Zhakupov" not in missing.get_data(as_text=True)
    response = client.get(url.format(id=meeting.id))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"  # personal data
    if url.endswith(".pdf"):
        text = pdf_of(response).words
    else:
        assert response.mimetype == "text/html"
        text = response.get_data(as_text=True)
    if url.endswith("/badges.pdf"):  # nobody here is accredited: a page saying so
        assert text == "No accredited participant has a badge number yet."
        return
    # The participants, and only them: not the invited, declined or cancelled.
    for name in ("Zhakupov", "Seitkali", "Abenova", "Zhang Wei", "Saule Nurpeisova"):
        assert name in text, name
    for name in ("Invited Person", "Declined Person", "Cancelled Person"):
        assert name not in text, name


def test_list_in_english(client, auth, meeting, pdf_of):
    auth.login(UserRole.STAFF)
    pdf = pdf_of(client.get(f"/meetings/{meeting.id}/participants/print.pdf?lang=en"))

    assert in_order(
        pdf.words, "LIST OF PARTICIPANTS", "registration has been received, accredited or confirmed",
        "MEMBER STATES",
        "China", "Mr. Zhang Wei HEAD OF DELEGATION Director-General, MFA",
        "Kazakhstan", "H.E. Mr. Nurlan Zhakupov HEAD OF DELEGATION Deputy Minister of Foreign Affairs",
        "Mr. Daniyar Seitkali DELEGATE Counsellor, MFA", "Ms. Aigerim Abenova ADVISER Adviser",
        "CICA SECRETARIAT", "Ms. Saule Nurpeisova SECRETARIAT Protocol Officer",
        "5 participants",
    )
    assert "H.E. Mr. H.E. Mr." not in pdf.text  # the honorific typed in the printed name is not doubled
    for absent in ("Invited Person", "Declined Person", "Cancelled Person", "Жакупов"):
        assert absent not in pdf.text


def test_list_in_russian_is_in_russian_order(client, auth, meeting, pdf_of):
    auth.login(UserRole.STAFF)
    pdf = pdf_of(client.get(f"/meetings/{meeting.id}/participants/print.pdf?lang=ru"))

    assert in_order(
        pdf.words, "СПИСОК УЧАСТНИКОВ", "ГОСУДАРСТВА-ЧЛЕНЫ",
        "Казахстан", "г-н Нурлан Жакупов ГЛАВА ДЕЛЕГАЦИИ Заместитель министра иностранных дел",
        "г-н Данияр Сейткали", "г-жа Айгерим Абенова",
        "Китай", "г-н Чжан Вэй ГЛАВА ДЕЛЕГАЦИИ Генеральный директор МИД",
        "СЕКРЕТАРИАТ СВМДА", "г-жа Сауле Нурпеисова",
        "5 участников", "Страница 1 из 1",
    )
    assert "Nurlan" not in pdf.text and "Invited Person" not in pdf.text


def test_russian_order_puts_yo_with_ye(client, auth, build, pdf_of):
    meeting = build.meeting()
    for code, name_en, name_ru in (("ZH", "Zhukovia", "Жуковия"), ("YO", "Yolkinia", "Ёлкиния"),
                                   ("EL", "Elisia", "Елисия"), ("AB", "Abria", "Абрия")):
        party = build.new_party(code, name_en, name_ru)
        build.registration(meeting, party, printed_name=f"Delegate of {name_en}", printed_name_ru=f"Делегат {code}")
    kz = build.party("KZ")
    for family in ("Яковлев", "Ёлкин", "Жуков", "Елисеев", "Верёвкин", "Веряев"):
        build.registration(meeting, kz, family_name_ru=family, printed_name_ru=family)
    auth.login(UserRole.STAFF)

    ru = pdf_of(client.get(f"/meetings/{meeting.id}/participants/print.pdf?lang=ru")).text
    en = pdf_of(client.get(f"/meetings/{meeting.id}/participants/print.pdf?lang=en")).text

    assert in_order(ru, "Абрия", "Елисия", "Ёлкиния", "Жуковия", "Казахстан")
    assert in_order(ru, "Верёвкин", "Веряев", "Елисеев", "Ёлкин", "Жуков", "Яковлев")
    assert in_order(en, "Abria", "Elisia", "Kazakhstan", "Yolkinia", "Zhukovia")


def test_hostile_and_foreign_names_print_safely(client, auth, build, pdf_of):
    meeting = build.meeting()
    build.registration(meeting, "KZ", printed_name=HOSTILE, position_en=LONG_WORD)
    build.registration(meeting, "KZ", printed_name=ARABIC, position_en="Arabic name")
    build.registration(meeting, "KZ", printed_name=HEBREW, position_en="Hebrew name")
    auth.login(UserRole.STAFF)

    html = client.get(f"/meetings/{meeting.id}/participants/print?lang=en").get_data(as_text=True)
    assert "<script>" not in html
    assert '<span class="printed-name" dir="auto">&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; O&#39;Brien &#34;Jr.&#34;</span>' in html
    assert f'<span class="printed-name" dir="auto">{ARABIC}</span>' in html
    assert f'<td class="position" dir="auto">{LONG_WORD}</td>' in html

    pdf = pdf_of(client.get(f"/meetings/{meeting.id}/participants/print.pdf?lang=en"))
    assert "".join(HOSTILE.split()) in pdf.flat
    assert LONG_WORD in pdf.flat and LONG_WORD not in pdf.text  # wrapped, not cut
    for name in (ARABIC, HEBREW):
        assert set(name.replace(" ", "")) <= set(pdf.normalized_text)


def test_list_loads_in_a_fixed_number_of_queries(client, auth, build, count_queries):
    small, large = build.meeting(), build.meeting()
    build.registration(small, "KZ")
    for n in range(30):
        build.registration(large, ("KZ", "CN", "IN", "CICA", None)[n % 5])
    auth.login(UserRole.STAFF)
    db.session.expire_all()

    counts, people = [], []
    for meeting in (small, large):
        with count_queries() as counter:
            response = client.get(f"/meetings/{meeting.id}/participants/print")
        assert response.status_code == 200
        counts.append(counter.count)
        people.append(len(set(re.findall(r"Family\d+", response.get_data(as_text=True)))))
    assert people == [1, 30]  # every participant is on the page whose queries were counted
    assert counts[0] == counts[1]
    assert "30 participants" in response.get_data(as_text=True)


def test_participants_without_a_party_are_listed_last(client, auth, build):
    meeting = build.meeting()
    build.registration(meeting, None, printed_name="Independent Expert", role=RegistrationRole.GUEST)
    build.registration(meeting, "KZ", printed_name="Kazakh Delegate")
    build.new_party("ZZ", "Zeta Organisation", "Организация Зета", kind=PartyKind.PARTNER_ORGANISATION)
    auth.login(UserRole.STAFF)

    html = client.get(f"/meetings/{meeting.id}/participants/print?lang=en").get_data(as_text=True)
    assert in_order(html, "Member States", "Kazakh Delegate", "Other participants", "Without a party",
                    "Independent Expert", "Guest")
    assert "Zeta Organisation" not in html  # a party without participants is not listed


def test_print_page_links_its_pdf(client, auth, meeting):
    auth.login(UserRole.STAFF)
    html = client.get(f"/meetings/{meeting.id}/participants/print?lang=ru").get_data(as_text=True)

    assert f'href="/meetings/{meeting.id}/participants/print.pdf?lang=ru"' in html
    assert f'href="/meetings/{meeting.id}/participants/print?lang=en"' in html


def test_an_honorific_typed_into_the_russian_printed_name_is_not_printed_twice(client, auth, build, pdf_of):
    # The import template's own example: "H.E. Mr." with the printed name "Г-н Нурлан Абенов".
    meeting = build.meeting()
    build.registration(meeting, "KZ", role=RegistrationRole.HEAD_OF_DELEGATION, status=AccreditationStatus.ACCREDITED,
                       badge_number=1,
                          honorific="H.E. Mr.", printed_name="H.E. Mr. Nurlan Abenov",
                          printed_name_ru="Г-н Нурлан Абенов")
    build.registration(meeting, "KZ", status=AccreditationStatus.ACCREDITED, badge_number=2, honorific="Ms.", printed_name="Ms. Aigerim Abenova",
                          printed_name_ru="г-жа Айгерим Абенова")
    auth.login(UserRole.STAFF)

    ru = pdf_of(client.get(f"/meetings/{meeting.id}/participants/print.pdf?lang=ru"))
    assert in_order(ru.words, "г-н Нурлан Абенов", "г-жа Айгерим Абенова")
    assert "Г-н" not in ru.text and ru.words.count("г-жа") == 1
    badges = pdf_of(client.get(f"/meetings/{meeting.id}/badges.pdf?lang=ru"))
    assert in_order(badges.words, "Нурлан Абенов Казахстан", "Айгерим Абенова Казахстан")
    assert "г-н" not in badges.text.casefold() and "г-жа" not in badges.text.casefold()
