"""Status words by their enum: "cancelled" is one string in four enums (a meeting, a registration,
a task, a visa letter), and each has its own Russian."""

from flask_babel import force_locale

from meetings.labels import choices, label
from meetings.models import (
    AccreditationStatus,
    DelegationReply,
    MeetingStatus,
    TaskStatus,
    UserRole,
    VisaLetterStatus,
)


def test_same_valued_members_of_different_enums_keep_their_own_labels(app):
    assert MeetingStatus.CANCELLED == AccreditationStatus.CANCELLED  # why one dict keyed by members failed
    with app.test_request_context(), force_locale("ru"):
        assert [label(s) for s in (MeetingStatus.CANCELLED, AccreditationStatus.CANCELLED, TaskStatus.CANCELLED,
                                   VisaLetterStatus.CANCELLED)] == [
            "Отменено", "Регистрация отменена", "Отменена", "Отменено"]
        assert [label(AccreditationStatus.DECLINED), label(DelegationReply.DECLINED)] == [
            "Отказ от участия", "Приглашение отклонено"]
        assert dict(choices(AccreditationStatus))["cancelled"] == "Регистрация отменена"
        assert dict(choices(TaskStatus))["cancelled"] == "Отменена"
        assert dict(choices(DelegationReply)) == {"pending": "Ответ ожидается", "accepted": "Приглашение принято",
                                                  "declined": "Приглашение отклонено"}


def test_statuses_of_people_do_not_depend_on_gender(app):
    with app.test_request_context(), force_locale("ru"):
        assert dict(choices(AccreditationStatus)) == {
            "invited": "Приглашён(а)", "registered": "Зарегистрирован(а)", "accredited": "Аккредитован(а)",
            "declined": "Отказ от участия", "cancelled": "Регистрация отменена", "attended": "Присутствовал(а)"}


def test_participants_page_in_russian_names_each_status_by_its_enum(client, auth, build):
    meeting = build.meeting()
    build.registration(meeting, "KZ", status=AccreditationStatus.CANCELLED)
    build.registration(meeting, "KZ", status=AccreditationStatus.ACCREDITED)
    auth.login(UserRole.ORGANIZER)
    page = client.get(f"/meetings/{meeting.id}/participants?lang=ru").get_data(as_text=True)
    assert "Регистрация отменена" in page and "Аккредитован(а)" in page
    assert ">Применить</button>" in page  # the status change, not a second «Изменить» beside the edit link
