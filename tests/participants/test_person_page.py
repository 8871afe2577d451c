"""The person's page reads in the page's language: dates written out, languages by their names,
a nationality that is a party's name given as that party's name in the page's language."""

from datetime import date

import pytest

from meetings.models import UserRole


@pytest.mark.parametrize("lang, expected, absent", [
    ("ru", ("4 марта 1971\u00a0г.", "6 мая 2031\u00a0г.", "английский, русский, казахский", "Казахстан"),
     ("1971-03-04", "2031-05-06", "en, ru", "Kazakhstan")),
    ("en", ("4 March 1971", "6 May 2031", "English, Russian, Kazakh", "Kazakhstan"),
     ("1971-03-04", "en, ru", "Казахстан")),
])
def test_the_person_page_in_each_language(client, auth, build, lang, expected, absent):
    meeting = build.meeting()
    person = build.registration(meeting, "KZ", family_name="Abenov", given_names="Nurlan", languages="en, ru, kk",
                                nationality="kazakhstan", date_of_birth=date(1971, 3, 4),
                                passport_expiry=date(2031, 5, 6)).person
    auth.login(UserRole.ORGANIZER)
    page = client.get(f"/people/{person.id}?lang={lang}").text
    assert [text for text in expected if text not in page] == []
    assert [text for text in absent if text in page] == []


def test_a_nationality_that_is_no_party_s_name_stays_as_typed(client, auth, build):
    person = build.registration(build.meeting(), "KZ", family_name="Seitkali", nationality="Kazakh, born in Almaty",
                                languages="kk, Latin").person
    auth.login(UserRole.ORGANIZER)
    page = client.get(f"/people/{person.id}?lang=ru").text
    assert '<span lang="en">Kazakh, born in Almaty</span>' in page and "казахский, Latin" in page
