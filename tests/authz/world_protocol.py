"""Objects of the protocol area for the authorization matrix (world.py builds the rest)."""

from meetings.protocol import services as protocol
from meetings.protocol import speakers
from tests.authz.world import DELEGATE, Obj
from tests.authz.world_logistics import Cast


def protocol_objects(cast: Cast) -> dict[frozenset[str], list[Obj]]:
    public = cast.meetings["public"]
    placed = protocol.place_party(public, cast.build.party("KZ").id, 1, "Host country", user=cast.build.secretariat)
    members = cast.meetings["members"]
    access = speakers.SpeakersAccess(public, cast.build.secretariat)
    inscriptions = {p: speakers.inscribe(access, cast.item.id, cast.registrations["public", p].delegation.party_id,
                                         "statement") for p in ("A", "B")}
    # A plenary entry of the public meeting chaired by the delegate (person A): its live view is theirs too.
    chaired = cast.build.item(public, title_en="Closing plenary", chair=cast.registrations["public", "A"].person)
    speakers.inscribe(access, chaired.id, cast.registrations["public", "B"].delegation.party_id, "statement")
    return {frozenset({"meeting_id", "item_id"}): [
        Obj("public/item chaired by the delegate", {"meeting_id": public.id, "item_id": chaired.id}, meeting="public",
            serves=frozenset({DELEGATE})),
    ], frozenset({"meeting_id", "inscription_id"}): [
        *(Obj(f"public/inscription {p}", {"meeting_id": public.id, "inscription_id": i.id}, meeting="public", party=p)
          for p, i in inscriptions.items()),
        # an inscription of another meeting than the URL's
        Obj("members/inscription A of public", {"meeting_id": members.id, "inscription_id": inscriptions["A"].id},
            meeting="members", party="A", valid=False),
    ], frozenset({"meeting_id", "override_id"}): [
        Obj("public/override", {"meeting_id": public.id, "override_id": placed.id}, meeting="public"),
        # an override of another meeting than the URL's
        Obj("members/override of public", {"meeting_id": cast.meetings["members"].id, "override_id": placed.id},
            meeting="members", valid=False),
    ]}
