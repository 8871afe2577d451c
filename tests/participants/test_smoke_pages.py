import csv
import io
import re

import openpyxl

from meetings.models import UserRole

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_pages_render_for_an_organizer(client, auth, world):
    auth.login(UserRole.ORGANIZER)
    m, party, person = world.meeting.id, world.kz.party_id, world.kz_head.person_id
    headings = {
        "/parties": "Parties",
        f"/parties/{party}": "Kazakhstan",
        f"/parties/{party}/edit": "Edit party (KZ)",
        "/people?q=a": "People",
        f"/people/{person}": "Nurlan Abenov",
        f"/people/{person}/edit": "Edit person",
        f"/meetings/{m}/participants": "List of participants",
        f"/meetings/{m}/participants/new": "Register a person",
        f"/meetings/{m}/participants/{world.kz_head.id}/edit": "Edit registration",
        f"/meetings/{m}/participants/import": "Import participants from a CSV file",
        f"/meetings/{m}/delegations": "Delegations",
        f"/meetings/{m}/participants?lang=ru": "Список участников",
    }
    for url, heading in headings.items():
        response = client.get(url)
        assert (response.status_code, response.mimetype) == (200, "text/html"), url
        assert re.findall(r"<h1>(.*?)</h1>", response.get_data(as_text=True), re.S) == [heading], url
    # The data pages show the people of the meeting.
    for url in (f"/meetings/{m}/participants", f"/people/{person}/edit", f"/meetings/{m}/participants/{world.kz_head.id}/edit"):
        assert "Abenov" in client.get(url).get_data(as_text=True), url
    assert "Zhang" in client.get(f"/meetings/{m}/participants").get_data(as_text=True)

    exported = client.get(f"/meetings/{m}/participants.csv")
    assert (exported.status_code, exported.mimetype) == (200, "text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert sorted(row["Family name"] for row in rows) == ["Abenov", "Seitkali", "Zhang"]
    workbook = client.get(f"/meetings/{m}/participants.xlsx")
    assert (workbook.status_code, workbook.mimetype) == (200, XLSX)
    header, *lines = openpyxl.load_workbook(io.BytesIO(workbook.data)).active.iter_rows(values_only=True)
    assert sorted(line[header.index("Family name")] for line in lines) == ["Abenov", "Seitkali", "Zhang"]
    template = client.get(f"/meetings/{m}/participants/import-template.csv")
    assert (template.status_code, template.mimetype) == (200, "text/csv")
    assert template.data.decode("utf-8-sig").startswith("party,family_name,given_names,role,")
