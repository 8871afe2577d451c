"""All models, importable from one place: ``from meetings.models import Meeting``."""

from meetings.models.accounts import (
    ORGANIZER_ROLES,
    SECRETARIAT_ROLES,
    ApiToken,
    AuditEntry,
    FeedToken,
    LoginSession,
    User,
)
from meetings.models.base import Base, UTCDateTime, utcnow
from meetings.models.changes import ChangeCounter
from meetings.models.documents import Document, DocumentFile
from meetings.models.enums import (
    AccreditationStatus,
    AgendaItemKind,
    DelegationLevel,
    DelegationReply,
    DocumentCategory,
    DocumentVersion,
    MeetingFormat,
    MeetingStatus,
    PartyKind,
    RegistrationRole,
    SeatingLayout,
    SilenceOutcome,
    SpeakerKind,
    TaskStatus,
    TextExtraction,
    TravelDirection,
    UserRole,
    VisaLetterStatus,
    Visibility,
)
from meetings.models.logistics import (
    Hotel,
    HotelAssignment,
    HotelBlock,
    Interpretation,
    Interpreter,
    Task,
    Travel,
    VisaLetter,
)
from meetings.models.meetings import AgendaItem, Meeting, MeetingType, agenda_item_speaker
from meetings.models.outbox import MessageKind, OutboxMessage, OutboxStatus
from meetings.models.parties import Party
from meetings.models.people import Delegation, Person, PersonPhoto, Registration
from meetings.models.protocol import (
    Attendance,
    ProtocolOrder,
    ProtocolOverride,
    SeatingPlan,
    SpeakerInscription,
    SpeakersList,
)
from meetings.models.venues import Room, Venue

__all__ = [
    "Attendance", "ProtocolOrder", "ProtocolOverride", "SeatingPlan", "SpeakerInscription", "SpeakersList",
    "SeatingLayout",
    "SpeakerKind",
    "ORGANIZER_ROLES", "SECRETARIAT_ROLES", "AccreditationStatus", "AgendaItem", "AgendaItemKind", "ApiToken", "AuditEntry", "Base", "ChangeCounter",
    "Delegation", "DelegationLevel", "DelegationReply", "Document", "DocumentCategory", "DocumentFile",
    "DocumentVersion", "SilenceOutcome", "TextExtraction", "FeedToken", "Hotel", "HotelAssignment", "HotelBlock",
    "Interpretation", "Interpreter", "LoginSession", "Meeting", "MeetingFormat", "MeetingStatus", "MeetingType",
    "MessageKind", "OutboxMessage", "OutboxStatus", "Party",
    "PartyKind", "Person", "PersonPhoto", "Registration", "RegistrationRole", "Room", "Task", "TaskStatus",
    "Travel", "TravelDirection", "UTCDateTime", "User", "UserRole", "Venue", "VisaLetter",
    "VisaLetterStatus", "Visibility", "agenda_item_speaker", "utcnow",
]
