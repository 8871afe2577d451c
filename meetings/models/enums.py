"""Fixed vocabularies of the domain. Values are stored in the database; labels live in the UI."""

from enum import StrEnum


class PartyKind(StrEnum):
    MEMBER_STATE = "member_state"
    OBSERVER_STATE = "observer_state"
    OBSERVER_ORGANISATION = "observer_organisation"
    PARTNER_ORGANISATION = "partner_organisation"
    SECRETARIAT = "secretariat"


class MeetingFormat(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"


class MeetingStatus(StrEnum):
    DRAFT = "draft"
    PLANNED = "planned"
    CONFIRMED = "confirmed"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"
    HELD = "held"


class Visibility(StrEnum):
    PUBLIC = "public"
    MEMBERS = "members"
    RESTRICTED = "restricted"


class AgendaItemKind(StrEnum):
    PLENARY = "plenary"
    CLOSED_SESSION = "closed_session"
    WORKING_SESSION = "working_session"
    BILATERAL = "bilateral"
    BREAK = "break"
    RECEPTION = "reception"
    PHOTO = "photo"
    OTHER = "other"


class RegistrationRole(StrEnum):
    HEAD_OF_DELEGATION = "head_of_delegation"
    DELEGATE = "delegate"
    ADVISER = "adviser"
    OBSERVER = "observer"
    SECRETARIAT = "secretariat"
    INTERPRETER = "interpreter"
    PRESS = "press"
    GUEST = "guest"


class AccreditationStatus(StrEnum):
    INVITED = "invited"
    REGISTERED = "registered"
    ACCREDITED = "accredited"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    ATTENDED = "attended"


class DelegationReply(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class SpeakerKind(StrEnum):
    """An inscription on a speakers list: the party's statement, or a right of reply."""

    STATEMENT = "statement"
    RIGHT_OF_REPLY = "right_of_reply"


class SeatingLayout(StrEnum):
    """How a room's tables are set out for a seating plan (meetings/protocol/seating.py draws each)."""

    HOLLOW_SQUARE = "hollow_square"
    U_SHAPE = "u_shape"
    ROUND_TABLE = "round_table"
    THEATRE = "theatre"


class DelegationLevel(StrEnum):
    """Who heads a delegation, by rank: protocol order follows it (heads of state first)."""

    HEAD_OF_STATE = "head_of_state"
    HEAD_OF_GOVERNMENT = "head_of_government"
    MINISTER = "minister"
    DEPUTY_MINISTER = "deputy_minister"
    AMBASSADOR = "ambassador"
    OTHER = "other"


class UserRole(StrEnum):
    ADMIN = "admin"
    ORGANIZER = "organizer"
    STAFF = "staff"
    FOCAL_POINT = "focal_point"
    DELEGATE = "delegate"


class TaskStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class TravelDirection(StrEnum):
    ARRIVAL = "arrival"
    DEPARTURE = "departure"


class VisaLetterStatus(StrEnum):
    REQUESTED = "requested"
    ISSUED = "issued"
    SENT = "sent"
    CANCELLED = "cancelled"


class DocumentCategory(StrEnum):
    AGENDA = "agenda"
    DECISION = "decision"
    DECLARATION = "declaration"
    CONCEPT_PAPER = "concept_paper"
    STATEMENT = "statement"
    REPORT = "report"
    INFORMATION = "information"


class DocumentVersion(StrEnum):
    """What a document is to its original: the original itself, or /Rev.N, /Add.N, /Corr.N."""

    ORIGINAL = "original"
    REVISION = "revision"
    ADDENDUM = "addendum"
    CORRIGENDUM = "corrigendum"


class SilenceOutcome(StrEnum):
    ADOPTED = "adopted"
    BROKEN = "broken"  # silence broken by a party: the draft is not adopted


class TextExtraction(StrEnum):
    """Where the searchable text of an uploaded file stands."""

    PENDING = "pending"
    DONE = "done"
    NONE = "none"  # a kind of file with no text to extract (images, spreadsheets)
    FAILED = "failed"
