"""The delegations page: one table, a row per invited party with its counts and its reply changed
in the row, the totals under it, inviting still at hand."""

import re

from sqlalchemy import select

from meetings.extensions import db
from meetings.models import AccreditationStatus, AuditEntry, DelegationLevel, DelegationReply, UserRole
from tests.browser import read_page

S = AccreditationStatus
ROW = re.compile(r'<tr class="reply-(\w+)">\s*<th scope="row"><a [^>]*>([^<]*)</a>.*?'
                 r'<td class="number"[^>]*>(\d+)</td>\s*<td class="number"[^>]*>(\d+)</td>', re.S)
TOTAL = re.compile(r'<tfoot>.*?<td>([^<]*)</td>\s*(?:<td></td>\s*)+<td class="number">(\d+)</td>\s*'
                   r'<td class="number">(\d+)</td>', re.S)
COUNTS = re.compile(r'<ul class="counts"[^>]*>(.*?)</ul>', re.S)


def _page(client, meeting) -> str:
    return client.get(f"/meetings/{meeting.id}/delegations").get_data(as_text=True)


def test_one_row_per_party_with_counts_and_totals(client, auth, world, build):
    build.registration(world.meeting, "KZ", status=S.ACCREDITED)
    build.registration(world.meeting, "KZ", status=S.DECLINED)  # not coming: counted nowhere
    build.registration(world.meeting, "KZ", status=S.INVITED)  # not registered yet
    build.move(world.cn_head, S.ATTENDED)  # accredited, then seen at the meeting
    build.delegation(world.meeting, "IN")  # invited, nobody registered
    auth.login(UserRole.ORGANIZER)

    body = _page(client, world.meeting)

    assert ROW.findall(body) == [("pending", "China", "1", "1"), ("pending", "India", "0", "0"),
                                 ("pending", "Kazakhstan", "3", "1")]
    assert TOTAL.findall(body) == [("0 of 3 replied", "4", "2")]
    (counts,) = COUNTS.findall(body)
    assert re.findall(r"<li>\s*(.*?)\s*</li>", counts, re.S) == [
        "3 parties invited", "0 replied\n      (0 accepted, 0 declined)", "4 participants registered", "2 accredited"]
    assert body.count("<table") == 1


def test_the_table_costs_the_same_queries_for_more_parties(client, auth, world, build, count_queries):
    auth.login(UserRole.ORGANIZER)
    with count_queries() as few:
        assert client.get(f"/meetings/{world.meeting.id}/delegations").status_code == 200
    for code in ("IN", "TH", "MN", "AZ"):
        build.registration(world.meeting, code, status=S.ACCREDITED)
    with count_queries() as more:
        assert client.get(f"/meetings/{world.meeting.id}/delegations").status_code == 200
    assert more.count == few.count


def test_a_reply_changed_in_its_row_is_saved_and_audited(client, auth, world):
    organizer = auth.login(UserRole.ORGANIZER)
    url = f"/meetings/{world.meeting.id}/delegations"
    page = read_page(url, client.get(url))
    # The row's controls belong to the row's own form (form="..."), which holds nothing else.
    form = page.form(f"/meetings/{world.meeting.id}/delegations/{world.cn.id}")
    assert {f"d{world.cn.id}-reply", f"d{world.cn.id}-head", f"d{world.cn.id}-level"} <= form.names()
    assert not any(name.startswith(f"d{world.kz.id}-") for name in form.names())

    response = client.post(form.action, data=form.payload({f"d{world.cn.id}-reply": "declined"}))

    assert response.status_code == 302
    assert "The delegation is saved." in client.get(response.headers["Location"]).get_data(as_text=True)
    db.session.refresh(world.cn)
    db.session.refresh(world.kz)
    assert (world.cn.reply, world.cn.head_id) == (DelegationReply.DECLINED, world.cn_head.person_id)
    assert world.kz.reply is DelegationReply.PENDING  # the other rows are untouched
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "delegation.edited",
                                                        AuditEntry.object_id == world.cn.id)).one()
    assert (entry.user_id, entry.changes) == (organizer.id, {"reply": ["pending", "declined"]})
    body = _page(client, world.meeting)
    assert ("declined", "China", "1", "0") in ROW.findall(body)
    assert TOTAL.findall(body) == [("1 of 2 replied", "3", "0")]


def test_inviting_stays_on_the_page(client, auth, world, build):
    auth.login(UserRole.ORGANIZER)
    body = _page(client, world.meeting)
    assert f'action="/meetings/{world.meeting.id}/delegations/invite-members"' in body
    assert f'action="/meetings/{world.meeting.id}/delegations/invite"' in body
    response = client.post(f"/meetings/{world.meeting.id}/delegations/invite",
                           data={"parties": [build.party("IN").id]})
    assert response.status_code == 302
    assert ("pending", "India", "0", "0") in ROW.findall(_page(client, world.meeting))


def test_the_level_is_set_in_its_row_and_a_forged_one_is_refused(client, auth, world):
    auth.login(UserRole.ORGANIZER)
    url = f"/meetings/{world.meeting.id}/delegations"
    form = read_page(url, client.get(url)).form(f"/meetings/{world.meeting.id}/delegations/{world.cn.id}")
    response = client.post(form.action, data=form.payload({f"d{world.cn.id}-level": "minister"}))
    assert response.status_code == 302
    db.session.refresh(world.cn)
    assert world.cn.level is DelegationLevel.MINISTER
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "delegation.edited",
                                                        AuditEntry.object_id == world.cn.id)).one()
    assert entry.changes == {"level": [None, "minister"]}
    assert re.search(r'<option selected value="minister">|<option value="minister" selected>',
                     client.get(url).get_data(as_text=True))
    forged = form.payload({})
    forged[f"d{world.cn.id}-level"] = "emperor"  # not an option of the page
    page = client.post(form.action, data=forged, follow_redirects=True).get_data(as_text=True)
    assert "Choose a valid reply, head and level of the delegation." in page
    db.session.refresh(world.cn)
    assert world.cn.level is DelegationLevel.MINISTER
