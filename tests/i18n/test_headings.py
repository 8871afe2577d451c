"""Russian page headings are nouns and buttons verbs, even where English says both with one phrase:
the heading of the login page is «Вход в систему», its button «Войти» (the glossary's rule 5);
and a label names what it labels: the column of a programme is «Пункт программы»."""

import re

import pytest

from meetings.models import MeetingStatus, UserRole


def heading_and_buttons(html: str) -> tuple[str, list[str]]:
    heading = re.search(r"<h1[^>]*>\s*(.*?)\s*</h1>", html, re.S).group(1)
    buttons = [re.sub(r"<[^>]+>|\s+", " ", text).strip()
               for text in re.findall(r"<button[^>]*>(.*?)</button>", html, re.S)]
    return heading, buttons + re.findall(r'<input[^>]*type="submit"[^>]*value="([^"]*)"', html)


def test_login_page_heading_is_a_noun_its_button_a_verb(client):
    heading, buttons = heading_and_buttons(client.get("/login?lang=ru").get_data(as_text=True))
    assert heading == "Вход в систему"
    assert "Войти" in buttons
    heading, buttons = heading_and_buttons(client.get("/login?lang=en").get_data(as_text=True))
    assert heading == "Log in" and "Log in" in buttons


@pytest.mark.parametrize("lang, heading, button", [("ru", "Смена пароля", "Сменить пароль"),
                                                   ("en", "Change my password", "Change the password")])
def test_change_password_page(client, auth, lang, heading, button):
    auth.login(UserRole.STAFF)
    html = client.get(f"/account/password?lang={lang}").get_data(as_text=True)
    found_heading, buttons = heading_and_buttons(html)
    assert found_heading == heading and button in buttons


def test_programme_column_names_an_item_not_a_session(client, build):
    """A lunch break is no «заседание»: the column of the programme holds every kind of item."""
    meeting = build.meeting(status=MeetingStatus.CONFIRMED)
    build.item(meeting, title_en="Lunch break", title_ru="Перерыв на обед")
    html = client.get(f"/meetings/{meeting.id}?lang=ru").get_data(as_text=True)
    headers = re.findall(r'<th scope="col">([^<]*)</th>', html)
    assert "Перерыв на обед" in html and "Пункт программы" in headers and "Заседание" not in headers
