from meetings.models import UserRole


def test_pages_render_for_an_organizer(client, auth, world):
    auth.login(UserRole.ORGANIZER)
    m = world.meeting.id
    for url in ["/parties", f"/parties/{world.kz.party_id}", f"/parties/{world.kz.party_id}/edit", "/people?q=a",
                f"/people/{world.kz_head.person_id}", f"/people/{world.kz_head.person_id}/edit",
                f"/meetings/{m}/participants", f"/meetings/{m}/participants/new",
                f"/meetings/{m}/participants/{world.kz_head.id}/edit", f"/meetings/{m}/participants/import",
                f"/meetings/{m}/delegations", f"/meetings/{m}/participants.csv", f"/meetings/{m}/participants.xlsx",
                f"/meetings/{m}/participants/import-template.csv", f"/meetings/{m}/participants?lang=ru"]:
        response = client.get(url)
        assert response.status_code == 200, url
