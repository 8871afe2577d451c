"""No feed token, other token or secret query value reaches a log, whatever the server's logger
passes: werkzeug's tuple arguments, gunicorn's dict of access-log atoms, or the message itself."""

import logging

from gunicorn.glogging import SafeAtoms

from meetings.operations.masking import MaskSecrets, mask

TOKEN = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde"  # as secrets.token_urlsafe(32) makes them


def masked(msg, args) -> str:
    record = logging.LogRecord("test", logging.INFO, "", 0, msg, args, None)
    MaskSecrets().filter(record)
    return record.getMessage()


def test_werkzeug_tuple_arguments():
    line = masked('%s - - [%s] "%s" %s -', ("127.0.0.1", "now", f"GET /feeds/{TOKEN}.ics HTTP/1.1", "200"))
    assert TOKEN[4:] not in line and "/feeds/AbCd….ics" in line


def test_gunicorn_access_atoms_a_dict():
    atoms = SafeAtoms({"h": "127.0.0.1", "r": f"GET /feeds/{TOKEN}.ics?token={TOKEN} HTTP/1.1",
                       "U": f"/feeds/{TOKEN}.ics", "q": f"password=hunter2&token={TOKEN}",
                       "f": f"https://meetings.s-cica.org/feeds/{TOKEN}.ics", "{cookie}i": "session=secret-cookie",
                       "{raw_uri}e": f"/feeds/{TOKEN}.ics", "s": "200"})
    fmt = '%(h)s "%(r)s" %(U)s %(q)s "%(f)s" %({cookie}i)s %({raw_uri}e)s %({x-request-id}o)s %(s)s'
    line = masked(fmt, atoms)
    for secret in (TOKEN[4:], "hunter2", "secret-cookie"):
        assert secret not in line
    # the atoms gunicorn lacks still answer "-" (the dict stays gunicorn's own)
    assert line.endswith(" - 200") and "/feeds/AbCd….ics" in line and "password=…" in line


def test_the_message_itself_and_any_long_token_in_an_address():
    assert masked(f"GET /feeds/{TOKEN}.ics", ()) == "GET /feeds/AbCd….ics"
    assert mask(f"/account/reset/{TOKEN}") == "/account/reset/AbCd…"
    assert mask(f"webcal://meetings.s-cica.org/feeds/{TOKEN}.ics") == "webcal://meetings.s-cica.org/feeds/AbCd….ics"


def test_ordinary_addresses_are_kept_and_masking_twice_changes_nothing():
    for address in ("/meetings/12/agenda.pdf?lang=ru", "/calendar.ics?type=SOC&party=KZ",
                    "/static/fonts/DejaVuSans-Bold.ttf"):
        assert mask(address) == address
    once = mask(f"/feeds/{TOKEN}.ics?secret=1")
    assert mask(once) == once == "/feeds/AbCd….ics?secret=…"
