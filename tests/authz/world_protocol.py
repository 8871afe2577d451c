"""Objects of the protocol area for the authorization matrix (world.py builds the rest)."""

from meetings.protocol import services as protocol
from tests.authz.world import Obj
from tests.authz.world_logistics import Cast


def protocol_objects(cast: Cast) -> dict[frozenset[str], list[Obj]]:
    public = cast.meetings["public"]
    placed = protocol.place_party(public, cast.build.party("KZ").id, 1, "Host country", user=cast.build.secretariat)
    return {frozenset({"meeting_id", "override_id"}): [
        Obj("public/override", {"meeting_id": public.id, "override_id": placed.id}, meeting="public"),
        # an override of another meeting than the URL's
        Obj("members/override of public", {"meeting_id": cast.meetings["members"].id, "override_id": placed.id},
            meeting="members", valid=False),
    ]}
