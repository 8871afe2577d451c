"""A day in the life of the app: every state-changing action through the real forms, then every
page, feed and export it could affect, as every role; full crawls at the start, middle and end.

The app's parts are tested alone elsewhere; this test catches what only a routine day shows (a
registration's status change that breaks the meeting's page for everyone, a feed that keeps its
ETag while its bytes change). It fails once, at the end, with every 5xx, unreadable document and
stale feed it met (step, role, URL, line of the app), and with every route no step reached: a
route added later must join the day.
"""

import csv
import io
import re
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from meetings.extensions import db
from meetings.models import (
    AgendaItem,
    ApiToken,
    Delegation,
    FeedToken,
    LoginSession,
    Meeting,
    OutboxMessage,
    Party,
    Person,
    Registration,
    Room,
    User,
    UserRole,
    Venue,
)
from meetings.printing import pdf as printing_pdf
from meetings.timeutil import to_local
from tests.browser import Browser, Day, Page, crawl, local_path
from tests.conftest import PASSWORD, Inbox, ServerLikeClient
from tests.day_documents import documents_day
from tests.day_logistics import after_postponement, logistics_day
from tests.day_protocol import protocol_day
from tests.documents.silence_rows import document
from tests.images import image_bytes
from tests.printing.helpers import read_pdf

ROLES = ("anonymous", "admin", "organizer", "staff", "focal_point", "other_focal_point", "delegate")
# Where each role starts a crawl: what its navigation and home pages are.
SEEDS = ["/", "/calendar", "/calendar?view=month", "/calendar?view=year", "/parties", "/people", "/account",
         "/manage/meetings", "/manage/venues", "/api/v1/meetings", "/api/v1/parties", "/api/v1/docs",
         "/api/v1/docs/assets/swagger-ui.css", "/api/v1/docs/assets/swagger-ui-bundle.js", "/calendar.ics", "/healthz",
         "/robots.txt", "/favicon.ico"]




class Today:
    """The day's cast (one browser per role), what they made, and the checks after each action."""

    def __init__(self, app, day: Day, inbox: Inbox) -> None:
        self.app = app
        self.day = day
        self.inbox = inbox
        self.browsers: dict[str, Browser] = {"anonymous": Browser(day, app.test_client(), "anonymous")}
        self.feeds: dict[str, bool] = {}  # personal feed URL -> still valid
        self.timings: dict[str, str] = {}

    def __getitem__(self, role: str) -> Browser:
        return self.browsers[role]

    def step(self, name: str) -> None:
        self.day.step = name

    def id_of(self, model, **where) -> int:
        """An id the app made, read as the app would (its own session, closed after)."""
        with self.app.app_context():
            found = db.session.scalar(select(model.id).filter_by(**where).order_by(model.id.desc()))
        assert found is not None, f"no {model.__name__} with {where}"
        return found

    def login(self, role: str, email_address: str) -> Browser:
        browser = Browser(self.day, self.app.test_client(), role)
        page = browser.page("/login")
        home = browser.submit(page.form("/login"), {"email": email_address, "password": PASSWORD})
        assert home.status == 200 and "Log out" in home.text, f"{role} is not logged in"
        self.browsers[role] = browser
        return browser

    # --- what an action may have changed, looked at by everyone ---------------------------

    def look(self, *, meetings=(), participants=False, people=(), parties=(), venues=(), pages=(), manage=(),
             roles=ROLES) -> None:
        """After an action: every page and export it could affect, as every role, then its feeds.

        ``participants``: the action changed who takes part (the lists and their exports, the
        meeting's history); otherwise it changed the meetings themselves (the calendar, the
        timetables, the JSON API, the public feed). ``pages``: more pages; ``manage``: more pages of
        organizers. ``roles``: those whose pages the action could change (all, but for a person's
        own settings).

        A page that differs by who asks (a meeting's page, the lists and their exports) is asked by
        every role, but for the admin, who has the organizer's rights (ORGANIZER_ROLES) and would get
        the organizer's pages: each checkpoint checks that they still answer alike (``twins``). A
        document that is the same for everyone who may see it (the print versions, the JSON of one
        meeting, the pages of organizers and of the Secretariat) is asked once, by the organizer: who
        may see it is decided as for the meeting's page (or by role alone), and every role asks for it
        in the crawls.
        """
        each, once = list(pages), list(manage)
        for m in meetings:
            each.append(f"/meetings/{m}")
            if participants:
                each += [f"/meetings/{m}/participants", f"/meetings/{m}/participants.csv",
                         f"/meetings/{m}/participants.xlsx"]
                once += [f"/meetings/{m}/participants/print", f"/api/v1/meetings/{m}/participants"]
            else:
                once += [f"/meetings/{m}/agenda", f"/manage/meetings/{m}/timetable", f"/api/v1/meetings/{m}"]
        if meetings and not participants:
            each += ["/", "/api/v1/meetings"]
            once.append("/manage/meetings")
        each += [f"/parties/{p}" for p in parties]
        once += [f"/people/{p}" for p in people] + [f"/manage/venues/{v}" for v in venues]
        for role in roles:
            if role in self.browsers and not (role == "admin" and "organizer" in roles):
                for url in each:
                    self[role].get(url)
        reader = self["organizer" if "organizer" in roles else roles[0]]
        for url in once:
            reader.get(url)
        # The meetings' own feeds are loaded whole, so bytes changed under an old ETag are caught at
        # the step that changed them (feeds of many meetings are loaded whole at the checkpoints);
        # the others are polled as calendar clients poll them.
        for m in meetings:
            self.fetch_feed(f"/meetings/{m}.ics")
        if meetings and not participants:
            self.fetch_feed("/calendar.ics", whole=False)
        if parties:
            self.fetch_feed("/calendar.ics?party=KZ")
        for url in self.feeds if meetings else ():
            self.fetch_feed(url, whole=False)

    def fetch_feed(self, url: str, *, whole: bool = True) -> None:
        """A feed as a calendar client polls it: loaded ``whole`` (or asked with the ETag last seen),
        then asked again with the ETag just given. A feed holds the same bytes for everyone who may
        see it (personal feeds: whoever holds the token), so one client asks: the admin, who sees
        every meeting. Who may see a meeting's feed is the rule of its page, looked at as every role
        (and every role follows the feed links in the crawls)."""
        etag = None if whole else self.day.latest_etag.get(url)
        for _ in range(2):
            response = self["admin"].feed(url, etag)
            if url in self.feeds and not self.feeds[url] and response.status_code != 404:
                self.day.fail("admin", "GET", url, response.status_code, "a revoked feed still answers")
            if response.status_code != 200:
                break  # 304 or 404: the client is up to date
            etag = response.headers.get("ETag")

    def checkpoint(self, name: str, pdfs: Callable[[str], bool] = lambda url: False) -> None:
        """The full crawl: every role from its start pages, following every link and GET form.
        PDFs are slow (a second or two each): each kind is rendered once, for the URL ``pdfs`` picks."""
        self.step(f"checkpoint: {name}")
        self.day.pdfs_rendered, self.day.feeds_loaded, self.day.probed = set(), set(), set()
        self.day.crawl_answers.clear()
        started, cpu, requests = time.perf_counter(), time.process_time(), self.day.requests
        for role, browser in self.browsers.items():
            # Personal feeds answer whoever holds the token the same: one client reads them.
            seeds = SEEDS + ["/login", *self.feeds] if role == "anonymous" else SEEDS
            crawl(self.day, browser, seeds, pdf_wanted=pdfs)
        self.twins("admin", "organizer")
        self.timings[name] = (f"{self.day.requests - requests} requests, {time.perf_counter() - started:.1f} s, "
                              f"CPU {time.process_time() - cpu:.1f} s")

    def twins(self, role: str, twin: str) -> None:
        """The per-action looks ask as ``twin`` for ``role`` (the same rights): every URL both met in
        the crawl must answer them alike, or the shortcut no longer holds."""
        def alike(status: int) -> int:
            return 200 if status == 304 else status  # a feed asked first in full, then with its ETag

        mine, theirs = self.day.crawl_answers[role], self.day.crawl_answers[twin]
        for url in sorted(mine.keys() & theirs.keys()):
            if alike(mine[url]) != alike(theirs[url]):
                self.day.fail(role, "GET", url, mine[url], f"answers {mine[url]} where {twin} gets {theirs[url]}: "
                              f"{role} is no longer {twin}'s twin, so Today.look must ask as {role} too")

    def new_feed(self, page: Page) -> str:
        """The personal feed address a page shows once: subscribed to at once, polled from now on."""
        address = next(local_path(link) for link in page.links if "/feeds/" in link)
        self.feeds[address] = True
        self.fetch_feed(address)
        return address

    def revoke_feed(self, address: str) -> None:
        """A revoked address answers 404 from now on (checked at every poll)."""
        self.feeds[address] = False
        self.fetch_feed(address)

    # --- actions through the forms ----------------------------------------------------------

    def save(self, role: str, url: str, values: dict, *, action: str | None = None, **form_filter) -> Page:
        """Open the page, fill in its form and save; warnings are read and accepted, as a person
        does after reading them (the form comes back with the warnings and a confirmation box)."""
        browser = self[role]
        page = browser.page(url)
        form = page.form(action or url.split("?")[0], **form_filter)
        values = {k: (v(form) if callable(v) else v) for k, v in values.items()}
        answer = browser.submit(form, values, expect_redirect=False)
        if answer.status == 200 and "confirm_warnings" in form.names():
            again = answer.form(form.action.split("?")[0])
            answer = browser.submit(again, {"confirm_warnings": True}, expect_redirect=False)
        if answer.status >= 500:
            return answer
        assert answer.status in (302, 303), (f"[{self.day.step}] {role}: {form.action} was refused "
                                             f"(HTTP {answer.status}): {answer.errors}")
        return browser.follow(answer.response)

    def click(self, role: str, url: str, action: str, *, button=None, values=None, **form_filter) -> Page:
        """A one-button form on a page (invite, delete, revoke, change status, ...)."""
        browser = self[role]
        form = browser.page(url).form(action, **form_filter)
        return browser.submit(form, values, button=button)

    def change_registration(self, role: str, meeting: int, registration: int, status: str, query: str = "") -> None:
        """The status form beside a participant in the list (filtered by ``query``, as it may be)."""
        self.step(f"{role} sets registration {registration} to {status}")
        self.click(role, f"/meetings/{meeting}/participants{query}",
                   f"/meetings/{meeting}/participants/{registration}/status", values={"status": status})
        with self.app.app_context():
            now = db.session.get(Registration, registration)
            assert now.status.value == status, f"registration {registration} is {now.status}, not {status}"
            person = now.person_id
        self.look(meetings=[meeting], participants=True, people=[person])


def meeting_values(title: str, type_label: str, start: date, days: int, **more):
    """What an organizer types into the meeting form."""
    values = {
        "title_en": title, "title_ru": more.pop("title_ru", "Заседание"),
        "type_id": lambda form: form.option("type_id", type_label),
        "start_date": start.isoformat(), "start_time": "09:00",
        "end_date": (start + timedelta(days=days - 1)).isoformat(), "end_time": "18:00",
        "timezone": "Asia/Almaty", "format": "in_person", "visibility": "public", "status": "planned",
    }
    for key in ("host_party_id", "chair_party_id", "venue_id"):
        if key in more:
            label = more.pop(key)
            values[key] = lambda form, key=key, label=label: form.option(key, label)
    values.update(more)
    return values


def test_a_day_in_the_life(make_app, build, smtp):
    started, cpu = time.perf_counter(), time.process_time()
    port, inbox = smtp
    app = make_app(
        WTF_CSRF_ENABLED=True,  # every post carries the token its form was given
        PROPAGATE_EXCEPTIONS=False,  # a broken page answers 500 as in production; the signal keeps the traceback
        MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_DELIVERY="inline",  # delivered after each response
        FEED_RATE_LIMIT="100000 per hour",  # the day polls feeds far more than one client may
        PDF_INLINE_MAX_HTML_BYTES=0,  # every PDF as a large one: rendered by a job (in-process), then stored
    )
    app.test_client_class = ServerLikeClient  # responses closed as a server closes them (the outbox's delivery)
    app.logger.disabled = True  # each 5xx is reported below, once, with its traceback (the logger is shared)
    day = Day(app)
    t = Today(app, day, inbox)
    today = datetime.now(UTC).date()
    try:
        live_through_the_day(t, build, today)
    finally:
        app.logger.disabled = False
        day.close()
        print(f"\n{day.requests} requests in {time.perf_counter() - started:.1f} s (CPU {time.process_time() - cpu:.1f} s);",
              "checkpoints:", t.timings)
        print(f"answering took {sum(s for _n, s in day.spent.values()):.1f} s; slowest endpoints (seconds, requests):",
              sorted(((round(s, 1), n, e) for e, (n, s) in day.spent.items()), reverse=True)[:8])
        print("slowest steps (seconds, requests):",
              sorted(((round(s, 1), n, step) for step, (n, s) in day.spent_by_step.items()), reverse=True)[:6])
        print(f"{len(day.failures)} failures:", *day.report(), sep="\n")
        print("The first traceback of each 5xx:", *day.tracebacks(), sep="\n")
        if day.notes:
            print("Links answering 4xx to the role they are shown to:\n" + "\n".join(sorted(day.notes)))

    # Every route, with each of its methods (a form posting to a page is a way in of its own).
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
    routes = {(r.endpoint, method) for r in rules for method in r.methods & {"GET", "POST"}}
    unreached = [f"{endpoint} ({method})" for endpoint, method in sorted(routes - day.reached())]
    print("GET routes no link or GET form leads to (reached by explicit requests):",
          sorted({r.endpoint for r in rules if "GET" in r.methods} - day.crawled))
    problems = day.report() + [f"route never reached by the day: {e}" for e in unreached]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def live_through_the_day(t: Today, build, today: date) -> None:
    # The accounts exist (made by the CLI or an admin); each person logs in through the form.
    users = {
        "admin": build.user(UserRole.ADMIN, email="admin@s-cica.org"),
        "organizer": build.user(UserRole.ORGANIZER, email="organizer@s-cica.org"),
        "staff": build.user(UserRole.STAFF, email="staff@s-cica.org"),
        "focal_point": build.user(UserRole.FOCAL_POINT, email="focal@mfa.kz", party_id=build.party("KZ").id),
        "other_focal_point": build.user(UserRole.FOCAL_POINT, email="focal@mofa.jp", party_id=build.party("JP").id),
    }
    t.step("log in")
    for role, user in users.items():
        t.login(role, user.email)
    kz, cn, jp = (t.id_of(Party, code=code) for code in ("KZ", "CN", "JP"))

    t.checkpoint("start")

    # --- venues and rooms ---------------------------------------------------------------------
    t.step("organizer adds a venue")
    t.save("organizer", "/manage/venues", {
        "name_en": "Palace of Independence", "name_ru": "Дворец Независимости", "city_en": "Astana",
        "city_ru": "Астана", "address": "Tauelsizdik Ave 52", "address_ru": "пр. Тәуелсіздік, 52",
        "timezone": "Asia/Almaty"}, action="/manage/venues")
    venue = t.id_of(Venue, name_en="Palace of Independence")
    t.look(venues=[venue], manage=["/manage/venues"])
    for name, name_ru, capacity, booths in (("Plenary Hall", "Пленарный зал", 600, 8), ("Room 1", "Зал 1", 40, 2),
                                            ("Spare room", "", 10, 0)):
        t.step(f"organizer adds the room {name}")
        t.save("organizer", f"/manage/venues/{venue}", {"name": name, "name_ru": name_ru, "capacity": capacity,
                                                          "interpretation_booths": booths},
               action=f"/manage/venues/{venue}/rooms")
        t.look(venues=[venue], manage=["/manage/venues"])
    plenary, room1, spare = (t.id_of(Room, name=n) for n in ("Plenary Hall", "Room 1", "Spare room"))
    t.step("organizer renames Room 1")
    t.save("organizer", f"/manage/rooms/{room1}/edit", {"name": "Committee Room 1", "capacity": 48})
    t.look(venues=[venue], manage=["/manage/venues"])
    t.step("organizer deletes the spare room")
    t.click("organizer", f"/manage/venues/{venue}", f"/manage/rooms/{spare}/delete")
    t.look(venues=[venue], manage=["/manage/venues"])
    t.step("organizer corrects the venue's address")
    t.save("organizer", f"/manage/venues/{venue}", {"address": "52 Tauelsizdik Avenue, Astana 010000"},
           action=f"/manage/venues/{venue}")
    t.look(venues=[venue], manage=["/manage/venues"])

    # --- meetings -------------------------------------------------------------------------------
    first_day = today + timedelta(days=40)
    plans = {
        "soc": meeting_values("Senior Officials Committee", "Senior Officials", first_day, 2, number=2,
                              title_ru="Комитет старших должностных лиц", host_party_id="Kazakhstan",
                              chair_party_id="Kazakhstan", venue_id="Palace of Independence",
                              city_en="Astana", city_ru="Астана",
                              registration_deadline=(today + timedelta(days=30)).isoformat()),
        "workshop": meeting_values("Workshop on energy security", "workshop", today + timedelta(days=60), 1,
                                   timezone="Asia/Baku", city_en="Baku", city_ru="Баку", format="hybrid",
                                   online_url="https://meet.example.org/cbm", visibility="members"),
        "swg": meeting_values("Special Working Group", "Special Working Group", today - timedelta(days=10), 1,
                              timezone="Asia/Tashkent", city_en="Tashkent", status="confirmed"),
        "ministerial": meeting_values("Ministerial Council", "Ministerial Council", first_day + timedelta(days=3), 1,
                                      visibility="restricted", city_en="Astana"),
        "summit": meeting_values("Seventh Summit", "Summit", today + timedelta(days=200), 2, status="draft"),
    }
    m = {}
    for key, values in plans.items():
        t.step(f"organizer creates the meeting {values['title_en']}")
        t.save("organizer", "/manage/meetings/new", values)
        m[key] = t.id_of(Meeting, title_en=values["title_en"])
        t.look(meetings=[m[key]])
    soc = m["soc"]
    t.step("organizer edits the SOC's description")
    t.save("organizer", f"/manage/meetings/{soc}/edit", {
        "description_en": "Annual meeting of the Senior Officials Committee.\nAgenda: CBMs.",
        "description_ru": "Ежегодное заседание КСДЛ.", "cbm_dimension": "Economic dimension"})
    t.look(meetings=[soc])

    # --- the SOC's timetable ---------------------------------------------------------------------
    entries = (("Opening plenary", "plenary", "09:30", "11:00", "Plenary Hall"),
               ("Coffee break", "break", "11:00", "11:30", None),
               ("Working session on CBMs", "working_session", "11:30", "13:00", "Committee Room 1"),
               ("Family photo", "photo", "13:00", "13:15", None))
    for title, kind, start, end, room in entries:
        t.step(f"organizer adds {title} to the timetable")
        values = {"day": first_day.isoformat(), "start_time": start, "end_time": end, "title_en": title,
                  "title_ru": f"{title} (ru)", "kind": kind}
        if room:
            values["room_id"] = lambda form, room=room: form.option("room_id", room)
        t.save("organizer", f"/manage/meetings/{soc}/timetable", values, action=f"/manage/meetings/{soc}/timetable")
        t.look(meetings=[soc])
    item_id = {title: t.id_of(AgendaItem, meeting_id=soc, title_en=title) for title, *_rest in entries}
    t.step("organizer moves the working session to the afternoon")
    t.save("organizer", f"/manage/meetings/{soc}/timetable/{item_id['Working session on CBMs']}/edit",
           {"start_time": "14:00", "end_time": "16:00", "documents": "CICA/SOC/2026/1\nCICA/SOC/2026/2"})
    t.look(meetings=[soc])
    t.step("organizer deletes the family photo")
    t.click("organizer", f"/manage/meetings/{soc}/timetable",
            f"/manage/meetings/{soc}/timetable/{item_id['Family photo']}/delete")
    t.look(meetings=[soc])
    t.step("organizer duplicates the coffee break for the afternoon")
    t.save("organizer", f"/manage/meetings/{soc}/timetable/{item_id['Coffee break']}/duplicate",
           {"title_en": "Afternoon coffee break", "start_time": "16.00", "end_time": "", "duration": "30"})
    with t.app.app_context():
        copy = db.session.get(AgendaItem, t.id_of(AgendaItem, meeting_id=soc, title_en="Afternoon coffee break"))
        assert (copy.kind.value, copy.title_ru, to_local(copy.ends_at, copy.meeting.timezone).strftime("%H:%M")) == (
            "break", "Coffee break (ru)", "16:30")
    t.look(meetings=[soc])

    # --- a draft decision of the SOC under silence ------------------------------------------------
    # The document is a row until the documents' own pages join the day (part A of issue 18 makes
    # it through them); its silence procedure goes through the organizer's forms.
    with t.app.app_context():
        draft = document(db.session.get(Meeting, soc), "CICA/SOC/2026/DEC.1",
                         item=db.session.get(AgendaItem, item_id["Opening plenary"]))
        draft_id = draft.id
    silence_page = f"/manage/meetings/{soc}/documents/{draft_id}/silence"
    t.step("organizer puts the draft decision under silence")
    t.save("organizer", silence_page, {"until_date": (first_day + timedelta(days=3)).isoformat(), "until_time": "18:00"})
    t.look(meetings=[soc], manage=[silence_page])
    t.step("organizer moves the silence deadline")
    t.save("organizer", silence_page, {"until_date": (first_day + timedelta(days=4)).isoformat(), "until_time": "12.00"})
    t.look(meetings=[soc])
    t.step("organizer lifts the silence procedure, then puts the draft under silence again")
    t.click("organizer", silence_page, f"{silence_page}/lift")
    t.save("organizer", silence_page, {"until_date": (first_day + timedelta(days=4)).isoformat(), "until_time": "12:00"})
    t.look(meetings=[soc])
    t.step("organizer records that Japan broke the silence")
    t.save("organizer", silence_page, {"outcome": "broken", "broken_by_id": lambda form: form.option("broken_by_id", "Japan")},
           action=f"{silence_page}/outcome")
    t.look(meetings=[soc], manage=[silence_page])

    # --- invitations of parties and the delegations' registrations --------------------------------
    t.step("organizer invites all Member States to the SOC")
    t.click("organizer", f"/meetings/{soc}/delegations", f"/meetings/{soc}/delegations/invite-members")
    t.look(meetings=[soc], participants=True, parties=[kz], manage=[f"/meetings/{soc}/delegations"])
    ministerial = m["ministerial"]
    t.step("organizer invites Kazakhstan and Japan to the restricted Ministerial Council")
    t.click("organizer", f"/meetings/{ministerial}/delegations", f"/meetings/{ministerial}/delegations/invite",
            values={"parties": [kz, jp]})
    t.look(meetings=[ministerial], participants=True, manage=[f"/meetings/{ministerial}/delegations"])

    people = (("head_of_delegation", "H.E. Mr.", "Abenov", "Nurlan", "n.abenov@mfa.kz", True),
              ("delegate", "Mr.", "Seitkali", "Daniyar", "d.seitkali@mfa.kz", False))
    for role, honorific, family, given, address, ministerial_level in people:
        t.step(f"focal point of Kazakhstan registers {given} {family}")
        t.save("focal_point", f"/meetings/{soc}/participants/new", {
            "role": role, "honorific": honorific, "family_name": family, "given_names": given, "email": address,
            "position_en": "Ministry of Foreign Affairs", "ministerial_level": ministerial_level})
        t.look(meetings=[soc], participants=True, people=[t.id_of(Person, family_name=family)],
               manage=[f"/meetings/{soc}/delegations"])
    abenov, seitkali = t.id_of(Person, family_name="Abenov"), t.id_of(Person, family_name="Seitkali")

    t.step("organizer finds the focal point's registrations on the desk, with a link to Kazakhstan's list")
    desk = t["organizer"].page("/desk/secretariat")
    assert "Registered: Daniyar Seitkali" in desk.text and "Registered: Nurlan Abenov" in desk.text, desk.text
    assert f"/meetings/{soc}/participants?party={kz}" in desk.links
    assert f"/meetings/{soc}/participants?status=registered" in desk.links  # two registrations to accredit
    t.look(pages=["/desk/secretariat?lang=ru", "/desk/secretariat?type=SOC&days=30&mine=1"],
           roles=["organizer", "staff"])

    # --- the focal point's desk: the reply, a badge photo, the party's calendar address ---------
    kz_at_soc = t.id_of(Delegation, meeting_id=soc, party_id=kz)
    t.step("focal point of Kazakhstan accepts the SOC from the desk, naming the head and the level")
    t.click("focal_point", "/desk/party", f"/desk/party/meetings/{soc}/reply", values={
        f"d{kz_at_soc}-reply": "accepted", f"d{kz_at_soc}-head": abenov, f"d{kz_at_soc}-level": "deputy_minister"})
    t.look(meetings=[soc], participants=True, pages=["/desk/party"], manage=[f"/meetings/{soc}/delegations"],
           roles=["focal_point", "organizer"])
    for person in (abenov, seitkali):
        t.step(f"focal point uploads the badge photo of person {person} from the desk")
        page = t["focal_point"].page(f"/people/{person}/photo/edit")
        t["focal_point"].submit(page.form(f"/people/{person}/photo/edit"), files={"photo": (image_bytes(), "photo.jpg")})
        t["focal_point"].get(f"/people/{person}/photo")
        t.look(people=[person], pages=["/desk/party"], roles=["focal_point", "organizer"])
    t.step("focal point removes Mr Seitkali's photo, taken in a hurry")
    t.click("focal_point", f"/people/{seitkali}/photo/edit", f"/people/{seitkali}/photo/delete")
    t.look(people=[seitkali], pages=["/desk/party"], roles=["focal_point", "organizer"])
    t.step("focal point creates the party's calendar address on the desk, then revokes it")
    party_feed = t.new_feed(t.click("focal_point", "/desk/party", "/desk/party/feed"))
    t.click("focal_point", "/desk/party", f"/desk/party/feeds/{t.id_of(FeedToken, party_id=kz)}/revoke")
    t.revoke_feed(party_feed)
    t.look(pages=["/desk/party", "/account"], roles=["focal_point"])

    t.step("focal point creates an API token for the ministry's calendar sync, which reads the API, then revokes it")
    account = t["focal_point"].page("/account")
    created = t["focal_point"].submit(account.form("/account/api-tokens"), {"name": "Ministry's calendar sync"},
                                      expect_redirect=False)
    secret = re.search(r'id="api-token" value="(cica_[^"]+)"', created.text)[1]
    script = Browser(t.day, t.app.test_client(), "calendar sync")  # no cookie: the token alone
    bearer = {"Authorization": f"Bearer {secret}"}
    answer = script.get(f"/api/v1/meetings/{soc}", headers=bearer)
    assert answer.status_code == 200 and "Set-Cookie" not in answer.headers, answer.get_data(as_text=True)
    assert script.get("/api/v1/meetings", headers=bearer).status_code == 200
    token_id = t.id_of(ApiToken, name="Ministry's calendar sync")
    t.click("focal_point", "/account", f"/account/api-tokens/{token_id}/revoke")
    assert script.get("/api/v1/meetings", headers=bearer).status_code == 401
    t.look(pages=["/account"], roles=["focal_point"])

    t.step("organizer's planning script, with the organizer's API token, adds an expert workshop and its "
           "opening through the API, renames it with the ETag it read, and a stale second change is refused")
    account = t["organizer"].page("/account")
    created = t["organizer"].submit(account.form("/account/api-tokens"), {"name": "Planning script"},
                                    expect_redirect=False)
    planner = Browser(t.day, t.app.test_client(), "planning script")
    planning_secret = re.search(r'id="api-token" value="(cica_[^"]+)"', created.text)[1]
    bearer = {"Authorization": f"Bearer {planning_secret}"}
    workshop_day = first_day + timedelta(days=20)
    made = planner.request("POST", "/api/v1/meetings", headers=bearer, json={
        "title": {"en": "Expert workshop on CBMs", "ru": "Экспертный семинар по МД"}, "type": "WORKSHOP",
        "timezone": "Asia/Almaty", "start": f"{workshop_day}T09:00", "end": f"{workshop_day}T18:00",
        "status": "planned", "venue_id": venue, "accept_warnings": True})
    assert made.status_code == 201, made.get_data(as_text=True)
    workshop = made.get_json()["meeting"]["id"]
    opening = planner.request("POST", f"/api/v1/meetings/{workshop}/items", headers=bearer, json={
        "title": {"en": "Opening", "ru": "Открытие"}, "start": f"{workshop_day}T09:00", "end": f"{workshop_day}T09:30"})
    assert opening.status_code == 201, opening.get_data(as_text=True)
    assert planner.get(opening.headers["Location"], headers=bearer).get_json() == opening.get_json()
    read = planner.get(f"/api/v1/meetings/{workshop}", headers=bearer)
    renamed = planner.request("PATCH", f"/api/v1/meetings/{workshop}", headers={**bearer, "If-Match": read.headers["ETag"]},
                              json={"title": {"en": "Expert workshop on confidence building measures"}})
    assert renamed.status_code == 200, renamed.get_data(as_text=True)
    stale = planner.request("PATCH", f"/api/v1/meetings/{workshop}", headers={**bearer, "If-Match": read.headers["ETag"]},
                            json={"number": 2})
    assert stale.status_code == 412, stale.get_data(as_text=True)
    timetable = t["organizer"].page(f"/manage/meetings/{workshop}/timetable")
    assert "Expert workshop on confidence building measures" in timetable.text and "Opening" in timetable.text
    trail = t["admin"].page(f"/admin/audit?meeting={workshop}")
    assert trail.text.count("through the API, token “Planning script”") == 3, trail.text  # made, entry, renamed
    t.look(meetings=[workshop], pages=["/account"], roles=["organizer", "anonymous"])

    t.step("admin creates the delegate's account (CLI); the delegate logs in")
    with t.app.app_context():
        result = t.app.test_cli_runner().invoke(args=[
            "users", "create", "d.seitkali@mfa.kz", "--role", "delegate", "--person-id", str(seitkali)],
            input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    t.login("delegate", "d.seitkali@mfa.kz")
    t.look(meetings=[soc, ministerial], participants=True, pages=["/", "/account"], roles=["delegate"])

    t.step("organizer registers a Secretariat officer with passport data")
    t.save("organizer", f"/meetings/{soc}/participants/new", {
        "party_id": lambda form: form.option("party_id", "CICA Secretariat"), "role": "secretariat",
        "family_name": "Omarova", "given_names": "Aigerim", "email": "a.omarova@s-cica.org",
        "phone": "+7 7172 00 00 01", "passport_number": "N00000001", "passport_expiry": "2031-01-31",
        "nationality": "Kazakhstan", "date_of_birth": "1985-06-15"})
    t.look(meetings=[soc], participants=True, people=[t.id_of(Person, family_name="Omarova")])

    t.step("organizer finds the delegate and registers him for the Ministerial Council")
    search = t["organizer"].page(f"/meetings/{ministerial}/participants/new?q=Seitkali")
    known = next(link for link in search.links if f"person={seitkali}" in link)
    t.save("organizer", known, {"role": "adviser"})
    t.look(meetings=[ministerial], participants=True, people=[seitkali])

    kz_delegation = t.id_of(Delegation, meeting_id=soc, party_id=kz)
    t.step("organizer records Kazakhstan's acceptance and its head of delegation")
    t.click("organizer", f"/meetings/{soc}/delegations", f"/meetings/{soc}/delegations/{kz_delegation}",
            values={f"d{kz_delegation}-reply": "accepted", f"d{kz_delegation}-head": abenov})
    t.look(meetings=[soc], participants=True, manage=[f"/meetings/{soc}/delegations"])

    t.step("organizer imports China's delegation from a CSV file")
    template = t["organizer"].get(f"/meetings/{soc}/participants/import-template.csv")
    columns = next(csv.reader(io.StringIO(template.data.decode("utf-8-sig"))))
    rows = [{"party": "CN", "family_name": "Zhang", "given_names": "Wei", "role": "head_of_delegation",
             "email": "zhang.wei@mfa.example.cn", "ministerial_level": "no", "position_en": "Ambassador"},
            {"party": "CN", "family_name": "Li", "given_names": "Na", "role": "adviser",
             "email": "li.na@mfa.example.cn", "passport_number": "E12345678", "passport_expiry": "2030-02-28"}]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    page = t["organizer"].page(f"/meetings/{soc}/participants/import")
    t["organizer"].submit(page.form(has="file"), files={"file": (out.getvalue().encode(), "china.csv")})
    zhang, li = t.id_of(Person, family_name="Zhang"), t.id_of(Person, family_name="Li")
    t.look(meetings=[soc], participants=True, people=[zhang, li], manage=[f"/meetings/{soc}/delegations"])

    seitkali_soc = t.id_of(Registration, meeting_id=soc, person_id=seitkali)
    t.step("focal point corrects the delegate's position")
    t.save("focal_point", f"/meetings/{soc}/participants/{seitkali_soc}/edit",
           {"position_en": "Counsellor, Department of Asia", "languages": "kk, ru, en"})
    t.look(meetings=[soc], participants=True, people=[seitkali])
    t.step("organizer edits the head of delegation's record")
    t.save("organizer", f"/people/{abenov}/edit", {"position_en": "Deputy Minister of Foreign Affairs",
                                                  "passport_number": "N11112222"})
    t.look(meetings=[soc], participants=True, people=[abenov])
    t.step("organizer edits Kazakhstan's party record")
    t.save("organizer", f"/parties/{kz}/edit", {"name_en": "Republic of Kazakhstan", "joined_year": 1992})
    t.look(meetings=[soc], participants=True, parties=[kz], pages=["/parties"],
           manage=[f"/meetings/{soc}/delegations"])

    t.step("organizer names the chair and speakers of the opening plenary")
    t.save("organizer", f"/manage/meetings/{soc}/timetable/{item_id['Opening plenary']}/edit", {
        "chair_id": abenov, "speaker_ids": [seitkali, zhang]})
    t.look(meetings=[soc])

    # --- calendar addresses and e-mail ----------------------------------------------------------
    addresses = {}
    for role, label in (("delegate", "phone"), ("focal_point", "office"), ("admin", "Outlook"),
                        ("organizer", "old laptop")):
        t.step(f"{role} creates a personal calendar address")
        addresses[role] = t.new_feed(t.click(role, "/account", "/account/feeds", values={"label": label}))
        t.look(pages=["/account"], roles=[role])
    t.step("organizer revokes the address of the old laptop")
    token = t.id_of(FeedToken, label="old laptop")
    t.click("organizer", "/account", f"/account/feeds/{token}/revoke")
    t.revoke_feed(addresses["organizer"])
    t.look(pages=["/account"], roles=["organizer"])

    zhang_soc = t.id_of(Registration, meeting_id=soc, person_id=zhang)
    t.step("organizer issues a calendar address for Mr Zhang, who has no account")
    page = t.click("organizer", f"/manage/meetings/{soc}/invitations",
                   f"/manage/meetings/{soc}/invitations/{zhang_soc}/feed")
    t.new_feed(page)
    t.look(manage=[f"/manage/meetings/{soc}/invitations"])
    t.step("organizer issues Mr Zhang a second address, sent to a wrong address, and revokes it on the same page")
    page = t.click("organizer", f"/manage/meetings/{soc}/invitations",
                   f"/manage/meetings/{soc}/invitations/{zhang_soc}/feed")
    wrong = t.new_feed(page)
    token = t.id_of(FeedToken, person_id=zhang)  # the newest of his two
    t.click("organizer", f"/manage/meetings/{soc}/invitations", f"/manage/meetings/{soc}/invitations/feeds/{token}/revoke")
    t.revoke_feed(wrong)
    t.look(manage=[f"/manage/meetings/{soc}/invitations"])

    t.step("organizer sends the invitations by e-mail")
    t.click("organizer", f"/manage/meetings/{soc}/invitations", f"/manage/meetings/{soc}/invitations")  # to all
    sent = len(t.inbox.messages)
    assert sent >= 4, f"{sent} invitations arrived"
    t.look(meetings=[soc], participants=True, manage=[f"/manage/meetings/{soc}/invitations"])
    t.step("organizer sends Mr Zhang's invitation again")
    t.click("organizer", f"/manage/meetings/{soc}/invitations", f"/manage/meetings/{soc}/invitations",
            holding=("registration_id", str(zhang_soc)))
    assert len(t.inbox.messages) == sent + 1
    t.look(meetings=[soc], participants=True, manage=[f"/manage/meetings/{soc}/invitations"])
    t.step("admin reads the outbox and sends the last message again")
    last = t.id_of(OutboxMessage)
    t.look(pages=["/admin/outbox", "/admin/outbox?status=sent&kind=invitation", f"/admin/outbox/{last}"],
           roles=["admin"])
    t.click("admin", f"/admin/outbox/{last}", f"/admin/outbox/{last}/retry")
    assert len(t.inbox.messages) == sent + 2

    # --- the accreditation workflow: every status entered, every status but the final one left,
    # by the focal point where the rules let them and by organizers from the list as filtered ------
    delegate_at_mc = t.id_of(Registration, meeting_id=ministerial, person_id=seitkali)
    for role, status in (("focal_point", "declined"), ("organizer", "invited"), ("focal_point", "registered"),
                         ("admin", "accredited"), ("organizer", "attended")):
        t.change_registration(role, ministerial, delegate_at_mc, status)
    li_soc = t.id_of(Registration, meeting_id=soc, person_id=li)
    for status, query in (("cancelled", "?status=registered"), ("registered", f"?party={cn}&role=&status=")):
        t.change_registration("organizer", soc, li_soc, status, query)
    t.change_registration("organizer", soc, zhang_soc, "accredited")  # a badge to print

    t.step("organizer accredits the Kazakh delegation in one action: the list by party, all shown")
    page = t.click("organizer", f"/meetings/{soc}/participants?party={kz}", f"/meetings/{soc}/participants/bulk",
                   button=("action", "accredit"), values={"all": True})
    assert "2 participants accredited." in page.text, page.errors
    with t.app.app_context():
        kazakhs = db.session.scalars(select(Registration).where(Registration.meeting_id == soc,
                                                                Registration.person_id.in_([abenov, seitkali]))).all()
        assert sorted(r.status.value for r in kazakhs) == ["accredited", "accredited"]
    t.look(meetings=[soc], participants=True, people=[abenov, seitkali], manage=[f"/meetings/{soc}/delegations"])
    t.step("organizer prints the badges of Mr Zhang and Mr Abenov, chosen in the list; the first rendering "
           "fails (a font gone missing), the retry on its page works")
    abenov_soc = t.id_of(Registration, meeting_id=soc, person_id=abenov)

    def font_missing(html):
        raise printing_pdf.PrintingError("font missing")

    rendering, printing_pdf.render_pdf = printing_pdf.render_pdf, font_missing
    try:
        badges = t.click("organizer", f"/meetings/{soc}/participants", f"/meetings/{soc}/participants/bulk",
                         button=("action", "badges"), values={"registration": [zhang_soc, abenov_soc]})
    finally:
        printing_pdf.render_pdf = rendering
    assert "The PDF could not be prepared." in badges.text, badges.text
    badges = t.click("organizer", badges.url, f"{badges.url}/retry")
    # The sheet is rendered by a job; its page (after the response, in-process: ready at once) links to it.
    assert "The PDF is ready." in badges.text, badges.text
    (sheet,) = [link for link in badges.links if link.endswith(".pdf")]
    sheet = t.browsers["organizer"].page(sheet)
    assert sheet.response.mimetype == "application/pdf"
    printed = " ".join(read_pdf(sheet.response.data).pages)
    assert "Zhang" in printed.title() and "Abenov" in printed.title()

    logistics_day(t, soc)
    documents_day(t, soc)
    protocol_day(t, soc)

    t.checkpoint("middle", pdfs=lambda url: "lang=ru" not in url)

    # --- the meetings' own workflow -----------------------------------------------------------
    t.step("organizer confirms the SOC")
    t.click("organizer", f"/manage/meetings/{soc}/timetable", f"/manage/meetings/{soc}/status",
            button=("status", "confirmed"))
    t.look(meetings=[soc])
    t.step("organizer postpones the SOC by a week: still confirmed, at its new dates")
    new_first = first_day + timedelta(days=7)
    t.save("organizer", f"/manage/meetings/{soc}/postpone", {
        "start_date": new_first.isoformat(), "end_date": (new_first + timedelta(days=1)).isoformat(),
        "reason": "At the request of the host country."}, action=f"/manage/meetings/{soc}/postpone")
    with t.app.app_context():
        moved = db.session.get(Meeting, soc)
        assert (moved.status.value, moved.rescheduled_from_start) == ("confirmed", first_day)
    t.look(meetings=[soc])
    after_postponement(t, soc)
    t.step("organizer sends the updated invitations")
    t.click("organizer", f"/manage/meetings/{soc}/invitations", f"/manage/meetings/{soc}/invitations")
    t.look(meetings=[soc], participants=True)

    # Changes a calendar must see, made where the meeting is not edited itself.
    t.step("organizer renames the Plenary Hall")
    t.save("organizer", f"/manage/rooms/{plenary}/edit", {"name": "Main Plenary Hall"})
    t.look(meetings=[soc], venues=[venue])
    t.step("organizer renames the venue")
    t.save("organizer", f"/manage/venues/{venue}", {"name_en": "Palace of Independence (Main Building)"},
           action=f"/manage/venues/{venue}")
    t.look(meetings=[soc], venues=[venue])
    t.step("organizer corrects the chair's printed name")
    t.save("organizer", f"/people/{abenov}/edit", {"printed_name": "H.E. Mr. Nurlan Abenov"})
    t.look(meetings=[soc], people=[abenov])

    workshop = m["workshop"]
    t.step("organizer registers a speaker for the workshop")
    t.save("organizer", f"/meetings/{workshop}/participants/new", {
        "family_name": "Rahimov", "given_names": "Farid", "email": "f.rahimov@example.az", "role": "guest"})
    t.look(meetings=[workshop], participants=True)
    t.step("organizer cancels the workshop")
    t.save("organizer", f"/manage/meetings/{workshop}/cancel", {"reason": "The host could not hold it this year."})
    t.look(meetings=[workshop])
    t.step("organizer sends the workshop's cancellation")
    before = len(t.inbox.messages)
    t.click("organizer", f"/manage/meetings/{workshop}/invitations", f"/manage/meetings/{workshop}/invitations")
    assert len(t.inbox.messages) == before + 1
    assert t.inbox.messages[-1]["Subject"].startswith("Cancelled")
    t.look(meetings=[workshop], participants=True)

    t.step("organizer marks the Special Working Group as held")
    swg = m["swg"]
    t.click("organizer", f"/manage/meetings/{swg}/timetable", f"/manage/meetings/{swg}/status",
            button=("status", "held"))
    t.look(meetings=[swg])
    t.step("organizer moves the summit from draft to planned")
    t.click("organizer", f"/manage/meetings/{m['summit']}/timetable", f"/manage/meetings/{m['summit']}/status",
            button=("status", "planned"))
    t.look(meetings=[m["summit"]])
    t.step("organizer postpones the summit until further notice")
    t.save("organizer", f"/manage/meetings/{m['summit']}/postpone", {"later-reason": "Awaiting the host's proposal."},
           action=f"/manage/meetings/{m['summit']}/postpone/until-further-notice")
    with t.app.app_context():
        assert db.session.get(Meeting, m["summit"]).status.value == "postponed"
    t.look(meetings=[m["summit"]])

    # --- accounts -------------------------------------------------------------------------------
    t.step("admin creates an account for a new colleague and is shown its temporary password once")
    admin = t["admin"]
    shown = admin.submit(admin.page("/admin/users/new").form("/admin/users/new"),
                         {"email": "newcomer@s-cica.org", "name": "New Colleague", "role": "staff"},
                         expect_redirect=False)
    assert shown.status == 200, shown.text[:500]
    temporary = re.search(r'id="temporary-password">([^<]+)<', shown.text)[1]
    newcomer = t.id_of(User, email="newcomer@s-cica.org")
    t.save("admin", f"/admin/users/{newcomer}", {"name": "Aliya Bekova"})
    t.look(pages=["/admin/users", "/admin/users?role=staff&active=1"], roles=["admin"])

    t.step("the new colleague logs in and must first choose a password of her own")
    laptop = t.browsers["newcomer"] = Browser(t.day, t.app.test_client(), "newcomer")
    login = {"email": "newcomer@s-cica.org", "password": temporary}
    assert laptop.submit(laptop.page("/login").form("/login"), login, expect_redirect=False).status == 302
    assert laptop.get("/account").headers["Location"] == "/account/password"
    own = "a passphrase of her own"
    t.save("newcomer", "/account/password", {"current_password": temporary, "password": own, "confirm": own})

    t.step("she logs in on her phone too, ends that session from the laptop, then logs out everywhere")
    phone = Browser(t.day, t.app.test_client(), "newcomer's phone")
    phone.submit(phone.page("/login").form("/login"), {"email": "newcomer@s-cica.org", "password": own})
    phone_session = t.id_of(LoginSession, user_id=newcomer)
    t.click("newcomer", "/account", f"/account/sessions/{phone_session}/end")
    assert phone.get("/account").status_code == 302
    t.click("newcomer", "/account", "/account/sessions/end-all")
    assert laptop.get("/account").status_code == 302
    del t.browsers["newcomer"]

    t.step("admin resets her password, deactivates the account and reactivates it")
    admin.submit(admin.page(f"/admin/users/{newcomer}").form(f"/admin/users/{newcomer}/reset-password"),
                 expect_redirect=False)
    t.click("admin", f"/admin/users/{newcomer}", f"/admin/users/{newcomer}/deactivate")
    t.click("admin", f"/admin/users/{newcomer}", f"/admin/users/{newcomer}/reactivate")
    t.look(pages=["/admin/users?active=1"], roles=["admin"])

    # --- languages ------------------------------------------------------------------------------
    t.step("staff switch the pages to Russian")
    t["staff"].follow(t["staff"].get("/language/ru?next=/"))  # the switch's link in the header
    t.look(meetings=[soc, ministerial], participants=True, pages=["/", "/calendar", "/account"],
           roles=["staff"])
    t.step("the delegate prefers Russian on every device")
    t.click("delegate", "/account", "/account/language", values={"locale": "ru"})
    t.look(meetings=[soc, ministerial], participants=True, pages=["/", "/calendar", "/account"],
           roles=["delegate"])

    t.checkpoint("end", pdfs=lambda url: "lang=ru" in url or "badges" in url)

    t.step("everyone logs out")
    for role in ROLES[1:]:
        t.click(role, "/", "/logout")
        t.browsers[role].role = f"{role} (logged out)"
    t.look(meetings=[soc, ministerial])

