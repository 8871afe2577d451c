"""The protocol part of the demo: each demo meeting with delegations has its order drawn (a fixed
number, as if drawn in the room), so its protocol pages show a real order. Idempotent."""

from sqlalchemy import select

from meetings.extensions import db
from meetings.models import Meeting, ProtocolOrder, User
from meetings.protocol import services

DEMO_SEED = 2026


def load(meeting: Meeting, actor: User) -> None:
    drawn = db.session.scalar(select(ProtocolOrder.first_party_id).where(ProtocolOrder.meeting_id == meeting.id))
    if drawn is None and services.candidates(meeting):
        services.draw_first_party(meeting, user=actor, seed=DEMO_SEED)
