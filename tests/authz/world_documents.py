"""The documents of the authorization matrix's world (tests/authz/world.py): at the public meeting
one issued document of each distribution and a draft (files in English); at the members',
restricted and draft meetings an issued public one; and documents asked for under another
meeting, or files in a language they lack, which are nobody's (404).

An Obj's ``document`` is (distribution, issued): the policy's rule for documents reads it.
"""

from datetime import datetime

from meetings.documents import services, silence
from meetings.models import Visibility
from tests.authz.world import Obj
from tests.documents.samples import pdf_bytes


def documents_objects(build, meetings: dict) -> dict[frozenset[str], list[Obj]]:
    made = []  # (key of the meeting, name, document, distribution, issued)
    public = meetings["public"]
    for distribution in Visibility:
        document = build.document(public, distribution=distribution,
                                  files={"en": pdf_bytes(f"public {distribution.value}")}, issued=True)
        made.append(("public", f"{distribution.value} document", document, distribution.value, True))
    made.append(("public", "draft document", build.document(public, files={"en": pdf_bytes("public draft")}),
                 "public", False))
    for key in ("members", "restricted", "draft"):
        document = build.document(meetings[key], files={"en": pdf_bytes(f"{key} public")}, issued=True)
        made.append((key, "public document", document, "public", True))
    # The public document is under silence too: the procedure's pages (lift, outcome) act on it.
    silence.put_under_silence(made[0][2], silence.SilenceInput(datetime(2099, 1, 10, 18, 0)), user=build.secretariat)
    m = {key: meeting.id for key, meeting in meetings.items()}
    documents = [Obj(f"{key}/{name}", {"meeting_id": m[key], "document_id": d.id}, meeting=key,
                     document=(distribution, issued)) for key, name, d, distribution, issued in made]
    documents.append(Obj("members/public document of public", {"meeting_id": m["members"],
                                                               "document_id": made[0][2].id},
                         meeting="members", document=("public", True), valid=False))
    files = [Obj(f"{obj.name} (en)", obj.args | {"lang": "en"}, meeting=obj.meeting, document=obj.document,
                 valid=obj.valid) for obj in documents]
    files.append(Obj("public/public document (ru: none)", {"meeting_id": m["public"], "document_id": made[0][2].id,
                                                          "lang": "ru"}, meeting="public", document=("public", True),
                     valid=False))
    assert services.current_version(made[0][2]) is made[0][2]
    return {frozenset({"meeting_id", "document_id"}): documents,
            frozenset({"meeting_id", "document_id", "lang"}): files}
