"""The opening of the Secretariat's letters (meetings.names.greeting): the invitation e-mail as
its recipient reads it, in each language, for each kind of honorific."""

from datetime import UTC, datetime

import pytest

from meetings.names import greeting
from tests.feeds.test_invitations import read_with_python, received_by, send_at

PEOPLE = [  # honorific, Latin family name, Cyrillic family name, English opening, Russian opening
    ("H.E. Mr.", "Mammadli", "Маммадли", "Excellency,", "Ваше Превосходительство!"),
    ("Mr.", "Seitkali", "Сейткали", "Dear Mr Seitkali,", "Уважаемый господин Сейткали!"),
    ("Ms.", "Hasanova", "Гасанова", "Dear Ms Hasanova,", "Уважаемая госпожа Гасанова!"),
    ("Mrs.", "Morozova", "Морозова", "Dear Mrs Morozova,", "Уважаемая госпожа Морозова!"),
    ("Mme", "Chen", "Чэнь", "Dear Ms Chen,", "Уважаемая госпожа Чэнь!"),
    ("г-н", "Volkov", "Волков", "Dear Mr Volkov,", "Уважаемый господин Волков!"),  # typed in Russian
    ("Dr.", "Karimi", "Карими", "Dear colleague,", "Уважаемый(ая) коллега!"),  # no gender: both forms, one addressee
    ("", "Park", "Пак", "Dear colleague,", "Уважаемый(ая) коллега!"),
]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_each_invitation_opens_with_the_greeting_of_its_language(mail_client, smtp, build, lang):
    _, inbox = smtp
    meeting = build.meeting()
    party = build.party("KZ" if lang == "ru" else "CN")  # Kazakhstan corresponds in Russian
    for n, (honorific, family, family_ru, *_openings) in enumerate(PEOPLE):
        build.registration(meeting, person=build.person(
            honorific=honorific, family_name=family, given_names="A", family_name_ru=family_ru, given_names_ru="А",
            email=f"p{n}@mfa.example.org", party=party))
    send_at(mail_client, meeting.id, datetime(2026, 11, 2, 9, tzinfo=UTC))
    for n, (*_person, english, russian) in enumerate(PEOPLE):
        (raw,) = received_by(inbox, f"p{n}@mfa.example.org")
        first_line = read_with_python(raw).parts["text/plain"].splitlines()[0]
        assert first_line == (russian if lang == "ru" else english)


def test_a_person_known_only_in_cyrillic_is_greeted_by_that_name_and_nobody_by_no_name(app_context, build):
    cyrillic_only = build.person(honorific="Mr.", family_name="", given_names="", family_name_ru="Токаев",
                                 given_names_ru="Аскар")
    assert greeting(cyrillic_only, "ru") == "Уважаемый господин Токаев!"
    assert greeting(cyrillic_only, "en") == "Dear Mr Токаев,"
    assert (greeting(None, "ru"), greeting(None, "en")) == ("Уважаемый(ая) коллега!", "Dear colleague,")
